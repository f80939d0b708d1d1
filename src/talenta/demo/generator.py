"""`talenta demo`: a synthetic Province of Banten shaped by BANTEN.md.

Deterministic: every value comes from one `random.Random(seed)` drawn in a fixed order, ids and BKN-style
32-hex ids included, and "today" is the fixed `AS_OF` date (never the wall clock). The same size and seed
on an empty database give the same rows and the same primary keys.

Streaming: the organisation (a few thousand units at most) is built in memory; employees and their
histories are generated one OPD at a time and written in batches (see writer.py), so memory stays bounded
at 100k and 1M employees.
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Mod
from django.utils.module_loading import module_has_submodule

from talenta.core.dbstats import refresh_planner_statistics
from talenta.core.jobs import Progress
from talenta.demo import structure as S
from talenta.demo.writer import Writer, next_pk, reset_sequences
from talenta.people.models import (
    AwardHistory,
    DisciplineHistory,
    EducationHistory,
    Employee,
    GolonganHistory,
    Instansi,
    JabatanHistory,
    LeadershipTraining,
    Position,
    SkpHistory,
    Training,
    Unit,
)
from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import add_years, retirement_date
from talenta.people.rules.nip import FEMALE, MALE, make_nip
from talenta.people.rules.performance import predikat
from talenta.people.services import mark_changed
from talenta.placement.rules.quality import pelaksana_rank_ceiling
from talenta.profiling.models import Assessment
from talenta.profiling.rules.jpm import jpm

# "Today" of the demo data. Fixed so that runs are reproducible (determinism forbids the wall clock).
AS_OF = date(2026, 11, 1)
DEFAULT_SIZE = 12_000
DEFAULT_SEED = 2026
FULL_SIZE = 12_000  # the size at which the organisation has its full, real shape

# Post-type shares of employees (BANTEN.md, province): the rest are pelaksana.
SHARE_GURU, SHARE_HEALTH, SHARE_JF = 0.40, 0.08, 0.15
# Profiled staff: 2,300 of 12,000 (BANTEN.md).
ASSESSED_SHARE = 2300 / 12000

AGE_BANDS = [((20, 30), 0.09), ((31, 40), 0.24), ((41, 50), 0.33), ((51, 59), 0.34)]
SERVICE_BANDS = [((0, 10), 0.32), ((11, 20), 0.52), ((21, 30), 0.15), ((31, 38), 0.01)]

# Education: BKN code, label, entry rank, highest rank reachable without a new diploma.
EDU: dict[str, tuple[str, str, str, str]] = {
    "SD": ("05", "Sekolah Dasar", "11", "22"),
    "SMP": ("10", "SLTP", "13", "24"),
    "SLTA": ("15", "SLTA", "21", "32"),
    "D-I": ("20", "Diploma I", "21", "32"),
    "D-II": ("25", "Diploma II", "22", "33"),
    "D-III": ("30", "Diploma III/Sarjana Muda", "23", "34"),
    "D-IV": ("35", "Diploma IV", "31", "42"),
    "S-1": ("40", "S-1/Sarjana", "31", "42"),
    "S-2": ("45", "S-2", "32", "43"),
    "S-3": ("50", "S-3/Doktor", "33", "44"),
}
MIN_ENTRY_AGE = {
    "SD": 18,
    "SMP": 18,
    "SLTA": 18,
    "D-I": 19,
    "D-II": 20,
    "D-III": 21,
    "D-IV": 22,
    "S-1": 22,
    "S-2": 24,
    "S-3": 27,
}
# Education mix per post type, chosen so the whole matches BANTEN.md (S-1 56%, SMA 14%, S-2 12%, D-III 11%,
# S-3 0.9%, SMP 0.8%, SD 0.4%; the rest D-I/D-II/D-IV).
EDU_MIX: dict[str, list[tuple[str, float]]] = {
    "guru": [("S-1", 0.82), ("S-2", 0.17), ("S-3", 0.01)],
    "health": [("D-III", 0.50), ("S-1", 0.38), ("D-IV", 0.04), ("S-2", 0.08)],
    "jf": [("S-1", 0.60), ("S-2", 0.18), ("D-III", 0.15), ("D-IV", 0.05), ("S-3", 0.02)],
    "pelaksana": [
        ("SLTA", 0.41),
        ("S-1", 0.27),
        ("D-III", 0.15),
        ("D-IV", 0.03),
        ("D-II", 0.03),
        ("D-I", 0.05),
        ("SMP", 0.027),
        ("SD", 0.013),
    ],
}
STRUCT_EDU: dict[str, list[tuple[str, float]]] = {
    "jpt": [("S-2", 0.75), ("S-3", 0.12), ("S-1", 0.13)],
    "administrator": [("S-2", 0.55), ("S-1", 0.43), ("S-3", 0.02)],
    "pengawas": [("S-1", 0.62), ("S-2", 0.28), ("D-III", 0.06), ("D-IV", 0.04)],
}
# Years of service and entry age of structural holders by level.
STRUCT_SERVICE = {"jpt": (22, 34), "administrator": (14, 32), "pengawas": (8, 30)}

JENJANG_LABEL = {
    "UT": "Ahli Utama",
    "MA": "Ahli Madya",
    "MU": "Ahli Muda",
    "PT": "Ahli Pertama",
    "PY": "Penyelia",
    "MH": "Mahir",
    "TR": "Terampil",
    "PM": "Pemula",
}
HEALTH_SKILLED = [
    "Perawat",
    "Perawat",
    "Perawat",
    "Bidan",
    "Pranata Laboratorium Kesehatan",
    "Radiografer",
    "Nutrisionis",
    "Perekam Medis",
    "Sanitarian",
    "Asisten Apoteker",
]
HEALTH_EXPERT = [
    "Perawat",
    "Perawat",
    "Perawat",
    "Dokter",
    "Dokter",
    "Dokter Gigi",
    "Apoteker",
    "Bidan",
    "Nutrisionis",
    "Administrator Kesehatan",
    "Epidemiolog Kesehatan",
    "Fisioterapis",
]

BIRTH_PLACES = [
    "Serang",
    "Serang",
    "Pandeglang",
    "Rangkasbitung",
    "Tangerang",
    "Tangerang",
    "Cilegon",
    "Tangerang Selatan",
    "Labuan",
    "Malingping",
    "Anyer",
    "Balaraja",
    "Ciruas",
    "Kragilan",
    "Cikande",
    "Menes",
    "Bayah",
    "Tigaraksa",
    "Kresek",
    "Pontang",
    "Walantaka",
    "Pamulang",
    "Ciputat",
    "Merak",
    "Jakarta",
    "Bogor",
    "Bandung",
    "Lampung",
    "Cirebon",
]
AGAMA = [("1", 0.95), ("2", 0.022), ("3", 0.013), ("4", 0.003), ("5", 0.01), ("6", 0.002)]
SCHOOLS = [
    "Universitas Sultan Ageng Tirtayasa",
    "Universitas Indonesia",
    "Universitas Padjadjaran",
    "Universitas Negeri Jakarta",
    "Universitas Pendidikan Indonesia",
    "UIN Sultan Maulana Hasanuddin",
    "Institut Pertanian Bogor",
    "Universitas Gadjah Mada",
    "Universitas Terbuka",
    "Institut Pemerintahan Dalam Negeri",
    "Universitas Mathla'ul Anwar",
    "Politeknik Kesehatan Banten",
]
TRAININGS = [
    ("3", "Pelatihan Teknis Pengelolaan Keuangan Daerah", 40),
    ("3", "Bimbingan Teknis SIASN", 24),
    ("2", "Pelatihan Fungsional Penjenjangan", 60),
    ("4", "Workshop Manajemen Talenta ASN", 16),
    ("3", "Pelatihan Pengadaan Barang/Jasa", 40),
    ("4", "Workshop Penyusunan SKP", 8),
    ("3", "Pelatihan Pelayanan Publik Prima", 30),
    ("3", "Pelatihan Literasi Digital", 20),
    ("2", "Pelatihan Kurikulum Merdeka", 32),
    ("3", "Pelatihan Kearsipan Dinamis", 24),
]
LEADERSHIP = {  # kind → (latihan_struktural code, name, hours)
    "pkp": ("2", "Pelatihan Kepemimpinan Pengawas (PKP)", 280),
    "pka": ("3", "Pelatihan Kepemimpinan Administrator (PKA)", 350),
    "pkn2": ("4", "Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", 400),
    "pkn1": ("5", "Pelatihan Kepemimpinan Nasional Tingkat I (PKN I)", 450),
}
DISCIPLINE = {"R": ["1", "2", "3"], "S": ["4", "6", "7"], "B": ["9", "13", "14"]}
STRENGTHS = [
    "Integritas tinggi dan konsisten",
    "Mampu membangun kerja sama lintas unit",
    "Komunikasi lisan dan tulisan yang jelas",
    "Berorientasi pada hasil",
    "Cepat belajar hal baru",
]
DEVELOP = [
    "Pengambilan keputusan dalam situasi tidak pasti",
    "Mengelola perubahan organisasi",
    "Pengembangan diri dan orang lain",
    "Pemikiran strategis jangka panjang",
]
ASPECTS = (
    "intellectual",
    "interpersonal",
    "self_awareness",
    "critical_strategic_thinking",
    "problem_solving",
    "emotional_intelligence",
    "growth_mindset",
    "grit",
)


@dataclass
class UnitRow:
    pk: int
    parent: UnitRow | None
    opd: int
    name: str
    kind: str
    eselon: str
    path: str
    depth: int
    order: int
    office_weight: float = 0.0
    role: str = ""  # "school" | "instalasi" | "" (office)
    head: int | None = None  # employee pk of the definitive head, once generated


@dataclass
class Post:
    unit: UnitRow
    name: str
    eselon: str
    heads_unit: bool
    opd_key: str
    pk: int = 0
    holder: int | None = None
    vacant: bool = False
    plt: bool = False
    acting: int | None = None
    acting_since: date | None = None


@dataclass
class Opd:
    spec: S.OpdSpec
    root: UnitRow
    units: list[UnitRow] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)


@dataclass
class Summary:
    counts: dict[str, int]
    elapsed: float
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, password, role, scope
    instansi_id: int | None = None

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    r = rng.random() * sum(w for _, w in weighted)
    for value, w in weighted:
        r -= w
        if r < 0:
            return value
    return weighted[-1][0]


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties by position)."""
    s = sum(weights)
    if total <= 0 or s <= 0:
        return [0] * len(weights)
    quotas = [total * w / s for w in weights]
    counts = [int(q) for q in quotas]
    rest = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[:rest]:
        counts[i] += 1
    return counts


