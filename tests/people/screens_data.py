"""A small province for the screen tests: two OPDs (one with a sub-unit), posts with a holder, a vacancy,
a Plt, histories, an assessment, and a user of every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from talenta.people.models import (
    DisciplineHistory,
    Employee,
    GolonganHistory,
    Instansi,
    JabatanHistory,
    Position,
    SkpHistory,
    Unit,
)
from talenta.profiling.models import Assessment
from tests.people.factories import (
    EmployeeFactory,
    InstansiFactory,
    JptPositionFactory,
    OtherInstansiFactory,
    PositionFactory,
    UnitFactory,
)


@dataclass
class Province:
    instansi: Instansi
    opd_a: Unit
    sub_a: Unit
    opd_b: Unit
    head_a: Position
    vacant_a: Position
    kepala: Employee
    siti: Employee
    budi: Employee
    other_b: Employee
    foreign: Employee
    users: dict


def build_province(make_user) -> Province:
    instansi = InstansiFactory()
    opd_a = UnitFactory(instansi=instansi, name="Dinas Pendidikan dan Kebudayaan", short_name="Dindikbud")
    sub_a = UnitFactory(instansi=instansi, parent=opd_a, name="Bidang Pembinaan SMA", kind=Unit.Kind.BIDANG)
    opd_b = UnitFactory(instansi=instansi, name="Badan Kepegawaian Daerah", short_name="BKD")
    head_a = JptPositionFactory(unit=opd_a, name="Kepala Dinas Pendidikan dan Kebudayaan", is_critical=True)
    vacant_a = PositionFactory(
        unit=sub_a,
        name="Kepala Bidang Pembinaan SMA",
        kind="struktural",
        level="administrator",
        eselon="32",
        heads_unit=True,
    )
    jf = PositionFactory(unit=sub_a, name="Guru Ahli Muda")
    kepala = EmployeeFactory(
        unit=opd_a,
        name="Ahmad Fauzi",
        position=head_a,
        golongan="43",
        birth_date=date(1967, 3, 10),
        tmt_cpns=date(1990, 3, 1),
    )
    siti = EmployeeFactory(
        unit=sub_a,
        name="Siti Rahmawati",
        sex="F",
        position=jf,
        golongan="33",
        birth_date=date(1985, 7, 1),
        tmt_cpns=date(2010, 1, 1),
        nik="3604010107850001",
        email="siti@example.test",
    )
    budi = EmployeeFactory(
        unit=sub_a,
        name="Budi Santoso",
        golongan="34",
        birth_date=date(1972, 11, 2),
        tmt_cpns=date(1998, 3, 1),
        status=Employee.Status.PNS,
    )
    vacant_a.acting_holder, vacant_a.acting_kind, vacant_a.acting_since = budi, "plt", date(2025, 6, 2)
    vacant_a.save()
    other_b = EmployeeFactory(
        unit=opd_b,
        name="Dewi Lestari",
        sex="F",
        golongan="32",
        birth_date=date(1990, 2, 14),
        tmt_cpns=date(2015, 3, 1),
        status="pppk",
    )
    foreign = EmployeeFactory(
        unit=UnitFactory(instansi=OtherInstansiFactory(), name="Dinas Kab. Serang"), name="Rudi Hartono"
    )
    GolonganHistory.objects.create(employee=siti, golongan="32", tmt=date(2016, 4, 1), sk_nomor="SK-1")
    GolonganHistory.objects.create(employee=siti, golongan="33", tmt=date(2020, 4, 1), sk_nomor="SK-2")
    JabatanHistory.objects.create(
        employee=siti,
        position=jf,
        unit=sub_a,
        jabatan_name="Guru Ahli Muda",
        unit_name=sub_a.name,
        tmt=date(2021, 1, 4),
    )
    JabatanHistory.objects.create(
        employee=budi,
        position=vacant_a,
        unit=sub_a,
        jabatan_name="Kepala Bidang Pembinaan SMA",
        unit_name=sub_a.name,
        tmt=date(2025, 6, 2),
        assignment="PLT",
    )
    SkpHistory.objects.create(
        employee=siti,
        year=2024,
        rating_hasil_kerja="di_atas",
        rating_perilaku="di_atas",
        predikat="sangat_baik",
    )
    DisciplineHistory.objects.create(employee=budi, level="R", name="Teguran lisan", start=date(2019, 1, 7))
    Assessment.objects.create(
        employee=siti,
        assessed_on=date(2025, 11, 18),
        standard={"M1": 3},
        jpm=Decimal("95.5"),
        **{f: Decimal("3.0") for f in ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1")},
    )
    users = {
        role: make_user(role, instansi=instansi)
        for role in ("admin", "analis", "komite", "pimpinan", "auditor")
    }
    users["kepala-opd"] = make_user("kepala-opd", instansi=instansi, unit=opd_a)
    users["pegawai"] = make_user("pegawai", instansi=instansi, employee=siti)
    return Province(
        instansi, opd_a, sub_a, opd_b, head_a, vacant_a, kepala, siti, budi, other_b, foreign, users
    )
