"""Demo data for placement: the installation of 26 January 2026 (10 JPT Pratama: 6 rotasi, 3 promosi from
eselon III, 1 penetapan kembali) as a past, applied batch, and an open filling process for today's vacancies.

`talenta demo` calls `seed` after generating the province. When the instansi has no JPT structure yet (tests,
benchmarks before the demo generator is merged), `build_province` makes a small synthetic one first.
Everything is synthetic: no real person.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import translation
from django.utils.formats import date_format

from talenta.core.jobs import Progress
from talenta.people.models import (
    DisciplineHistory,
    Employee,
    Instansi,
    JabatanHistory,
    LeadershipTraining,
    Position,
    SkpHistory,
    Unit,
)
from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import add_years
from talenta.people.rules.nip import make_nip
from talenta.people.services import unit_create
from talenta.placement import selectors, services
from talenta.placement.models import (
    Candidacy,
    Decision,
    FillingPost,
    FillingProcess,
    InstallationBatch,
    MeritException,
    PlacementPlan,
    RankingRun,
    RequirementSet,
)
from talenta.profiling.models import Assessment
from talenta.profiling.rules.jpm import jpm

SK_DATE = date(2026, 1, 26)
# The merit-system exception of the demo province (a synthetic reference; the date Banten's talent
# management came into force, SK Gubernur Banten 57/2025).
MERIT_REFERENCE = "DEMO-BKN/PERSETUJUAN-MERIT/2025"
MERIT_SINCE = date(2025, 2, 12)
SK_NOMOR = "821.2/Kep.15-Huk/2026"
# Names no post of the generated structure has: two seats of one name in one unit cannot be told apart
# (SIASN names a post by unit and name, so an import would merge them).
STAF_AHLI = ["Pemerintahan", "Keuangan dan Aset Daerah", "Kemasyarakatan dan SDM"]
OPD_NAMES = [
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Dinas Sosial",
    "Dinas Tenaga Kerja dan Transmigrasi",
    "Dinas Ketahanan Pangan",
    "Dinas Lingkungan Hidup dan Kehutanan",
    "Dinas Perhubungan",
    "Dinas Komunikasi, Informatika, Statistik dan Persandian",
    "Dinas Koperasi dan UKM",
    "Dinas Penanaman Modal dan PTSP",
    "Dinas Kepemudaan dan Olahraga",
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Kelautan dan Perikanan",
    "Dinas Pariwisata",
    "Dinas Pertanian",
    "Dinas Energi dan Sumber Daya Mineral",
    "Dinas Perindustrian dan Perdagangan",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Kepegawaian Daerah",
    "Badan Pengembangan Sumber Daya Manusia",
    "Badan Pendapatan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Kesatuan Bangsa dan Politik",
    "Badan Penanggulangan Bencana Daerah",
    "Inspektorat",
    "Satuan Polisi Pamong Praja",
]
FIRST_M = [
    "Budi",
    "Agus",
    "Hendra",
    "Rudi",
    "Dedi",
    "Iwan",
    "Asep",
    "Yusuf",
    "Ahmad",
    "Eko",
    "Bambang",
    "Teguh",
]
FIRST_F = ["Siti", "Dewi", "Rina", "Ani", "Euis", "Nur", "Lilis", "Yanti", "Sri", "Ratna", "Wulan", "Fitri"]
LAST = [
    "Hidayat",
    "Saputra",
    "Setiawan",
    "Kurniawan",
    "Rahmawati",
    "Suryani",
    "Permana",
    "Nugraha",
    "Wahyudi",
    "Lestari",
    "Maulana",
    "Firmansyah",
    "Hasanah",
    "Pratama",
]
GOLONGAN_FOR = {
    "jpt_pratama": ["43", "43", "44"],
    "administrator": ["41", "42"],
    "pengawas": ["33", "34"],
    "jf_ahli_madya": ["41", "42"],
    "jf_ahli_muda": ["33", "34"],
    "pelaksana": ["23", "31", "32"],
}


class _System(SimpleNamespace):
    """The actor of demo writes: the PPK role, as the real batch was decided by the Governor."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"is_authenticated": True, "is_active": True, **kwargs})


