"""Eligibility of a candidate for a post (RULES.md §6, PP 11/2017 jo PP 17/2020 Pasal 54, 55, 107, 131, 133;
UU 5/2014 Pasal 116). Pure: plain dataclasses in, one row per requirement out. No Django, no clock.

Every row says met / not_met / manual (needs manual verification) / warning (a soft check that does not
block), the rule with its regulation, and the evidence record it used. Missing or unverified data is never
"met". A Pasal 107(2) waiver is an override attached to the failing row: the row stays "not_met" and the
override (with its approval reference) is what lets the candidate through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import add_years, full_years, retirement_date

MET, NOT_MET, MANUAL, WARNING = "met", "not_met", "manual", "warning"
BLOCKING = frozenset({NOT_MET})

PREDIKAT_ORDER = {"sangat_baik": 5, "baik": 4, "butuh_perbaikan": 3, "kurang": 2, "sangat_kurang": 1}
PREDIKAT_LABEL = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}
EDUCATION_LABEL = {
    "05": "SD",
    "10": "SLTP",
    "12": "SLTP Kejuruan",
    "15": "SLTA",
    "17": "SLTA Kejuruan",
    "18": "SLTA Keguruan",
    "20": "D-I",
    "25": "D-II",
    "30": "D-III",
    "35": "D-IV",
    "40": "S-1",
    "42": "Profesi",
    "45": "S-2",
    "47": "Spesialis",
    "49": "Subspesialis",
    "50": "S-3",
}
TRAINING_ORDER = {"pkp": 1, "pka": 2, "pkn2": 3, "pkn1": 4}
TRAINING_LABEL = {
    "pkp": "PKP (Diklat PIM IV)",
    "pka": "PKA (Diklat PIM III)",
    "pkn2": "PKN Tk. II (Diklat PIM II)",
    "pkn1": "PKN Tk. I (Diklat PIM I)",
}
PAKET_KEYS = (
    "min_education",
    "prior_levels",
    "prior_years",
    "field_years",
    "predikat_years",
    "min_predikat",
    "discipline_years",
    "max_age",
    "max_age_if_jpt",
    "min_years_before_bup",
    "leadership_training",
    "training_missing",
    "assessment_validity_years",
    "jpm_min",
    "jpm_good",
    "jpt_rules",
)


@dataclass(frozen=True)
class Requirements:
    """One level's requirement table (a RequirementSet version, RULES.md §6). Edited as data by the Admin."""

    level: str
    version: int = 1
    min_education: str = ""  # BKN tingkat pendidikan id; "35" = D-IV, so S-1/D-IV and above pass
    prior_levels: tuple[str, ...] = ()
    prior_years: int = 0
    field_years: int = 0
    predikat_years: int = 2
    min_predikat: str = "baik"
    discipline_years: int = 5  # configurable: a medium/heavy sentence in force or within N years fails
    max_age: int | None = None
    max_age_if_jpt: int | None = None
    min_years_before_bup: int = 0  # default, to confirm with the SK
    leadership_training: str = ""
    training_missing: str = MANUAL  # "perlu pelatihan" (never a fail) unless the Admin sets "not_met"
    assessment_validity_years: int = 3
    jpm_min: float = 68.0  # below: Kurang Memenuhi Syarat (fail)
    jpm_good: float = 80.0  # 68–<80: Masih Memenuhi Syarat (warning); >= 80: Memenuhi Syarat
    jpt_rules: bool = False

    @classmethod
    def from_data(cls, level: str, version: int, data: dict[str, Any]) -> Requirements:
        values = {k: data[k] for k in PAKET_KEYS if k in data}
        if "prior_levels" in values:
            values["prior_levels"] = tuple(values["prior_levels"])
        return cls(level=level, version=version, **values)

    @property
    def prior_min_rank(self) -> int:
        return min((jr.LEVEL_RANK[jr.Level(lv)] for lv in self.prior_levels), default=0)


@dataclass(frozen=True)
class SkpYear:
    year: int
    predikat: str
    record_id: int | None = None


@dataclass(frozen=True)
class Sentence:
    level: str  # R / S / B
    start: date | None
    end: date | None
    record_id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class PostStint:
    """A past or current post of the candidate (from JabatanHistory), with its OPD for "the field"."""

    level: str
    start: date | None
    end: date | None
    opd_id: int | None = None
    position_id: int | None = None
    critical: bool = False
    record_id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class AssessmentView:
    assessed_on: date
    validity_years: int
    levels: dict[str, float]
    record_id: int | None = None
    potential_score: float | None = None


