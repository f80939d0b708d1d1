"""A small province: 3 OPDs, posts at several levels, one critical post, some earlier results."""

from __future__ import annotations

from datetime import date

import pytest

from talenta.profiling.models import Assessment
from tests.people.factories import (
    EmployeeFactory,
    InstansiFactory,
    JptPositionFactory,
    PositionFactory,
    UnitFactory,
)

LEVELS = ["administrator", "pengawas", "jf_ahli_muda", "pelaksana", "jf_ahli_pertama"]


@pytest.fixture
def province(db):
    inst = InstansiFactory()
    opds = [
        UnitFactory(instansi=inst, name=n)
        for n in ("Badan Kepegawaian Daerah", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan")
    ]
    people = []
    n = 0
    for opd in opds:
        head_post = JptPositionFactory(unit=opd, is_critical=opd.name == "Dinas Kesehatan")
        head = EmployeeFactory(unit=opd, birth_date=date(1970, 3, 3), position=head_post)
        people.append(head)
        for i in range(12):
            n += 1
            post = PositionFactory(unit=opd, level=LEVELS[i % len(LEVELS)], name=f"Jabatan {n}")
            # One person in each OPD retires in early 2026 (born Jan 1968, BUP 58).
            born = date(1968, 1, 10) if i == 11 else date(1975 + i, 1 + i % 12, 5)
            people.append(EmployeeFactory(unit=opd, position=post, birth_date=born))
    # Four people were profiled in 2024: still valid.
    for e in people[1:5]:
        Assessment.objects.create(
            employee=e,
            assessed_on=date(2024, 5, 1),
            m1=3,
            m2=3,
            m3=3,
            m4=3,
            m5=3,
            m6=3,
            m7=3,
            m8=3,
            s1=3,
            standard=dict.fromkeys(["M1"], 3),
            jpm=100,
        )
    return {"instansi": inst, "opds": opds, "people": people}
