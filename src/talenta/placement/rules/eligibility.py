"""Eligibility of a candidate for a post (RULES.md §6, PP 11/2017 jo PP 17/2020 Pasal 54, 55, 107, 131, 133;
UU 5/2014 Pasal 116). Pure: plain dataclasses in, one row per requirement out. No Django, no clock.

Each requirement is one small check function `check_<name>(c, post, req, on) -> list[Row]`, listed in
`CHECKS` in the order the evidence shows them: find "the age rule" as `check_age`. A row says met / not_met
/ manual (needs manual verification) / warning (a soft check that does not block) / info (shown to the
committee, never a condition), the rule with its regulation, the evidence record it used, and its
parameters (`params`, plain values for the API and the screens). Missing or unverified data is never "met".
A waiver (Pasal 107(2), or a Pasal 133 extension of a JPT term) is an override attached to the failing row:
the row stays "not_met" and the override (with its approval reference) is what lets the candidate through.

Every duration is counted in completed calendar years, months and days (`people.rules.dates.elapsed`),
never days / 365.25; JPM is the one Decimal implementation of `profiling.rules.jpm`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from talenta.people.rules import discipline
from talenta.people.rules import jabatan as jr
from talenta.people.rules import performance as perf
from talenta.people.rules.dates import Span, elapsed, full_years, retirement_date, total_span
from talenta.placement.rules.decision import is_higher
from talenta.profiling.rules import jpm as jpm_rules
from talenta.profiling.rules import validity

MET, NOT_MET, MANUAL, WARNING, INFO = "met", "not_met", "manual", "warning", "info"
BLOCKING = frozenset({NOT_MET})

PREDIKAT_ORDER = {"sangat_baik": 5, "baik": 4, "butuh_perbaikan": 3, "kurang": 2, "sangat_kurang": 1}
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
TRAINING_ORDER = jr.LEADERSHIP_TRAINING_ORDER
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
    "jpm_display_cap",
    "jpt_rules",
)
JPT_LEVEL_VALUES = frozenset(lv.value for lv in jr.JPT_LEVELS)


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
    # Not in RULES.md: 0 (the default) shows the years left as information only; an instansi may make it
    # its own rule by setting a minimum in its table.
    min_years_before_bup: int = 0
    leadership_training: str = ""
    training_missing: str = MANUAL  # "perlu pelatihan" (never a fail) unless the Admin sets "not_met"
    assessment_validity_years: int = 3
    jpm_min: Decimal = jpm_rules.JPM_SELECTION_BANDS["masih_memenuhi_syarat"]  # below: Kurang Memenuhi
    jpm_good: Decimal = jpm_rules.JPM_SELECTION_BANDS["memenuhi_syarat"]  # 68–<80 Masih Memenuhi (warning)
    jpt_rules: bool = False
    # RULES.md §3: show a JPM above 100 as 100 (display only; banding uses the unrounded value). Off.
    jpm_display_cap: bool = False

    @classmethod
    def from_data(cls, level: str, version: int, data: dict[str, Any]) -> Requirements:
        values = {k: data[k] for k in PAKET_KEYS if k in data}
        if "prior_levels" in values:
            values["prior_levels"] = tuple(str(jr.Level(lv)) for lv in values["prior_levels"])
        for k in ("jpm_min", "jpm_good"):
            if k in values:
                values[k] = Decimal(str(values[k]))
        for k in (
            "prior_years",
            "field_years",
            "predikat_years",
            "discipline_years",
            "min_years_before_bup",
            "assessment_validity_years",
        ):
            if k in values:
                values[k] = int(values[k])
                if values[k] < 0:
                    raise ValueError(f"{k} must not be negative")
        if values.get("min_predikat", "baik") not in PREDIKAT_ORDER:
            raise ValueError("min_predikat")
        if values.get("leadership_training", "") not in {"", *TRAINING_ORDER}:
            raise ValueError("leadership_training")
        return cls(level=level, version=version, **values)

    def counts_as_prior(self, level: str) -> bool:
        return counts_as_prior(level, self.prior_levels)


def counts_as_prior(level: str, prior_levels: tuple[str, ...]) -> bool:
    """A post counts as the prior post when it is one of the listed levels or ranks above all of them:
    for JPT Utama (JPT Madya or JF Ahli Utama) a JPT Pratama stint does not count, though it ranks with
    JF Ahli Utama (RULES.md §6)."""
    if not prior_levels:
        return False
    above = max(jr.LEVEL_RANK[jr.Level(lv)] for lv in prior_levels)
    return level in prior_levels or jr.LEVEL_RANK.get(jr.Level(level), 0) > above


@dataclass(frozen=True, slots=True)
class SkpYear:
    year: int
    predikat: str
    record_id: int | None = None


def skp_by_year(skp: Iterable[SkpYear]) -> dict[int, SkpYear]:
    """Each year's SKP: its last-entered record (`people.rules.performance.skp_of_each_year`)."""
    return perf.skp_of_each_year(skp, year=attrgetter("year"), record_id=attrgetter("record_id"))