@dataclass(frozen=True)
class Candidate:
    """Everything the eligibility rules and the ranking need about one employee, as plain values."""

    employee_id: int
    nip: str
    name: str
    birth_date: date
    sex: str
    instansi_id: int
    opd_id: int | None
    golongan: str
    education_level: str
    education_record_id: int | None
    position_id: int | None
    position_level: str | None
    position_since: date | None
    skp: tuple[SkpYear, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    stints: tuple[PostStint, ...] = ()
    trainings: tuple[tuple[str, int | None], ...] = ()  # (kind, record id)
    assessment: AssessmentView | None = None
    box: int | None = None  # nine-box of a finalised mapping (None = no finalised mapping)
    mapping_finalised: bool = False
    mapping_ref: str = ""
    acting_position_id: int | None = None

    @property
    def holds_jpt(self) -> bool:
        return self.position_level in {lv.value for lv in jr.JPT_LEVELS}


@dataclass(frozen=True)
class Post:
    position_id: int
    name: str
    level: str
    eselon: str
    instansi_id: int
    opd_id: int | None
    bup: int
    standard: dict[str, int]
    technical: tuple[dict[str, Any], ...] = ()
    external_recommendation: str = ""
    holder_id: int | None = None
    holder_since: date | None = None
    holder_leaving: bool = False  # retiring or already planned out: no Pasal 116 question
    merit_exception: bool = True  # Banten fills JPT from the talent pool with BKN approval (since 2025)


@dataclass(frozen=True)
class Override:
    """A Pasal 107(2) waiver of one failing row, with the approval reference (President's prior approval)."""

    code: str
    reference: str
    note: str = ""


@dataclass
class Row:
    code: str
    label: str
    rule: str
    regulation: str
    status: str
    evidence: str
    override: dict[str, str] | None = None

    @property
    def blocks(self) -> bool:
        return self.status in BLOCKING and self.override is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "rule": self.rule,
            "regulation": self.regulation,
            "status": self.status,
            "evidence": self.evidence,
            "override": self.override,
        }


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not any(r.blocks for r in self.rows)

    @property
    def lacking(self) -> list[Row]:
        return [r for r in self.rows if r.blocks]

    def as_list(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.rows]


def _edu(code: str) -> str:
    return EDUCATION_LABEL.get(code, code or "?")


def _gol(code: str) -> str:
    return jr.GOLONGAN.get(code, (code or "?", ""))[0]


def years_at_or_above(stints: tuple[PostStint, ...], min_rank: int, on: date) -> float:
    """Cumulative years in posts of level rank >= min_rank (overlaps not double-counted: stints are
    consecutive in SIASN's riwayat; an open stint runs to `on`)."""
    days = 0
    for s in stints:
        if s.start is None or jr.LEVEL_RANK.get(jr.Level(s.level), 0) < min_rank:
            continue
        end = min(s.end or on, on)
        days += max((end - s.start).days, 0)
    return days / 365.25


def years_in_opd(stints: tuple[PostStint, ...], opd_id: int | None, on: date) -> float:
    days = 0
    for s in stints:
        if s.start is None or opd_id is None or s.opd_id != opd_id:
            continue
        days += max((min(s.end or on, on) - s.start).days, 0)
    return days / 365.25


def years_in_posts(stints: tuple[PostStint, ...], on: date) -> float:
    return sum(max((min(s.end or on, on) - s.start).days, 0) for s in stints if s.start) / 365.25


def valid_assessment(c: Candidate, on: date) -> AssessmentView | None:
    a = c.assessment
    if a is None:
        return None
    if not (a.assessed_on <= on < add_years(a.assessed_on, a.validity_years)):
        return None
    return a


def jpm_for(levels: dict[str, float], standard: dict[str, int]) -> float | None:
    codes = [k for k in standard if levels.get(k) is not None]
    if not codes:
        return None
    return 100.0 * sum(float(levels[k]) for k in codes) / sum(standard[k] for k in codes)


