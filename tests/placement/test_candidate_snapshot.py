"""The candidate pool's snapshot of a person holds exactly what his records say (issue #17: the pool is built
from plain rows, not model instances)."""

from __future__ import annotations

import pytest

from talenta.people.models import Employee, JabatanHistory, SkpHistory
from talenta.placement import selectors
from tests.placement.factories import ON, province

pytestmark = pytest.mark.django_db


def test_every_snapshot_matches_the_employee_record():
    instansi = province(size=60)
    someone = Employee.objects.filter(instansi=instansi, status=Employee.Status.PNS, position__isnull=False)
    e = someone.order_by("pk").first()
    e.gelar_depan, e.gelar_belakang = "Dr.", "S.E., M.Si."
    e.save(update_fields=["gelar_depan", "gelar_belakang"])
    pool = selectors.candidates(Employee.objects.filter(instansi=instansi), on=ON)
    people = {
        p.pk: p
        for p in Employee.objects.filter(instansi=instansi, status=Employee.Status.PNS).select_related(
            "unit", "position"
        )
    }
    assert [c.employee_id for c in pool] == sorted(people)
    for c in pool:
        p = people[c.employee_id]
        assert c.name == p.full_name
        assert (c.nip, c.birth_date, c.sex, c.golongan) == (p.nip, p.birth_date, p.sex, p.golongan)
        assert c.opd_id == (p.unit.opd_id if p.unit_id else None)
        assert c.position_id == p.position_id
        assert c.position_level == (p.position.level if p.position_id else None)
        assert c.position_since == p.tmt_jabatan
        assert c.instansi_id == instansi.pk
        assert sorted(s.record_id for s in c.skp) == sorted(
            SkpHistory.objects.filter(employee=p, year__gte=ON.year - 4).values_list("pk", flat=True)
        )
        assert sorted(s.record_id for s in c.stints) == sorted(
            JabatanHistory.objects.filter(
                employee=p, assignment=JabatanHistory.Assignment.DEFINITIF
            ).values_list("pk", flat=True)
        )
        assert [s.start for s in c.stints] == sorted(s.start for s in c.stints)
    titled = next(c for c in pool if c.employee_id == e.pk)
    assert titled.name == f"Dr. {e.name}, S.E., M.Si."


def test_full_name_with_and_without_titles():
    from talenta.people.models import full_name

    assert full_name("", "Siti Aminah", "") == "Siti Aminah"
    assert full_name("Dr.", "Siti Aminah", "") == "Dr. Siti Aminah"
    assert full_name("", "Siti Aminah", "S.E.") == "Siti Aminah, S.E."
    assert full_name("Ir.", "Budi", "M.T.") == "Ir. Budi, M.T."


def test_an_undated_stint_is_the_oldest_and_a_tie_keeps_the_order_entered():
    """SQLite puts NULL first, PostgreSQL last: the snapshot's order, and so the current post, must not
    depend on the database."""
    instansi = province(size=30)
    e = Employee.objects.filter(instansi=instansi, status=Employee.Status.PNS, position__isnull=False).first()
    kept = list(JabatanHistory.objects.filter(employee=e, assignment=JabatanHistory.Assignment.DEFINITIF))
    last = max(h.tmt for h in kept)
    undated = JabatanHistory.objects.create(employee=e, jabatan_name="Staf (tanpa TMT)", level="pelaksana")
    twins = [
        JabatanHistory.objects.create(employee=e, jabatan_name=f"Kembar {k}", level="pelaksana", tmt=last)
        for k in (1, 2)
    ]
    (c,) = selectors.candidates(Employee.objects.filter(pk=e.pk), on=ON)
    ids = [s.record_id for s in c.stints]
    assert ids[0] == undated.pk and c.stints[0].start is None and c.stints[0].end is not None
    assert ids[-2:] == [t.pk for t in twins] and c.stints[-1].end is None  # the later entry is current


def test_the_finalised_mapping_counts_however_many_drafts_came_after_it():
    from datetime import date

    from talenta.talent.models import MappingPeriod, MappingResult
    from tests.placement.factories import final_period

    instansi = province(size=30)
    e = Employee.objects.filter(instansi=instansi, status=Employee.Status.PNS).order_by("pk").first()
    final_period(instansi, {e.pk: 9})
    for k in range(6):  # newer drafts, none of which maps him
        MappingPeriod.objects.create(instansi=instansi, name=f"Draf {k}", as_of=date(2026, 12, k + 1))
    view = selectors.mapping_for(Employee.objects.filter(pk=e.pk), instansi.pk)[e.pk]
    assert (view.box, view.finalised) == (9, True)
    draft = MappingPeriod.objects.get(name="Draf 5")
    MappingResult.objects.create(period=draft, employee=e, box=4, mappable=True)
    other = Employee.objects.filter(instansi=instansi, status=Employee.Status.PNS).order_by("pk")[1]
    MappingResult.objects.create(period=draft, employee=other, box=4, mappable=True)
    views = selectors.mapping_for(Employee.objects.filter(pk__in=[e.pk, other.pk]), instansi.pk)
    assert (views[e.pk].box, views[e.pk].finalised) == (9, True)  # the finalised result comes first
    assert (views[other.pk].box, views[other.pk].finalised) == (4, False)  # absent from it: the draft


def test_another_instansis_newer_finalised_mapping_never_counts():
    from datetime import date

    from talenta.talent.models import MappingPeriod, MappingResult
    from tests.people.factories import OtherInstansiFactory
    from tests.placement.factories import final_period

    instansi = province(size=30)
    e = Employee.objects.filter(instansi=instansi, status=Employee.Status.PNS).order_by("pk").first()
    final_period(instansi, {e.pk: 7})
    other = OtherInstansiFactory()
    theirs = MappingPeriod.objects.create(
        instansi=other, name="Pemetaan lain", as_of=date(2026, 12, 31), status=MappingPeriod.Status.FINALISED
    )
    MappingResult.objects.create(period=theirs, employee=e, box=1, mappable=True)  # a stray row naming him
    view = selectors.mapping_for(Employee.objects.filter(pk=e.pk), instansi.pk)[e.pk]
    assert (view.box, view.finalised, view.period) == (7, True, "Pemetaan 2026")