def _month_year(day: date) -> str:
    """'Desember 2026': a stored name reads in Indonesian whatever language the command runs in."""
    with translation.override("id"):
        return date_format(day, "F Y")


def _actor(instansi: Instansi) -> Any:
    return _System(username="demo", role="pimpinan", instansi_id=instansi.pk)


class _People:
    def __init__(self, instansi: Instansi, rng: random.Random, as_of: date) -> None:
        self.instansi, self.rng, self.as_of = instansi, rng, as_of
        self.nips: set[str] = set(Employee.objects.values_list("nip", flat=True))
        self.serial = 0
        self.emps: list[Employee] = []
        self.skp: list[SkpHistory] = []
        self.hist: list[JabatanHistory] = []
        self.train: list[LeadershipTraining] = []
        self.assess: list[Assessment] = []
        self.disc: list[DisciplineHistory] = []

    def employee(self, unit: Unit, level: str, position: Position | None, age: tuple[int, int]) -> Employee:
        rng = self.rng
        sex = rng.choice("MF")
        birth = date(self.as_of.year - rng.randint(*age), rng.randint(1, 12), rng.randint(1, 28))
        cpns = date(birth.year + rng.randint(23, 28), rng.choice([1, 3, 4]), 1)
        while True:
            self.serial += 1
            nip = make_nip(
                birth_date=birth,
                cpns_year=cpns.year,
                cpns_month=cpns.month,
                sex=sex,
                serial=self.serial % 999 + 1,
            )
            if nip not in self.nips:
                self.nips.add(nip)
                break
        first = rng.choice(FIRST_M if sex == "M" else FIRST_F)
        e = Employee(
            instansi=self.instansi,
            unit=unit,
            position=position,
            nip=nip,
            name=f"{first} {rng.choice(LAST)}",
            birth_date=birth,
            sex=sex,
            tmt_cpns=cpns,
            tmt_pns=add_years(cpns, 1),
            golongan=rng.choice(GOLONGAN_FOR.get(level, ["32"])),
            tmt_golongan=date(self.as_of.year - 3, 4, 1),
            education_level=rng.choice(["45", "45", "40"] if level != "pelaksana" else ["15", "30", "40"]),
            tmt_jabatan=date(self.as_of.year - rng.randint(1, 6), rng.randint(1, 12), 2),
            gelar_belakang=rng.choice(["S.E.", "S.T., M.T.", "S.H., M.H.", "S.Sos., M.Si.", "M.Si."]),
        )
        self.emps.append(e)
        return e

    def histories(self, e: Employee, level: str, opd_units: list[Unit]) -> None:
        rng = self.rng
        prev_level = {
            "jpt_pratama": "administrator",
            "administrator": "pengawas",
            "pengawas": "pelaksana",
            "jf_ahli_madya": "jf_ahli_muda",
        }.get(level, "pelaksana")
        prev_unit = rng.choice(opd_units) if rng.random() < 0.4 else e.unit
        start_prev = add_years(e.tmt_jabatan, -rng.randint(3, 8))
        self.hist.append(
            JabatanHistory(
                employee=e,
                unit=prev_unit,
                level=prev_level,
                jabatan_name=f"{prev_level} {prev_unit.name}",
                unit_name=prev_unit.name,
                tmt=start_prev,
            )
        )
        self.hist.append(
            JabatanHistory(
                employee=e,
                position=e.position,
                unit=e.unit,
                level=level,
                jabatan_name=e.position.name if e.position else f"Pelaksana {e.unit.name}",
                unit_name=e.unit.name,
                tmt=e.tmt_jabatan,
            )
        )
        for year in (self.as_of.year - 3, self.as_of.year - 2, self.as_of.year - 1):
            roll = rng.random()
            pred, h, p = (
                ("sangat_baik", "di_atas", "di_atas")
                if roll < 0.2
                else ("butuh_perbaikan", "di_bawah", "sesuai")
                if roll > 0.93
                else ("baik", "sesuai", "sesuai")
            )
            if rng.random() < 0.02:
                continue  # a missing year: missing evidence
            self.skp.append(
                SkpHistory(employee=e, year=year, predikat=pred, rating_hasil_kerja=h, rating_perilaku=p)
            )
        kind = {"jpt_pratama": "pkn2", "administrator": "pka", "pengawas": "pkp"}.get(level)
        if kind and rng.random() < 0.85:
            self.train.append(LeadershipTraining(employee=e, kind=kind, year=e.tmt_jabatan.year))
        if level in ("administrator", "jpt_pratama") and rng.random() < 0.8:
            self.train.append(LeadershipTraining(employee=e, kind="pka", year=e.tmt_jabatan.year - 2))
        if level in ("jpt_pratama", "administrator", "pengawas", "jf_ahli_madya") and rng.random() < 0.85:
            base = jr.DEFAULT_STANDARD_LEVEL[jr.Level(level)] + (1 if level == "administrator" else 0)
            lv = {
                c: min(5.0, max(1.0, base + rng.choice([-1.0, -0.5, 0.0, 0.0, 0.5])))
                for c in jr.COMPETENCY_CODES
            }
            self.assess.append(
                Assessment(
                    employee=e,
                    assessed_on=date(2025, 11, rng.randint(17, 21)),
                    m1=lv["M1"],
                    m2=lv["M2"],
                    m3=lv["M3"],
                    m4=lv["M4"],
                    m5=lv["M5"],
                    m6=lv["M6"],
                    m7=lv["M7"],
                    m8=lv["M8"],
                    s1=lv["S1"],
                    standard=dict.fromkeys(jr.COMPETENCY_CODES, 3),
                    potential_score=rng.randint(60, 95),
                )
            )
        if rng.random() < 0.02:
            self.disc.append(
                DisciplineHistory(
                    employee=e,
                    level=rng.choice("SB"),
                    name="Hukuman disiplin",
                    start=date(self.as_of.year - 2, 3, 1),
                    end=date(self.as_of.year - 1, 3, 1),
                )
            )

    def save(self) -> None:
        Employee.objects.bulk_create(self.emps, batch_size=500)
        for model, rows in (
            (JabatanHistory, self.hist),
            (SkpHistory, self.skp),
            (LeadershipTraining, self.train),
            (Assessment, self.assess),
            (DisciplineHistory, self.disc),
        ):
            model.objects.bulk_create(rows, batch_size=1000)


