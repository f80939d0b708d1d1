"""Which SIASN key goes into which Talenta field, per record kind, and back. Pure: no Django.

A record kind is one SIASN endpoint (data-utama, rw-golongan, ...). Keys listed here are modelled; every
other key of a record is kept in the row's `raw` so an export can give it back (nothing lost). The
reference tables (`ref`) are passed in as plain sets: `Refs`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from talenta.people.rules import jabatan as jr
from talenta.people.rules import performance as perf
from talenta.people.rules.nip import check_nip
from talenta.siasn.rules.values import (
    EARLIEST,
    LATEST,
    clean_text,
    format_date,
    normalise_code,
    parse_code,
    parse_date,
    parse_int,
)

# Field types: text, code (id string), date (dd-mm-yyyy), isodate (yyyy-mm-ddT00:00:00Z),
# int (a number BKN sends as a string), num (a number BKN sends as a number).


# The largest whole number a column takes (Django's PositiveSmallIntegerField and PositiveIntegerField on
# PostgreSQL; SQLite takes any, and the rule is the same on both). tests/siasn/test_fields.py checks each
# field's bound against its model column.
SMALL = 32_767
INTEGER = 2_147_483_647


@dataclass(frozen=True)
class F:
    key: str
    field: str
    type: str = "text"
    ref: str = ""
    required: bool = False
    max_length: int = 0
    aliases: tuple[str, ...] = ()
    most: int = SMALL  # int and num: the largest value taken
    # Digits that must come as text (a NIP, a NIK): a number in their place is refused, as Excel turns an
    # 18-digit number into a float (1.98501012008031E+17) and it would be read as another NIP.
    digits_as_text: bool = False


@dataclass(frozen=True)
class Kind:
    endpoint: str
    model: str
    label: str
    fields: tuple[F, ...]
    id_key: str = "id"
    nip_key: str = "nipBaru"
    pid_key: str = "idPns"
    # Keys that only identify the record or its person; consumed on import, rebuilt on export.
    natural: tuple[str, ...] = ()

    @property
    def person_nip_key(self) -> str:
        """Where a record names its person by NIP: a kind whose API shape only has BKN's person id takes
        `nipBaru` too (a spreadsheet's column; the export's, for a person BKN never gave an id)."""
        return self.nip_key or "nipBaru"

    @property
    def keys(self) -> frozenset[str]:
        if self.endpoint not in _KEYS:
            ks = {f.key for f in self.fields} | {a for f in self.fields for a in f.aliases}
            ks |= {self.id_key, self.person_nip_key, self.pid_key} - {""}
            _KEYS[self.endpoint] = frozenset(ks)
        return _KEYS[self.endpoint]


_KEYS: dict[str, frozenset[str]] = {}


EMPLOYEE = Kind(
    "data-utama",
    "Employee",
    "Data utama",
    fields=(
        F("nama", "name", required=True, max_length=200),
        F("nipLama", "nip_lama", max_length=20, digits_as_text=True),
        F("gelarDepan", "gelar_depan", max_length=50),
        F("gelarBelakang", "gelar_belakang", max_length=80),
        F("tempatLahir", "birth_place", max_length=100),
        F("tglLahir", "birth_date", "date"),
        F("jenisKelamin", "sex", "code"),
        F("agamaId", "agama", "code", ref="agama", max_length=4),
        F("jenisKawinId", "kawin", "code", ref="kawin", max_length=4),
        F("nik", "nik", "code", max_length=16, digits_as_text=True),
        F("email", "email", max_length=254),
        F("emailGov", "email_gov", max_length=254),
        F("noHp", "phone", max_length=30),
        F("statusPegawai", "status", "code"),
        F("jenisPegawaiId", "jenis_pegawai", "code", ref="jenisPegawai", max_length=4),
        F("kedudukanPnsId", "kedudukan_hukum", "code", ref="kedudukanHukum", max_length=4),
        F("tmtCpns", "tmt_cpns", "date"),
        F("tmtPns", "tmt_pns", "date"),
        F("golRuangAkhirId", "golongan", "code", ref="golonganPns", max_length=2),
        F("tmtGolAkhir", "tmt_golongan", "date"),
        F("mkTahun", "mk_tahun", "num"),
        F("mkBulan", "mk_bulan", "num"),
        F("tmtJabatan", "tmt_jabatan", "date"),
        F("tkPendidikanTerakhirId", "education_level", "code", ref="tingkatPendidikan", max_length=4),
        F("pendidikanTerakhirNama", "education_name", max_length=200),
        F("tahunLulus", "graduation_year", "int"),
        F("bupPensiun", "bup_override", "num"),
    ),
    id_key="id",
    nip_key="nipBaru",
    pid_key="",
)
GOLONGAN = Kind(
    "rw-golongan",
    "GolonganHistory",
    "Riwayat golongan",
    fields=(
        F("golonganId", "golongan", "code", ref="golonganPns", required=True, max_length=2),
        F("tmtGolongan", "tmt", "isodate"),
        F("skNomor", "sk_nomor", max_length=100),
        F("skTanggal", "sk_tanggal", "date"),
        F("jenisKPId", "jenis_kp", "code", max_length=8),
        F("masaKerjaGolonganTahun", "mk_tahun", "int"),
        F("masaKerjaGolonganBulan", "mk_bulan", "int"),
    ),
)
JABATAN = Kind(
    "rw-jabatan",
    "JabatanHistory",
    "Riwayat jabatan",
    fields=(
        F("namaJabatan", "jabatan_name", required=True, max_length=300),
        F("jenisJabatan", "jenis_jabatan", "code", ref="jenisJabatan", max_length=2),
        F("eselonId", "eselon", "code", ref="eselon", max_length=2),
        F("jabatanFungsionalId", "jf_code", "code", max_length=64),
        F("unorId", "unor_id", "code", max_length=64),
        F("unorNama", "unit_name", max_length=300),
        F("tmtJabatan", "tmt", "date"),
        F("tmtPelantikan", "tmt_pelantikan", "date"),
        F("nomorSk", "sk_nomor", max_length=100),
        F("tanggalSk", "sk_tanggal", "date"),
        F("jenisPenugasanId", "assignment", "code", ref="jenisPenugasan", max_length=3),
        F("jenisMutasiId", "mutation", "code", ref="jenisMutasi", max_length=2),
    ),
)
PENDIDIKAN = Kind(
    "rw-pendidikan",
    "EducationHistory",
    "Riwayat pendidikan",
    fields=(
        F("tkPendidikanId", "level", "code", ref="tingkatPendidikan", required=True, max_length=4),
        F("pendidikanNama", "name", max_length=200),
        F("pendidikanId", "pendidikan_id", "code", max_length=64),
        F("namaSekolah", "school", max_length=200),
        F("tahunLulus", "graduation_year", "int"),
        F("tglLulus", "graduation_date", "date"),
    ),
)
DIKLAT = Kind(
    "rw-diklat",
    "LeadershipTraining",
    "Riwayat diklat struktural",
    fields=(
        F(
            "latihanStrukturalId",
            "latihan_struktural",
            "code",
            ref="latihanStruktural",
            required=True,
            max_length=4,
        ),
        F("latihanStrukturalNama", "name", max_length=200),
        F("tahun", "year", "int"),
        F("jumlahJam", "hours", "num", most=INTEGER),
        F("nomor", "certificate_no", max_length=100),
    ),
)
KURSUS = Kind(
    "rw-kursus",
    "Training",
    "Riwayat kursus",
    fields=(
        F("namaKursus", "name", required=True, max_length=300),
        F("jenisDiklatId", "jenis_diklat", "code", ref="jenisDiklat", max_length=4),
        F("institusiPenyelenggara", "institution", max_length=200),
        F("tahunKursus", "year", "int"),
        F("jumlahJam", "hours", "num", most=INTEGER),
    ),
)
SKP = Kind(
    "rw-skp22",
    "SkpHistory",
    "Riwayat SKP (PermenPANRB 6/2022)",
    fields=(
        F("tahun", "year", "int", required=True),
        # The rating codes and their texts; the codes win, a text alone is read with rating_from_text.
        F("hasilKinerjaNilai", "rating_hasil_kerja", "rating", ref="perilakuDanKinerja"),
        F(
            "PerilakuKerjaNilai",
            "rating_perilaku",
            "rating",
            ref="perilakuDanKinerja",
            aliases=("perilakuKerjaNilai",),
        ),
        F(
            "KuadranKinerjaNilai",
            "predikat",
            "predikat",
            ref="kuadranNilai",
            aliases=("kuadranKinerjaNilai",),
        ),
        F("namaPenilai", "appraiser_name", max_length=200),
        F("nipNrpPenilai", "appraiser_nip", "code", max_length=20, digits_as_text=True),
    ),
    nip_key="",
    pid_key="pnsDinilaiId",
)
HUKDIS = Kind(
    "rw-hukdis",
    "DisciplineHistory",
    "Riwayat hukuman disiplin",
    fields=(
        F("jenisHukuman", "jenis_hukuman", "code", ref="jenisHukuman", required=True, max_length=8),
        F("jenisTingkatHukumanId", "level", "code"),
        F("jenisHukumanNama", "name", max_length=200),
        F("hukumanTanggal", "start", "date"),
        F("akhirHukumTanggal", "end", "date"),
        F("skNomor", "sk_nomor", max_length=100),
    ),
    nip_key="",
    pid_key="pnsOrang",
)
PENGHARGAAN = Kind(
    "rw-penghargaan",
    "AwardHistory",
    "Riwayat penghargaan",
    fields=(
        F("hargaId", "penghargaan", "code", ref="penghargaan", max_length=8),
        F("hargaNama", "name", max_length=200),
        F("tahun", "year", "int"),
        F("skNomor", "sk_nomor", max_length=100),
        F("skDate", "sk_tanggal", "date"),
    ),
    id_key="ID",
    nip_key="",
    pid_key="pnsOrangId",
)

KINDS: dict[str, Kind] = {
    k.endpoint: k for k in (EMPLOYEE, GOLONGAN, JABATAN, PENDIDIKAN, DIKLAT, KURSUS, SKP, HUKDIS, PENGHARGAAN)
}
HISTORY_KINDS = tuple(k for k in KINDS.values() if k is not EMPLOYEE)
ORDER = tuple(KINDS)  # people first: histories point at them

# Keys that tell a record's endpoint when its file name does not.
SIGNATURE: dict[str, tuple[str, ...]] = {
    "data-utama": ("tglLahir", "nama"),
    "rw-golongan": ("golonganId", "tmtGolongan"),
    "rw-jabatan": ("namaJabatan",),
    "rw-pendidikan": ("tkPendidikanId",),
    "rw-diklat": ("latihanStrukturalId",),
    "rw-kursus": ("namaKursus",),
    "rw-skp22": ("hasilKinerjaNilai",),
    "rw-hukdis": ("jenisHukuman", "hukumanTanggal"),
    "rw-penghargaan": ("hargaId",),
}


def detect_kind(name: str = "", keys: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The endpoint from a file or sheet name ("rw-golongan.json", "RW_GOLONGAN"), else from the keys."""
    low = name.lower().replace("_", "-").replace(" ", "-")
    for endpoint in sorted(KINDS, key=len, reverse=True):
        if endpoint in low or endpoint.replace("-", "") in low.replace("-", ""):
            return endpoint
    for endpoint, sig in SIGNATURE.items():
        if keys and all(k in keys for k in sig):
            return endpoint
    if "PerilakuKerjaNilai" in keys or "kuadranKinerja" in keys:
        return "rw-skp22"
    return None


