"""A synthetic province in bulk (no real person), for the screens' browser tests and the list benchmark
while the demo generator (`talenta demo`) is not on main. Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from talenta.people.models import Employee, Instansi, Position, SkpHistory, Unit
from talenta.people.rules.nip import make_nip
from talenta.people.services import unit_create

OPDS = [
    ("Sekretariat Daerah", "Setda"), ("Dinas Pendidikan dan Kebudayaan", "Dindikbud"),
    ("Dinas Kesehatan", "Dinkes"), ("Badan Kepegawaian Daerah", "BKD"),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"), ("Inspektorat", "Inspektorat"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"), ("Badan Pendapatan Daerah", "Bapenda"),
    ("Dinas Sosial", "Dinsos"), ("Dinas Perhubungan", "Dishub"), ("Satuan Polisi Pamong Praja", "Satpol PP"),
    ("Dinas Komunikasi, Informatika, Statistik dan Persandian", "Diskominfo"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"), ("Dinas Pertanian", "Distan"),
    ("Dinas Lingkungan Hidup dan Kehutanan", "DLHK"), ("RSUD Banten", "RSUD Banten"),
]  # fmt: skip
BIDANG = ["Sekretariat", "Bidang Perencanaan", "Bidang Pembinaan", "Bidang Pengendalian"]
JF = [("Guru Ahli Muda", "jf_ahli_muda"), ("Guru Ahli Pertama", "jf_ahli_pertama"),
      ("Analis Kebijakan Ahli Muda", "jf_ahli_muda"), ("Perawat Terampil", "jf_terampil"),
      ("Pranata Komputer Ahli Pertama", "jf_ahli_pertama"),
      ("Auditor Ahli Madya", "jf_ahli_madya")]  # fmt: skip
PELAKSANA = ["Pengadministrasi Umum", "Pengelola Keuangan", "Analis Data dan Informasi", "Pengemudi"]
EDU = [("40", 56), ("15", 14), ("45", 12), ("30", 11), ("50", 1), ("10", 1)]


def _age_years(rng: random.Random) -> int:
    band = rng.choices([(22, 30), (31, 40), (41, 50), (51, 59)], weights=[9, 24, 33, 34])[0]
    return rng.randint(*band)


def build(
    size: int, *, today: date, seed: int = 7, instansi: Instansi | None = None, histories: bool = False
) -> Instansi:
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    instansi = (
        instansi
        or Instansi.objects.get_or_create(
            bkn_id="A5EB03E23B9DF6A0E040640A040252AD",
            defaults={"kode": "6200", "name": "Pemerintah Provinsi Banten", "short_name": "Pemprov Banten"},
        )[0]
    )
    units: list[Unit] = []
    heads: list[Position] = []
    for name, short in OPDS:
        opd = unit_create(instansi=instansi, name=name, short_name=short, kind=Unit.Kind.OPD, eselon="21")
        units.append(opd)
        heads.append(
            Position(
                instansi=instansi,
                unit=opd,
                name=f"Kepala {name}",
                kind="struktural",
                level="jpt_pratama",
                eselon="21",
                heads_unit=True,
                bup=60,
                is_critical=True,
            )
        )
        for b in BIDANG:
            sub = unit_create(instansi=instansi, parent=opd, name=f"{b} {short}", kind=Unit.Kind.BIDANG)
            units.append(sub)
            heads.append(
                Position(
                    instansi=instansi,
                    unit=sub,
                    name=f"Kepala {sub.name}",
                    kind="struktural",
                    level="administrator",
                    eselon="32",
                    heads_unit=True,
                    bup=58,
                )
            )
    Position.objects.bulk_create(heads, batch_size=1000)
    staff_positions = []
    # Dinas Pendidikan holds the provincial teachers (BANTEN.md): the largest OPD by far.
    weights = [
        8 if "Dindikbud" in (u.short_name + u.name) else 2 if "Dinkes" in (u.short_name + u.name) else 1
        for u in units
    ]
    for _ in range(max(size - len(heads), 0)):
        unit = rng.choices(units, weights=weights)[0]
        if rng.random() < 0.7:
            name, level = rng.choice(JF)
            kind = "fungsional"
        else:
            name, level, kind = rng.choice(PELAKSANA), "pelaksana", "pelaksana"
        staff_positions.append(
            Position(
                instansi=instansi,
                unit=unit,
                name=name,
                kind=kind,
                level=level,
                bup=60 if level == "jf_ahli_madya" else 58,
            )
        )
    Position.objects.bulk_create(staff_positions, batch_size=2000)
    seats = heads + staff_positions
    # About one head in six stays vacant (some JPT, mostly Administrator): work for the vacancy screens.
    vacant = {p.pk for p in heads[3::7]} | {p.pk for p in heads[10::25]}
    employees: list[Employee] = []
    seen: set[str] = set()
    for i, seat in enumerate(seats[:size]):
        sex = "F" if rng.random() < 0.54 else "M"
        age = max(_age_years(rng), 42) if seat.heads_unit else min(_age_years(rng), 57)
        birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
        cpns = date(min(birth.year + rng.randint(22, 30), today.year - 1), rng.randint(1, 12), 1)
        serial = i % 999 + 1
        nip = make_nip(birth_date=birth, cpns_year=cpns.year, cpns_month=cpns.month, sex=sex, serial=serial)
        while nip in seen:
            serial = serial % 999 + 1
            nip = make_nip(
                birth_date=birth, cpns_year=cpns.year, cpns_month=cpns.month, sex=sex, serial=serial
            )
        seen.add(nip)
        edu = rng.choices([e for e, _ in EDU], weights=[w for _, w in EDU])[0]
        steps = min((today.year - cpns.year) // 4, 6)
        base = {"15": 21, "30": 23, "40": 31, "45": 32, "50": 33, "10": 13}[edu]
        gol = _gol_up(base, steps + (2 if seat.heads_unit else 0))
        employees.append(
            Employee(
                instansi=instansi,
                unit=seat.unit,
                position=None if seat.pk in vacant else seat,
                nip=nip,
                name=fake.name_female() if sex == "F" else fake.name_male(),
                sex=sex,
                birth_date=birth,
                birth_place=fake.city(),
                tmt_cpns=cpns,
                tmt_pns=date(cpns.year + 1, cpns.month, 1),
                status="pppk" if rng.random() < 0.08 and not seat.heads_unit else "pns",
                golongan=str(gol),
                tmt_golongan=date(max(cpns.year, today.year - rng.randint(0, 4)), 4, 1),
                tmt_jabatan=max(date(today.year - rng.randint(0, 8), rng.randint(1, 12), 1), cpns),
                education_level=edu,
                email=f"pegawai{i}@banten.example",
            )
        )
    Employee.objects.bulk_create(employees, batch_size=2000)
    emps = list(Employee.objects.filter(instansi=instansi).only("id", "position_id", "unit_id"))
    spare = [e for e in emps if e.position_id is None]
    for pos, acting in zip([p for p in heads if p.pk in vacant], spare, strict=False):
        pos.acting_holder_id, pos.acting_kind, pos.acting_since = acting.pk, "plt", today - timedelta(days=90)
    Position.objects.bulk_update(
        [p for p in heads if p.pk in vacant], ["acting_holder", "acting_kind", "acting_since"]
    )
    skp = []
    for e in emps:
        for year in (today.year - 1, today.year - 2):
            if rng.random() < 0.9:
                r = rng.choices(["di_atas", "sesuai", "di_bawah"], weights=[20, 75, 5], k=2)
                from talenta.people.rules.performance import predikat

                skp.append(
                    SkpHistory(
                        employee_id=e.pk,
                        year=year,
                        rating_hasil_kerja=r[0],
                        rating_perilaku=r[1],
                        predikat=predikat(r[0], r[1]),
                    )
                )
    SkpHistory.objects.bulk_create(skp, batch_size=5000)
    _assessments(emps, rng, today)
    if histories:
        _histories(rng, instansi)
    return instansi


def _histories(rng: random.Random, instansi: Instansi) -> None:
    from talenta.people.models import (
        EducationHistory,
        GolonganHistory,
        JabatanHistory,
        LeadershipTraining,
        Training,
    )

    gol, jab, edu, lead, kursus = [], [], [], [], []
    order = [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 45]
    for e in Employee.objects.filter(instansi=instansi).select_related("position", "unit"):
        i = order.index(int(e.golongan))
        for k, year in enumerate(range(e.tmt_golongan.year, e.tmt_cpns.year - 1, -4)):
            if i - k < 0:
                break
            gol.append(
                GolonganHistory(
                    employee=e,
                    golongan=str(order[i - k]),
                    tmt=date(year, 4, 1),
                    sk_nomor=f"800/{rng.randint(100, 999)}-BKD/{year}",
                )
            )
        if e.position:
            jab.append(
                JabatanHistory(
                    employee=e,
                    position=e.position,
                    unit=e.unit,
                    jabatan_name=e.position.name,
                    unit_name=e.unit.name,
                    level=e.position.level,
                    tmt=e.tmt_jabatan,
                    sk_nomor=f"821/{rng.randint(100, 999)}-BKD/{e.tmt_jabatan.year}",
                )
            )
        if e.tmt_jabatan != e.tmt_cpns:
            jab.append(
                JabatanHistory(
                    employee=e,
                    unit=e.unit,
                    jabatan_name="Pengadministrasi Umum",
                    unit_name=e.unit.name,
                    level="pelaksana",
                    tmt=e.tmt_cpns,
                )
            )
        edu.append(
            EducationHistory(
                employee=e,
                level=e.education_level,
                school="Universitas Sultan Ageng Tirtayasa",
                graduation_year=e.tmt_cpns.year - 1,
            )
        )
        if e.position and e.position.heads_unit:
            lead.append(
                LeadershipTraining(
                    employee=e,
                    kind="pka",
                    name="Pelatihan Kepemimpinan Administrator",
                    year=e.tmt_jabatan.year - 1,
                    hours=345,
                )
            )
        if rng.random() < 0.5:
            kursus.append(
                Training(
                    employee=e,
                    name="Pelatihan Manajemen Talenta ASN",
                    institution="BPSDM Banten",
                    year=2024,
                    hours=32,
                )
            )
    for model, rows in (
        (GolonganHistory, gol),
        (JabatanHistory, jab),
        (EducationHistory, edu),
        (LeadershipTraining, lead),
        (Training, kursus),
    ):
        model.objects.bulk_create(rows, batch_size=5000)


def _gol_up(base: int, steps: int) -> int:
    order = [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 45]
    return order[min(order.index(base) + steps, len(order) - 1)]


def _assessments(emps: list[Employee], rng: random.Random, today: date) -> None:
    from talenta.profiling.models import Assessment

    rows = []
    for e in emps:
        if rng.random() < 0.27:
            levels = {
                f: Decimal(str(round(rng.uniform(1.8, 4.2), 1)))
                for f in ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1")
            }
            rows.append(
                Assessment(
                    employee_id=e.pk,
                    assessed_on=today - timedelta(days=rng.randint(10, 1400)),
                    standard=dict.fromkeys(("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"), 3),
                    **levels,
                )
            )
    Assessment.objects.bulk_create(rows, batch_size=5000)