@transaction.atomic
def build_province(
    *, instansi: Instansi, seed: int = 2026, size: int = 600, as_of: date = SK_DATE, n_opd: int = 24
) -> dict[str, int]:
    """A small synthetic province: OPDs headed by JPT Pratama, Sekretaris/Kabid (Administrator),
    Kasubbag/Kasi (Pengawas), JF and pelaksana staff up to `size` employees."""
    rng = random.Random(seed)
    ppl = _People(instansi, rng, add_years(as_of, 0))
    opds = []
    posts: list[tuple[Unit, Position, str]] = []
    for k, name in enumerate(OPD_NAMES[:n_opd]):
        opd = unit_create(
            instansi=instansi,
            name=name,
            kind=Unit.Kind.OPD,
            eselon="21",
            bkn_unor_id=f"DEMO-UNOR-{instansi.pk}-{k:03d}",
        )
        opds.append(opd)
        head = Position.objects.create(
            instansi=instansi,
            unit=opd,
            name=f"Kepala {name}",
            kind="struktural",
            level="jpt_pratama",
            eselon="21",
            heads_unit=True,
            bup=60,
            is_critical=k % 4 == 0,
            needs_external_recommendation="Kemendagri/BPKP" if name == "Inspektorat" else "",
        )
        posts.append((opd, head, "jpt_pratama"))
        for sub, kind, esel in (
            ("Sekretariat", Unit.Kind.SEKRETARIAT, "31"),
            ("Bidang Program", Unit.Kind.BIDANG, "32"),
            ("Bidang Layanan", Unit.Kind.BIDANG, "32"),
            ("Bidang Pengembangan", Unit.Kind.BIDANG, "32"),
        ):
            u = unit_create(instansi=instansi, parent=opd, name=f"{sub} {name}", kind=kind, eselon=esel)
            p = Position.objects.create(
                instansi=instansi,
                unit=u,
                name=f"{'Sekretaris' if esel == '31' else 'Kepala'} {u.name}",
                kind="struktural",
                level="administrator",
                eselon=esel,
                heads_unit=True,
                bup=58,
            )
            posts.append((u, p, "administrator"))
            s = unit_create(
                instansi=instansi,
                parent=u,
                name=f"Subbagian/Seksi {sub} {name}",
                kind=Unit.Kind.SUBBAGIAN,
                eselon="41",
            )
            q = Position.objects.create(
                instansi=instansi,
                unit=s,
                name=f"Kepala {s.name}",
                kind="struktural",
                level="pengawas",
                eselon="41",
                heads_unit=True,
                bup=58,
            )
            posts.append((s, q, "pengawas"))
        for j in range(2):
            p = Position.objects.create(
                instansi=instansi,
                unit=opd,
                name=f"Analis Kebijakan Ahli Madya {j + 1}",
                kind="fungsional",
                level="jf_ahli_madya",
                bup=60,
            )
            posts.append((opd, p, "jf_ahli_madya"))
    ages = {
        "jpt_pratama": (48, 57),
        "administrator": (42, 55),
        "pengawas": (35, 52),
        "jf_ahli_madya": (44, 56),
    }
    for unit, pos, level in posts:
        if level == "jpt_pratama" and (rng.random() < 0.12 or unit == opds[-1]):
            continue  # vacant today
        e = ppl.employee(unit, level, pos, ages[level])
        ppl.histories(e, level, opds)
    staff = max(size - len(ppl.emps), 0)
    for _ in range(staff):
        unit = rng.choice(opds)
        e = ppl.employee(unit, "pelaksana", None, (25, 57))
        ppl.histories(e, "pelaksana", opds)
    ppl.save()
    # Some vacant posts are held by a Plt (the Sekretaris of the OPD).
    for pos in Position.objects.filter(instansi=instansi, level="jpt_pratama", holder__isnull=True)[:2]:
        sek = Employee.objects.filter(position__unit__parent=pos.unit, position__eselon="31").first()
        if sek is not None:
            pos.acting_holder, pos.acting_kind, pos.acting_since = sek, "plt", date(as_of.year, 1, 2)
            pos.save(update_fields=["acting_holder", "acting_kind", "acting_since"])
    return {"placement.demo_units": len(opds), "placement.demo_employees": len(ppl.emps)}