def evaluate(
    c: Candidate,
    post: Post,
    req: Requirements,
    *,
    on: date,
    overrides: tuple[Override, ...] = (),
) -> Result:
    """All rows for candidate `c` and `post`, appointment on `on` (the date the ages and years count to)."""
    rows: list[Row] = []
    add = rows.append
    is_jpt_post = post.level in {lv.value for lv in jr.JPT_LEVELS}

    # 0. No demotion: a lower post is a disciplinary sentence (PP 94/2021), not a placement.
    cur = jr.LEVEL_RANK.get(jr.Level(c.position_level), 0) if c.position_level else 0
    target = jr.LEVEL_RANK[jr.Level(post.level)]
    if cur > target:
        add(
            Row(
                "no_demotion",
                "Jenjang jabatan",
                "Jabatan tujuan tidak lebih rendah dari jabatan sekarang",
                "PP 94/2021 (penurunan jabatan hanya sebagai hukuman disiplin)",
                NOT_MET,
                f"Jabatan sekarang {jr.LEVEL_LABELS[jr.Level(c.position_level)]}",
            )
        )

    # 1. Minimum education (PP 11/2017 Pasal 54/55/107).
    if req.min_education:
        need = f"Pendidikan paling rendah {_edu(req.min_education)}"
        if not c.education_level:
            add(
                Row(
                    "education",
                    "Pendidikan",
                    need,
                    "PP 11/2017 jo PP 17/2020 Ps. 54, 55, 107",
                    NOT_MET,
                    "Tingkat pendidikan tidak tercatat",
                )
            )
        else:
            ok = c.education_level >= req.min_education
            ev = f"Pendidikan {_edu(c.education_level)}" + (
                f" (riwayat id {c.education_record_id})" if c.education_record_id else " (data pegawai)"
            )
            add(
                Row(
                    "education",
                    "Pendidikan",
                    need,
                    "PP 11/2017 jo PP 17/2020 Ps. 54, 55, 107",
                    MET if ok else NOT_MET,
                    ev,
                )
            )

    # 2. Prior post and years in it.
    if req.prior_levels:
        names = " atau ".join(jr.LEVEL_LABELS[jr.Level(lv)] for lv in req.prior_levels)
        need = f"Pernah/sedang menduduki {names} paling singkat {req.prior_years} tahun"
        years = years_at_or_above(c.stints, req.prior_min_rank, on)
        if not c.stints:
            add(
                Row(
                    "prior_post",
                    "Jabatan sebelumnya",
                    need,
                    "PP 11/2017 jo PP 17/2020 Ps. 54, 55, 107",
                    NOT_MET,
                    "Riwayat jabatan tidak tercatat",
                )
            )
        else:
            best = [s for s in c.stints if jr.LEVEL_RANK.get(jr.Level(s.level), 0) >= req.prior_min_rank]
            ids = ", ".join(str(s.record_id) for s in best if s.record_id) or "-"
            ev = f"{years:.1f} tahun pada jenjang setara/lebih tinggi (riwayat id {ids})"
            add(
                Row(
                    "prior_post",
                    "Jabatan sebelumnya",
                    need,
                    "PP 11/2017 jo PP 17/2020 Ps. 54, 55, 107",
                    MET if years >= req.prior_years else NOT_MET,
                    ev,
                )
            )

    # 3. Experience in the field (cumulative). Same OPD as the target is what the data can prove; other
    # posts may still be "in the field" (a committee judgement), so they make the row manual, not met.
    if req.field_years:
        need = (
            f"Pengalaman jabatan dalam bidang tugas terkait paling singkat {req.field_years} tahun "
            "(kumulatif)"
        )
        reg = "PP 11/2017 jo PP 17/2020 Ps. 107"
        total = years_in_posts(c.stints, on)
        same = years_in_opd(c.stints, post.opd_id, on)
        if not c.stints:
            add(Row("field", "Pengalaman bidang", need, reg, NOT_MET, "Riwayat jabatan tidak tercatat"))
        elif same >= req.field_years:
            add(Row("field", "Pengalaman bidang", need, reg, MET, f"{same:.1f} tahun di OPD yang sama"))
        elif total >= req.field_years:
            add(
                Row(
                    "field",
                    "Pengalaman bidang",
                    need,
                    reg,
                    MANUAL,
                    f"{same:.1f} tahun di OPD yang sama, {total:.1f} tahun seluruh jabatan: "
                    "keterkaitan bidang perlu verifikasi manual",
                )
            )
        else:
            add(Row("field", "Pengalaman bidang", need, reg, NOT_MET, f"{total:.1f} tahun seluruh jabatan"))

    # 4. Rank vs the eselon's range: soft (PP 13/2002), a warning only.
    rng = jr.ESELON_RANK_RANGE.get(post.eselon)
    if rng:
        need = f"Pangkat {_gol(rng[0])}–{_gol(rng[1])} untuk eselon {jr.ESELON_NAME.get(post.eselon, '')}"
        if not c.golongan:
            add(
                Row(
                    "rank",
                    "Pangkat",
                    need,
                    "PP 13/2002 (pemeriksaan lunak)",
                    NOT_MET,
                    "Golongan tidak tercatat",
                )
            )
        else:
            ok = jr.rank_in_eselon_range(c.golongan, post.eselon)
            add(
                Row(
                    "rank",
                    "Pangkat",
                    need,
                    "PP 13/2002 (pemeriksaan lunak)",
                    MET if ok else WARNING,
                    f"Golongan {_gol(c.golongan)}",
                )
            )

    # 5. Predikat at least Baik in each of the last N years (the year before `on` and earlier).
    need = (
        f"Predikat kinerja paling rendah {PREDIKAT_LABEL[req.min_predikat]} dalam "
        f"{req.predikat_years} tahun terakhir"
    )
    by_year = {s.year: s for s in c.skp}
    for y in range(on.year - 1, on.year - 1 - req.predikat_years, -1):
        s = by_year.get(y)
        if s is None:
            add(
                Row(
                    f"skp_{y}",
                    f"SKP {y}",
                    need,
                    "PermenPANRB 6/2022; PP 11/2017 Ps. 107",
                    NOT_MET,
                    f"SKP {y}: tidak ada data",
                )
            )
        else:
            ok = PREDIKAT_ORDER.get(s.predikat, 0) >= PREDIKAT_ORDER[req.min_predikat]
            rid = f" (riwayat id {s.record_id})" if s.record_id else ""
            add(
                Row(
                    f"skp_{y}",
                    f"SKP {y}",
                    need,
                    "PermenPANRB 6/2022; PP 11/2017 Ps. 107",
                    MET if ok else NOT_MET,
                    f"SKP {y}: {PREDIKAT_LABEL.get(s.predikat, s.predikat)}{rid}",
                )
            )

    # 6. Discipline: no medium/heavy sentence in force or within the last N years.
    need = (
        "Tidak sedang/pernah dijatuhi hukuman disiplin sedang/berat dalam "
        f"{req.discipline_years} tahun terakhir"
    )
    limit = add_years(on, -req.discipline_years)
    bad = [
        s
        for s in c.sentences
        if s.level in {"S", "B"} and ((s.end is None) or s.end > limit or (s.start and s.start > limit))
    ]
    if bad:
        s = bad[0]
        add(
            Row(
                "discipline",
                "Disiplin",
                need,
                "PP 94/2021; PP 11/2017 Ps. 107",
                NOT_MET,
                f"Hukuman {'berat' if s.level == 'B' else 'sedang'} {s.name} "
                f"{s.start or '?'}–{s.end or 'berlaku'} (riwayat id {s.record_id})",
            )
        )
    else:
        add(
            Row(
                "discipline",
                "Disiplin",
                need,
                "PP 94/2021; PP 11/2017 Ps. 107",
                MET,
                f"Tidak ada hukuman sedang/berat dalam riwayat disiplin ({len(c.sentences)} catatan)",
            )
        )

    # 7. Age at appointment and years before BUP.
    age = full_years(c.birth_date, on) or 0
    max_age = req.max_age_if_jpt if (c.holds_jpt and req.max_age_if_jpt) else req.max_age
    if max_age:
        add(
            Row(
                "age",
                "Usia",
                f"Usia paling tinggi {max_age} tahun pada saat pengangkatan",
                "PP 11/2017 jo PP 17/2020 Ps. 107",
                MET if age <= max_age else NOT_MET,
                f"Lahir {c.birth_date.isoformat()}: {age} tahun pada {on.isoformat()}",
            )
        )
    retire = retirement_date(c.birth_date, post.bup)
    left = (retire - on).days / 365.25
    add(
        Row(
            "bup",
            "Sisa masa kerja",
            f"Sisa masa kerja sebelum BUP ({post.bup} tahun) paling singkat {req.min_years_before_bup} tahun",
            "PP 11/2017 jo PP 17/2020 Ps. 239 (default, konfirmasi SK)",
            MET if left >= req.min_years_before_bup and left > 0 else NOT_MET,
            f"Pensiun {retire.isoformat()}: {max(left, 0):.1f} tahun lagi",
        )
    )

    # 8. Leadership training: information only by default ("perlu pelatihan"), never a fail.
    if req.leadership_training:
        need_rank = TRAINING_ORDER[req.leadership_training]
        done = [(k, rid) for k, rid in c.trainings if TRAINING_ORDER.get(k, 0) >= need_rank]
        need = f"Pelatihan kepemimpinan {TRAINING_LABEL[req.leadership_training]}"
        if done:
            add(
                Row(
                    "training",
                    "Pelatihan kepemimpinan",
                    need,
                    "PP 11/2017 Ps. 54, 55, 107 (informasi)",
                    MET,
                    f"{TRAINING_LABEL[done[0][0]]} (riwayat id {done[0][1]})",
                )
            )
        else:
            add(
                Row(
                    "training",
                    "Pelatihan kepemimpinan",
                    need,
                    "PP 11/2017 Ps. 54, 55, 107 (informasi)",
                    req.training_missing,
                    "Belum ada sertifikat: perlu pelatihan setelah pengangkatan",
                )
            )

    # 9. A valid assessment and 10. the competency standard (JPM against THIS post's standard).
    a = valid_assessment(c, on)
    if a is None:
        why = (
            "Tidak ada hasil asesmen"
            if c.assessment is None
            else (
                f"Asesmen {c.assessment.assessed_on.isoformat()} sudah tidak berlaku (masa berlaku "
                f"{c.assessment.validity_years} tahun)"
            )
        )
        add(
            Row(
                "assessment",
                "Asesmen",
                "Hasil asesmen kompetensi yang masih berlaku",
                "PermenPANRB 3/2020",
                NOT_MET,
                why,
            )
        )
        add(
            Row(
                "competency",
                "Standar kompetensi",
                f"JPM terhadap standar jabatan ini paling rendah {req.jpm_min:g}",
                "PermenPANRB 38/2017",
                NOT_MET,
                "Tidak ada asesmen yang berlaku",
            )
        )
    else:
        add(
            Row(
                "assessment",
                "Asesmen",
                "Hasil asesmen kompetensi yang masih berlaku",
                "PermenPANRB 3/2020",
                MET,
                f"Asesmen {a.assessed_on.isoformat()} (id {a.record_id}), berlaku {a.validity_years} tahun",
            )
        )
        value = jpm_for(a.levels, post.standard)
        need = (
            f"JPM terhadap standar jabatan ini paling rendah {req.jpm_min:g} "
            f"(memenuhi syarat {req.jpm_good:g})"
        )
        if value is None:
            add(
                Row(
                    "competency",
                    "Standar kompetensi",
                    need,
                    "PermenPANRB 38/2017",
                    NOT_MET,
                    "Nilai kompetensi kosong",
                )
            )
        else:
            st = MET if value >= req.jpm_good else (WARNING if value >= req.jpm_min else NOT_MET)
            add(
                Row(
                    "competency",
                    "Standar kompetensi",
                    need,
                    "PermenPANRB 38/2017",
                    st,
                    f"JPM {value:.2f} (asesmen id {a.record_id})",
                )
            )

    # 11. Health: always checked by hand.
    add(
        Row(
            "health",
            "Kesehatan",
            "Sehat jasmani dan rohani",
            "PP 11/2017 Ps. 54, 55, 107",
            MANUAL,
            "Perlu verifikasi manual (surat keterangan dokter)",
        )
    )

    # 12. The post's own technical requirements: no employee data to prove them, so manual.
    for t in post.technical:
        add(
            Row(
                f"technical_{t.get('name', '')}",
                "Kompetensi teknis",
                f"{t.get('name', '')} level {t.get('level', '?')}",
                "Standar kompetensi jabatan",
                MANUAL,
                "Perlu verifikasi manual: kompetensi teknis belum tercatat",
            )
        )

    # 13. JPT routes.
    if is_jpt_post and req.jpt_rules:
        rows.extend(_jpt_rows(c, post, on))

    # 14. External recommendation as a required step.
    if post.external_recommendation:
        add(
            Row(
                "external",
                "Rekomendasi eksternal",
                f"Rekomendasi {post.external_recommendation} sebelum pelantikan",
                "Ketentuan jabatan",
                MANUAL,
                "Langkah wajib: rekomendasi belum tercatat",
            )
        )

    by_code = {o.code: o for o in overrides}
    for r in rows:
        o = by_code.get(r.code)
        if o is not None and r.status == NOT_MET:
            r.override = {"reference": o.reference, "note": o.note, "basis": "PP 17/2020 Ps. 107 ayat (2)"}
    return Result(rows)


