"""Post levels, their competency standards, retirement ages and eselon rank ranges (RULES.md §3, §6)."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    STRUKTURAL = "struktural"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"


class Level(StrEnum):
    JPT_UTAMA = "jpt_utama"
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    JF_AHLI_UTAMA = "jf_ahli_utama"
    JF_AHLI_MADYA = "jf_ahli_madya"
    JF_AHLI_MUDA = "jf_ahli_muda"
    JF_AHLI_PERTAMA = "jf_ahli_pertama"
    JF_PENYELIA = "jf_penyelia"
    JF_MAHIR = "jf_mahir"
    JF_TERAMPIL = "jf_terampil"
    JF_PEMULA = "jf_pemula"
    PELAKSANA = "pelaksana"


LEVEL_LABELS: dict[Level, str] = {
    Level.JPT_UTAMA: "JPT Utama",
    Level.JPT_MADYA: "JPT Madya",
    Level.JPT_PRATAMA: "JPT Pratama",
    Level.ADMINISTRATOR: "Administrator",
    Level.PENGAWAS: "Pengawas",
    Level.JF_AHLI_UTAMA: "JF Ahli Utama",
    Level.JF_AHLI_MADYA: "JF Ahli Madya",
    Level.JF_AHLI_MUDA: "JF Ahli Muda",
    Level.JF_AHLI_PERTAMA: "JF Ahli Pertama",
    Level.JF_PENYELIA: "JF Penyelia",
    Level.JF_MAHIR: "JF Mahir",
    Level.JF_TERAMPIL: "JF Terampil",
    Level.JF_PEMULA: "JF Pemula",
    Level.PELAKSANA: "Pelaksana",
}

STRUCTURAL_LEVELS = (Level.JPT_UTAMA, Level.JPT_MADYA, Level.JPT_PRATAMA, Level.ADMINISTRATOR, Level.PENGAWAS)
JPT_LEVELS = (Level.JPT_UTAMA, Level.JPT_MADYA, Level.JPT_PRATAMA)

# Rank order of levels for "promotion" (higher number = higher level). JF levels sit beside their
# structural equivalents (PP 11/2017: Ahli Utama ~ JPT Madya, Ahli Madya ~ Administrator/JPT Pratama route).
LEVEL_RANK: dict[Level, int] = {
    Level.JPT_UTAMA: 9,
    Level.JPT_MADYA: 8,
    Level.JPT_PRATAMA: 7,
    Level.JF_AHLI_UTAMA: 7,
    Level.ADMINISTRATOR: 6,
    Level.JF_AHLI_MADYA: 6,
    Level.PENGAWAS: 5,
    Level.JF_AHLI_MUDA: 5,
    Level.JF_AHLI_PERTAMA: 4,
    Level.JF_PENYELIA: 4,
    Level.JF_MAHIR: 3,
    Level.JF_TERAMPIL: 3,
    Level.JF_PEMULA: 2,
    Level.PELAKSANA: 1,
}

# Leadership training, lowest first: kind → its name (the old Diklat PIM name in brackets). The one copy:
# the model's choices and the eligibility rows both read it.
LEADERSHIP_TRAINING: dict[str, str] = {
    "pkp": "PKP (Diklat PIM IV)",
    "pka": "PKA (Diklat PIM III)",
    "pkn2": "PKN Tk. II (Diklat PIM II)",
    "pkn1": "PKN Tk. I (Diklat PIM I)",
}
LEADERSHIP_TRAINING_ORDER: dict[str, int] = {k: i for i, k in enumerate(LEADERSHIP_TRAINING, start=1)}

# The nine managerial and socio-cultural competencies of PermenPANRB 38/2017.
COMPETENCIES: dict[str, str] = {
    "M1": "Integritas",
    "M2": "Kerja Sama",
    "M3": "Komunikasi",
    "M4": "Orientasi pada Hasil",
    "M5": "Pelayanan Publik",
    "M6": "Pengembangan Diri dan Orang Lain",
    "M7": "Mengelola Perubahan",
    "M8": "Pengambilan Keputusan",
    "S1": "Perekat Bangsa",
}
COMPETENCY_CODES = tuple(COMPETENCIES)

# Default required level per post level (RULES.md §3; "verify": default, to confirm with the SK).
DEFAULT_STANDARD_LEVEL: dict[Level, int] = {
    Level.JPT_UTAMA: 5,
    Level.JPT_MADYA: 5,
    Level.JPT_PRATAMA: 4,
    Level.ADMINISTRATOR: 3,
    Level.PENGAWAS: 2,
    Level.PELAKSANA: 1,
    Level.JF_AHLI_UTAMA: 4,
    Level.JF_AHLI_MADYA: 3,
    Level.JF_AHLI_MUDA: 2,
    Level.JF_AHLI_PERTAMA: 1,
    Level.JF_PENYELIA: 2,
    Level.JF_MAHIR: 1,
    Level.JF_TERAMPIL: 1,
    Level.JF_PEMULA: 1,
}


def competency_standard(level: Level | str, overrides: dict[str, int] | None = None) -> dict[str, int]:
    """The nine required levels of a post: the level's default, with the post's own overrides."""
    base = DEFAULT_STANDARD_LEVEL[Level(level)]
    standard = dict.fromkeys(COMPETENCY_CODES, base)
    for code, value in (overrides or {}).items():
        if code in standard:
            standard[code] = int(value)
    return standard


# Retirement age (BUP), PP 11/2017 jo PP 17/2020 Pasal 239.
DEFAULT_BUP: dict[Level, int] = {
    Level.JPT_UTAMA: 60,
    Level.JPT_MADYA: 60,
    Level.JPT_PRATAMA: 60,
    Level.ADMINISTRATOR: 58,
    Level.PENGAWAS: 58,
    Level.PELAKSANA: 58,
    Level.JF_AHLI_UTAMA: 65,
    Level.JF_AHLI_MADYA: 60,
    Level.JF_AHLI_MUDA: 58,
    Level.JF_AHLI_PERTAMA: 58,
    Level.JF_PENYELIA: 58,
    Level.JF_MAHIR: 58,
    Level.JF_TERAMPIL: 58,
    Level.JF_PEMULA: 58,
}


def bup_age(level: Level | str | None, jf_usia_bup: int | None = None) -> int:
    """A JF may carry its own BUP (`usiaBup` in BKN's table); otherwise the level decides; unknown → 58."""
    if jf_usia_bup:
        return int(jf_usia_bup)
    if level is None or level == "":
        return 58
    return DEFAULT_BUP[Level(level)]


# Eselon (SIASN id) → structural level and rank range (PP 13/2002), as golongan ids (min, max).
ESELON_LEVEL: dict[str, Level] = {
    "10": Level.JPT_UTAMA,
    "11": Level.JPT_MADYA,
    "12": Level.JPT_MADYA,
    "21": Level.JPT_PRATAMA,
    "22": Level.JPT_PRATAMA,
    "31": Level.ADMINISTRATOR,
    "32": Level.ADMINISTRATOR,
    "41": Level.PENGAWAS,
    "42": Level.PENGAWAS,
}
ESELON_NAME: dict[str, str] = {
    "10": "I.a", "11": "I.a", "12": "I.b", "21": "II.a", "22": "II.b",
    "31": "III.a", "32": "III.b", "41": "IV.a", "42": "IV.b",
}  # fmt: skip
ESELON_RANK_RANGE: dict[str, tuple[str, str]] = {
    "10": ("44", "45"),
    "11": ("44", "45"),
    "12": ("43", "45"),
    "21": ("43", "44"),
    "22": ("42", "43"),
    "31": ("41", "42"),
    "32": ("34", "41"),
    "41": ("33", "34"),
    "42": ("32", "33"),
}

# BKN's jabatanFungsional.jenjang → level.
JF_JENJANG_LEVEL: dict[str, Level] = {
    "UT": Level.JF_AHLI_UTAMA,
    "MA": Level.JF_AHLI_MADYA,
    "MU": Level.JF_AHLI_MUDA,
    "PT": Level.JF_AHLI_PERTAMA,
    "PY": Level.JF_PENYELIA,
    "MH": Level.JF_MAHIR,
    "TR": Level.JF_TERAMPIL,
    "PM": Level.JF_PEMULA,
}

GOLONGAN: dict[str, tuple[str, str]] = {
    "11": ("I/a", "Juru Muda"),
    "12": ("I/b", "Juru Muda Tingkat I"),
    "13": ("I/c", "Juru"),
    "14": ("I/d", "Juru Tingkat I"),
    "21": ("II/a", "Pengatur Muda"),
    "22": ("II/b", "Pengatur Muda Tingkat I"),
    "23": ("II/c", "Pengatur"),
    "24": ("II/d", "Pengatur Tingkat I"),
    "31": ("III/a", "Penata Muda"),
    "32": ("III/b", "Penata Muda Tingkat I"),
    "33": ("III/c", "Penata"),
    "34": ("III/d", "Penata Tingkat I"),
    "41": ("IV/a", "Pembina"),
    "42": ("IV/b", "Pembina Tingkat I"),
    "43": ("IV/c", "Pembina Utama Muda"),
    "44": ("IV/d", "Pembina Utama Madya"),
    "45": ("IV/e", "Pembina Utama"),
}
GOLONGAN_ORDER = tuple(GOLONGAN)


def golongan_next(code: str) -> str | None:
    """The next rank up, or None at the top (IV/e). Moving from I/d to II/a and II/d to III/a follows
    the table order; in practice those steps need a new diploma, which the caller decides."""
    i = GOLONGAN_ORDER.index(code)
    return GOLONGAN_ORDER[i + 1] if i + 1 < len(GOLONGAN_ORDER) else None


def rank_in_eselon_range(golongan: str, eselon: str) -> bool | None:
    """Soft check of PP 13/2002: None when the eselon has no range."""
    rng = ESELON_RANK_RANGE.get(eselon)
    if rng is None:
        return None
    return rng[0] <= golongan <= rng[1]


def level_for(*, eselon: str | None, jf_jenjang: str | None, kind: Kind | str | None) -> Level:
    """The level of a post from SIASN fields: eselon for a structural post, jenjang for a JF."""
    if eselon and eselon in ESELON_LEVEL:
        return ESELON_LEVEL[eselon]
    if jf_jenjang and jf_jenjang in JF_JENJANG_LEVEL:
        return JF_JENJANG_LEVEL[jf_jenjang]
    return Level.PELAKSANA