def _pick(rng: random.Random, items: list[Any], n: int, taken: set[int]) -> list[Any]:
    pool = [x for x in items if x.pk not in taken]
    rng.shuffle(pool)
    chosen = pool[:n]
    taken.update(x.pk for x in chosen)
    return chosen


@transaction.atomic
def installation_26_january(*, instansi: Instansi, rng: random.Random) -> Any:
    """10 JPT Pratama: 6 rotasi, 3 promosi of Administrators (eselon III), 1 penetapan kembali.

    Chosen so the province stays consistent: rotating officials hold IV/c (in range for II.a and II.b);
    the three promoted Administrators hold IV/b and go to II.b posts vacated by three of the rotating
    officials; nobody who is a Plt is moved (the Plt posts stay as they are)."""
    actor = _actor(instansi)
    jpt = list(
        Position.objects.filter(instansi=instansi, level="jpt_pratama", kind="struktural")
        .select_related("unit", "holder")
        .order_by("pk")
    )
    acting = set(
        Position.objects.filter(instansi=instansi)
        .exclude(acting_holder=None)
        .values_list("acting_holder_id", flat=True)
    )
    # Only officials already in their post on the SK date move (a later TMT would leave two definitive
    # holders of one post in the riwayat, which `talenta check-data` reports).
    held = [
        p
        for p in jpt
        if p.current_holder is not None
        and p.current_holder.pk not in acting
        and (p.current_holder.tmt_jabatan or SK_DATE) < SK_DATE
    ]
    iv_c = [p for p in held if p.current_holder.golongan == "43"]
    ii_b = [p for p in iv_c if p.eselon == "22"]
    taken: set[int] = set()
    vacated = _pick(rng, ii_b, 3, taken)
    if len(vacated) < 3:  # a province without enough II.b posts: any JPT post (the rank check is soft)
        vacated += _pick(rng, iv_c, 3 - len(vacated), taken)
    if len(vacated) < 3:
        return None
    cycle = _pick(rng, iv_c, 3, taken)
    same = _pick(rng, iv_c, 1, taken)
    if len(vacated) < 3 or len(cycle) < 3 or not same:
        return None
    vacant = [p for p in jpt if p.current_holder is None and not p.acting_holder_id][:3]
    sekda = Unit.objects.filter(instansi=instansi, parent__isnull=True).order_by("pk").first()
    for k in range(len(vacant), 3):
        # Staf Ahli posts created vacant for this demo (the generator may leave too few vacant JPT posts).
        vacant.append(
            Position.objects.create(
                instansi=instansi,
                unit=sekda,
                name=f"Staf Ahli Gubernur Bidang {STAF_AHLI[k]}",
                kind="struktural",
                level="jpt_pratama",
                eselon="21",
                bup=60,
            )
        )
    admins_all = list(
        Employee.objects.filter(instansi=instansi, position__level="administrator", tmt_jabatan__lt=SK_DATE)
        .exclude(pk__in=acting)
        .order_by("pk")
    )
    assessed = set(Assessment.objects.filter(employee__in=admins_all).values_list("employee_id", flat=True))
    # IV/b keeps the rank within II.b's range; people without an assessment first (an assessment keeps
    # the standard of the post it was made for), then the others.
    fitting = [e for e in admins_all if e.golongan == "42" and e.pk not in assessed]
    admins = _pick(rng, fitting, 3, set())
    if len(admins) < 3:
        others = [e for e in admins_all if e.golongan == "42" and e.pk in assessed]
        admins += _pick(rng, others, 3 - len(admins), set())
    if len(admins) < 3:
        return None  # too small a province to mirror the installation without breaking its consistency
    # Candidates for a JPT post are assessed against its standard (uji kompetensi): a promoted person's
    # assessment carries the JPT standard, so the province stays consistent after the installation.
    jpt_standard = jr.competency_standard("jpt_pratama")
    for a in Assessment.objects.filter(employee__in=admins):
        a.standard = jpt_standard
        a.jpm = jpm(a.levels, jpt_standard).quantize(Decimal("0.000001"))
        a.save(update_fields=["standard", "jpm"])
    rows = []
    for k, p in enumerate(cycle):
        rows.append({"nip": p.current_holder.nip, "position": cycle[(k + 1) % 3].pk})
    for p, v in zip(vacated, vacant, strict=True):
        rows.append({"nip": p.current_holder.nip, "position": v.pk})
    for p, e in zip(vacated, admins, strict=False):
        rows.append({"nip": e.nip, "position": p.pk})
    rows.append({"nip": same[0].current_holder.nip, "position": same[0].pk})
    batch = services.batch_create_from_rows(
        instansi=instansi, sk_nomor=SK_NOMOR, sk_date=SK_DATE, by=actor, rows=rows, on=SK_DATE
    )
    services.batch_apply(
        batch=batch,
        by=_System(username="demo", role="admin", instansi_id=instansi.pk),
    )
    # SIASN gives every riwayat its id once synchronised; the demo stands in for that sync.
    for h in JabatanHistory.objects.filter(
        sk_nomor=SK_NOMOR, employee__instansi=instansi, bkn_id__isnull=True
    ):
        h.bkn_id = hashlib.md5(f"{SK_NOMOR}:{h.employee_id}:{h.position_id}".encode()).hexdigest()  # noqa: S324 (an id, not security)
        h.save(update_fields=["bkn_id"])
    return batch