@dataclass
class Refs:
    """Reference codes per table, plus the bits of rows the mapping needs."""

    codes: dict[str, frozenset[str]] = field(default_factory=dict)
    jf: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # id → (jenjang, usiaBup)
    hukuman_level: dict[str, str] = field(default_factory=dict)  # jenisHukuman id → R/S/B
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    digest: str = ""  # of the reference rows these were read from (siasn.stamps: a replay's context)


def gettext_noop(message: str) -> str:
    """Marks a msgid for `makemessages` without importing Django (rules stay pure)."""
    return message


# Problem codes → English message templates (msgids; translated by the service with gettext).
MESSAGES: dict[str, str] = {
    "too_long": gettext_noop("%(key)s is longer than %(max)s characters"),
    "unknown": gettext_noop("%(key)s %(value)s is not known"),
    "bad_date": gettext_noop("%(key)s %(value)s is not a valid date (dd-mm-yyyy)"),
    "bad_int": gettext_noop("%(key)s %(value)s is not a whole number"),
    "negative": gettext_noop("%(key)s %(value)s must not be negative"),
    "too_big": gettext_noop("%(key)s %(value)s is larger than %(max)s"),
    "required": gettext_noop("%(key)s is required"),
    "level_rsb": gettext_noop("%(key)s %(value)s must be R, S or B"),
    "nip": "%(text)s",
    "digits_as_number": gettext_noop(
        "%(key)s %(value)s is a number: a NIP or NIK must be written as text (format the Excel column as "
        "Text), not as a number, which Excel rounds to another NIP"
    ),
    "not_text": gettext_noop("%(key)s %(value)s is a list or an object, not a single value"),
    "date_range": gettext_noop("%(key)s %(value)s is outside %(first)s to %(last)s"),
}


