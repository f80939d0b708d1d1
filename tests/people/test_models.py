from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talenta.people.models import Employee, Unit
from talenta.people.selectors import retiring_between
from talenta.people.services import unit_rebuild_paths
from tests.people.factories import (
    EmployeeFactory,
    InstansiFactory,
    JptPositionFactory,
    PositionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_derived_values_come_from_the_dates():
    e = EmployeeFactory(
        birth_date=date(1968, 3, 15),
        tmt_cpns=date(1994, 3, 1),
        tmt_golongan=date(2022, 4, 1),
        tmt_jabatan=date(2023, 1, 2),
        position=PositionFactory(level="administrator", bup=58),
    )
    today = date(2026, 1, 31)
    assert e.age(today) == 57
    assert e.service(today) == (31, 10)
    assert e.years_in_rank(today) == 3
    assert e.years_in_post(today) == 3
    assert e.bup == 58
    assert e.retirement_date == date(2026, 4, 1)


def test_bkn_bup_overrides_the_post():
    e = EmployeeFactory(position=PositionFactory(bup=58), bup_override=60)
    assert e.bup == 60


def test_retiring_between_uses_each_posts_bup():
    jpt = EmployeeFactory(birth_date=date(1966, 6, 10), position=JptPositionFactory())  # 60 → 2026-07-01
    admin = EmployeeFactory(birth_date=date(1968, 6, 10), position=PositionFactory(bup=58))  # → 2026-07-01
    young = EmployeeFactory(birth_date=date(1990, 6, 10), position=PositionFactory(bup=58))
    no_post = EmployeeFactory(birth_date=date(1968, 8, 20))  # default 58 → 2026-09-01
    qs = Employee.objects.all()
    got = set(retiring_between(qs, date(2026, 7, 1), date(2026, 9, 1)).values_list("pk", flat=True))
    assert got == {jpt.pk, admin.pk}
    got = set(retiring_between(qs, date(2026, 7, 2), date(2026, 9, 2)).values_list("pk", flat=True))
    assert got == {no_post.pk}
    assert young.pk not in set(
        retiring_between(qs, date(2026, 1, 1), date(2030, 1, 1)).values_list("pk", flat=True)
    )


def test_retiring_between_agrees_with_the_property():
    people = [
        EmployeeFactory(
            birth_date=date(1965 + i % 5, 1 + i % 12, 1 + (i * 7) % 28),
            position=PositionFactory(bup=(58, 60, 65)[i % 3]),
        )
        for i in range(40)
    ]
    start, end = date(2026, 3, 15), date(2028, 3, 15)
    expected = {e.pk for e in people if start <= e.retirement_date < end}
    got = set(retiring_between(Employee.objects.all(), start, end).values_list("pk", flat=True))
    assert got == expected


def test_unit_paths_give_subtrees_and_opd():
    instansi = InstansiFactory()
    dinas = UnitFactory(instansi=instansi, name="Dinas Kesehatan")
    bidang = UnitFactory(instansi=instansi, parent=dinas, name="Bidang Pelayanan", kind="bidang")
    seksi = UnitFactory(instansi=instansi, parent=bidang, name="Seksi Rujukan", kind="subbagian")
    assert seksi.path.startswith(bidang.path) and bidang.path.startswith(dinas.path)
    assert seksi.opd_id == dinas.pk and seksi.depth == 2
    type(seksi).objects.filter(pk__in=[dinas.pk, bidang.pk, seksi.pk]).update(path="", opd=None)
    assert unit_rebuild_paths(instansi=instansi) == 3
    seksi.refresh_from_db()
    assert seksi.opd_id == dinas.pk and seksi.path.count(".") == 3


def test_a_unit_is_placed_by_one_rule():
    # At the top of its tree a unit is its own OPD; under a parent it extends the parent's path by its
    # own segment, one level deeper, in the parent's OPD.
    assert Unit.place(7, None) == ("00000007.", 0, 7)
    assert Unit.place(12, ("00000007.", 0, 7)) == ("00000007.00000012.", 1, 7)
    assert Unit.place(40, ("00000007.00000012.", 1, 7)) == ("00000007.00000012.00000040.", 2, 7)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=99_999_999), min_size=1, max_size=12, unique=True))
def test_a_chain_of_units_placed_by_the_rule_is_a_subtree_path(pks):
    placed = None
    for pk in pks:
        child = Unit.place(pk, placed)
        if placed is not None:
            assert child[0].startswith(placed[0]) and child[1] == placed[1] + 1
        placed = child
    path, depth, opd = placed
    assert opd == pks[0] and depth == len(pks) - 1
    assert path == "".join(Unit.path_segment(pk) for pk in pks)