@dataclass(frozen=True, slots=True)
class Sentence:
    level: str  # R / S / B
    start: date | None
    end: date | None
    record_id: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class AssessmentView:
    assessed_on: date
    validity_years: int
    levels: dict[str, float | None]
    record_id: int | None = None
    potential_score: float | None = None


@dataclass(frozen=True, slots=True)
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
    # Someone looked at the discipline history (SIASN's rw-hukdis read, or a sentence recorded): an empty
    # history that nobody checked is missing data, never "clean" (RULES.md §6).
    discipline_checked: bool = True

    @property
    def holds_jpt(self) -> bool:
        return self.position_level in JPT_LEVEL_VALUES


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
    # The instansi's merit-system exception (filling JPT from the talent pool with BKN's approval); an
    # instansi setting, off unless the instansi records its approval (placement.MeritException).
    merit_exception: bool = False


@dataclass(frozen=True)
class Override:
    """A waiver of one failing row with its approval reference: Pasal 107(2) (the President's prior
    approval) or, for `jpt_move`, a Pasal 133 extension."""

    code: str
    reference: str
    note: str = ""


# The basis of a waiver, by row code (its words are in placement/evidence.py).
OVERRIDE_BASIS = {"jpt_move": "pasal_133"}
DEFAULT_OVERRIDE_BASIS = "pasal_107_2"


@dataclass
class Row:
    """One requirement's outcome: a status, a code and parameters; no words. `kind` names the rule (the
    check's row family, e.g. "performance" for `skp_2024`), `reason` which evidence it rests on; the screens,
    PDFs and API turn (kind, reason, params) into a sentence in the user's language
    (`placement/evidence.py`)."""

    code: str
    status: str
    reason: str
    kind: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    override: dict[str, str] | None = None

    def __post_init__(self) -> None:
        self.kind = self.kind or self.code

    @property
    def blocks(self) -> bool:
        return self.status in BLOCKING and self.override is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "status": self.status,
            "reason": self.reason,
            "override": self.override,
            "params": self.params,
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


# --- Facts shared by the checks and the vectorised ranking ------------------------------------------------


def service_span(posts: Iterable[tuple[date, date | None]], on: date) -> Span:
    """Cumulative service on `on` over posts (start, end; end None while still held), each counted up to
    `on`: the one way every "years in posts" rule counts."""
    return total_span([(start, min(end or on, on)) for start, end in posts])


def _posts(stints: tuple[PostStint, ...], keep: Callable[[PostStint], bool]) -> list:
    return [(s.start, s.end) for s in stints if s.start is not None and keep(s)]


def prior_span(stints: tuple[PostStint, ...], req: Requirements, on: date) -> Span:
    """Cumulative service in posts that count as the prior post (`Requirements.counts_as_prior`)."""
    return service_span(_posts(stints, lambda s: req.counts_as_prior(s.level)), on)


def posts_span(stints: tuple[PostStint, ...], on: date) -> Span:
    return service_span(_posts(stints, lambda s: True), on)


def opd_span(stints: tuple[PostStint, ...], opd_id: int | None, on: date) -> Span:
    if opd_id is None:
        return Span()
    return service_span(_posts(stints, lambda s: s.opd_id == opd_id), on)