class Invalid(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    key: str
    value: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, translate: Any = None, number: Any = None) -> str:
        """The message; `translate` the template, `number` an int parameter (a bound) in the reader's
        language ("32.767" in Indonesian)."""
        template = MESSAGES[self.code]
        if translate is not None:
            template = translate(template)
        params = self.params
        if number is not None:
            params = {k: number(v) if type(v) is int else v for k, v in params.items()}
        return template % {"key": self.key, "value": self.value, **params}

    @property
    def message(self) -> str:
        return self.render()


@dataclass
class Mapped:
    """A record read into Talenta's terms."""

    kind: str
    bkn_id: str
    nip: str
    person_id: str
    values: dict[str, Any]
    raw: dict[str, Any]
    problems: list[Problem]
    warnings: list[str] = field(
        default_factory=list
    )  # soft findings (NIP, RULES.md §7): reported, not rejected


def synthetic_id(kind: str, nip: str, person_id: str, data: dict[str, Any]) -> str:
    """A stable id for a spreadsheet row typed without one, from its person and its content, so a second
    import of the same sheet finds the same row."""
    body = "|".join(f"{k}={clean_text(v)}" for k, v in sorted(data.items()))
    return (
        "T"
        + hashlib.sha1(f"{kind}|{nip}|{person_id}|{body}".encode(), usedforsecurity=False).hexdigest()[:31]
    )