def _jpt_rows(c: Candidate, post: Post, on: date) -> list[Row]:
    rows: list[Row] = []
    same_post = c.position_id == post.position_id
    if c.holds_jpt and not same_post:
        yrs = full_years(c.position_since, on) if c.position_since else None
        need = "Perpindahan antar-JPT: telah 2 sampai 5 tahun pada jabatan sekarang, melalui uji kompetensi"
        if yrs is None:
            rows.append(
                Row(
                    "jpt_move",
                    "Perpindahan JPT",
                    need,
                    "PP 11/2017 Ps. 131 ayat (2)",
                    NOT_MET,
                    "TMT jabatan sekarang tidak tercatat",
                )
            )
        elif yrs < 2:
            rows.append(
                Row(
                    "jpt_move",
                    "Perpindahan JPT",
                    need,
                    "PP 11/2017 Ps. 131 ayat (2)",
                    NOT_MET,
                    f"{yrs} tahun pada jabatan sekarang (TMT {c.position_since})",
                )
            )
        elif yrs <= 5:
            rows.append(
                Row(
                    "jpt_move",
                    "Perpindahan JPT",
                    need,
                    "PP 11/2017 Ps. 131 ayat (2)",
                    MET,
                    f"{yrs} tahun pada jabatan sekarang (TMT {c.position_since})",
                )
            )
        else:
            rows.append(
                Row(
                    "jpt_move",
                    "Perpindahan JPT",
                    need,
                    "PP 11/2017 Ps. 131 ayat (2), Ps. 133",
                    MANUAL,
                    f"{yrs} tahun: melewati 5 tahun, perlu bukti perpanjangan berdasarkan kinerja",
                )
            )
    elif same_post:
        yrs = full_years(c.position_since, on) if c.position_since else None
        need = "JPT diduduki paling lama 5 tahun; dapat diperpanjang berdasarkan capaian kinerja"
        st = MANUAL if (yrs is None or yrs >= 5) else MET
        rows.append(
            Row(
                "jpt_term",
                "Masa jabatan JPT",
                need,
                "PP 11/2017 Ps. 133",
                st,
                f"{yrs if yrs is not None else '?'} tahun pada jabatan ini: "
                + ("perpanjangan perlu persetujuan" if st == MANUAL else "dalam masa jabatan"),
            )
        )
    else:
        # Promotion into JPT: open selection unless the instansi has the merit-system exception.
        if post.merit_exception:
            need = "Promosi dari kelompok rencana suksesi (kotak 7, 8, 9) dengan persetujuan BKN"
            if c.box is None or not c.mapping_finalised:
                rows.append(
                    Row(
                        "jpt_route",
                        "Rute pengisian JPT",
                        need,
                        "PermenPANRB 3/2020; PP 11/2017 Ps. 198(4)",
                        MANUAL,
                        "Belum ada hasil pemetaan talenta yang final",
                    )
                )
            else:
                ok = c.box >= 7
                rows.append(
                    Row(
                        "jpt_route",
                        "Rute pengisian JPT",
                        need,
                        "PermenPANRB 3/2020; PP 11/2017 Ps. 198(4)",
                        MET if ok else NOT_MET,
                        f"Kotak {c.box} ({c.mapping_ref})",
                    )
                )
        else:
            rows.append(
                Row(
                    "jpt_route",
                    "Rute pengisian JPT",
                    "Seleksi terbuka",
                    "PP 11/2017 Ps. 198 ayat (4)",
                    MANUAL,
                    "Wajib melalui seleksi terbuka",
                )
            )
    # UU 5/2014 Ps. 116: the PPK may not replace a JPT within 2 years of installation.
    if post.holder_id and post.holder_id != c.employee_id and not post.holder_leaving and post.holder_since:
        yrs = full_years(post.holder_since, on) or 0
        if yrs < 2:
            rows.append(
                Row(
                    "jpt_protect",
                    "Perlindungan 2 tahun",
                    "Pejabat pimpinan tinggi tidak diganti dalam 2 "
                    "tahun sejak pelantikan, kecuali sesuai ketentuan",
                    "UU 5/2014 Ps. 116",
                    MANUAL,
                    f"Pejabat sekarang dilantik {post.holder_since.isoformat()} ({yrs} tahun)",
                )
            )
    return rows


def near_eligible(result: Result, max_missing: int = 2) -> bool:
    return not result.eligible and len(result.lacking) <= max_missing


def decimal2(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))
