"""A second request that read its page before the first one committed (a double submit, two tabs, two
analysts): every placement step re-reads and locks what it checks, so the second one is refused and
nothing is written twice. A 'stale' object below is such a page's copy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from talenta.people.models import Employee, JabatanHistory
from talenta.placement import services
from talenta.placement.models import Decision, InstallationBatch
from talenta.placement.mutasi import mutasi_install
from tests.placement.factories import ON, admin_employee, held_jpt, province, vacant_jpt
from tests.placement.test_mutasi import _decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def prov():
    return province()


@pytest.fixture
def people(prov, make_user):
    return {r: make_user(r, instansi=prov) for r in ("admin", "analis", "komite", "pimpinan")}


def _open(prov, people, name="Uji"):
    proc = services.filling_process_open(
        instansi=prov, positions=[vacant_jpt(prov)], by=people["analis"], name=name, as_of=ON, today=ON
    )
    return proc.posts.get()


def _decision(prov, people):
    fp = _open(prov, people)
    cands = services.proposal_create(filling_post=fp, by=people["analis"])
    services.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat", by=people["komite"])
    return services.decide(filling_post=fp, candidacy=cands[0], by=people["pimpinan"])


def test_a_post_is_decided_once_at_a_time(prov, people):
    """Two processes for one post (a double submit, two analysts, or one abandoned): the first decision
    stands, the second is refused until the first is installed."""
    first = _decision(prov, people)
    fp = _open(prov, people, name="Dua")
    cands = services.proposal_create(filling_post=fp, by=people["analis"])
    services.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat", by=people["komite"])
    with pytest.raises(ValidationError, match="sudah diputuskan dalam proses"):
        services.decide(filling_post=fp, candidacy=cands[0], by=people["pimpinan"])
    assert Decision.objects.filter(position=first.position).count() == 1


def test_an_abandoned_process_does_not_block_the_post(prov, people):
    _open(prov, people)  # opened, never carried on
    fp = _open(prov, people, name="Baru")
    cands = services.proposal_create(filling_post=fp, by=people["analis"])
    services.recommend(filling_post=fp, candidacy=cands[0], minutes="Rapat", by=people["komite"])
    assert services.decide(filling_post=fp, candidacy=cands[0], by=people["pimpinan"]).filling_post == fp


def test_once_its_decision_is_applied_the_post_can_be_filled_again(prov, people):
    d = _decision(prov, people)
    batch = services.batch_create(
        instansi=prov, sk_nomor="SK-1", sk_date=ON, by=people["pimpinan"], decisions=[d]
    )
    services.batch_apply(batch=batch, by=people["analis"])
    Employee.objects.filter(pk=d.employee_id).update(position=None)  # he leaves it again later
    again = services.filling_process_open(
        instansi=prov, positions=[d.position], by=people["analis"], name="Lagi", as_of=ON, today=ON
    )
    assert again.posts.get().position_id == d.position_id


def test_a_decision_already_in_a_batch_is_not_moved_into_another_from_a_stale_page(prov, people):
    d = _decision(prov, people)
    stale = Decision.objects.get(pk=d.pk)  # the second tab's list, read while it was in no batch
    first = services.batch_create(
        instansi=prov, sk_nomor="SK-1", sk_date=ON, by=people["pimpinan"], decisions=[d]
    )
    with pytest.raises(ValidationError, match="sudah masuk batch lain"):
        services.batch_create(
            instansi=prov, sk_nomor="SK-2", sk_date=ON, by=people["pimpinan"], decisions=[stale]
        )
    assert list(first.decisions.values_list("pk", flat=True)) == [d.pk]
    assert InstallationBatch.objects.count() == 1  # the refused one left nothing


def test_an_applied_decision_is_never_installed_twice(prov, people):
    d = _decision(prov, people)
    stale = Decision.objects.get(pk=d.pk)
    first = services.batch_create(
        instansi=prov, sk_nomor="B1", sk_date=ON, by=people["pimpinan"], decisions=[d]
    )
    services.batch_apply(batch=first, by=people["analis"])
    with pytest.raises(ValidationError):
        services.batch_create(
            instansi=prov, sk_nomor="B2", sk_date=ON, by=people["pimpinan"], decisions=[stale]
        )
    assert JabatanHistory.objects.filter(employee_id=d.employee_id, position_id=d.position_id).count() == 1


def test_one_decree_names_a_person_once(prov, people):
    admin = admin_employee(prov)
    p1 = vacant_jpt(prov)
    p2 = held_jpt(prov)[0]
    Employee.objects.filter(position=p2).update(position=None)
    with pytest.raises(ValidationError) as err:
        services.batch_create_from_rows(
            instansi=prov,
            sk_nomor="DUP",
            sk_date=ON,
            by=people["pimpinan"],
            rows=[{"nip": admin.nip, "position": p1.pk}, {"nip": admin.nip, "position": p2.pk}],
        )
    assert any("baris 2, kolom nip" in m and "dua kali" in m for m in err.value.messages)
    assert not Decision.objects.exists() and not InstallationBatch.objects.exists()


def test_a_decree_dated_in_the_future_is_refused_by_the_service_itself(prov, people):
    """The API's apply goes through the same service as the screen."""
    admin = admin_employee(prov)
    future = timezone.localdate() + timedelta(days=30)
    batch = services.batch_create_from_rows(
        instansi=prov,
        sk_nomor="NANTI",
        sk_date=future,
        by=people["pimpinan"],
        rows=[{"nip": admin.nip, "position": vacant_jpt(prov).pk}],
    )
    with pytest.raises(ValidationError, match="di masa depan"):
        services.batch_apply(batch=batch, by=people["analis"])
    admin.refresh_from_db()
    assert admin.position_id != batch.decisions.get().position_id and batch.decisions.get().applied is False


def test_a_mutasi_is_installed_by_its_own_step_only_and_once(region, users):
    m = _decided(region, users)
    batch = InstallationBatch.objects.get(decisions__pk=m.decision_id)
    with pytest.raises(ValidationError, match="memuat mutasi"):
        services.batch_apply(batch=batch, by=users["prov-analis"])
    employee = Employee.objects.get(pk=m.employee_id)
    assert employee.instansi_id == m.from_instansi_id  # not half-moved by the batch
    Decision.objects.filter(pk=m.decision_id).update(applied=True)  # as if applied by another path
    with pytest.raises(ValidationError, match="sudah diterapkan"):
        mutasi_install(mutasi=m, by=users["prov-admin"])
    assert not JabatanHistory.objects.filter(employee=employee, position_id=m.position_id).exists()