def validity_years(a: AssessmentView, req: Requirements) -> int:
    """The shorter of the requirement table's validity and the assessment's own."""
    return min(req.assessment_validity_years, a.validity_years or req.assessment_validity_years)


def valid_assessment(c: Candidate, req: Requirements, on: date) -> AssessmentView | None:
    a = c.assessment
    if a is None or not validity.is_valid(a.assessed_on, validity_years(a, req), on):
        return None
    return a


def complete_levels(levels: dict[str, float | None], standard: dict[str, int]) -> dict[str, Decimal] | None:
    """The levels of every competency of the standard, or None when one is missing: a JPM over whichever
    competencies happen to be present is not the post's JPM (RULES.md §3)."""
    out = {}
    for code in standard:
        v = levels.get(code)
        if v is None:
            return None
        out[code] = Decimal(str(v))
    return out


def jpm_of(a: AssessmentView, standard: dict[str, int]) -> Decimal | None:
    levels = complete_levels(a.levels, standard)
    return jpm_rules.jpm(levels, standard) if levels else None


def is_move_between_jpt(c: Candidate, post: Post) -> bool:
    """Pasal 131(2): a sitting JPT to another JPT post of the same classification (the same level)."""
    return c.holds_jpt and c.position_id != post.position_id and c.position_level == post.level


def is_promotion_into_jpt(c: Candidate, post: Post) -> bool:
    """Into JPT, or into a higher JPT level: open selection unless the merit-system exception applies."""
    return c.position_id != post.position_id and (
        not c.holds_jpt or is_higher(post.level, c.position_level or "")
    )


# --- The checks, one per requirement ---------------------------------------------------------------------