def _align_sequences(models_: list[type[Model]]) -> None:
    """Make the next automatic id max(id) + 1, so that a reset and a new run give the same ids (SQLite's
    AUTOINCREMENT otherwise remembers ids of deleted rows; PostgreSQL's sequences are reset the same way)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for m in models_:
                table = m._meta.db_table
                sql = f"UPDATE sqlite_sequence SET seq = COALESCE((SELECT MAX(id) FROM {table}), 0) WHERE name = %s"  # noqa: S608, E501 (a model's own table name)
                cursor.execute(sql, [table])
        else:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
                cursor.execute(sql)


def reset(*, instansi: Instansi) -> None:
    """Delete this instansi's placement data (called by `talenta demo --reset` before people go)."""
    FillingPost.objects.filter(process__instansi=instansi).update(recommended=None)
    Decision.objects.filter(instansi=instansi).delete()
    InstallationBatch.objects.filter(instansi=instansi).delete()
    Candidacy.objects.filter(filling_post__process__instansi=instansi).delete()
    RankingRun.objects.filter(instansi=instansi).delete()
    PlacementPlan.objects.filter(instansi=instansi).delete()
    FillingProcess.objects.filter(instansi=instansi).delete()
    RequirementSet.objects.filter(instansi=instansi).delete()
    MeritException.objects.filter(instansi=instansi).delete()


