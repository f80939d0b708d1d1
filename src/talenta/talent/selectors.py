"""Reads for talent mapping. Public, stable API (the placement app uses it):

- `mapping_inputs(employees, as_of=..., config=...)`: evidence of many employees in five queries
- `latest_final_period(instansi_id)`, `final_boxes(period)`: {employee_id: final box}
- `talent_pool(period, target_level, today=...)`: eligible people of boxes 7–9 for a target level
- `employee_result(employee, period)`, `card(result)`: the explained mapping card of one person
- `retirement_forecast(positions, start, months)`: posts falling vacant by BUP with ready successors
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from talenta.core.display import angka, label
from talenta.people.models import DisciplineHistory, Employee, Position, SkpHistory, Training
from talenta.people.rules import jabatan as jr
from talenta.people.rules import performance as perf
from talenta.people.rules.dates import add_years
from talenta.people.selectors import retiring_between
from talenta.profiling.models import COMPETENCY_FIELDS, Assessment
from talenta.profiling.rules import jpm as jpm_rules
from talenta.talent.models import MappingPeriod, MappingResult, Successor
from talenta.talent.rules import potential as potential_rules
from talenta.talent.rules.config import MappingConfig, config_from_dict
from talenta.talent.rules.mapping import (
    MappingInputs,
    competency_gaps,
    map_one,
    sentences,
    standard_for,
    training_hours,
    years_in_post,
)
from talenta.talent.rules.ninebox import (
    LABELS,
    RECOMMENDATIONS,
    SUCCESSION_GROUP,
    axes,
    final_box,
    readiness,
    recommendation_text,
)
from talenta.talent.rules.performance import window


def period_config(period: MappingPeriod) -> MappingConfig:
    """The configuration its stored results were computed with (the period's own before its first run)."""
    return config_from_dict(period.results_config)


def population(period: MappingPeriod) -> QuerySet[Employee]:
    """The employees a period maps: its instansi's PNS (or the statuses listed), narrowed by the filter."""
    f = period.population or {}
    qs = Employee.objects.filter(instansi_id=period.instansi_id, status__in=f.get("statuses") or ["pns"])
    if f.get("unit_ids"):
        from talenta.people.models import Unit

        paths = Unit.objects.filter(instansi_id=period.instansi_id, pk__in=f["unit_ids"]).values_list(
            "path", flat=True
        )
        cond = Q()
        for p in paths:
            cond |= Q(unit__path__startswith=p)
        qs = qs.filter(cond)
    if f.get("levels"):
        qs = qs.filter(position__level__in=f["levels"])
    return qs


def last_run_summary(period: MappingPeriod) -> dict[str, Any] | None:
    """What the period's last run did (people, mappable, moved, unchanged, seconds), when that run was a
    background job (the "Run mapping" button): the page reloads when the job ends and shows it again. None
    when the last run was not a job (the `talent-map` command) or never happened."""
    from talenta.core.models import Job

    if period.last_run_at is None:
        return None
    job = (
        Job.objects.filter(
            kind="talent.map",
            params__period=period.pk,
            status=Job.Status.SUCCEEDED,
            started_at__lte=period.last_run_at,
            finished_at__gte=period.last_run_at,
        )
        .order_by("-id")
        .first()
    )
    keys = ("total", "mappable", "moved", "unchanged", "seconds")
    if job is None or not all(isinstance(job.result.get(k), int | float) for k in keys):
        return None
    return {**{k: job.result[k] for k in keys}, "unmapped": job.result["total"] - job.result["mappable"]}


def population_summary(period: MappingPeriod) -> str:
    """The population filter in words: "PNS; Administrator, Pengawas; Dinas A (and below)"."""
    from talenta.people.models import Unit

    f = period.population or {}
    statuses = dict(Employee.Status.choices)
    parts = [", ".join(str(statuses.get(s, s)) for s in f.get("statuses") or ["pns"])]
    levels = dict(Position.Level.choices)
    parts.append(
        ", ".join(str(levels.get(x, x)) for x in f["levels"]) if f.get("levels") else _("every level")
    )
    if f.get("unit_ids"):
        names = (
            Unit.objects.filter(instansi_id=period.instansi_id, pk__in=f["unit_ids"])
            .order_by("path")
            .values_list("name", flat=True)
        )
        parts.append(_("%(units)s (and below)") % {"units": ", ".join(names)})
    else:
        parts.append(_("the whole instansi"))
    return "; ".join(parts)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _num(v: Decimal | None) -> float | None:
    return float(v) if v is not None else None


def mapping_inputs(
    employees: QuerySet[Employee],
    *,
    as_of: date,
    config: MappingConfig,
    id_range: tuple[int, int] | None = None,
) -> list[MappingInputs]:
    """The evidence of every employee in `employees`, in five queries (no per-person query). `id_range`
    (lowest, highest employee id): only those, and each evidence table is read by that range of its
    employee index, not scanned whole (a period run reads its population in steps)."""
    if id_range is not None:
        employees = employees.filter(pk__range=id_range)
    ids = employees.values("id")
    of = {"employee_id__gte": id_range[0], "employee_id__lte": id_range[1]} if id_range is not None else {}
    years = window(as_of.year, config.performance_years)
    rows = list(
        employees.order_by("id")
        # The overrides as their stored text: parsed once per distinct text below, not once per person.
        .annotate(overrides_text=Cast("position__competency_overrides", TextField()))
        .values_list(
            "id", "nip", "position_id", "position__level", "overrides_text", "education_level", "tmt_jabatan"
        )
    )
    skp: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    # Each year's SKP is its last-entered record (a corrected SKP replaces the first one).
    for (employee_id, year), (pk, _eid, _year, predikat, rating) in perf.skp_of_each_year(
        SkpHistory.objects.filter(employee_id__in=ids, year__in=years, **of)
        .order_by("employee_id", "year")  # the years in order; the pick itself is order-free
        .values_list("id", "employee_id", "year", "predikat", "rating_hasil_kerja"),
        year=itemgetter(1, 2),
        record_id=itemgetter(0),
    ).items():
        skp[employee_id][year] = {"id": pk, "predikat": predikat, "rating_hasil_kerja": rating}
    assessments: dict[int, dict[str, Any]] = {}
    codes = [f.upper() for f in COMPETENCY_FIELDS]
    for pk, employee_id, assessed_on, own_validity, standard_, potential, *levels in (
        Assessment.objects.filter(employee_id__in=ids, assessed_on__lte=as_of, **of)
        .order_by("employee_id", *Assessment.NEWEST_FIRST)
        .values_list(
            "id",
            "employee_id",
            "assessed_on",
            "validity_years",
            "standard",
            "potential_score",
            *COMPETENCY_FIELDS,
        )
    ):
        if employee_id in assessments:
            continue  # the latest one only
        assessments[employee_id] = {
            "id": pk,
            "assessed_on": assessed_on.isoformat(),
            "validity_years": own_validity,
            "levels": {c: None if v is None else float(v) for c, v in zip(codes, levels, strict=True)},
            "standard": standard_ or {},
            "potential_score": _num(potential),
        }
    training: dict[int, list[list[int]]] = defaultdict(list)
    for t in (
        Training.objects.filter(
            employee_id__in=ids,
            year__gte=as_of.year - config.training_years,
            year__lt=as_of.year,
            **of,
        )
        .order_by("employee_id", "id")
        .values_list("employee_id", "id", "year", "hours")
    ):
        training[t[0]].append([t[1], t[2], t[3] or 0])
    discipline: dict[int, list[list[Any]]] = defaultdict(list)
    for d in (
        DisciplineHistory.objects.filter(employee_id__in=ids, **of)
        .order_by("employee_id", "id")
        .values_list("employee_id", "id", "level", "start", "end")
    ):
        discipline[d[0]].append([d[1], d[2], _iso(d[3]), _iso(d[4])])
    # A post's standard depends only on its level and its overrides: computed once per distinct pair, not
    # once per person (the inputs are read, never changed, so people of the same kind of post share it).
    standards: dict[tuple[str, str | None], dict[str, int]] = {}

    def standard(level: str, overrides: str | None) -> dict[str, int]:
        key = (level, overrides)
        if key not in standards:
            standards[key] = jr.competency_standard(level, json.loads(overrides) if overrides else None)
        return standards[key]

    out = []
    for pk, nip, post_id, level, overrides, education_level, tmt_jabatan in rows:
        out.append(
            MappingInputs(
                employee_id=pk,
                nip=nip,
                skp=skp.get(pk, {}),
                assessment=assessments.get(pk),
                post_id=post_id,
                post_level=level,
                post_standard=standard(level, overrides) if level else None,
                education_level=education_level or "",
                training=training.get(pk, []),
                tmt_jabatan=tmt_jabatan.isoformat() if tmt_jabatan else None,
                discipline=discipline.get(pk, []),
            )
        )
    return out


def latest_final_period(instansi_id: int) -> MappingPeriod | None:
    return (
        MappingPeriod.objects.filter(instansi_id=instansi_id, status=MappingPeriod.Status.FINALISED)
        .order_by(*MappingPeriod.LATEST_FIRST)
        .first()
    )


def final_boxes(period: MappingPeriod) -> dict[int, int]:
    """{employee_id: calibrated box, else computed box} of the mappable people of a period."""
    return {
        e: final_box(b, c)
        for e, b, c in MappingResult.objects.filter(period=period, mappable=True).values_list(
            "employee_id", "box", "calibrated_box"
        )
    }


def final_box_of(period: MappingPeriod, employee_id: int) -> int | None:
    """One person's final box in a period (None: not mappable or not in it): one indexed row, where
    `final_boxes` reads the whole period."""
    row = (
        MappingResult.objects.filter(period=period, mappable=True, employee_id=employee_id)
        .values_list("box", "calibrated_box")
        .first()
    )
    return final_box(*row) if row else None


def apply_filters(
    results: QuerySet[MappingResult], params: dict[str, str], today: date
) -> QuerySet[MappingResult]:
    """The screen's filters: opd (unit id of the OPD), level, golongan, age band ("<40", "40-49",
    "50+"), sex."""
    if params.get("opd"):
        results = results.filter(employee__unit__opd_id=params["opd"]) | results.filter(
            employee__unit_id=params["opd"]
        )
    if params.get("level"):
        results = results.filter(employee__position__level=params["level"])
    if params.get("golongan"):
        results = results.filter(employee__golongan=params["golongan"])
    if params.get("sex"):
        results = results.filter(employee__sex=params["sex"])
    band = params.get("age")
    if band in AGE_BANDS:
        lo, hi = AGE_BANDS[band]
        # age ≥ lo ⇔ born on or before today − lo years; age < hi ⇔ born after today − hi years.
        results = results.filter(
            employee__birth_date__lte=add_years(today, -lo), employee__birth_date__gt=add_years(today, -hi)
        )
    return results


AGE_BANDS: dict[str, tuple[int, int]] = {"<40": (0, 40), "40-49": (40, 50), "50+": (50, 200)}


@dataclass
class Card:
    """Everything the mapping card shows: the inputs, each step with the weights, and the way up."""

    result: MappingResult
    config: MappingConfig
    label: str
    final_box: int | None
    recommendation: str
    actions: tuple[tuple[str, str], ...]
    readiness: str
    gaps: list[tuple[str, str, float, int, float]] = field(default_factory=list)  # code, name, lvl, std, gap
    steps: list[tuple[str, str]] = field(default_factory=list)
    move_up: list[str] = field(default_factory=list)
    track_record: list[str] = field(default_factory=list)  # what each part counted, in words

    @property
    def jpm_shown(self) -> Decimal | None:
        """The JPM as the screens show it: capped at 100 when the period's configuration says so
        (RULES.md §3, display only)."""
        return jpm_shown(self.result.jpm, self.config)


def jpm_shown(jpm: Any, cfg: MappingConfig) -> Decimal | None:
    if jpm is None:
        return None
    value = Decimal(str(jpm))
    return min(value, Decimal(100)) if cfg.jpm_display_cap else value


def _fmt(x: float | None) -> str:
    """A number of the card's calculation, two decimals in the reader's language (0,50 or 0.50)."""
    return angka(x, 2)


def _level(code: str) -> str:
    return label(code).lower()


def _track_record_explained(result: MappingResult, inputs: MappingInputs, cfg: MappingConfig) -> list[str]:
    """Each part of the track record with what it counted (RULES.md §4), for the person it concerns."""
    as_of = result.period.results_as_of
    in_post = years_in_post(inputs, as_of)
    counted = potential_rules.sentences_counted(sentences(inputs), as_of=as_of, years=cfg.integrity_years)
    post = label(inputs.post_level) if inputs.post_level else _("no post")
    return [
        _("education: %(score)s for a post of level %(post)s (100 meets its minimum, 50 one step below)")
        % {"score": _fmt(result.tr_education), "post": post},
        _("training: %(hours)s hours in %(first)s–%(last)s against a target of %(target)s: %(score)s")
        % {
            "hours": angka(training_hours(inputs, cfg, as_of)),
            "first": as_of.year - cfg.training_years,
            "last": as_of.year - 1,
            "target": angka(cfg.training_hours_target),
            "score": _fmt(result.tr_training),
        },
        (
            _("post experience: %(years)s full years in the post against a target of %(target)s: %(score)s")
            % {"years": in_post, "target": cfg.post_years_target, "score": _fmt(result.tr_experience)}
            if in_post is not None
            else _("post experience: no start date in the post is recorded: %(score)s")
            % {"score": _fmt(result.tr_experience)}
        ),
        _(
            "integrity: %(n)s disciplinary sentences in force in the %(years)s years before the as-of date "
            "(medium or heavy 0, light 50, none 100): %(score)s"
        )
        % {"n": len(counted), "years": cfg.integrity_years, "score": _fmt(result.tr_integrity)},
    ]


def card(result: MappingResult) -> Card:
    cfg = config_from_dict(result.period.results_config)  # what the result was computed with
    inputs = MappingInputs.from_json(result.inputs)
    fb = result.final_box
    gaps = competency_gaps(inputs, cfg)
    # The standard the gaps and the JPM were computed against (not another one that happens to be there).
    standard = standard_for(inputs, cfg)[0] or {}
    levels = (inputs.assessment or {}).get("levels") or {}
    gap_rows = sorted(
        (
            (c, jr.COMPETENCIES.get(c, c), float(levels[c]), int(standard[c]), float(g))
            for c, g in gaps.items()
        ),
        key=lambda r: (r[4], r[0]),
    )
    w = cfg.weights
    steps = []
    jpm_counted = result.jpm
    if result.jpm is not None:
        text = _("100 × Σ individual level / Σ standard = %(v)s") % {"v": _fmt(result.jpm)}
        if cfg.jpm_display_cap and Decimal(str(result.jpm)) > 100:
            text += " · " + _("shown as 100 elsewhere on this card (the period's display cap)")
        steps.append(("JPM", text))
        if cfg.jpm_score_cap is not None and Decimal(str(result.jpm)) > Decimal(str(cfg.jpm_score_cap)):
            # The score counts the JPM up to the period's cap: the step below adds up with the capped value.
            jpm_counted = Decimal(str(cfg.jpm_score_cap))
            steps.append(
                (
                    _("JPM counted in the score"),
                    _("%(jpm)s, at most %(cap)s (the period's setting) = %(v)s")
                    % {"jpm": _fmt(result.jpm), "cap": _fmt(jpm_counted), "v": _fmt(jpm_counted)},
                )
            )
    parts = [result.tr_education, result.tr_training, result.tr_experience, result.tr_integrity]
    steps.append(
        (_("Track record"), f"({' + '.join(_fmt(p) for p in parts)}) / 4 = {_fmt(result.track_record)}")
    )
    if result.potential_score is not None:
        terms = []
        for key, value in (("jpm", jpm_counted), ("potential", result.potential_aspect),
                           ("track_record", result.track_record), ("qualification", result.tr_education),
                           ("integrity", result.tr_integrity)):  # fmt: skip
            if w.get(key):
                terms.append(f"{_fmt(w[key])} × {_fmt(value)}")
        steps.append((_("Potential score"), f"{' + '.join(terms)} = {_fmt(result.potential_score)}"))
        b = cfg.potential_bands
        steps.append(
            (
                _("Potential level"),
                _("%(high)s ≥ %(h)s, %(medium)s ≥ %(m)s: %(level)s")
                % {
                    "high": _level("tinggi"),
                    "h": _fmt(b["tinggi"]),
                    "medium": _level("menengah"),
                    "m": _fmt(b["menengah"]),
                    "level": _level(result.potential_level),
                },
            )
        )
    move_up = []
    if result.mappable:
        bands = cfg.potential_bands
        if result.potential_level != "tinggi" and result.potential_score is not None:
            target_name = "menengah" if result.potential_level == "rendah" else "tinggi"
            target = bands[target_name]
            text = _("Potential score %(score)s → needs %(target)s for %(level)s potential") % {
                "score": _fmt(result.potential_score),
                "target": _fmt(target),
                "level": _level(target_name),
            }
            needed_jpm = top = None
            if result.jpm is not None and w.get("jpm"):
                needed_jpm = result.jpm + (target - result.potential_score) / w["jpm"]
                top = jpm_rules.ceiling(standard)
            if needed_jpm is not None and top is not None and needed_jpm > top:
                # More than levels of 5 give: the JPM alone cannot get there, and the card says so.
                text = _(
                    "JPM %(jpm)s → would need %(needed)s for %(level)s potential, above the highest JPM "
                    "the standard allows (%(max)s): the potential-aspect score or the track record must "
                    "rise too (potential score %(score)s of %(target)s)"
                ) % {
                    "jpm": _fmt(result.jpm),
                    "needed": _fmt(needed_jpm),
                    "level": _level(target_name),
                    "max": _fmt(top),
                    "score": _fmt(result.potential_score),
                    "target": _fmt(target),
                }
            elif needed_jpm is not None:
                text = _(
                    "JPM %(jpm)s → needs %(needed)s for %(level)s potential (potential score %(score)s of "
                    "%(target)s)"
                ) % {
                    "jpm": _fmt(result.jpm),
                    "needed": _fmt(needed_jpm),
                    "level": _level(target_name),
                    "score": _fmt(result.potential_score),
                    "target": _fmt(target),
                }
            if gap_rows and gap_rows[0][4] < 0:
                c, name, lvl, std, _gap = gap_rows[0]
                text += _("; largest gap: %(code)s %(name)s %(level)s of standard %(standard)s") % {
                    "code": c,
                    "name": name,
                    "level": angka(lvl, 2 if lvl != round(lvl, 1) else 1 if lvl != round(lvl) else 0),
                    "standard": std,
                }
            move_up.append(text)
        if result.performance_level != "di_atas":
            nxt = "sangat_baik" if result.performance_level == "sesuai" else "baik"
            move_up.append(
                _("Performance %(level)s → SKP rating %(rating)s in the last %(n)s years")
                % {
                    "level": _level(result.performance_level),
                    "rating": label(nxt),
                    "n": cfg.performance_years,
                }
            )
    return Card(
        track_record=_track_record_explained(result, inputs, cfg),
        result=result,
        config=cfg,
        label=LABELS.get(fb, "") if fb else "",
        final_box=fb,
        recommendation=recommendation_text(fb) if fb else "",
        actions=RECOMMENDATIONS.get(fb, ()) if fb else (),
        readiness=readiness(fb, cfg.readiness),
        gaps=gap_rows,
        steps=steps,
        move_up=move_up,
    )


# Talent pools (RULES.md §5, §6): feeder levels per target level. The pool's criteria are the target level's
# requirement table, the one eligibility uses: placement owns those tables (a higher app) and registers the
# judge here (`register_pool_judge`), so the pool keeps no copy of them (issue 13).
POOL_TARGETS: dict[str, dict[str, Any]] = {
    "jpt_pratama": {"feeders": ("administrator", "jf_ahli_madya", "jf_ahli_utama")},
    "administrator": {"feeders": ("pengawas", "jf_ahli_muda", "jf_ahli_madya")},
    "pengawas": {
        "feeders": ("pelaksana", "jf_ahli_pertama", "jf_ahli_muda", "jf_penyelia", "jf_mahir", "jf_terampil")
    },
}

# judge(target_level, instansi_id, today) → (employee → (passes, notes)). Notes are warnings shown with the
# member (a rank outside the level's range, the years before BUP), never a filter.
PoolJudge = Callable[[str, int, date], Callable[[Employee], tuple[bool, tuple[str, ...]]]]
_POOL_JUDGE: list[PoolJudge] = []


def register_pool_judge(judge: PoolJudge) -> None:
    _POOL_JUDGE[:] = [judge]


@dataclass(frozen=True)
class PoolMember:
    employee: Employee
    box: int
    potential_score: float | None
    readiness: str
    notes: tuple[str, ...]


def talent_pool(period: MappingPeriod, target_level: str, *, today: date,
                employees: QuerySet[Employee] | None = None) -> list[PoolMember]:  # fmt: skip
    """People of boxes 7–9 (final box) at a feeder level of `target_level` who pass the basics of the
    target level's requirement table (education, maximum age, and any rule the instansi added)."""
    spec = POOL_TARGETS[target_level]
    cfg = period_config(period)
    judge = _POOL_JUDGE[0](target_level, period.instansi_id, today) if _POOL_JUDGE else None
    # Only boxes 7-9 (final box: the calibrated one, else the computed one) come back from the database,
    # without the evidence JSON: at national size the feeder levels hold hundreds of thousands of results.
    in_group = Q(calibrated_box__in=SUCCESSION_GROUP) | Q(
        calibrated_box__isnull=True, box__in=SUCCESSION_GROUP
    )
    qs = (
        MappingResult.objects.filter(in_group, period=period, mappable=True)
        .defer("inputs", "performance_evidence")
        .select_related("employee__position", "employee__unit")
    )
    if employees is not None:
        qs = qs.filter(employee__in=employees)
    qs = qs.filter(employee__position__level__in=spec["feeders"])
    out = []
    for r in qs:
        fb = r.final_box
        if fb not in SUCCESSION_GROUP:
            continue
        ok, notes = judge(r.employee) if judge else (True, ())
        if ok:
            out.append(PoolMember(r.employee, fb, r.potential_score, readiness(fb, cfg.readiness), notes))
    out.sort(key=lambda m: (-m.box, -(m.potential_score or 0), m.employee.name, m.employee.pk))
    return out


@dataclass(frozen=True)
class Vacancy:
    position: Position
    holder: Employee
    retirement_date: date
    ready: list[Successor]


def retirement_forecast(
    positions: QuerySet[Position],
    *,
    start: date,
    months: int = 24,
    successors: QuerySet[Successor] | None = None,
) -> list[Vacancy]:
    """Posts whose definitive holder reaches BUP in [start, start + months), with the named ready
    successors among `successors` (the viewer's scope; all by default)."""
    end = date(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1)
    holders = retiring_between(
        Employee.objects.filter(position__in=positions).select_related("position__unit"), start, end
    )
    succ: dict[int, list[Successor]] = defaultdict(list)
    pool = Successor.objects.all() if successors is None else successors
    for s in pool.filter(plan__position__in=positions).select_related("employee", "plan"):
        if s.readiness == "siap_sekarang":
            succ[s.plan.position_id].append(s)
    out = [Vacancy(h.position, h, h.retirement_date, succ.get(h.position_id, [])) for h in holders]
    out.sort(key=lambda v: (v.retirement_date, v.position.name))
    return out


def bench_strength(plan_successors: list[Successor]) -> int:
    """How many named successors are ready now."""
    return sum(1 for s in plan_successors if s.readiness == "siap_sekarang")


def employee_result(employee: Employee, period: MappingPeriod | None) -> MappingResult | None:
    if period is None:
        return None
    return MappingResult.objects.filter(period=period, employee=employee).select_related("period").first()


def axes_of(box_number: int) -> tuple[str, str]:
    return axes(box_number)


def scalar_outcome(result: MappingResult):
    """Recompute one stored result from its stored inputs and its period's stored config."""
    return map_one(MappingInputs.from_json(result.inputs), period_config(result.period), result.period.as_of)