LEADERSHIP_KIND = {"2": "pkp", "3": "pka", "4": "pkn2", "5": "pkn1"}
SEX = {"M": "M", "L": "M", "F": "F", "P": "F", "LAKI-LAKI": "M", "PEREMPUAN": "F", "PRIA": "M", "WANITA": "F"}
STATUS = {"PNS": "pns", "CPNS": "cpns", "PPPK": "pppk", "P3K": "pppk"}


_MISSING = object()


def _first(data: dict[str, Any], f: F) -> tuple[str, Any]:
    for k in (f.key, *f.aliases):
        if k in data:
            return k, data[k]
    return f.key, None


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _as_given(v: Any) -> str:
    """A number as the file gave it: a float keeps its exponent (1.98501012008031e+17), not the digits it
    would be read as."""
    return repr(v) if isinstance(v, float) else str(v)


def date_bounds(f: F, today: date | None) -> tuple[date, date]:
    """The dates a field takes (docs/siasn.md "Dates"): 1900 to 2100, and a birth date not after today."""
    if f.field == "birth_date" and today is not None:
        return EARLIEST, today
    return EARLIEST, LATEST


def to_model(
    kind: Kind, data: dict[str, Any], refs: Refs, *, excel_guard: bool = False, today: date | None = None
) -> Mapped:
    """One SIASN record → model values, raw (the keys Talenta does not model) and problems. `today` bounds
    a birth date (none after it)."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def text(v: Any) -> str:
        return clean_text(v, excel_guard=excel_guard)

    for f in kind.fields:
        v = data.get(f.key, _MISSING)
        if v is _MISSING:
            key, v = _first(data, f) if f.aliases else (f.key, None)
        else:
            key = f.key
        try:
            if isinstance(v, list | dict):
                raise Invalid("not_text")
            if f.digits_as_text and _number(v):
                raise Invalid("digits_as_number", value=_as_given(v))
            if f.type == "text":
                out: Any = text(v)
                if f.max_length and len(out) > f.max_length:
                    raise Invalid("too_long", max=f.max_length)
            elif f.type == "code":
                out = parse_code(v)
                if f.max_length and len(out) > f.max_length:
                    raise Invalid("too_long", max=f.max_length)
                if out and f.ref:
                    known = refs.codes.get(f.ref)
                    if known is not None:
                        code = normalise_code(out, known)
                        if code is None:
                            raise Invalid("unknown")
                        if f.max_length and len(code) > f.max_length:  # a reference table's longer code
                            raise Invalid("too_long", max=f.max_length)
                        out = code
            elif f.type in ("date", "isodate"):
                out = parse_date(v)
                if out is not None:
                    first, last = date_bounds(f, today)
                    if not first <= out <= last:
                        raise Invalid("date_range", first=format_date(first), last=format_date(last))
            elif f.type in ("int", "num"):
                out = parse_int(v)
                if out is not None and out < 0:
                    raise Invalid("negative")
                if out is not None and out > f.most:
                    raise Invalid("too_big", max=f.most)
            elif f.type == "rating":
                out = _rating(kind, data, f, refs)
            elif f.type == "predikat":
                out = _predikat(data, f, refs)
            else:  # pragma: no cover - a typo in the table above
                raise AssertionError(f.type)
        except Invalid as e:
            value = e.params.pop("value", None)
            problems.append(
                Problem(e.params.pop("key", key), text(v) if value is None else value, e.code, e.params)
            )
            continue
        except ValueError as e:
            problems.append(Problem(key, text(v), str(e)))
            continue
        if f.required and out in ("", None):
            problems.append(Problem(key, text(v), "required"))
            continue
        values[f.field] = out

    bkn_id = text(data.get(kind.id_key)) if kind.id_key else ""
    # A spreadsheet may name the person by NIP on sheets whose API shape only has BKN's person id.
    nip_given = data.get(kind.person_nip_key)
    nip = text(nip_given)
    if _number(nip_given) or isinstance(nip_given, list | dict):
        code = "digits_as_number" if _number(nip_given) else "not_text"
        problems.append(Problem(kind.person_nip_key, _as_given(nip_given), code))
    person_id = text(data.get(kind.pid_key)) if kind.pid_key else ""
    modelled = kind.keys
    raw = {
        k: (_cell(v) if excel_guard else v)
        for k, v in data.items()
        if k not in modelled and not (excel_guard and _absent(v))
    }
    warnings: list[str] = []
    _finish(kind, data, values, raw, refs, problems, nip, warnings)
    return Mapped(kind.endpoint, bkn_id, nip, person_id, values, raw, problems, warnings)


def _absent(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _cell(v: Any) -> Any:
    """A spreadsheet cell kept in raw. Spreadsheets have one kind of blank, JSON three: an empty cell is an
    absent key, `null` is null and a lone Excel guard `'` is the empty string. A leading `'` guards the
    text after it (kept exactly, even "null" or "{...}"); unguarded, a JSON object or list our export
    wrote is read back. Whitespace is kept: raw must come back as it came."""
    if not isinstance(v, str):
        return v
    if v.startswith("'"):
        return v[1:]
    if v.strip().lower() == "null":
        return None
    t = v.strip()
    if t[:1] in ("{", "[") and t[-1:] in ("}", "]"):
        try:
            return json.loads(t)
        except ValueError:
            return v
    return v


def _rating(kind: Kind, data: dict[str, Any], f: F, refs: Refs) -> str | None:
    _key, v = _first(data, f)
    code = parse_code(v)
    text_key = {"rating_hasil_kerja": "hasilKinerja", "rating_perilaku": "perilakuKerja"}[f.field]
    if code:
        known = refs.codes.get(f.ref) or frozenset(perf.RATING_BY_BKN_CODE)
        norm = normalise_code(code, known)
        if norm is None or norm not in perf.RATING_BY_BKN_CODE:
            raise Invalid("unknown")
        return perf.RATING_BY_BKN_CODE[norm]
    words = clean_text(data.get(text_key))
    if not words:
        raise Invalid("required")
    rating = perf.rating_from_text(words)
    if rating is None:
        raise Invalid("unknown", key=text_key, value=words)
    return rating


def _predikat(data: dict[str, Any], f: F, refs: Refs) -> str | None:
    _key, v = _first(data, f)
    code = parse_code(v)
    if code:
        norm = normalise_code(code, frozenset(perf.PREDIKAT_BY_BKN_CODE))
        if norm is None:
            raise Invalid("unknown")
        return perf.PREDIKAT_BY_BKN_CODE[norm]
    words = " ".join(clean_text(data.get("kuadranKinerja")).upper().split())
    by_text = {t: p for p, t in perf.BKN_PREDIKAT_TEXT.items()}
    if words == "MISCONDUCT":
        words = "KURANG"
    return by_text.get(words)  # None: derived from the two ratings in _finish


def _finish(
    kind: Kind,
    data: dict[str, Any],
    values: dict[str, Any],
    raw: dict[str, Any],
    refs: Refs,
    problems: list[Problem],
    nip: str,
    warnings: list[str] | None = None,
) -> None:
    """Per-kind rules: derived fields and cross-field checks; soft findings go to `warnings`."""
    ep = kind.endpoint
    if ep == "data-utama":
        status = STATUS.get(str(values.get("status", "")).upper(), "")
        if values.get("status") and not status:
            problems.append(Problem("statusPegawai", values["status"], "unknown"))
        values["status"] = status or "pns"
        if any(p.key == "nipBaru" for p in problems):
            pass  # refused as given (a number): not checked again as the digits it would be read as
        elif not nip:
            problems.append(Problem("nipBaru", "", "required"))
        elif values["status"] != "pppk":
            # PPPK numbers follow another scheme: stored as given, not validated.
            # With the recorded birth date and sex, so the warnings of RULES.md §7 can be found (issue 13).
            recorded_sex = SEX.get(str(values.get("sex", "")).upper())
            check = check_nip(nip, recorded_birth_date=values.get("birth_date"), recorded_sex=recorded_sex)
            if not check.ok:
                problems.append(Problem("nipBaru", nip, "nip", {"text": check.errors[0]}))
            elif values.get("birth_date") is None and "birth_date" in values:
                values["birth_date"] = check.birth_date
            if check.ok and warnings is not None:
                warnings.extend(check.warnings)
        elif len(nip) > 18:
            problems.append(Problem("nipBaru", nip, "too_long", {"max": 18}))
        if "birth_date" in values and values["birth_date"] is None:
            problems.append(Problem("tglLahir", clean_text(data.get("tglLahir")), "required"))
        sex_raw = values.get("sex", "")
        sex = SEX.get(str(sex_raw).upper(), "")
        if not sex and nip.isdigit() and len(nip) == 18:
            sex = {"1": "M", "2": "F"}.get(nip[14], "")
        if "sex" in values and not sex:
            problems.append(Problem("jenisKelamin", str(sex_raw), "unknown"))
        values["sex"] = sex
        if not values.get("kedudukan_hukum"):
            values["kedudukan_hukum"] = "01"
            raw["__kedudukan_kosong"] = True  # BKN sent none: export gives none back
    elif ep == "rw-jabatan":
        assignment = values.get("assignment") or ""
        if assignment == "":
            raw["__penugasan_kosong"] = True
        values["assignment"] = assignment or "D"
        jenjang = refs.jf.get(values.get("jf_code") or "", ("", None))[0]
        values["level"] = str(jr.level_for(eselon=values.get("eselon"), jf_jenjang=jenjang, kind=None))
    elif ep == "rw-diklat":
        values["kind"] = LEADERSHIP_KIND.get(values.get("latihan_struktural", ""), "other")
        if not values.get("name"):
            values["name"] = refs.names.get("latihanStruktural", {}).get(
                values.get("latihan_struktural", ""), ""
            )[:200]
            raw["__nama_dari_referensi"] = True
    elif ep == "rw-skp22":
        if "predikat" in values and values["predikat"] is None:
            if values.get("rating_hasil_kerja") and values.get("rating_perilaku"):
                values["predikat"] = perf.predikat(values["rating_hasil_kerja"], values["rating_perilaku"])
            else:
                problems.append(Problem("KuadranKinerjaNilai", "", "required"))
                values.pop("predikat")
        # The texts are derived from the codes on export; keep them out of raw.
        for k in ("hasilKinerja", "perilakuKerja", "kuadranKinerja"):
            raw.pop(k, None)
    elif ep == "rw-hukdis":
        level = values.get("level") or refs.hukuman_level.get(values.get("jenis_hukuman", ""), "")
        if level not in ("R", "S", "B"):
            problems.append(Problem("jenisTingkatHukumanId", str(values.get("level", "")), "level_rsb"))
        if not values.get("level"):
            raw["__tingkat_dari_referensi"] = True
        values["level"] = level
    elif ep == "rw-penghargaan" and not values.get("name"):
        name = refs.names.get("penghargaan", {}).get(values.get("penghargaan", ""), "")
        if not name:
            problems.append(Problem("hargaNama", "", "required"))
        values["name"] = name[:200]
        raw["__nama_dari_referensi"] = True


def from_model(
    kind: Kind, values: dict[str, Any], raw: dict[str, Any], *, nip: str, person_id: str, bkn_id: str
) -> dict[str, Any]:
    """Model values (+ raw) → a SIASN record in JSON shape. The inverse of `to_model` on valid records."""
    out: dict[str, Any] = {}
    if kind.id_key:
        out[kind.id_key] = bkn_id or None
    if kind.nip_key:
        out[kind.nip_key] = nip
    if kind.pid_key:
        out[kind.pid_key] = person_id or None
    if not kind.nip_key and not person_id and nip:
        # Someone Talenta made, with no BKN person id: named by his NIP, or the import could not find him.
        out[kind.person_nip_key] = nip
    flags = {k for k in raw if k.startswith("__")}
    for f in kind.fields:
        v = values.get(f.field)
        if f.type in ("date", "isodate"):
            out[f.key] = format_date(v, iso=f.type == "isodate") if v else None
        elif f.type == "num":
            out[f.key] = v
        elif f.type == "int":
            out[f.key] = "" if v is None else str(v)
        elif f.type == "rating":
            code = perf.BKN_CODE_BY_RATING.get(v or "", "")
            out[f.key] = code
            text_key = {"rating_hasil_kerja": "hasilKinerja", "rating_perilaku": "perilakuKerja"}[f.field]
            out[text_key] = perf.BKN_RATING_TEXT.get(v or "", "")
        elif f.type == "predikat":
            out[f.key] = perf.BKN_CODE_BY_PREDIKAT.get(v or "", "")
            out["kuadranKinerja"] = perf.BKN_PREDIKAT_TEXT.get(v or "", "")
        else:
            out[f.key] = "" if v is None else v
    if "__kedudukan_kosong" in flags and out.get("kedudukanPnsId") == "01":
        out["kedudukanPnsId"] = ""
    if "__penugasan_kosong" in flags and out.get("jenisPenugasanId") == "D":
        out["jenisPenugasanId"] = ""
    if "__nama_dari_referensi" in flags:
        for k in ("latihanStrukturalNama", "hargaNama"):
            if k in out:
                out[k] = ""
    if "__tingkat_dari_referensi" in flags:
        out["jenisTingkatHukumanId"] = ""
    if kind.endpoint == "data-utama":
        out["statusPegawai"] = model_status_text(values.get("status") or "pns")
    for k, v in raw.items():
        if not k.startswith("__"):
            out[k] = v
    return out


def model_status_text(status: str) -> str:
    return {"pns": "PNS", "cpns": "CPNS", "pppk": "PPPK"}.get(status, status.upper())


__all__ = [
    "KINDS",
    "ORDER",
    "F",
    "Kind",
    "Mapped",
    "Problem",
    "Refs",
    "date",
    "detect_kind",
    "from_model",
    "to_model",
]