def seed(
    *, instansi: Instansi, seed: int, size: int, as_of: date, progress: Progress | None = None
) -> dict[str, int]:
    rng = random.Random(seed + 8)
    _align_sequences(
        [
            Position,
            JabatanHistory,
            Decision,
            InstallationBatch,
            FillingProcess,
            FillingPost,
            Candidacy,
            RankingRun,
            PlacementPlan,
        ]
    )
    counts: dict[str, int] = {}
    if Position.objects.filter(instansi=instansi, level="jpt_pratama").count() < 12:
        counts.update(build_province(instansi=instansi, seed=seed, size=size, as_of=as_of))
        # `talenta demo` runs the talent seed before ours; a province built here needs its mapping too.
        from talenta.talent import demo as talent_demo

        counts.update(
            talent_demo.seed(instansi=instansi, seed=seed, size=size, as_of=as_of, progress=progress)
        )
    # Banten fills JPT posts from its talent pool with BKN's approval since 2025 (RULES.md §6).
    MeritException.objects.update_or_create(
        instansi=instansi,
        defaults={"active": True, "reference": MERIT_REFERENCE, "since": MERIT_SINCE, "updated_by": "demo"},
    )
    selectors.pool_invalidate(instansi.pk)
    batch = installation_26_january(instansi=instansi, rng=rng)
    if progress is not None:
        progress.advance(0, "placement: SK 26 Januari 2026")
    selectors.pool_invalidate(instansi.pk)
    vac = selectors.vacancies(Position.objects.filter(instansi=instansi), today=as_of, months=12)
    positions = [v.position for v in vac[:8]]
    actor = _System(username="demo", role="analis", instansi_id=instansi.pk)
    proc = None
    if positions:
        proc = services.filling_process_open(
            instansi=instansi,
            positions=positions,
            by=actor,
            name=f"Pengisian jabatan lowong {_month_year(as_of)}",
            as_of=as_of,
            today=as_of,
        )
    counts["placement.InstallationBatch"] = 1 if batch else 0
    counts["placement.Decision"] = Decision.objects.filter(instansi=instansi).count()
    counts["placement.FillingPost"] = proc.posts.count() if proc else 0
    return counts