Check = Callable[[Candidate, Post, "Requirements", date], list[Row]]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def check_no_demotion(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """A lower post is a disciplinary sentence (PP 94/2021), not a placement."""
    if c.position_level and is_higher(c.position_level, post.level):
        return [
            Row(
                "no_demotion",
                NOT_MET,
                "lower",
                params={"current_level": c.position_level, "target_level": post.level},
            )
        ]
    return []


def check_education(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    if not req.min_education:
        return []
    params = {
        "min_education": req.min_education,
        "education": c.education_level or None,
        "record_id": c.education_record_id,
    }
    if not c.education_level:
        return [Row("education", NOT_MET, "missing", params=params)]
    ok = c.education_level >= req.min_education
    return [Row("education", MET if ok else NOT_MET, "recorded", params=params)]


def check_prior_post(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    if not req.prior_levels:
        return []
    params: dict[str, Any] = {"prior_levels": list(req.prior_levels), "years": req.prior_years}
    if not c.stints:
        return [Row("prior_post", NOT_MET, "missing", params=params)]
    span = prior_span(c.stints, req, on)
    ids = [s.record_id for s in c.stints if s.record_id and req.counts_as_prior(s.level)]
    return [
        Row(
            "prior_post",
            MET if span.at_least(req.prior_years) else NOT_MET,
            "served",
            params=params | {"served": span.key, "record_ids": ids},
        )
    ]


def check_field(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Experience in the field (cumulative). Same OPD as the target is what the data can prove; other posts
    may still be "in the field" (a committee judgement), so they make the row manual, not met."""
    if not req.field_years:
        return []
    params: dict[str, Any] = {"years": req.field_years}
    if not c.stints:
        return [Row("field", NOT_MET, "missing", params=params)]
    total, same = posts_span(c.stints, on), opd_span(c.stints, post.opd_id, on)
    params |= {"same_opd": same.key, "total": total.key}
    if same.at_least(req.field_years):
        return [Row("field", MET, "same_opd", params=params)]
    if total.at_least(req.field_years):
        return [Row("field", MANUAL, "all_posts", params=params)]
    return [Row("field", NOT_MET, "total", params=params)]


def check_rank(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Rank against the eselon's range (PP 13/2002): a soft check, a warning at most, even when missing."""
    rng = jr.ESELON_RANK_RANGE.get(post.eselon)
    if not rng:
        return []
    params = {"eselon": post.eselon, "golongan": c.golongan or None, "lowest": rng[0], "highest": rng[1]}
    if not c.golongan:
        return [Row("rank", WARNING, "missing", params=params)]
    ok = jr.rank_in_eselon_range(c.golongan, post.eselon)
    return [Row("rank", MET if ok else WARNING, "golongan", params=params)]


def check_performance(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Predikat at least Baik in each of the last N years (the year before `on` and earlier)."""
    by_year = skp_by_year(c.skp)
    rows = []
    for y in range(on.year - 1, on.year - 1 - req.predikat_years, -1):
        s = by_year.get(y)
        params = {"year": y, "min_predikat": req.min_predikat, "years": req.predikat_years}
        if s is None:
            rows.append(
                Row(f"skp_{y}", NOT_MET, "missing", kind="performance", params=params | {"predikat": None})
            )
            continue
        ok = PREDIKAT_ORDER.get(s.predikat, 0) >= PREDIKAT_ORDER[req.min_predikat]
        rows.append(
            Row(
                f"skp_{y}",
                MET if ok else NOT_MET,
                "predikat",
                kind="performance",
                params=params | {"predikat": s.predikat, "record_id": s.record_id},
            )
        )
    return rows


def discipline_blocks(s: Sentence, on: date, years: int) -> bool:
    """A medium/heavy sentence in force on `on`, or in force at any time in the `years` before it
    (`people.rules.discipline.in_force_within`, the window the nine-box's integrity uses too)."""
    return s.level in discipline.MEDIUM_OR_HEAVY and discipline.in_force_within(s.start, s.end, on, years)


def check_discipline(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    params: dict[str, Any] = {"years": req.discipline_years}
    bad = [s for s in c.sentences if discipline_blocks(s, on, req.discipline_years)]
    if bad:
        # The evidence names the sentence that weighs longest: one still in force, else the one that ended
        # last (then the latest start, then the last entered), whatever order the records come in.
        s = max(bad, key=lambda s: (s.end is None, s.end or date.min, s.start or date.min, s.record_id or 0))
        return [
            Row(
                "discipline",
                NOT_MET,
                "sentence",
                params=params
                | {
                    "level": s.level,
                    "name": s.name,
                    "start": _iso(s.start),
                    "end": _iso(s.end),
                    "record_id": s.record_id,
                },
            )
        ]
    if not c.sentences and not c.discipline_checked:
        return [Row("discipline", MANUAL, "unchecked", params=params | {"checked": False})]
    return [Row("discipline", MET, "clean", params=params | {"records": len(c.sentences)})]


def max_age_for(c: Candidate, req: Requirements) -> int | None:
    """56 for JPT Pratama, 58 when the candidate already holds a JPT post (RULES.md §6)."""
    return req.max_age_if_jpt if (c.holds_jpt and req.max_age_if_jpt) else req.max_age


def check_age(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    max_age = max_age_for(c, req)
    if not max_age:
        return []
    age = full_years(c.birth_date, on) or 0
    return [
        Row(
            "age",
            MET if age <= max_age else NOT_MET,
            "age",
            params={
                "max_age": max_age,
                "age": age,
                "birth_date": c.birth_date.isoformat(),
                "on": on.isoformat(),
            },
        )
    ]


def check_years_before_bup(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Not a requirement of RULES.md: the years left before the post's BUP, shown to the committee as
    information. An instansi may make a minimum its own rule (`min_years_before_bup`, 0 by default). Only a
    candidate already retired on the appointment date fails it."""
    retire = retirement_date(c.birth_date, post.bup)
    left = elapsed(on, retire)
    params = {
        "bup": post.bup,
        "retirement_date": retire.isoformat(),
        "left": left.key,
        "min_years": req.min_years_before_bup,
    }
    if retire <= on:
        return [Row("bup", NOT_MET, "retired", params=params)]
    if not req.min_years_before_bup:
        return [Row("bup", INFO, "information", params=params)]
    ok = left.at_least(req.min_years_before_bup)
    return [Row("bup", MET if ok else NOT_MET, "minimum", params=params)]


def check_training(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Leadership training: information only by default ("perlu pelatihan"), never a fail."""
    if not req.leadership_training:
        return []
    need_rank = TRAINING_ORDER[req.leadership_training]
    done = [(k, rid) for k, rid in c.trainings if TRAINING_ORDER.get(k, 0) >= need_rank]
    params: dict[str, Any] = {"training": req.leadership_training}
    if done:  # the evidence names the highest training done (a tie: the last entered), in any order
        kind, rid = max(done, key=lambda d: (TRAINING_ORDER.get(d[0], 0), d[1] or 0))
        return [Row("training", MET, "done", params=params | {"done": kind, "record_id": rid})]
    return [Row("training", req.training_missing, "needs_training", params=params)]


def check_competency(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """A valid assessment, then JPM against THIS post's standard, over all nine competencies, banded on the
    exact (unrounded Decimal) value: >= jpm_good met, >= jpm_min warning, else not met."""
    a = valid_assessment(c, req, on)
    bands = {"memenuhi_syarat": req.jpm_good, "masih_memenuhi_syarat": req.jpm_min}
    need: dict[str, Any] = {
        "jpm_min": str(req.jpm_min),
        "jpm_good": str(req.jpm_good),
        "display_cap": req.jpm_display_cap,
    }
    if a is None:
        reason, aparams = "none", {}
        if c.assessment is not None:
            reason = "expired" if c.assessment.assessed_on <= on else "future"
            aparams = {
                "assessed_on": c.assessment.assessed_on.isoformat(),
                "validity_years": validity_years(c.assessment, req),
                "record_id": c.assessment.record_id,
            }
        return [
            Row("assessment", NOT_MET, reason, params=aparams),
            Row("competency", NOT_MET, "no_assessment", params=need),
        ]
    rows = [
        Row(
            "assessment",
            MET,
            "valid",
            params={
                "assessed_on": a.assessed_on.isoformat(),
                "validity_years": validity_years(a, req),
                "record_id": a.record_id,
            },
        )
    ]
    value = jpm_of(a, post.standard)
    if value is None:
        present = sum(1 for k in post.standard if a.levels.get(k) is not None)
        rows.append(
            Row(
                "competency",
                NOT_MET,
                "incomplete",
                params=need | {"present": present, "required": len(post.standard)},
            )
        )
        return rows
    category = jpm_rules.selection_category(value, bands)
    st = {"memenuhi_syarat": MET, "masih_memenuhi_syarat": WARNING}.get(category, NOT_MET)
    rows.append(
        Row(
            "competency",
            st,
            "jpm",
            params=need | {"jpm": str(value), "category": category, "record_id": a.record_id},
        )
    )
    return rows


def check_health(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    return [Row("health", MANUAL, "manual")]


def check_technical(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """The post's own technical requirements: no employee data to prove them, so manual."""
    return [
        Row(
            f"technical_{t.get('name', '')}",
            MANUAL,
            "not_recorded",
            kind="technical",
            params={"name": t.get("name", ""), "level": t.get("level")},
        )
        for t in post.technical
    ]


def check_jpt_classification(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Pasal 131(2): a move between JPT posts needs the same classification of post."""
    if not _jpt(post, req) or not c.holds_jpt or c.position_id == post.position_id:
        return []
    same = c.position_level == post.level
    return [
        Row(
            "jpt_classification",
            MET if same else INFO,
            "same" if same else "promotion",
            params={"current_level": c.position_level, "target_level": post.level},
        )
    ]


JPT_MOVE_MIN, JPT_MOVE_MAX = 2, 5


def check_jpt_move(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Pasal 131(2): 2 to 5 years in the current JPT post (completed calendar time; 5 years 0 days is still
    within, a day more is not). Beyond 5 years the routes left are open selection, or a Pasal 133 extension
    on performance, recorded as an override of this row."""
    if not _jpt(post, req) or not is_move_between_jpt(c, post):
        return []
    if c.position_since is None:
        return [Row("jpt_move", NOT_MET, "no_tmt")]
    span = elapsed(c.position_since, on)
    params: dict[str, Any] = {"served": span.key, "since": c.position_since.isoformat()}
    if not span.at_least(JPT_MOVE_MIN):
        return [Row("jpt_move", NOT_MET, "too_short", params=params)]
    if span.more_than(JPT_MOVE_MAX):
        return [
            Row("jpt_move", NOT_MET, "too_long", params=params | {"routes": ["open_selection", "extension"]})
        ]
    return [Row("jpt_move", MET, "within", params=params)]


def check_jpt_term(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Pasal 133: a JPT post is held at most 5 years unless extended on performance."""
    if not _jpt(post, req) or c.position_id != post.position_id:
        return []
    span = elapsed(c.position_since, on) if c.position_since else None
    st = MANUAL if (span is None or span.at_least(5)) else MET
    return [
        Row(
            "jpt_term",
            st,
            "extension" if st == MANUAL else "within",
            params={"served": span.key if span else None},
        )
    ]


def check_jpt_route(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """Promotion into JPT, or into a higher JPT level: open selection (Pasal 198(4)) unless the instansi has
    the merit-system exception, in which case the talent comes from the succession group (box 7–9)."""
    if not _jpt(post, req) or not is_promotion_into_jpt(c, post):
        return []
    if not post.merit_exception:
        return [Row("jpt_route", MANUAL, "open_selection", params={"route": "open_selection"})]
    if c.box is None or not c.mapping_finalised:
        return [Row("jpt_route", MANUAL, "no_mapping", params={"route": "talent_pool", "box": None})]
    return [
        Row(
            "jpt_route",
            MET if c.box >= 7 else NOT_MET,
            "box",
            params={"route": "talent_pool", "box": c.box, "mapping": c.mapping_ref},
        )
    ]


def check_jpt_protect(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    """UU 5/2014 Ps. 116: the PPK may not replace a JPT within 2 years of installation."""
    if not _jpt(post, req):
        return []
    if not (
        post.holder_id and post.holder_id != c.employee_id and not post.holder_leaving and post.holder_since
    ):
        return []
    span = elapsed(post.holder_since, on)
    if span.at_least(2):
        return []
    return [
        Row(
            "jpt_protect",
            MANUAL,
            "recent",
            params={"since": post.holder_since.isoformat(), "served": span.key},
        )
    ]


def check_external(c: Candidate, post: Post, req: Requirements, on: date) -> list[Row]:
    if not post.external_recommendation:
        return []
    return [Row("external", MANUAL, "pending", params={"by": post.external_recommendation})]


def _jpt(post: Post, req: Requirements) -> bool:
    return req.jpt_rules and post.level in JPT_LEVEL_VALUES


# The table: every requirement, in the order the evidence lists them. docs/placement.md names each one.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("no_demotion", check_no_demotion),
    ("education", check_education),
    ("prior_post", check_prior_post),
    ("field", check_field),
    ("rank", check_rank),
    ("performance", check_performance),
    ("discipline", check_discipline),
    ("age", check_age),
    ("years_before_bup", check_years_before_bup),
    ("training", check_training),
    ("competency", check_competency),
    ("health", check_health),
    ("technical", check_technical),
    ("jpt_classification", check_jpt_classification),
    ("jpt_move", check_jpt_move),
    ("jpt_term", check_jpt_term),
    ("jpt_route", check_jpt_route),
    ("jpt_protect", check_jpt_protect),
    ("external", check_external),
)


def evaluate(
    c: Candidate,
    post: Post,
    req: Requirements,
    *,
    on: date,
    overrides: tuple[Override, ...] = (),
) -> Result:
    """All rows for candidate `c` and `post`, appointment on `on` (the date the ages and years count to)."""
    rows = [r for _, check in CHECKS for r in check(c, post, req, on)]
    by_code = {o.code: o for o in overrides}
    for r in rows:
        o = by_code.get(r.code)
        if o is not None and r.status == NOT_MET:
            r.override = {
                "reference": o.reference,
                "note": o.note,
                "basis": OVERRIDE_BASIS.get(r.code, DEFAULT_OVERRIDE_BASIS),
            }
    return Result(rows)
