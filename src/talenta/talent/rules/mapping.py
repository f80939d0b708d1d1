"""One employee's mapping from plain inputs (the scalar rule). `bulk.map_bulk` computes the same over
numpy arrays; a property test keeps the two identical.

`MappingInputs` is also the stored snapshot of a result (`MappingResult.inputs`): every piece of evidence
with its record id, so a result can be explained and a finalised period replayed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import orjson

from talenta.people.rules.dates import full_years
from talenta.profiling.rules.jpm import gaps, jpm

from . import potential as pr
from . import reasons as rs
from .config import MappingConfig
from .ninebox import box, readiness
from .performance import performance


@dataclass
class MappingInputs:
    employee_id: int
    nip: str
    # {year: {"id": skp id, "predikat": ..., "rating_hasil_kerja": ...}} for the window years present.
    skp: dict[int, dict[str, Any]] = field(default_factory=dict)
    # The latest assessment on or before the as-of date: {"id", "assessed_on", "validity_years" (its own,
    # absent from results stored before it was kept), "levels", "standard", "potential_score"}; None when
    # there is none.
    assessment: dict[str, Any] | None = None
    post_id: int | None = None
    post_level: str | None = None
    post_standard: dict[str, int] | None = None
    education_level: str = ""
    training: list[list[int]] = field(default_factory=list)  # [id, year, hours]
    tmt_jabatan: str | None = None
    discipline: list[list[Any]] = field(default_factory=list)  # [id, level, start, end]

    def to_json(self) -> dict[str, Any]:
        # A shallow dict (the values are already JSON-safe): dataclasses.asdict deep-copies and costs
        # more than the whole mapping at 10k people.
        d = {f: getattr(self, f) for f in self.__dataclass_fields__}
        d["skp"] = {str(k): v for k, v in self.skp.items()}
        return d

    def to_json_text(self) -> str:
        """`to_json()` as JSON text, without building the dict: orjson writes the dataclass's fields in
        order, the SKP years as string keys (a property test keeps the two equal)."""
        return orjson.dumps(self, option=orjson.OPT_NON_STR_KEYS).decode()

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> MappingInputs:
        d = dict(d)
        d["skp"] = {int(k): v for k, v in d.get("skp", {}).items()}
        return cls(**d)


@dataclass(frozen=True)
class MappingOutcome:
    performance_level: str | None
    per_year: dict[int, str | None]
    jpm: float | None
    potential_aspect: float | None
    parts: tuple[float, float, float, float]
    track_record: float
    potential_score: float | None
    potential_level: str | None
    box: int | None
    mappable: bool
    reason: str
    standard_source: str


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def validity_of(assessment: dict[str, Any] | None, config: MappingConfig) -> int:
    """The years an assessment counts for: the shorter of the period's setting and the assessment's own
    validity (a campaign's results may be valid for less), as placement's eligibility counts it."""
    own = (assessment or {}).get("validity_years")
    return min(config.assessment_validity_years, own) if own else config.assessment_validity_years


def standard_for(inputs: MappingInputs, config: MappingConfig) -> tuple[dict[str, int] | None, str]:
    """The standard JPM is computed against, and where it came from (see MappingConfig.jpm_standard)."""
    a = inputs.assessment or {}
    if config.jpm_standard == "current_post" and inputs.post_standard:
        return inputs.post_standard, "current_post"
    if a.get("standard"):
        return {k: int(v) for k, v in a["standard"].items()}, "assessment"
    if inputs.post_standard:
        return inputs.post_standard, "current_post"
    return None, ""


def jpm_of(inputs: MappingInputs, config: MappingConfig) -> tuple[Decimal | None, str]:
    """The unrounded JPM (profiling.rules.jpm, the one implementation) over all the standard's
    competencies: an assessment missing one gives no JPM (issue 13)."""
    a = inputs.assessment
    if not a:
        return None, ""
    standard, source = standard_for(inputs, config)
    levels = {k: v for k, v in (a.get("levels") or {}).items() if v is not None}
    if not standard or not levels or any(code not in levels for code in standard):
        return None, source
    try:
        return jpm(levels, standard), source
    except ValueError:
        return None, source


def competency_gaps(inputs: MappingInputs, config: MappingConfig) -> dict[str, Decimal]:
    standard, _ = standard_for(inputs, config)
    levels = (inputs.assessment or {}).get("levels") or {}
    return gaps({k: v for k, v in levels.items() if v is not None}, standard or {})


def years_in_post(inputs: MappingInputs, as_of: date) -> int | None:
    """Completed years in the current post on `as_of` (None without a start date)."""
    return full_years(_d(inputs.tmt_jabatan), as_of)


def sentences(inputs: MappingInputs) -> list[tuple[str, date | None, date | None]]:
    """The disciplinary sentences of the inputs as (level, start, end)."""
    return [(lv, _d(s), _d(e)) for _, lv, s, e in inputs.discipline]


def training_hours(inputs: MappingInputs, config: MappingConfig, as_of: date) -> int:
    """The training hours the track record counts: those of the `training_years` before the as-of year."""
    return sum(h for _, y, h in inputs.training if as_of.year - config.training_years <= y < as_of.year)


def track_record_parts(
    inputs: MappingInputs, config: MappingConfig, as_of: date
) -> tuple[float, float, float, float]:
    in_post = years_in_post(inputs, as_of)
    return (
        pr.education_fit(inputs.education_level, inputs.post_level),
        pr.training_score(
            [(y, h) for _, y, h in inputs.training],
            as_of_year=as_of.year,
            years=config.training_years,
            target=config.training_hours_target,
        ),
        pr.experience_score(in_post, target=config.post_years_target),
        pr.integrity_score(sentences(inputs), as_of=as_of, years=config.integrity_years),
    )


def map_one(inputs: MappingInputs, config: MappingConfig, as_of: date) -> MappingOutcome:
    perf = performance(
        inputs.skp,
        as_of_year=as_of.year,
        years=config.performance_years,
        combine_mode=config.performance_combine,
        source=config.performance_source,
    )
    reasons = [perf.reason] if perf.missing_years else []
    a = inputs.assessment
    usable, why = pr.assessment_status(
        _d(a["assessed_on"]) if a else None, as_of=as_of, validity_years=validity_of(a, config)
    )
    value, source = jpm_of(inputs, config)
    pot = a.get("potential_score") if a else None
    pot = float(pot) if pot is not None else None
    if not usable:
        reasons.append(why)
    else:
        if value is None:
            reasons.append(rs.NO_COMPETENCY)
        if pot is None:
            reasons.append(rs.NO_POTENTIAL)
    parts = track_record_parts(inputs, config, as_of)
    score = level = None
    if usable and value is not None and pot is not None:
        capped = value if config.jpm_score_cap is None else min(value, Decimal(str(config.jpm_score_cap)))
        exact = pr.potential_score_exact(jpm=capped, potential=pot, parts=parts, weights=config.weights)
        score, level = float(exact), pr.potential_level(exact, config.potential_bands)
    mappable = not reasons
    return MappingOutcome(
        performance_level=perf.level,
        per_year=perf.per_year,
        jpm=float(value) if usable and value is not None else None,
        potential_aspect=pot if usable else None,
        parts=parts,
        track_record=pr.track_record(parts),
        potential_score=score,
        potential_level=level,
        box=box(perf.level, level) if mappable else None,  # type: ignore[arg-type]
        mappable=mappable,
        reason=rs.join(reasons),
        standard_source=source,
    )


def successor_readiness(box_number: int | None, config: MappingConfig | None = None) -> str:
    return readiness(box_number, config.readiness if config else None)
