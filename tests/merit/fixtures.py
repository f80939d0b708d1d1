"""`merit_world`: a small instansi whose counted facts are known, one for each automatic question."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from talenta.people.models import Employee, Position
from talenta.placement.models import Decision, FillingPost, FillingProcess
from talenta.profiling.models import Assessment
from talenta.siasn.models import ImportRun
from talenta.talent.models import Calibration, CommitteeMember, DevelopmentPlan, MappingPeriod, MappingResult
from tests.people.factories import (
    EmployeeFactory,
    InstansiFactory,
    JptPositionFactory,
    SkpFactory,
    UnitFactory,
)


@dataclass
class World:
    instansi: Any
    employees: list[Employee]


def _decision(instansi, employee, position, *, on: date, kind: str = "promosi", post=None) -> Decision:
    snap = '{"demo": true}'
    d = Decision.objects.create(
        instansi=instansi,
        employee=employee,
        position=position,
        kind=kind,
        decided_by="pimpinan",
        snapshot=snap,
        snapshot_sha256=hashlib.sha256(snap.encode()).hexdigest(),
        filling_post=post,
    )
    Decision.objects.filter(pk=d.pk).update(decided_at=datetime(on.year, on.month, on.day, 3, tzinfo=UTC))
    return d


def build(make_user) -> World:
    """Ten PNS (and one PPPK, never counted):

    - SKP 2025 for 9: 6 Baik, 2 Sangat Baik, 1 Butuh Perbaikan (Baik 66,7%).
    - assessments valid at the end of 2025 for 6 (a seventh expired in 2024).
    - a committee of one; finalised mapping periods in 2024 and 2025, all ten mapped in 2025, nine with a
      JPM (valid instrument); one confirmed calibration; IDPs for six.
    - 2025 structural appointments: one through a filling process (vacant 1 March, decided 30 May: 90 days),
      one direct; a Plt (not counted).
    - the last SIASN import finished on 1 December 2025 (30 days before the end of the year).
    - completeness: golongan, TMT golongan, post (TMT jabatan), education for all; NIK and discipline
      check for none; SKP for nine: (4×100 + 0 + 0 + 90) / 7 = 70%."""
    instansi = InstansiFactory()
    unit = UnitFactory(instansi=instansi)
    people = [EmployeeFactory(unit=unit) for _ in range(10)]
    EmployeeFactory(unit=unit, status=Employee.Status.PPPK, nip="202501012025211001")
    for e, p in zip(people[:9], ["baik"] * 6 + ["sangat_baik"] * 2 + ["butuh_perbaikan"], strict=True):
        SkpFactory(employee=e, year=2025, predikat=p)
    for e in people[:6]:
        Assessment.objects.create(employee=e, assessed_on=date(2024, 6, 1), validity_years=3)
    Assessment.objects.create(employee=people[6], assessed_on=date(2021, 1, 4), validity_years=3)
    chair = make_user("komite", instansi=instansi, username="komite-merit")
    CommitteeMember.objects.create(instansi=instansi, user=chair, is_chair=True)
    MappingPeriod.objects.create(instansi=instansi, name="2024", as_of=date(2024, 12, 31), status="finalised")
    p25 = MappingPeriod.objects.create(
        instansi=instansi, name="2025", as_of=date(2025, 12, 31), status="finalised"
    )
    results = [
        MappingResult.objects.create(
            period=p25, employee=e, mappable=True, box=5, jpm=None if i == 9 else 80.0
        )
        for i, e in enumerate(people)
    ]
    Calibration.objects.create(
        result=results[0], from_box=5, to_box=6, reason="Kinerja", status="confirmed", proposed_by=chair
    )
    for e in people[:6]:
        DevelopmentPlan.objects.create(employee=e, period=p25, box=5)
    post_a, post_b, post_c = (JptPositionFactory(unit=UnitFactory(instansi=instansi)) for _ in range(3))
    process = FillingProcess.objects.create(instansi=instansi, name="Seleksi 2025", as_of=date(2025, 6, 1))
    fp = FillingPost.objects.create(
        process=process, position=post_a, reason="pensiun", vacant_on=date(2025, 3, 1)
    )
    _decision(instansi, people[0], post_a, on=date(2025, 5, 30), post=fp)
    _decision(instansi, people[1], post_b, on=date(2025, 8, 1))
    _decision(instansi, people[2], post_c, on=date(2025, 9, 1), kind="plt")
    run = ImportRun.objects.create(instansi=instansi, status=ImportRun.Status.SUCCEEDED)
    ImportRun.objects.filter(pk=run.pk).update(finished_at=datetime(2025, 12, 1, 8, tzinfo=UTC))
    assert Position.objects.filter(instansi=instansi, kind="struktural").count() == 3
    return World(instansi, people)