def _months_add(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


class JfTable:
    """BKN's jabatanFungsional rows by family and jenjang (the copy shipped under core/referensi)."""

    def __init__(self) -> None:
        path = Path(settings.TALENTA_REFERENCE_DIR) / "jabatanFungsional.json"
        rows = json.loads(path.read_text(encoding="utf-8"))
        self.rows = rows if isinstance(rows, list) else rows.get("data", [])
        self._cache: dict[str, dict[str, tuple[str, str, int]]] = {}

    def family(self, name: str) -> dict[str, tuple[str, str, int]]:
        """{jenjang: (id, name, usiaBup)}; the exact "<family> <jenjang>" name wins, current rows first."""
        if name not in self._cache:
            found: dict[str, tuple[int, tuple[str, str, int]]] = {}
            for r in self.rows:
                nama, jenjang = r.get("nama") or "", r.get("jenjang") or ""
                if not nama.startswith(name + " ") or jenjang not in JENJANG_LABEL:
                    continue
                exact = nama == f"{name} {JENJANG_LABEL[jenjang]}"
                rank = (0 if exact else 2) + (0 if r.get("status") == "N" else 1)
                value = (
                    r["id"],
                    nama,
                    int(r.get("usiaBup") or 0) or jr.bup_age(jr.JF_JENJANG_LEVEL[jenjang]),
                )
                if jenjang not in found or rank < found[jenjang][0]:
                    found[jenjang] = (rank, value)
            self._cache[name] = {j: v for j, (_, v) in found.items()}
        return self._cache[name]


EXPERT_BY_RANK = [("33", "PT"), ("41", "MU"), ("44", "MA"), ("99", "UT")]  # rank < key → jenjang
SKILLED_BY_RANK = [("22", "PM"), ("31", "TR"), ("33", "MH"), ("99", "PY")]


def _jenjang_for(rank: str, expert: bool) -> str:
    for bound, j in EXPERT_BY_RANK if expert else SKILLED_BY_RANK:
        if rank < bound:
            return j
    return "UT" if expert else "PY"


ORDER_EXPERT = ["PT", "MU", "MA", "UT"]
ORDER_SKILLED = ["PM", "TR", "MH", "PY"]


def _nearest(
    family: dict[str, tuple[str, str, int]], jenjang: str
) -> tuple[str, tuple[str, str, int]] | None:
    if jenjang in family:
        return jenjang, family[jenjang]
    order = ORDER_EXPERT if jenjang in ORDER_EXPERT else ORDER_SKILLED
    i = order.index(jenjang)
    for j in sorted(order, key=lambda x: abs(order.index(x) - i)):
        if j in family:
            return j, family[j]
    return None


GELAR_S1 = [
    ("S.E.", "Ekonomi Manajemen"),
    ("S.H.", "Ilmu Hukum"),
    ("S.Sos.", "Ilmu Administrasi Negara"),
    ("S.IP.", "Ilmu Pemerintahan"),
    ("S.Kom.", "Teknik Informatika"),
    ("S.T.", "Teknik Sipil"),
    ("S.AP.", "Administrasi Publik"),
    ("S.Si.", "Statistika"),
    ("S.P.", "Agribisnis"),
    ("S.Ak.", "Akuntansi"),
]
GELAR_S2 = [
    ("M.Si.", "Ilmu Administrasi"),
    ("M.M.", "Manajemen"),
    ("M.H.", "Ilmu Hukum"),
    ("M.T.", "Teknik Sipil"),
    ("M.AP.", "Administrasi Publik"),
    ("M.Ak.", "Akuntansi"),
]
SUBJECTS = [
    "Matematika",
    "Bahasa Indonesia",
    "Bahasa Inggris",
    "Fisika",
    "Kimia",
    "Biologi",
    "Sejarah",
    "Ekonomi",
    "Geografi",
    "Pendidikan Agama Islam",
    "PJOK",
    "Teknik Otomotif",
    "Akuntansi",
    "Pendidikan Luar Biasa",
    "Bimbingan dan Konseling",
]
HEALTH_GELAR = {  # family → (skilled gelar, expert gelar, study)
    "Perawat": ("A.Md.Kep.", "S.Kep., Ners", "Keperawatan"),
    "Bidan": ("A.Md.Keb.", "S.Tr.Keb.", "Kebidanan"),
    "Dokter": ("", "", "Pendidikan Dokter"),
    "Dokter Gigi": ("", "", "Pendidikan Dokter Gigi"),
    "Apoteker": ("A.Md.Farm.", "S.Farm., Apt.", "Farmasi"),
    "Asisten Apoteker": ("A.Md.Farm.", "S.Farm.", "Farmasi"),
}


class Generator:
    def __init__(self, *, size: int, seed: int, as_of: date, instansi_key: str, progress: Progress) -> None:
        from faker.providers.person.id_ID import Provider as Names

        self.size, self.seed, self.as_of, self.key, self.progress = size, seed, as_of, instansi_key, progress
        self.rng = random.Random(seed)
        # BKN-style ids come from their own stream: a new field elsewhere does not shift every id.
        self.id_rng = random.Random(f"{seed}:{instansi_key}:ids")
        self.f = size / FULL_SIZE
        self.jf = JfTable()
        self.nip_used: dict[int, int] = {}
        self.special: dict[str, int] = {}
        self.unit_pk = itertools.count(next_pk(Unit))
        self._age_service = self._joint_age_service()
        # Faker's id_ID name lists, drawn with our seeded generator (calling Faker per name is slow).
        self.first = {MALE: list(Names.first_names_male), FEMALE: list(Names.first_names_female)}
        self.last = {MALE: list(Names.last_names_male), FEMALE: list(Names.last_names_female)}
        self.skp_years = [as_of.year - 3, as_of.year - 2, as_of.year - 1]

    def hexid(self) -> str:
        return f"{self.id_rng.getrandbits(128):032x}"

    # ---- age and years of service --------------------------------------------------------------------
    def _joint_age_service(self) -> tuple[list[tuple[int, int]], list[float]]:
        """Ages and years of service both follow BANTEN.md and every pair is possible (entry at 19–44):
        band weights fitted by iterative proportional fitting over the feasible (age, service) pairs."""
        cells = [(a, s) for a in range(20, 60) for s in range(0, 39) if 19 <= a - s <= 44]

        def band(x: int, bands: list) -> int:
            return next(i for i, ((lo, hi), _) in enumerate(bands) if lo <= x <= hi)

        ab = [band(a, AGE_BANDS) for a, _ in cells]
        sb = [band(s, SERVICE_BANDS) for _, s in cells]
        wa, ws = [1.0] * len(AGE_BANDS), [1.0] * len(SERVICE_BANDS)
        for _ in range(60):
            for weights, idx, bands in ((wa, ab, AGE_BANDS), (ws, sb, SERVICE_BANDS)):
                mass = [0.0] * len(bands)
                for i in range(len(cells)):
                    mass[idx[i]] += wa[ab[i]] * ws[sb[i]]
                total = sum(mass)
                for k, (_, target) in enumerate(bands):
                    if mass[k] > 0:
                        weights[k] *= target / (mass[k] / total)
        return cells, list(itertools.accumulate(wa[ab[i]] * ws[sb[i]] for i in range(len(cells))))

    def draw_age_service(self, edu: str) -> tuple[int, int]:
        cells, cum = self._age_service
        a, s = cells[bisect.bisect(cum, self.rng.random() * cum[-1])]
        if a - s < MIN_ENTRY_AGE[edu]:  # keep the age (its distribution matters most), shorten the service
            a = max(a, MIN_ENTRY_AGE[edu])
            s = self.rng.randint(0, a - MIN_ENTRY_AGE[edu])
        return a, s

    # ---- the organisation ----------------------------------------------------------------------------
    def _count(self, base: float) -> int:
        """Scaled count with stochastic rounding, never more than the real shape."""
        x = base * min(1.0, self.f)
        return int(x) + (self.rng.random() < x - int(x))

    def _unit(
        self,
        opd: Opd | None,
        parent: UnitRow | None,
        name: str,
        kind: str,
        eselon: str,
        weight: float = 1.0,
        role: str = "",
    ) -> UnitRow:
        p = next(self.unit_pk)
        path, depth, opd_pk = Unit.place(p, (parent.path, parent.depth, parent.opd) if parent else None)
        u = UnitRow(p, parent, opd_pk, name, kind, eselon, path, depth, p, weight, role)
        if opd is not None:
            opd.units.append(u)
        return u

    def build_structure(self) -> list[Opd]:
        rng = self.rng
        opds: list[Opd] = []

        def post(opd: Opd, u: UnitRow, name: str, eselon: str, heads: bool = True) -> None:
            key = opd.spec.key if (u.parent is None and heads) else ""
            opd.posts.append(Post(u, name, eselon, heads, key))

        for spec in S.OPDS:
            opd = Opd(spec, None)  # type: ignore[arg-type]
            opd.root = self._unit(opd, None, spec.name, Unit.Kind.OPD, spec.eselon, 0.8)
            opds.append(opd)
            head = {
                "sekda": "Sekretaris Daerah",
                "dprd": "Sekretaris DPRD",
                "inspektorat": "Inspektur",
                "rsud": f"Direktur {spec.name}",
            }.get(spec.family, f"Kepala {spec.name}")
            post(opd, opd.root, head, spec.eselon)
            if spec.family == "sekda":
                for name in S.STAF_AHLI[: max(1, self._count(rng.choice([3, 4, 5])))]:
                    post(opd, opd.root, name, "21", heads=False)
                for a_name, biros in S.ASISTEN:
                    a = self._unit(opd, opd.root, a_name, Unit.Kind.LAIN, "21", 0.3)
                    post(opd, a, a_name, "21")
                    for b_name in biros:
                        b = self._unit(opd, a, b_name, Unit.Kind.BIRO, "22", 1.0)
                        post(opd, b, f"Kepala {b_name}", "22")
                        for g_name in S.BAGIAN_BIRO[: self._count(3)]:
                            g_full = f"{g_name} {b_name.removeprefix('Biro ')}"
                            g = self._unit(opd, b, g_full, Unit.Kind.BIDANG, "31", 1.0)
                            post(opd, g, f"Kepala {g_full}", "31")
                            for sub in ["Subbagian Administrasi", "Subbagian Analisis"][: self._count(2)]:
                                x = self._unit(opd, g, f"{sub} {g_full}", Unit.Kind.SUBBAGIAN, "41", 0.7)
                                post(opd, x, f"Kepala {x.name}", "41")
                continue
            if rng.random() < min(1.0, 0.3 + self.f):
                sek = self._unit(opd, opd.root, f"Sekretariat {spec.short}", Unit.Kind.SEKRETARIAT, "31", 2.0)
                post(opd, sek, f"Sekretaris {spec.short}", "31")
                for name in S.SUBBAGIAN[: self._count(rng.choice([2, 3]))]:
                    sub = self._unit(opd, sek, name, Unit.Kind.SUBBAGIAN, "41", 0.7)
                    post(opd, sub, f"Kepala {name}", "41")
            eselon = {"dprd": "31"}.get(spec.family, "32")
            chosen = [n for n in spec.bidang if rng.random() < min(1.0, self.f)]
            for name in chosen:
                b = self._unit(opd, opd.root, name, Unit.Kind.BIDANG, eselon, 1.5)
                post(opd, b, name if name.startswith("Inspektur") else f"Kepala {name}", eselon)
                if spec.family == "inspektorat":
                    continue  # the Irban work with JF auditors, no Seksi
                # Since the 2021–22 simplification many Seksi are functional posts: some Bidang have none.
                n = 0 if rng.random() < 0.15 else self._count(rng.choice([2, 3, 3]))
                label = (
                    "Subbidang" if spec.family == "badan" else ("Subbagian" if eselon == "31" else "Seksi")
                )
                for s_name in rng.sample(S.SEKSI, n):
                    s = self._unit(opd, b, f"{label} {s_name}", Unit.Kind.SUBBAGIAN, "41", 0.7)
                    post(opd, s, f"Kepala {label} {s_name}", "41")
            if spec.family == "rsud":
                for name in S.INSTALASI[: max(2, self._count(len(S.INSTALASI)))]:
                    self._unit(opd, opd.root, name, Unit.Kind.LAIN, "", 0.0, role="instalasi")
            for name in spec.upt:
                if rng.random() < min(1.0, self.f) or (spec.key == "pendidikan" and name == spec.upt[0]):
                    es = "32" if spec.key == "pendidikan" or rng.random() < 0.4 else "41"
                    u = self._unit(opd, opd.root, name, Unit.Kind.UPT, es, 2.0)
                    post(opd, u, f"Kepala {name}", es)
                    if es == "32":  # a III.b UPT/Cabang Dinas has its Subbagian Tata Usaha and Seksi
                        for sub in ["Subbagian Tata Usaha", "Seksi Pelayanan", "Seksi Pengawasan"][
                            : self._count(3)
                        ]:
                            x = self._unit(
                                opd, u, f"{sub} {name.removeprefix('UPT ')}", Unit.Kind.SUBBAGIAN, "41", 0.7
                            )
                            post(opd, x, f"Kepala {x.name}", "41")
        return opds

    def add_schools(self, opd: Opd, teachers: int) -> list[UnitRow]:
        """SMA/SMK/SLB units (about 40 teachers each) under the Cabang Dinas of the kab/kota."""
        cabang = [u for u in opd.units if u.kind == Unit.Kind.UPT] or [opd.root]
        numbers: dict[tuple[str, str], int] = {}
        schools = []
        for i in range(max(1, round(teachers / 40))):
            parent = cabang[i % len(cabang)]
            wilayah = parent.name.removeprefix("Cabang Dinas Pendidikan Wilayah ")
            kind = _pick(self.rng, [("SMA Negeri", 0.55), ("SMK Negeri", 0.38), ("SLB Negeri", 0.07)])
            numbers[(kind, wilayah)] = numbers.get((kind, wilayah), 0) + 1
            schools.append(
                self._unit(
                    opd,
                    parent,
                    f"{kind} {numbers[(kind, wilayah)]} {wilayah}",
                    Unit.Kind.SEKOLAH,
                    "",
                    0.0,
                    "school",
                )
            )
        return schools

    def plan_vacancies(self, opds: list[Opd]) -> None:
        """Some posts vacant today (half held by a Plt), never the posts the demo accounts need."""
        protected = {"sekda", "bkd", "kesehatan"}
        posts = [p for o in opds for p in o.posts]
        cap = int(self.size * 0.6)  # a tiny demo cannot staff every post
        for i, p in enumerate(posts):
            if p.opd_key in protected:
                continue
            if i >= cap or self.rng.random() < 0.045:
                p.vacant = True
                p.plt = i < cap and self.rng.random() < 0.55
        for o in opds:  # one JPT post certainly vacant with a Plt, one Pengawas post plainly vacant
            if o.spec.short == "Bahub":
                o.posts[0].vacant = o.posts[0].plt = True
            if o.spec.short == "Dinsos":
                for p in o.posts:
                    if p.eselon == "41":
                        p.vacant, p.plt = True, False
                        break

    # ---- people ---------------------------------------------------------------------------------------
    def nip(self, birth: date, year: int, month: int, sex: str) -> str:
        key = ((birth.toordinal() * 10000 + year) * 100 + month) * 2 + (sex == FEMALE)
        serial = self.nip_used.get(key, 0) + 1
        self.nip_used[key] = serial
        if month == 21:  # NI PPPK: birth date, year of appointment, "21", sex, serial (not a NIP)
            return f"{birth:%Y%m%d}{year:04d}21{'1' if sex == MALE else '2'}{serial:03d}"
        return make_nip(birth_date=birth, cpns_year=year, cpns_month=month, sex=sex, serial=serial)

    def name(self, sex: str) -> str:
        rng = self.rng
        first = rng.choice(self.first[sex])
        if rng.random() < 0.75:
            return f"{first} {rng.choice(self.last[sex])}"
        second = rng.choice(self.first[sex])
        return f"{first} {second}" if second != first else first

    def ranks(self, entry: str, cap: str, service: int, rng_range: tuple[str, str] | None) -> list[str]:
        order = jr.GOLONGAN_ORDER
        i0 = order.index(entry)
        steps = max(0, (service + self.rng.randint(-2, 2)) // 4)
        target = min(order[min(i0 + steps, len(order) - 1)], cap)
        if rng_range:  # structural holders sit within their eselon's rank range (PP 13/2002)
            target = min(max(target, rng_range[0]), rng_range[1])
        target = max(target, entry)
        return list(order[i0 : order.index(target) + 1])

    def employee(self, g: dict[str, Any]) -> None:
        """Draw one person for a post and write the employee with every history. `g` carries the post
        (category, unit, opd) and receives the drawn values back (pk, name, nip, level)."""
        rng, as_of = self.rng, self.as_of
        cat: str = g["cat"]
        pppk = g.get("pppk", False)
        struct_group = g.get("group")  # jpt | administrator | pengawas
        sex = FEMALE if rng.random() < {"struct": 0.35, "guru": 0.62, "health": 0.70}.get(cat, 0.50) else MALE
        g["sex"] = sex
        if struct_group:
            edu = _pick(rng, STRUCT_EDU[struct_group])
            lo, hi = STRUCT_SERVICE[struct_group]
            service = rng.randint(lo, hi)
            entry_age = rng.randint(MIN_ENTRY_AGE[edu], max(MIN_ENTRY_AGE[edu], 32))
            age = min(entry_age + service, g["bup"] - 1)
            service = min(service, age - MIN_ENTRY_AGE[edu])
        else:
            edu = _pick(rng, EDU_MIX[cat])
            age, service = self.draw_age_service(edu)
        bup = g.get("bup") or 58
        # --- the post of a JF or pelaksana follows the person's education and rank
        edu_code, _edu_label, entry_rank, cap = EDU[edu]
        rank_range = jr.ESELON_RANK_RANGE.get(g.get("eselon", "")) if struct_group else None
        if cat in ("jf", "guru", "health") and edu in ("S-1", "S-2", "S-3", "D-IV"):
            cap = max(cap, "43")
        if pppk:
            service = 0
        ranks = self.ranks(entry_rank, cap, service, rank_range)
        rank = ranks[-1]
        if cat != "struct":
            self.choose_post(g, edu, rank, pppk)
            bup = g["bup"]
            if g["level"] == "pelaksana":  # golongan IV needs a post (`talenta check-data`, issue 13)
                ceiling = pelaksana_rank_ceiling(edu_code)
                ranks = [r for r in ranks if r <= ceiling] or ranks[:1]
                rank = ranks[-1]
        birth = add_years(as_of, -age) - timedelta(days=rng.randint(1, 364))
        if g.get("retire_soon"):  # retirement (1st of the month after the BUP birthday) within 24 months
            target = _months_add(as_of, rng.randint(1, 23))
            birth = date(
                target.year - bup - (target.month == 1), (target.month - 2) % 12 + 1, rng.randint(1, 28)
            )
        while retirement_date(birth, bup) <= as_of:  # still in service on `as_of`
            birth = add_years(birth, 1)
        age = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
        service = min(service, max(0, age - MIN_ENTRY_AGE[edu]))
        if pppk:
            tmt = _pick(
                rng,
                [
                    (date(2021, 3, 1), 0.15),
                    (date(2022, 10, 1), 0.2),
                    (date(2023, 10, 1), 0.2),
                    (date(2024, 3, 1), 0.15),
                    (date(2025, 8, 1), 0.3),
                ],
            )
            nip = self.nip(birth, tmt.year, 21, sex)
            tmt_cpns = tmt_pns = None
        else:
            tmt = _months_add(date(as_of.year - service, as_of.month, 1), -rng.randint(0, 11))
            earliest = _months_add(add_years(birth, 18), 1)
            tmt = max(tmt, earliest)
            nip = self.nip(birth, tmt.year, tmt.month, sex)
            tmt_cpns, tmt_pns = tmt, _months_add(tmt, 12 + rng.randint(0, 6))
            g["tmt_cpns"] = tmt_cpns
            if tmt_pns > as_of:
                tmt_pns = None
        pk = self.w_emp.pk()
        g["pk"], g["nip"] = pk, nip
        name = self.name(sex)
        depan, belakang, study = self.titles(g, edu, age)
        g["full_name"] = f"{depan} {name}".strip() + (f", {belakang}" if belakang else "")
        # --- rank history: entry, then one step about every 4 years (TMT 1 April or 1 October)
        gol_rows = []
        if not pppk:
            k = len(ranks) - 1
            last = as_of - timedelta(days=rng.randint(30, 4 * 365 if not struct_group else 3 * 365))
            span = max(0.0, (last - tmt).days / 365.25)
            for i, gol in enumerate(ranks):
                if i == 0:
                    t = tmt
                else:
                    y = tmt.year + int(span * i / k) if k else tmt.year
                    t = date(min(y, as_of.year), rng.choice((4, 10)), 1)
                    t = max(t, _months_add(gol_rows[-1][0], 12))
                    if t > as_of:
                        t = date(as_of.year if as_of.month > 4 else as_of.year - 1, 4, 1)
                gol_rows.append((t, gol))
            for i, (t, gol) in enumerate(gol_rows):
                mk = (t.year - tmt.year) * 12 + t.month - tmt.month
                jenis = "211" if i == 0 else ("201" if struct_group and i == len(gol_rows) - 1 else "101")
                self.w_gol.add(
                    (
                        self.w_gol.pk(),
                        pk,
                        self.hexid(),
                        gol,
                        t,
                        f"823.3/Kep.{rng.randint(100, 9999)}-BKD/{t.year}",
                        t - timedelta(days=rng.randint(20, 60)),
                        jenis,
                        mk // 12,
                        mk % 12,
                    )
                )
        tmt_gol = gol_rows[-1][0] if gol_rows else None
        mk_gol = ((tmt_gol.year - tmt.year) * 12 + tmt_gol.month - tmt.month) if tmt_gol else None
        # --- post history: the current post and 1–3 earlier ones
        start = tmt if pppk else (tmt_cpns or tmt)
        years_in_post = rng.randint(0, 5) if struct_group else rng.randint(0, max(0, min(8, service)))
        tmt_jab = max(
            start, _months_add(date(as_of.year - years_in_post, as_of.month, 1), -rng.randint(0, 11))
        )
        unit: UnitRow = g["unit"]
        jab_kind = {"struct": "1", "pelaksana": "4"}.get(cat, "2")
        self.w_jab.add(
            (
                self.w_jab.pk(),
                pk,
                self.hexid(),
                g["post_pk"],
                unit.pk,
                jab_kind,
                g["level"],
                g.get("eselon", ""),
                g.get("jf_code", ""),
                g["post_name"],
                unit.name,
                self.unor[unit.pk],
                tmt_jab,
                tmt_jab if struct_group else None,
                f"821.2/Kep.{rng.randint(10, 999)}-BKD/{tmt_jab.year}",
                tmt_jab - timedelta(days=rng.randint(5, 30)),
                "D",
                "MJ",
            )
        )
        earlier = 0 if pppk else min(rng.randint(1, 3), max(0, (tmt_jab - start).days // 700))
        prev_end = tmt_jab
        for j in range(earlier):
            frac = (earlier - j) / (earlier + 1)
            t = start + timedelta(days=int((tmt_jab - start).days * (1 - frac)))
            t = date(t.year, t.month, 1)
            if t >= prev_end:
                continue
            prev_name = (
                rng.choice(S.PELAKSANA_POSTS) if j == 0 or not struct_group else g.get("prev_name", "")
            )
            self.w_jab.add(
                (
                    self.w_jab.pk(),
                    pk,
                    self.hexid(),
                    None,
                    None,
                    "4",
                    jr.Level.PELAKSANA.value,
                    "",
                    "",
                    prev_name or rng.choice(S.PELAKSANA_POSTS),
                    g["opd_name"],
                    "",
                    t,
                    None,
                    f"821.2/Kep.{rng.randint(10, 999)}-BKD/{t.year}",
                    t - timedelta(days=10),
                    "D",
                    "MU" if j % 2 else "MJ",
                )
            )
        # --- education: the highest diploma, and the one before it for graduates
        grad = (
            birth.year
            + {
                "SD": 12,
                "SMP": 15,
                "SLTA": 18,
                "D-I": 19,
                "D-II": 20,
                "D-III": 21,
                "D-IV": 22,
                "S-1": 22,
                "S-2": 26,
                "S-3": 32,
            }[edu]
            + rng.randint(0, 2)
        )
        grad = min(grad, as_of.year - 1)
        school = (
            rng.choice(SCHOOLS)
            if edu in ("D-III", "D-IV", "S-1", "S-2", "S-3")
            else f"SMA Negeri {rng.randint(1, 12)} {rng.choice(S.WILAYAH)}"
        )
        self.w_edu.add(
            (
                self.w_edu.pk(),
                pk,
                self.hexid(),
                edu_code,
                f"{edu} {study}".strip(),
                school,
                grad,
                date(grad, rng.choice((7, 8, 9)), rng.randint(1, 28)),
            )
        )
        if edu in ("S-2", "S-3", "S-1", "D-IV", "D-III"):
            prev = {"S-3": "S-2", "S-2": "S-1", "S-1": "SLTA", "D-IV": "SLTA", "D-III": "SLTA"}[edu]
            py = grad - {"S-2": 4, "S-1": 4, "D-IV": 4, "D-III": 3, "SLTA": 4}.get(prev, 4)
            self.w_edu.add(
                (
                    self.w_edu.pk(),
                    pk,
                    self.hexid(),
                    EDU[prev][0],
                    prev,
                    school if prev != "SLTA" else f"SMA Negeri {rng.randint(1, 12)} {rng.choice(S.WILAYAH)}",
                    py,
                    date(py, 6, 30),
                )
            )
        # --- leadership training for structural holders (some still "perlu pelatihan")
        if struct_group:
            kinds = {"pengawas": ["pkp"], "administrator": ["pkp", "pka"], "jpt": ["pkp", "pka", "pkn2"]}[
                struct_group
            ]
            if g.get("eselon") in ("11", "12"):
                kinds = [*kinds, "pkn1"]
            if rng.random() < 0.15:
                kinds = kinds[:-1]
            for n, kind in enumerate(kinds):
                code, lname, hours = LEADERSHIP[kind]
                year = max(tmt.year + 2, as_of.year - 2 * (len(kinds) - n) - rng.randint(0, 3))
                self.w_lead.add(
                    (
                        self.w_lead.pk(),
                        pk,
                        self.hexid(),
                        kind,
                        code,
                        lname,
                        min(year, as_of.year - 1),
                        hours,
                        f"{kind.upper()}/{rng.randint(100, 999)}/{year}",
                    )
                )
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            jd, tname, hours = rng.choice(TRAININGS)
            self.w_train.add(
                (
                    self.w_train.pk(),
                    pk,
                    self.hexid(),
                    jd,
                    tname,
                    rng.choice(["BPSDM Provinsi Banten", "BKN", "LAN RI", "Kemendagri"]),
                    rng.randint(max(start.year, as_of.year - 8), as_of.year - 1)
                    if start.year < as_of.year
                    else as_of.year,
                    hours,
                )
            )
        # --- SKP for the three years before as_of's year: a person's tendency plus yearly noise
        tendency = rng.gauss(0, 0.6)
        appraiser = self.appraiser(unit, is_head=g.get("heads", False))
        for year in self.skp_years:
            if start.year > year or (pppk and start > date(year, 6, 30)):
                continue  # not yet in service that year: missing evidence, not a pass
            x = tendency + rng.gauss(0, 0.7)
            hasil = "di_atas" if x > 0.8 else ("di_bawah" if x < -1.35 else "sesuai")
            y = x + rng.gauss(0, 0.7)
            perilaku = "di_atas" if y > 0.6 else ("di_bawah" if y < -1.9 else "sesuai")
            self.w_skp.add(
                (
                    self.w_skp.pk(),
                    pk,
                    self.hexid(),
                    year,
                    hasil,
                    perilaku,
                    predikat(hasil, perilaku),
                    appraiser[0],
                    appraiser[1],
                )
            )
        # --- a few disciplinary sentences, some awards
        if rng.random() < 0.015 and not struct_group and start.year < as_of.year:
            level = _pick(rng, [("R", 0.7), ("S", 0.22), ("B", 0.08)])
            d0 = date(rng.randint(max(start.year, as_of.year - 7), as_of.year - 1), rng.randint(1, 12), 1)
            months = {"R": 6, "S": 12, "B": 36}[level]
            self.w_disc.add(
                (
                    self.w_disc.pk(),
                    pk,
                    self.hexid(),
                    level,
                    rng.choice(DISCIPLINE[level]),
                    {
                        "R": "Hukuman disiplin ringan",
                        "S": "Hukuman disiplin sedang",
                        "B": "Hukuman disiplin berat",
                    }[level],
                    d0,
                    _months_add(d0, months),
                    f"862/Kep.{rng.randint(1, 300)}-BKD/{d0.year}",
                )
            )
        if not pppk:
            for years, code in ((30, "203"), (20, "202"), (10, "201")):
                if service >= years and rng.random() < 0.35:
                    y = min(tmt.year + years + 1, as_of.year - 1)
                    self.w_award.add(
                        (
                            self.w_award.pk(),
                            pk,
                            self.hexid(),
                            code,
                            f"Satyalancana Karya Satya {years} Tahun",
                            y,
                            f"Keppres {rng.randint(1, 120)}/TK/{y}",
                            date(y, 8, 17),
                        )
                    )
                    break
        # --- the employee row itself
        kawin = (
            "4"
            if age < 26 and rng.random() < 0.6
            else _pick(rng, [("1", 0.9), ("2", 0.03), ("3", 0.03), ("4", 0.04)])
        )
        nik = f"36{rng.randint(1, 74):02d}{rng.randint(1, 30):02d}{birth.day + (40 if sex == FEMALE else 0):02d}{birth:%m%y}{rng.randint(1, 9999):04d}"  # noqa: E501
        self.w_emp.add(
            (
                pk,
                self.instansi_id,
                unit.pk,
                g["post_pk"],
                nip,
                self.hexid(),
                name,
                depan,
                belakang,
                rng.choice(BIRTH_PLACES),
                birth,
                sex,
                _pick(rng, AGAMA),
                kawin,
                nik,
                f"{name.lower().replace(' ', '.')}{pk}@demo.talenta.example",
                f"08{rng.randint(10**9, 10**10 - 1)}",
                "pppk" if pppk else "pns",
                "" if pppk else "10",
                "01",
                tmt_cpns,
                tmt_pns,
                "" if pppk else rank,
                tmt_gol,
                None if mk_gol is None else mk_gol // 12,
                None if mk_gol is None else mk_gol % 12,
                tmt_jab,
                edu_code,
                f"{edu} {study}".strip(),
                grad,
            )
        )
        g.update(age=age, rank=rank, birth=birth, pppk=pppk, tmt_jab=tmt_jab)
        self.maybe_assess(g)
        self.progress.advance(1)

    def titles(self, g: dict[str, Any], edu: str, age: int) -> tuple[str, str, str]:
        rng, fam = self.rng, g.get("family", "")
        depan, belakang, study = "", "", ""
        if g["cat"] == "guru":
            subj = rng.choice(SUBJECTS)
            study = f"Pendidikan {subj}" if not subj.startswith("Pendidikan") else subj
            belakang = {"S-1": "S.Pd.", "S-2": "S.Pd., M.Pd.", "S-3": "M.Pd."}[edu]
        elif fam in ("Dokter", "Dokter Gigi"):
            depan = "dr." if fam == "Dokter" else "drg."
            study = HEALTH_GELAR[fam][2]
            belakang = {"S-2": "M.Kes.", "S-3": "Sp.PD"}.get(edu, "")
        elif fam in HEALTH_GELAR:
            skilled, expert, study = HEALTH_GELAR[fam]
            belakang = skilled if edu == "D-III" else expert
            if edu == "S-2":
                belakang += ", M.Kes."
        elif g["cat"] == "health":
            study = "Kesehatan Masyarakat"
            belakang = {"D-III": "A.Md.Kes.", "S-2": "S.K.M., M.Kes.", "D-IV": "S.Tr.Kes."}.get(edu, "S.K.M.")
        elif edu in ("S-1", "S-2", "S-3"):
            s1, study = rng.choice(GELAR_S1)
            belakang = s1
            if edu in ("S-2", "S-3"):
                s2, study = rng.choice(GELAR_S2)
                belakang = f"{s1}, {s2}"
        elif edu == "D-IV":
            belakang, study = "S.Tr.", "Terapan Administrasi"
        elif edu == "D-III":
            belakang, study = "A.Md.", "Administrasi"
        if edu == "S-3" and not depan:
            depan = "Dr."
        elif age > 40 and not depan and rng.random() < 0.08:
            depan = "H." if g.get("sex") == MALE else "Hj."
        return depan, belakang, study

    def choose_post(self, g: dict[str, Any], edu: str, rank: str, pppk: bool) -> None:
        """Fill `g` with the JF or pelaksana post this person holds (real rows of jabatanFungsional)."""
        rng, cat = self.rng, g["cat"]
        expert = edu in ("S-1", "S-2", "S-3", "D-IV")
        if cat == "pelaksana":
            g.update(
                post_name=rng.choice(S.PELAKSANA_POSTS),
                kind="pelaksana",
                level="pelaksana",
                bup=58,
                jf_code="",
            )
            return
        if cat == "guru":
            families = ["Guru"]
        elif cat == "health":
            families = HEALTH_EXPERT if expert else HEALTH_SKILLED
        else:
            own = [f for f in g["opd_jf"] if rng.random() < 0.7]
            families = own or S.GENERIC_JF
        jenjang = "PT" if pppk and expert else ("TR" if pppk else _jenjang_for(rank, expert))
        for fam in [rng.choice(families), *list(families), *S.GENERIC_JF]:
            found = _nearest(self.jf.family(fam), jenjang)
            if found and (found[0] in ORDER_EXPERT) == expert:
                j, (code, name, bup) = found
                g.update(
                    post_name=name,
                    kind="fungsional",
                    level=jr.JF_JENJANG_LEVEL[j].value,
                    bup=bup,
                    jf_code=code,
                    family=fam,
                )
                return
        g.update(
            post_name=rng.choice(S.PELAKSANA_POSTS), kind="pelaksana", level="pelaksana", bup=58, jf_code=""
        )

    def appraiser(self, unit: UnitRow, *, is_head: bool) -> tuple[str, str]:
        u: UnitRow | None = unit.parent if is_head else unit
        while u is not None:
            if u.pk in self.heads:
                return self.heads[u.pk]
            u = u.parent
        return ("Gubernur Banten", "") if is_head else ("", "")

    def maybe_assess(self, g: dict[str, Any]) -> None:
        rng = self.rng
        if g["pppk"]:
            return
        if g["cat"] == "struct":
            p = 0.9
        elif g["rank"] >= "33" and 30 <= g["age"] <= 56:
            p = self.p_candidate
        else:
            p = 0.0
        if rng.random() >= p:
            return
        level = g["level"]
        standard = jr.competency_standard(level)
        base = rng.gauss(0.15, 0.45)
        levels = {c: max(1.0, min(5.0, round(standard[c] + base + rng.gauss(0, 0.35), 1))) for c in standard}
        lo = date(self.as_of.year - 3, 1, 1)
        hi = add_years(self.as_of, -1) - timedelta(days=1)
        if g.get("tmt_cpns"):  # an ASN is assessed as an ASN, never before his TMT CPNS (issue 13)
            lo = max(lo, g["tmt_cpns"])
            if lo > hi:
                return
        day = lo + timedelta(days=rng.randint(0, (hi - lo).days))
        value = jpm(levels, standard).quantize(Decimal("0.000001"))
        pot = max(40.0, min(99.0, rng.gauss(76, 9)))
        aspects = {a: round(max(0.0, min(100.0, pot + rng.gauss(0, 6))), 1) for a in ASPECTS}
        score = 0.5 * min(float(value), 100.0) + 0.4 * pot + 0.1 * 80
        cat = "tinggi" if score >= 90 else ("menengah" if score >= 78 else "rendah")
        jpt_admin = level in ("jpt_pratama", "jpt_madya", "jpt_utama", "administrator")
        f_std = self.f_standard
        self.w_ass.add(
            (
                self.w_ass.pk(),
                g["pk"],
                day,
                "assessment_centre" if jpt_admin else "cat_bkn",
                *(Decimal(str(levels[c])) for c in jr.COMPETENCY_CODES),
                f_std.get_db_prep_save(standard, connection),
                f"Standar {jr.LEVEL_LABELS[jr.Level(level)]}",
                value,
                Decimal(str(round(pot, 2))),
                f_std.get_db_prep_save(aspects, connection),
                cat,
                rng.choice(STRENGTHS),
                rng.choice(DEVELOP),
                "Memenuhi standar kompetensi jabatan" if value >= 100 else "Perlu pengembangan kompetensi",
                "Pengembangan melalui penugasan dan pelatihan",
                "UPT Penilaian Kompetensi Pegawai BKN",
                3,
            )
        )

    # ---- the run ---------------------------------------------------------------------------------------
    def instansi(self) -> Instansi:
        spec = S.PROVINCE[self.key]
        inst, _ = Instansi.objects.get_or_create(
            bkn_id=spec["bkn_id"],
            defaults={
                "kode": spec["kode"],
                "name": spec["name"],
                "short_name": spec["short_name"],
                "kind": Instansi.Kind.PROVINSI,
                "satuan_kerja_id": spec["satuan_kerja_id"],
            },
        )
        for bkn_id, kode, name, kind in S.KABKOTA:
            Instansi.objects.get_or_create(
                bkn_id=bkn_id,
                defaults={
                    "kode": kode,
                    "name": name,
                    "kind": kind,
                    "parent": inst,
                    "short_name": name.removeprefix("Pemerintah "),
                },
            )
        return inst

    def writers(self) -> list[Writer]:
        b = 5000 if connection.vendor == "sqlite" else 2000
        self.w_unit = Writer(
            Unit,
            [
                "id",
                "instansi",
                "parent",
                "opd",
                "bkn_unor_id",
                "name",
                "short_name",
                "kind",
                "eselon",
                "path",
                "depth",
                "order",
            ],
            batch=b,
        )
        self.w_pos = Writer(
            Position,
            [
                "id",
                "instansi",
                "unit",
                "name",
                "kind",
                "level",
                "eselon",
                "jf_code",
                "heads_unit",
                "bkn_jabatan_id",
                "bup",
                "is_critical",
                "critical_reason",
                "needs_external_recommendation",
                "acting_holder",
                "acting_kind",
                "acting_since",
            ],
            batch=b,
        )
        self.w_emp = Writer(
            Employee,
            [
                "id",
                "instansi",
                "unit",
                "position",
                "nip",
                "bkn_id",
                "name",
                "gelar_depan",
                "gelar_belakang",
                "birth_place",
                "birth_date",
                "sex",
                "agama",
                "kawin",
                "nik",
                "email",
                "phone",
                "status",
                "jenis_pegawai",
                "kedudukan_hukum",
                "tmt_cpns",
                "tmt_pns",
                "golongan",
                "tmt_golongan",
                "mk_tahun",
                "mk_bulan",
                "tmt_jabatan",
                "education_level",
                "education_name",
                "graduation_year",
            ],
            batch=b,
        )
        h = ["id", "employee", "bkn_id"]
        self.w_gol = Writer(
            GolonganHistory,
            [*h, "golongan", "tmt", "sk_nomor", "sk_tanggal", "jenis_kp", "mk_tahun", "mk_bulan"],
            batch=b,
        )
        self.w_jab = Writer(
            JabatanHistory,
            [
                *h,
                "position",
                "unit",
                "jenis_jabatan",
                "level",
                "eselon",
                "jf_code",
                "jabatan_name",
                "unit_name",
                "unor_id",
                "tmt",
                "tmt_pelantikan",
                "sk_nomor",
                "sk_tanggal",
                "assignment",
                "mutation",
            ],
            batch=b,
        )
        self.w_edu = Writer(
            EducationHistory, [*h, "level", "name", "school", "graduation_year", "graduation_date"], batch=b
        )
        self.w_lead = Writer(
            LeadershipTraining,
            [*h, "kind", "latihan_struktural", "name", "year", "hours", "certificate_no"],
            batch=b,
        )
        self.w_train = Writer(Training, [*h, "jenis_diklat", "name", "institution", "year", "hours"], batch=b)
        self.w_skp = Writer(
            SkpHistory,
            [
                *h,
                "year",
                "rating_hasil_kerja",
                "rating_perilaku",
                "predikat",
                "appraiser_name",
                "appraiser_nip",
            ],
            batch=b,
        )
        self.w_disc = Writer(
            DisciplineHistory, [*h, "level", "jenis_hukuman", "name", "start", "end", "sk_nomor"], batch=b
        )
        self.w_award = Writer(
            AwardHistory, [*h, "penghargaan", "name", "year", "sk_nomor", "sk_tanggal"], batch=b
        )
        self.w_ass = Writer(
            Assessment,
            [
                "id",
                "employee",
                "assessed_on",
                "instrument",
                *(c.lower() for c in jr.COMPETENCY_CODES),
                "standard",
                "standard_label",
                "jpm",
                "potential_score",
                "potential_aspects",
                "potential_category",
                "strengths",
                "development_areas",
                "conclusion",
                "recommendations",
                "assessor",
                "validity_years",
            ],
            batch=b,
        )
        self.f_standard = Assessment._meta.get_field("standard")
        return [
            self.w_unit,
            self.w_pos,
            self.w_emp,
            self.w_gol,
            self.w_jab,
            self.w_edu,
            self.w_lead,
            self.w_train,
            self.w_skp,
            self.w_disc,
            self.w_award,
            self.w_ass,
        ]

    def run(self) -> dict[str, int]:
        inst = self.instansi()
        self.instansi_id = inst.pk
        writers = self.writers()
        opds = self.build_structure()
        self.plan_vacancies(opds)
        n = self.size
        holders = sum(1 for o in opds for p in o.posts if not p.vacant)
        guru, health, jf = round(SHARE_GURU * n), round(SHARE_HEALTH * n), round(SHARE_JF * n)
        pel = n - holders - guru - health - jf
        for name in ("jf", "guru", "health"):  # a tiny demo: fewer of the others, never negative
            if pel < 0:
                take = min(-pel, locals()[name])
                if name == "jf":
                    jf -= take
                elif name == "guru":
                    guru -= take
                else:
                    health -= take
                pel += take
        by_key = {o.spec.key: o for o in opds if o.spec.key}
        schools = self.add_schools(by_key["pendidikan"], guru) if guru else []
        counts: dict[int, dict[str, int]] = {}

        def put(units: list[UnitRow], weights: list[float], total: int, cat: str) -> None:
            for u, c in zip(units, apportion(total, weights), strict=True):
                if c:
                    counts.setdefault(u.pk, {})[cat] = c

        put(schools, [self.rng.uniform(0.7, 1.3) for _ in schools], guru, "guru")
        office = [u for o in opds for u in o.units if u.role == ""]
        put(office, [u.office_weight for u in office], jf, "jf")
        put(office, [u.office_weight for u in office], pel, "pelaksana")
        h_units, h_weights = [], []
        for key, share in (("rsud_banten", 0.6), ("rsud_malingping", 0.25)):
            inst_units = [u for u in by_key[key].units if u.role == "instalasi"]
            h_units += inst_units
            h_weights += [share / len(inst_units)] * len(inst_units)
        dinkes = [u for u in by_key["kesehatan"].units if u.role == ""]
        h_units += dinkes
        h_weights += [0.15 * u.office_weight / sum(x.office_weight for x in dinkes) for u in dinkes]
        put(h_units, h_weights, health, "health")
        self.progress.set_total(n)
        self.unor = {}
        for o in opds:
            for u in o.units:
                self.unor[u.pk] = self.hexid()
                self.w_unit.add(
                    (
                        u.pk,
                        self.instansi_id,
                        u.parent.pk if u.parent else None,
                        u.opd,
                        self.unor[u.pk],
                        u.name,
                        "",
                        u.kind,
                        u.eselon,
                        u.path,
                        u.depth,
                        u.order,
                    )
                )
        self.w_unit.flush()
        target = ASSESSED_SHARE * n
        self.p_candidate = max(0.0, min(1.0, (target - 0.9 * holders) / max(1.0, 0.45 * (n - holders))))
        self.fallback_plt: int | None = None
        for o in opds:
            self.opd_people(o, counts)
        for w in writers:
            w.flush()
        reset_sequences(
            [
                Unit,
                Position,
                Employee,
                GolonganHistory,
                JabatanHistory,
                EducationHistory,
                LeadershipTraining,
                Training,
                SkpHistory,
                DisciplineHistory,
                AwardHistory,
                Assessment,
            ]
        )
        self.progress.finish("")
        return {w.model._meta.label: w.count for w in writers}

    def opd_people(self, opd: Opd, counts: dict[int, dict[str, int]]) -> None:
        rng = self.rng
        self.heads: dict[int, tuple[str, str]] = {}
        head_of: dict[int, Post] = {}
        for p in opd.posts:
            p.pk = self.w_pos.pk()
            if p.heads_unit:
                head_of[p.unit.pk] = p
        for p in opd.posts:
            if p.vacant:
                continue
            level = jr.level_for(eselon=p.eselon, jf_jenjang=None, kind="struktural").value
            group = "jpt" if level.startswith("jpt") else level
            is_root_head = p.unit.parent is None and p.heads_unit
            soon = (
                group in ("jpt", "administrator")
                and rng.random() < 0.12
                and p.opd_key not in ("sekda", "bkd", "kesehatan")
            )
            soon = soon or (is_root_head and opd.spec.short == "Distan")
            g = {
                "cat": "struct",
                "group": group,
                "eselon": p.eselon,
                "bup": jr.bup_age(level),
                "level": level,
                "unit": p.unit,
                "post_pk": p.pk,
                "post_name": p.name,
                "heads": p.heads_unit,
                "opd_name": opd.spec.name,
                "retire_soon": soon,
            }
            self.employee(g)
            p.holder = g["pk"]
            if p.heads_unit:
                self.heads[p.unit.pk] = (g["full_name"], g["nip"])
            if is_root_head and opd.spec.key:
                self.special[opd.spec.key] = g["pk"]
                self.special[f"{opd.spec.key}:unit"] = opd.root.pk
            if self.fallback_plt is None and group == "jpt" and not is_root_head:
                self.fallback_plt = g["pk"]  # an Asisten: Plt of a head post when the OPD has nobody to act
        for p in opd.posts:
            if not (p.vacant and p.plt):
                continue
            parent = head_of.get(p.unit.parent.pk) if p.unit.parent else None
            acting = parent.holder if parent and parent.holder else None
            if acting is None:
                acting = next((q.holder for q in opd.posts if q.holder and q is not p), self.fallback_plt)
            if acting is None:
                continue
            p.acting, p.acting_since = acting, self.as_of - timedelta(days=rng.randint(20, 250))
            level = jr.level_for(eselon=p.eselon, jf_jenjang=None, kind="struktural").value
            self.w_jab.add(
                (
                    self.w_jab.pk(),
                    acting,
                    self.hexid(),
                    p.pk,
                    p.unit.pk,
                    "1",
                    level,
                    p.eselon,
                    "",
                    f"Plt. {p.name}",
                    p.unit.name,
                    self.unor[p.unit.pk],
                    p.acting_since,
                    None,
                    f"800/Kep.{rng.randint(10, 999)}-BKD/{p.acting_since.year}",
                    p.acting_since,
                    "PLT",
                    "",
                )
            )
        for p in opd.posts:
            level = jr.level_for(eselon=p.eselon, jf_jenjang=None, kind="struktural").value
            critical = S.CRITICAL.get(p.opd_key, "")
            self.w_pos.add(
                (
                    p.pk,
                    self.instansi_id,
                    p.unit.pk,
                    p.name,
                    "struktural",
                    level,
                    p.eselon,
                    "",
                    p.heads_unit,
                    self.hexid(),
                    jr.bup_age(level),
                    bool(critical),
                    critical,
                    S.EXTERNAL_RECOMMENDATION.get(p.opd_key, ""),
                    p.acting,
                    "plt" if p.acting else "",
                    p.acting_since,
                )
            )
        pppk_share = {"guru": 0.2, "health": 0.15, "pelaksana": 0.06, "jf": 0.02}
        for u in opd.units:
            for cat, n in counts.get(u.pk, {}).items():
                for _ in range(n):
                    g = {
                        "cat": cat,
                        "unit": u,
                        "post_pk": self.w_pos.pk(),
                        "opd_name": opd.spec.name,
                        "opd_jf": opd.spec.jf,
                        "pppk": rng.random() < pppk_share[cat],
                    }
                    self.employee(g)
                    self.w_pos.add(
                        (
                            g["post_pk"],
                            self.instansi_id,
                            u.pk,
                            g["post_name"],
                            g["kind"],
                            g["level"],
                            "",
                            g["jf_code"],
                            False,
                            self.hexid(),
                            g["bup"],
                            False,
                            "",
                            "",
                            None,
                            "",
                            None,
                        )
                    )
                    if opd.spec.key == "bkd" and not g["pppk"] and "pegawai" not in self.special:
                        self.special["pegawai"] = g["pk"]
                    self.special.setdefault("any", g["pk"])


# ---- accounts, reset, extension hook, entry point ---------------------------------------------------------
ACCOUNTS = [  # username, role, what it is linked to
    ("admin", "admin", ""),
    ("analis", "analis", ""),
    ("komite", "komite", ""),
    ("pimpinan", "pimpinan", ""),
    ("kepala-opd", "kepala-opd", "kesehatan"),
    ("pegawai", "pegawai", "pegawai"),
    ("auditor", "auditor", ""),
    ("komite-sekda", "komite", "sekda"),  # chair of the demo Komite Talenta (the Sekda)
    ("komite-bkd", "komite", "bkd"),  # its secretary (the head of BKD)
]


DEMO_ACCOUNT_NAMES = {  # not persons: the offices the demo accounts stand for
    "admin": "Admin Talenta BKD",
    "analis": "Analis SDM Aparatur BKD",
    "komite": "Anggota Komite Talenta",
    "pimpinan": "Pejabat Pembina Kepegawaian",
    "auditor": "Auditor Inspektorat",
}


def create_accounts(*, instansi: Instansi, special: dict[str, int]) -> list[tuple[str, str, str, str]]:
    """The demo accounts, with strong random passwords (users are not generated records: no seed)."""
    import secrets

    from talenta.accounts.models import User

    out = []
    for username, role, link in ACCOUNTS:
        password = secrets.token_urlsafe(12)
        employee_id = special.get(link or "-") if link != "kesehatan" else special.get("kesehatan")
        if link == "pegawai" and employee_id is None:
            employee_id = special.get("any")
        unit_id = special.get("kesehatan:unit") if role == "kepala-opd" else None
        employee = Employee.objects.filter(pk=employee_id).first() if employee_id else None
        if role == "kepala-opd" and unit_id:
            # The head of the unit on the demo's date (the placement demo may have rotated the first one).
            employee = (
                Employee.objects.filter(position__unit_id=unit_id, position__heads_unit=True).first()
                or employee
            )
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.instansi, user.unit_id, user.employee = role, instansi, unit_id, employee
        user.is_staff = user.is_superuser = role == "admin"
        user.is_active = True
        # An account linked to no employee is named for its office, so that screens naming who acted
        # (`pelaku`) read as a person would write them, not as the login.
        user.first_name = employee.full_name[:150] if employee else DEMO_ACCOUNT_NAMES.get(username, "")
        user.set_password(password)
        user.save()
        scope = {"kepala-opd": "Dinas Kesehatan", "pegawai": employee.full_name if employee else ""}.get(
            role, instansi.short_name
        )
        if username == "komite-sekda":
            scope = "Ketua Komite Talenta (Sekda)"
        elif username == "komite-bkd":
            scope = "Sekretaris Komite Talenta (Kepala BKD)"
        out.append((username, password, role, scope))
    return out


def _demo_modules() -> list[tuple[str, Any]]:
    """`<app>.demo` modules with a `seed` function, in INSTALLED_APPS order (like admin.autodiscover)."""
    found = []
    for app in apps.get_app_configs():
        if app.name == "talenta.demo" or not module_has_submodule(app.module, "demo"):
            continue
        module = import_module(f"{app.name}.demo")
        if callable(getattr(module, "seed", None)):
            found.append((app.name, module))
    return found


def reset(*, instansi_key: str = "banten") -> int:
    """Delete the demo instansi's data (other apps first: their `reset` hook, then their foreign keys)."""
    inst = Instansi.objects.filter(bkn_id=S.PROVINCE[instansi_key]["bkn_id"]).first()
    if inst is None:
        return 0
    from talenta.demo import region  # the kabupaten/kota of the demo region go with it (issue #18)

    # One transaction: an employee moved in by a demo mutasi keeps history rows pointing at his old
    # kabupaten's posts until the province's own reset removes him.
    with transaction.atomic():
        region.reset(province=inst)
        n = sum(reset_instansi(inst=k) for k in region.kabkota(province=inst))
        return n + reset_instansi(inst=inst)


def reset_instansi(*, inst: Instansi) -> int:
    """Delete one demo instansi's data and the instansi."""
    from talenta.accounts.models import User

    n = Employee.objects.filter(instansi=inst).count()
    with transaction.atomic():
        for _, module in reversed(_demo_modules()):
            if callable(getattr(module, "reset", None)):
                module.reset(instansi=inst)
        ours = {Unit, Position, Employee, Instansi}
        for model in ours:  # rows of other apps pointing at our rows
            for rel in model._meta.related_objects:
                other = rel.related_model
                if other in ours or other._meta.app_label in ("people", "profiling", "accounts"):
                    continue
                path = {Instansi: "", Unit: "__instansi", Position: "__instansi", Employee: "__instansi"}[
                    model
                ]
                other._default_manager.filter(**{f"{rel.field.name}{path}": inst}).delete()
        User.objects.filter(instansi=inst).delete()
        # Plain DELETEs (QuerySet._raw_delete): the ORM's collector would load every row of a
        # million-employee demo into memory to emulate cascades we handle here table by table.
        emp = Employee.objects.filter(instansi=inst)
        for model in (
            Assessment,
            GolonganHistory,
            JabatanHistory,
            EducationHistory,
            LeadershipTraining,
            Training,
            SkpHistory,
            DisciplineHistory,
            AwardHistory,
        ):
            qs = model.objects.filter(employee__in=emp.values("pk"))
            qs._raw_delete(qs.db)
        Position.objects.filter(instansi=inst).update(acting_holder=None)
        emp.update(position=None, unit=None)
        emp._raw_delete(emp.db)
        pos = Position.objects.filter(instansi=inst)
        pos._raw_delete(pos.db)
        units = Unit.objects.filter(instansi=inst)
        units.update(parent=None, opd=None)
        units._raw_delete(units.db)
        mark_changed(instansi_id=inst.pk)  # plain DELETEs send no signal: the candidate pool is read again
    return n


def generate(
    *,
    size: int = DEFAULT_SIZE,
    seed: int = DEFAULT_SEED,
    instansi_key: str = "banten",
    as_of: date = AS_OF,
    progress: Progress | None = None,
    accounts: bool = True,
    region: bool = False,
) -> Summary:
    """Generate the demo province (and every installed app's demo data) in one transaction."""
    progress = progress or Progress(size, "demo", stream=io.StringIO(), min_interval=3600)
    started = time.monotonic()
    with transaction.atomic():
        gen = Generator(size=size, seed=seed, as_of=as_of, instansi_key=instansi_key, progress=progress)
        counts = gen.run()
        inst = Instansi.objects.get(pk=gen.instansi_id)
        # The BKD read SIASN's rw-hukdis for its people on the as-of date; one in forty is not yet checked,
        # so the completeness screens have something to show.
        Employee.objects.filter(instansi=inst).annotate(m=Mod("id", 40)).exclude(m=0).update(
            discipline_checked_at=as_of
        )
        # The apps' stages below query what was just written: plan them from its statistics.
        progress.advance(0, "statistik basis data")
        refresh_planner_statistics()
        for name, module in _demo_modules():
            progress.advance(0, f"data demo {name.rsplit('.', 1)[-1]}")  # every app's stage is announced
            extra = module.seed(instansi=inst, seed=seed, size=size, as_of=as_of, progress=progress) or {}
            counts.update({f"{k}": int(v) for k, v in extra.items()})
        made = create_accounts(instansi=inst, special=gen.special) if accounts else []
        if region:  # the kabupaten/kota around the province (issue #18; demo/region.py)
            from talenta.demo import region as region_demo

            counts.update(
                region_demo.build(province=inst, seed=seed, size=size, as_of=as_of, progress=progress)
            )
            made += region_demo.create_accounts(province=inst) if accounts else []
    counts["accounts.User"] = len(made)
    progress.advance(0, "statistik basis data")
    refresh_planner_statistics()
    return Summary(counts=counts, elapsed=time.monotonic() - started, accounts=made, instansi_id=inst.pk)


def database_has_employees() -> int:
    return Employee.objects.count()
