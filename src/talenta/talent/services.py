"""Writes of talent mapping: keyword-only, atomic, audited. Public, stable API:

- `period_create`, `period_run` (compute or recompute a draft; returns a RunReport with the diff),
  `period_replay` (recompute a period from its stored inputs; no write), `period_finalise`
- `calibration_propose`, `calibration_decide`, `committee_set`
- `successor_add`, `succession_build`, `critical_set`
- `idp_generate`, `idp_action_update`, `idp_progress_update`, `idp_comment`
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import IO, Any

import numpy as np
import orjson
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from talenta.core.audit import audit_record
from talenta.core.bulk import BackgroundWriter, foreign_keys_immediate, gc_paused, insert_rows
from talenta.core.cells import safe_writer
from talenta.core.display import angka
from talenta.core.jobs import Progress
from talenta.people.models import Employee, Instansi, Position
from talenta.people.services import mark_changed
from talenta.talent import selectors
from talenta.talent.digests import row_digest
from talenta.talent.models import (
    Calibration,
    CommitteeMember,
    DevelopmentAction,
    DevelopmentPlan,
    MappingPeriod,
    MappingPreset,
    MappingResult,
    SuccessionPlan,
    Successor,
)
from talenta.talent.rules.bulk import arrays_from_inputs, map_bulk, reason_of
from talenta.talent.rules.config import PRESETS, ConfigError, MappingConfig, config_from_dict
from talenta.talent.rules.mapping import MappingInputs, competency_gaps, map_one, standard_for
from talenta.talent.rules.ninebox import (
    PERFORMANCE_BY_VALUE,
    POTENTIAL_BY_VALUE,
    RECOMMENDATIONS,
    readiness,
)
from talenta.talent.texts import reason_text

BATCH = 2000


def _actor(by: Any) -> str:
    return getattr(by, "username", "") or "system"


def preset_config(name: str) -> MappingConfig:
    """A stored preset (MappingPreset row), else the built-in one of the same name."""
    row = MappingPreset.objects.filter(name=name).first()
    data = row.config if row else PRESETS.get(name)
    if data is None:
        raise ValidationError(_("Unknown preset '%(name)s'."), code="preset", params={"name": name})
    return config_from_dict(data)


POPULATION_KEYS = ("unit_ids", "levels", "statuses")


def population_clean(*, instansi_id: int, population: dict[str, Any] | None) -> dict[str, list[Any]]:
    """A period's population filter, checked and normalised (sorted, no duplicates, empty keys dropped):
    `unit_ids` (units of the period's instansi; each with everything below it), `levels` (Position.Level
    codes), `statuses` (jenis pegawai: pns, cpns, pppk; none = PNS only). `{}` = every PNS of the instansi."""
    from talenta.people.models import Unit

    data = population or {}
    if not isinstance(data, dict):
        raise ValidationError(_("The population filter must be a JSON object."), code="population")
    unknown = sorted(set(data) - set(POPULATION_KEYS))
    if unknown:
        raise ValidationError(
            _("Population filter: unknown keys %(keys)s (allowed: %(allowed)s)."),
            code="population",
            params={"keys": ", ".join(unknown), "allowed": ", ".join(POPULATION_KEYS)},
        )
    out: dict[str, list[Any]] = {}
    for key, allowed, label in (
        ("statuses", Employee.Status.values, "jenis pegawai"),
        ("levels", Position.Level.values, "jenjang jabatan"),
    ):
        values = data.get(key) or []
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            raise ValidationError(
                _("Population filter, %(label)s: must be a list of codes."),
                code="population",
                params={"label": label},
            )
        bad = sorted(set(values) - set(allowed))
        if bad:
            raise ValidationError(
                _("Population filter, %(label)s: unknown %(values)s (allowed: %(allowed)s)."),
                code="population",
                params={"label": label, "values": ", ".join(bad), "allowed": ", ".join(allowed)},
            )
        if values:
            out[key] = sorted(set(values))
    ids = data.get("unit_ids") or []
    try:
        ids = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise ValidationError(
            _("Population filter, unit: must be a list of unit ids."), code="population"
        ) from None
    if ids:
        found = set(Unit.objects.filter(instansi_id=instansi_id, pk__in=ids).values_list("pk", flat=True))
        missing = [i for i in ids if i not in found]
        if missing:
            raise ValidationError(
                _("Population filter, unit: %(ids)s are not units of this instansi."),
                code="population",
                params={"ids": ", ".join(map(str, missing))},
            )
        out["unit_ids"] = ids
    return out


@transaction.atomic
def period_create(
    *, instansi: Instansi, name: str, as_of: date, by: Any = None, config: dict[str, Any] | None = None,
    preset: str = "default", population: dict[str, Any] | None = None,
) -> MappingPeriod:  # fmt: skip
    if MappingPeriod.objects.filter(instansi=instansi, name=name).exists():
        raise ValidationError(
            _("Mapping period '%(name)s' already exists."), code="duplicate", params={"name": name}
        )
    try:
        cfg = config_from_dict(config, base=preset_config(preset))
    except ConfigError as e:
        raise ValidationError(
            _("Configuration of period '%(name)s': %(error)s"),
            code="config",
            params={"name": name, "error": e},
        ) from e
    pop = population_clean(instansi_id=instansi.pk, population=population)
    period = MappingPeriod.objects.create(
        instansi=instansi,
        name=name,
        as_of=as_of,
        preset=preset,
        config=cfg.to_dict(),
        population=pop,
        created_by=_actor(by),
    )
    audit_record(
        actor=by,
        action="talent.period_create",
        target=period,
        changes={"as_of": as_of, "preset": preset, "config": cfg.to_dict(), "population": pop},
    )
    return period


@transaction.atomic
def period_configure(*, period: MappingPeriod, by: Any = None, as_of: date | None = None,
                     config: dict[str, Any] | None = None,
                     population: dict[str, Any] | None = None) -> MappingPeriod:  # fmt: skip
    """Change the as-of date, configuration or population filter of a draft period (a finalised one
    never changes). `population` replaces the filter (`{}` = every PNS); None keeps it."""
    MappingPeriod.objects.select_for_update().filter(pk=period.pk).first()  # lock, then read it fresh
    period.refresh_from_db()
    _refuse_final(period)
    before = {"as_of": period.as_of, "config": period.config, "population": period.population}
    if config is not None:
        try:
            period.config = config_from_dict(config, base=config_from_dict(period.config)).to_dict()
        except ConfigError as e:
            raise ValidationError(
                _("Configuration of period '%(name)s': %(error)s"),
                code="config",
                params={"name": period.name, "error": e},
            ) from e
    if population is not None:
        period.population = population_clean(instansi_id=period.instansi_id, population=population)
    if as_of is not None:
        period.as_of = as_of
    period.save(update_fields=["as_of", "config", "population"])
    audit_record(
        actor=by,
        action="talent.period_configure",
        target=period,
        changes={
            "before": before,
            "after": {"as_of": period.as_of, "config": period.config, "population": period.population},
        },
    )
    return period


def _refuse_final(period: MappingPeriod) -> None:
    if period.is_final:
        raise ValidationError(
            _(
                "Period '%(name)s' was finalised on %(date)s by %(by)s: its results cannot be changed "
                "or recomputed."
            ),
            code="finalised",
            params={
                "name": period.name,
                "date": f"{period.finalised_at:%Y-%m-%d}",
                "by": period.finalised_by,
            },
        )


@dataclass
class RunReport:
    total: int
    mappable: int
    created: int
    updated: int
    removed: int
    unchanged: int  # computed as stored: not written (talent.digests)
    boxes: dict[int, int]
    moved: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


OUTCOME_FIELDS = ("performance_level", "jpm", "potential_score", "potential_level", "reason")
INPUT_KEYS = (
    "skp",
    "assessment",
    "post_level",
    "post_standard",
    "education_level",
    "training",
    "tmt_jabatan",
    "discipline",
)


def _what_changed(old: MappingResult, new: MappingResult) -> dict[str, list[Any]]:
    changed: dict[str, list[Any]] = {}
    for f in OUTCOME_FIELDS:
        a, b = getattr(old, f), getattr(new, f)
        if isinstance(a, float) and isinstance(b, float) and round(a, 4) == round(b, 4):
            continue
        if a != b:
            changed[f] = [a, b]
    for k in INPUT_KEYS:
        if old.inputs.get(k) != new.inputs.get(k):
            changed[f"inputs.{k}"] = [old.inputs.get(k), new.inputs.get(k)]
    return changed


# The columns a run computes, in the order `compute` gives them; the writer adds id, period_id and the
# committee's calibrated_box and calibration_reason.
RESULT_COLUMNS = (
    "employee_id",
    "performance_level",
    "performance_evidence",
    "jpm",
    "potential_aspect",
    "tr_education",
    "tr_training",
    "tr_experience",
    "tr_integrity",
    "track_record",
    "potential_score",
    "potential_level",
    "box",
    "mappable",
    "reason",
    "standard_source",
    "inputs",
    "digest",  # of the columns before it (talent.digests)
)
JSON_COLUMNS = ("performance_evidence", "inputs")
_EMPLOYEE, _BOX, _MAPPABLE, _DIGEST = (
    RESULT_COLUMNS.index(c) for c in ("employee_id", "box", "mappable", "digest")
)


def _json(value: Any) -> str:
    """A JSON column's text. orjson: the same values as json.dumps, in a tenth of its time (a million
    results carry a million evidence snapshots; docs/performance.md)."""
    return orjson.dumps(value).decode()


def compute(inputs: list[MappingInputs], config: MappingConfig, as_of: date) -> list[tuple[Any, ...]]:
    """Bulk mapping of `inputs`: one row per input, in the same order, its values in `RESULT_COLUMNS`
    order as they are written (the JSON columns as text; `result_fields` gives a row as field values).
    The columns are taken from the arrays whole, not person by person."""
    arr = arrays_from_inputs(inputs, config, as_of)
    res = map_bulk(arr, config, as_of)
    # As `map_one` stores them: the JPM and the potential aspect of an assessment still valid, each when it
    # has one (so a person missing one of them is shown the other); the score only when both are there.
    valid = res.assessment_state >= 2
    usable = res.assessment_state == 9

    def floats(a: np.ndarray, where: np.ndarray) -> list[float | None]:  # nan (none) → None
        return [None if v != v else v for v in np.where(where, a, np.nan).tolist()]

    evidence_text: dict[tuple[int, ...], str] = {}  # one text per pattern of yearly levels
    evidence = []
    for pattern in map(tuple, arr.perf_years.tolist()):
        text = evidence_text.get(pattern)
        if text is None:
            text = evidence_text[pattern] = _json(
                {
                    str(y): (PERFORMANCE_BY_VALUE[v] if v else None)
                    for y, v in zip(arr.years, pattern, strict=True)
                }
            )
        evidence.append(text)
    mappable = res.mappable.tolist()
    return [
        (*row, row_digest(row))
        for row in zip(
            [x.employee_id for x in inputs],
            [PERFORMANCE_BY_VALUE[p] if p else "" for p in res.performance.tolist()],
            evidence,
            floats(arr.jpm, valid),
            floats(arr.potential, valid),
            *arr.parts.T.tolist(),
            res.track_record.tolist(),
            floats(res.potential_score, usable),
            [POTENTIAL_BY_VALUE[v] if v else "" for v in res.potential_level.tolist()],
            [b if ok else None for b, ok in zip(res.box.tolist(), mappable, strict=True)],
            mappable,
            ["" if ok else reason_of(i, arr, res) for i, ok in enumerate(mappable)],
            [standard_for(x, config)[1] if x.assessment else "" for x in inputs],
            [x.to_json_text() for x in inputs],
            strict=True,
        )
    ]


def result_fields(row: tuple[Any, ...]) -> dict[str, Any]:
    """A row of `compute` as MappingResult field values (the JSON columns parsed)."""
    fields = dict(zip(RESULT_COLUMNS, row, strict=True))
    for c in JSON_COLUMNS:
        fields[c] = orjson.loads(fields[c])
    return fields


# People mapped per step of a run: each step reads their evidence, computes and writes their rows, so a run's
# memory is a step's, not the population's (at 1M people the whole population held 2.7 GB; issue #17).
RUN_CHUNK = 50_000


def period_run(
    *, period: MappingPeriod, by: Any = None, progress: Progress | None = None, chunk: int = RUN_CHUNK
) -> RunReport:
    """Compute (first run) or recompute (a draft) every result of the period, in bulk; report who moved
    and which inputs changed. Calibrations of people still in the population are kept. The population is
    mapped `chunk` people at a time (by id), in one transaction: the results are the same as in one step,
    since every person's mapping depends on his own evidence and the period's configuration only."""
    import time

    started = time.monotonic()
    _refuse_final(period)
    # The cycle collector is paused for the run (core.bulk.gc_paused): its rows and evidence are plain
    # tuples, dicts and lists, freed by reference counting.
    with transaction.atomic(), gc_paused():
        period = MappingPeriod.objects.select_for_update().get(pk=period.pk)
        _refuse_final(period)
        # The configuration and the population as stored now, under the lock: not the caller's copy, which
        # a background run reads before its turn (a change of configuration in between is what it maps).
        config = config_from_dict(period.config)
        employees = selectors.population(period)
        ids = list(employees.order_by("id").values_list("id", flat=True))
        steps = [ids[i : i + chunk] for i in range(0, len(ids), chunk)]
        if progress:
            progress.set_total(len(ids) + 1)
            progress.advance(0, "memuat data")
        # The stored rows are read as (id, box, mappable, digest) tuples; their outcome fields and inputs
        # JSON only for the people who moved (the diff needs them), the calibration only for calibrated rows.
        stored = MappingResult.objects.filter(period=period)
        existing = {
            employee_id: (pk, box, mappable, digest)
            for pk, employee_id, box, mappable, digest in stored.values_list(
                "pk", "employee_id", "box", "mappable", "digest"
            )
        }
        first_run = not existing
        calibrated = set(
            Calibration.objects.filter(result__period=period).values_list("result_id", flat=True).distinct()
        )
        total = created = updated = unchanged = 0
        entered: list[dict[str, Any]] = []  # people new to the population (re-runs only)
        lapsed: list[int] = []  # calibrated results whose computed box changed
        moved_boxes: list[dict[str, Any]] = []
        boxes = dict.fromkeys(range(1, 10), 0)
        # Each step's rows are written while the next step is computed (core.bulk.BackgroundWriter: on
        # PostgreSQL the server inserts, indexes and checks the keys meanwhile); the connection is used by
        # this thread only while the writer is idle. The results' foreign keys are checked with each write,
        # not all at the commit.
        pending: tuple[list[int], list[tuple[Any, ...]], list[MappingResult]] | None = None
        with foreign_keys_immediate(MappingResult), BackgroundWriter() as writer:
            for step in steps:
                # A range of ids, not a list: the step's evidence is read by index ranges, with the
                # population's own filter.
                inputs = selectors.mapping_inputs(
                    employees, as_of=period.as_of, config=config, id_range=(step[0], step[-1])
                )
                if pending:
                    _write_step(period, *pending, writer)
                computed = compute(inputs, config, period.as_of)
                total += len(computed)
                nips = {x.employee_id: x.nip for x in inputs}
                del inputs
                new_rows, calibrated_rows, movers, replaced = _classify(
                    period, computed, existing, calibrated, first_run, nips, entered, lapsed
                )
                for row in computed:
                    if row[_BOX]:
                        boxes[row[_BOX]] += 1
                writer.join()
                moved_boxes += _moves(movers, nips)  # reads the rows the step replaces: before it does
                pending = (replaced, new_rows, calibrated_rows)
                created += len(new_rows)
                updated += len(calibrated_rows)
                unchanged += len(computed) - len(new_rows) - len(calibrated_rows)
                if progress:
                    progress.advance(
                        len(step),
                        _("%(done)s of %(total)s people computed")
                        % {"done": angka(total), "total": angka(len(ids))},
                    )
            if pending:
                _write_step(period, *pending, writer)  # waited for by the block's exit
        # A calibration decided or proposed against a computed box the run changed no longer applies.
        Calibration.objects.filter(
            result_id__in=lapsed, status__in=[Calibration.Status.CONFIRMED, Calibration.Status.PROPOSED]
        ).update(status=Calibration.Status.LAPSED)
        MappingResult.objects.filter(pk__in=lapsed).update(calibrated_box=None, calibration_reason="")
        # The people who left the population: rows without a calibration raw, the others through the ORM so
        # their calibrations go with them.
        removed_ids = [pk for pk, *_ in existing.values()]
        _delete_raw([pk for pk in removed_ids if pk not in calibrated])
        MappingResult.objects.filter(pk__in=[pk for pk in removed_ids if pk in calibrated]).delete()
        left = [
            {
                "employee_id": employee_id,
                "nip": "",
                "from": box,
                "to": None,
                "changed": {"population": [True, False]},
            }
            for employee_id, (_, box, *_) in existing.items()
        ]
        moved = entered + moved_boxes + left
        period.last_run_at = timezone.now()
        period.run_count += 1
        period.run_basis = period.basis()
        period.last_diff = moved[:5000]
        period.save(update_fields=["last_run_at", "run_count", "last_diff", "run_basis"])
        report = RunReport(
            total=total,
            mappable=sum(boxes.values()),
            created=created,
            updated=updated,
            removed=len(removed_ids),
            unchanged=unchanged,
            boxes=boxes,
            moved=moved,
        )
        audit_record(
            actor=by,
            action="talent.period_run",
            target=period,
            changes={
                "total": report.total,
                "mappable": report.mappable,
                "moved": len(moved),
                "run": period.run_count,
                "population": period.population,
                "calibrations_lapsed": len(lapsed),
            },
        )
    report.seconds = time.monotonic() - started
    if progress:
        progress.advance(
            1,
            _("%(mapped)s of %(total)s mapped; %(unchanged)s results unchanged")
            % {
                "mapped": angka(report.mappable),
                "total": angka(report.total),
                "unchanged": angka(report.unchanged),
            },
        )
    return report


def _classify(
    period: MappingPeriod,
    computed: list[tuple[Any, ...]],
    existing: dict[int, tuple[int, int | None, bool, int | None]],
    calibrated: set[int],
    first_run: bool,
    nips: dict[int, str],
    entered: list[dict[str, Any]],
    lapsed: list[int],
) -> tuple[list[tuple[Any, ...]], list[MappingResult], list[tuple[int, tuple[Any, ...]]], list[int]]:
    """One step's rows against the stored ones (popped from `existing`): (rows to insert, each `compute`
    row led by its old id or None; calibrated rows to update, as instances; (old id, row) of those whose
    box or mappability changed; the old ids the inserts replace). A row computed as it is stored (the same
    digest) is in none of them: it stays as it is. People new to the population go to `entered`; a
    calibrated row whose computed box changed loses its calibration, its id goes to `lapsed`."""
    new_rows: list[tuple[Any, ...]] = []
    calibrated_rows: list[MappingResult] = []
    movers: list[tuple[int, tuple[Any, ...]]] = []
    replaced: list[int] = []
    for row in computed:
        employee_id = row[_EMPLOYEE]
        old = existing.pop(employee_id, None)
        if old is None:
            new_rows.append((None, *row))
            if not first_run:
                entered.append(
                    {
                        "employee_id": employee_id,
                        "nip": nips[employee_id],
                        "from": None,
                        "to": row[_BOX],
                        "changed": {"population": [False, True]},
                    }
                )
            continue
        old_pk, old_box, old_mappable, old_digest = old
        if old_digest == row[_DIGEST]:
            continue  # computed as stored (its calibration, if any, stays with it)
        if old_box != row[_BOX] or old_mappable != row[_MAPPABLE]:
            movers.append((old_pk, row))
        if old_pk in calibrated:
            new = MappingResult(period=period, pk=old_pk, **result_fields(row))
            if old_box != row[_BOX] or not row[_MAPPABLE]:
                lapsed.append(old_pk)  # calibrated from a box the run no longer computes
            calibrated_rows.append(new)
        else:
            new_rows.append((old_pk, *row))  # same id, so links to a card stay valid across re-runs
            replaced.append(old_pk)
    return new_rows, calibrated_rows, movers, replaced


def _moves(movers: list[tuple[int, tuple[Any, ...]]], nips: dict[int, str]) -> list[dict[str, Any]]:
    """The diff of the people whose box or mappability changed: their stored outcome and inputs are read
    now (before the step replaces their rows), 10,000 at a time."""
    out = []
    for i in range(0, len(movers), 10_000):
        chunk = movers[i : i + 10_000]
        olds = {
            r["pk"]: SimpleNamespace(**r)
            for r in MappingResult.objects.filter(pk__any=[pk for pk, _ in chunk]).values(
                "pk", "box", *OUTCOME_FIELDS, "inputs"
            )
        }
        for pk, row in chunk:
            new = result_fields(row)
            out.append(
                {
                    "employee_id": new["employee_id"],
                    "nip": nips[new["employee_id"]],
                    "from": olds[pk].box,
                    "to": new["box"],
                    "changed": _what_changed(olds[pk], SimpleNamespace(**new)),
                }
            )
    return out


def _write_step(
    period: MappingPeriod,
    replaced: list[int],
    new_rows: list[tuple[Any, ...]],
    calibrated_rows: list[MappingResult],
    writer: BackgroundWriter,
) -> None:
    """A step's writes. Rows without a calibration have nothing pointing at them: they are deleted raw and
    inserted again with their ids (bulk delete + insert is far faster than bulk_update at 10k+ rows), the
    inserts by the writer; rows with a calibration keep their identity and are updated."""
    _delete_raw(replaced)
    if calibrated_rows:
        MappingResult.objects.bulk_update(calibrated_rows, RESULT_COLUMNS[1:], batch_size=500)
    writer.start(lambda cursor: _insert_results(period, new_rows, cursor=cursor))


def _delete_raw(pks: list[int]) -> None:
    """Delete results by id without the ORM's cascade (callers pass rows nothing points at), 10,000 ids a
    statement."""
    for i in range(0, len(pks), 10_000):
        rows = MappingResult.objects.filter(pk__any=pks[i : i + 10_000])
        rows._raw_delete(rows.db)


def _insert_results(period: MappingPeriod, rows: list[tuple[Any, ...]], *, cursor: Any = None) -> None:
    """Insert results of `period`: `compute` rows led by the id to keep, or None for a new id (`cursor`: a
    background writer's)."""
    tail = (None, "")  # no calibration: calibrated_box, calibration_reason
    columns = [*RESULT_COLUMNS, "calibrated_box", "calibration_reason"]
    with_pk = [(pk, period.pk, *row, *tail) for pk, *row in rows if pk is not None]
    insert_rows(MappingResult, ["id", "period_id", *columns], with_pk, cursor=cursor)
    del with_pk
    insert_rows(
        MappingResult,
        ["period_id", *columns],
        [(period.pk, *row, *tail) for pk, *row in rows if pk is None],
        cursor=cursor,
    )


def period_replay(*, period: MappingPeriod) -> list[tuple[int, int | None, int | None]]:
    """Recompute every result from its stored inputs and the period's stored config (scalar rule, no
    database evidence read). Returns the mismatches (employee_id, stored box, replayed box):
    [] = identical. The settings are those the results were computed with (`MappingPeriod.run_basis`)."""
    config = config_from_dict(period.results_config)
    as_of = period.results_as_of
    rows = list(MappingResult.objects.filter(period=period).values_list("employee_id", "box", "inputs"))
    inputs = [MappingInputs.from_json(i) for _, _, i in rows]
    bulk = compute(inputs, config, as_of)
    mismatches = []
    for (emp, stored, raw), b in zip(rows, bulk, strict=True):
        scalar = map_one(MappingInputs.from_json(raw), config, as_of).box
        if not (stored == scalar == b[_BOX]):
            mismatches.append((emp, stored, scalar))
    return mismatches


@transaction.atomic
def period_finalise(*, period: MappingPeriod, by: Any) -> MappingPeriod:
    """Freeze a period after calibration: no pending proposal may remain."""
    period = MappingPeriod.objects.select_for_update().get(pk=period.pk)
    _refuse_final(period)
    if not period.results.exists():
        raise ValidationError(
            _("Period '%(name)s' has not been computed."), code="empty", params={"name": period.name}
        )
    if period.stale:
        raise ValidationError(
            _("Period '%(name)s' was configured again after its last run: run the mapping again first."),
            code="stale",
            params={"name": period.name},
        )
    pending = Calibration.objects.filter(result__period=period, status=Calibration.Status.PROPOSED).count()
    if pending:
        raise ValidationError(
            _("Period '%(name)s' still has %(n)s undecided calibration proposals."),
            code="pending",
            params={"name": period.name, "n": pending},
        )
    period.status = MappingPeriod.Status.FINALISED
    period.finalised_by = _actor(by)
    period.finalised_at = timezone.now()
    period.save(update_fields=["status", "finalised_by", "finalised_at"])
    mark_changed(instansi_id=period.instansi_id)  # its boxes now count in placement (the candidate pool)
    audit_record(
        actor=by, action="talent.period_finalise", target=period, changes={"results": period.results.count()}
    )
    return period


def export_csv(*, period: MappingPeriod, out: IO[str]) -> int:
    """One row per employee: nip,performance_level,jpm,potential_score,potential_level,box,calibrated_box,
    mappable,reason (numbers with a dot and 2 decimals; box empty when not mappable)."""
    w = safe_writer(out, lineterminator="\n")
    w.writerow(
        [
            "nip",
            "performance_level",
            "jpm",
            "potential_score",
            "potential_level",
            "box",
            "calibrated_box",
            "mappable",
            "reason",
        ]
    )
    n = 0
    for r in (
        MappingResult.objects.filter(period=period)
        .order_by("employee__nip")
        .values_list(
            "employee__nip",
            "performance_level",
            "jpm",
            "potential_score",
            "potential_level",
            "box",
            "calibrated_box",
            "mappable",
            "reason",
        )
        .iterator(chunk_size=5000)
    ):
        nip, perf, jpm, score, lvl, box, cal, ok, reason = r
        w.writerow(
            [
                nip,
                perf,
                f"{jpm:.2f}" if jpm is not None else "",
                f"{score:.2f}" if score is not None else "",
                lvl,
                box if ok and box else "",
                cal or "",
                "true" if ok else "false",
                reason,
            ]
        )
        n += 1
    return n


# Calibration -------------------------------------------------------------------------------------------


def committee_seat(user: Any) -> CommitteeMember | None:
    if not getattr(user, "pk", None):
        return None
    return CommitteeMember.objects.filter(user=user, instansi_id=user.instansi_id).first()


@transaction.atomic
def committee_set(*, instansi: Instansi, user: Any, is_chair: bool = False, title: str = "",
                  by: Any = None) -> CommitteeMember:  # fmt: skip
    if is_chair:
        CommitteeMember.objects.filter(instansi=instansi, is_chair=True).exclude(user=user).update(
            is_chair=False
        )
    seat, _created = CommitteeMember.objects.update_or_create(
        user=user, defaults={"instansi": instansi, "is_chair": is_chair, "title": title}
    )
    audit_record(
        actor=by,
        action="talent.committee_set",
        target=seat,
        instansi_id=instansi.pk,
        changes={"user": user.username, "is_chair": is_chair, "title": title},
    )
    return seat


@transaction.atomic
def calibration_propose(*, result: MappingResult, to_box: int, reason: str, by: Any,
                        ip: str | None = None) -> Calibration:  # fmt: skip
    """A committee member proposes another box, with a mandatory written reason (RULES.md §5)."""
    if committee_seat(by) is None:
        raise ValidationError(
            _("Only members of the Talent Committee may propose a calibration."), code="not_member"
        )
    # The period and the result as they are now, locked: a finalisation (or a decided calibration) that
    # committed after the caller read its page is what counts.
    MappingPeriod.objects.select_for_update().get(pk=result.period_id)
    result = MappingResult.objects.select_related("period", "employee").get(pk=result.pk)
    _refuse_final(result.period)
    nip = result.employee.nip
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("NIP %(nip)s: the reason for the calibration is required.") % {"nip": nip}},
            code="reason",
        )
    if not result.mappable:
        raise ValidationError(
            _("NIP %(nip)s is not mappable (%(reason)s): it cannot be calibrated."),
            code="unmappable",
            params={"nip": nip, "reason": reason_text(result.reason)},
        )
    if to_box not in range(1, 10):
        raise ValidationError(
            {"to_box": _("NIP %(nip)s: the target box must be 1–9.") % {"nip": nip}}, code="box"
        )
    if to_box == result.final_box:
        raise ValidationError(
            {"to_box": _("NIP %(nip)s is already in box %(box)s.") % {"nip": nip, "box": to_box}},
            code="same_box",
        )
    if Calibration.objects.filter(
        result=result, to_box=to_box, status=Calibration.Status.PROPOSED, proposed_by=by
    ).exists():
        raise ValidationError(
            {
                "to_box": _("NIP %(nip)s: your proposal of box %(box)s is already awaiting a decision.")
                % {"nip": nip, "box": to_box}
            },
            code="pending",
        )
    cal = Calibration.objects.create(
        result=result, from_box=result.final_box, to_box=to_box, reason=reason, proposed_by=by
    )
    audit_record(
        actor=by,
        action="talent.calibration_propose",
        target=result.employee,
        reason=reason,
        ip=ip,
        changes={"period": result.period.name, "box": [result.final_box, to_box]},
    )
    _notify_chair(cal, result, by)
    return cal


def _notify_chair(cal: Calibration, result: MappingResult, by: Any) -> None:
    """Hand the proposal to the committee's chair (unless he proposed it himself)."""
    from django.urls import reverse

    from talenta.accounts import notifications

    chair = (
        CommitteeMember.objects.filter(instansi_id=result.period.instansi_id, is_chair=True)
        .exclude(user=by)
        .select_related("user")
        .first()
    )
    if chair is None:
        return
    notifications.notify(
        users=[chair.user],
        kind=notifications.Kind.CALIBRATION,
        params={
            "proposer": by.get_full_name() or by.username,
            "name": result.employee.full_name,
            "from_box": cal.from_box,
            "to_box": cal.to_box,
            "period": result.period.name,
        },
        url=reverse("talent:meeting", args=[result.period_id]),
    )


@transaction.atomic
def calibration_decide(*, calibration: Calibration, confirm: bool, by: Any, note: str = "",
                       ip: str | None = None) -> Calibration:  # fmt: skip
    """The chair confirms (the calibrated box becomes the final box) or rejects a proposal."""
    seat = committee_seat(by)
    if seat is None or not seat.is_chair:
        raise ValidationError(
            _("Only the chair of the Talent Committee may decide a calibration proposal."), code="not_chair"
        )
    cal = (
        Calibration.objects.select_for_update()
        .select_related("result__period", "result__employee")
        .get(pk=calibration.pk)
    )
    _refuse_final(cal.result.period)
    if cal.status != Calibration.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    cal.status = Calibration.Status.CONFIRMED if confirm else Calibration.Status.REJECTED
    cal.decided_by = by
    cal.decided_at = timezone.now()
    cal.decision_note = note
    cal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    result = cal.result
    if confirm:
        before = result.calibrated_box
        result.calibrated_box = None if cal.to_box == result.box else cal.to_box
        result.calibration_reason = cal.reason
        result.save(update_fields=["calibrated_box", "calibration_reason"])
        # Other open proposals for the same person start from a box that no longer holds.
        Calibration.objects.filter(result=result, status=Calibration.Status.PROPOSED).update(
            status=Calibration.Status.REJECTED,
            decided_by=by,
            decided_at=cal.decided_at,
            decision_note="digantikan oleh keputusan lain",
        )
    else:
        before = result.calibrated_box
    audit_record(
        actor=by,
        action="talent.calibration_" + ("confirm" if confirm else "reject"),
        target=result.employee,
        reason=cal.reason,
        ip=ip,
        changes={
            "period": result.period.name,
            "computed_box": result.box,
            "calibrated_box": [before, result.calibrated_box],
            "note": note,
        },
    )
    return cal


# Succession ---------------------------------------------------------------------------------------------


@transaction.atomic
def critical_set(*, position: Position, is_critical: bool, reason: str, by: Any) -> Position:
    if is_critical and not reason.strip():
        raise ValidationError(
            {
                "critical_reason": _("Post %(post)s: the reason it is critical is required.")
                % {"post": position.name}
            }
        )
    before = {"is_critical": position.is_critical, "critical_reason": position.critical_reason}
    position.is_critical = is_critical
    position.critical_reason = reason.strip() if is_critical else ""
    position.save(update_fields=["is_critical", "critical_reason"])
    audit_record(
        actor=by,
        action="talent.critical_set",
        target=position,
        changes={"before": before, "after": {"is_critical": is_critical, "critical_reason": reason}},
    )
    return position


@transaction.atomic
def successor_add(*, position: Position, employee: Employee, by: Any, period: MappingPeriod | None = None,
                  note: str = "") -> Successor:  # fmt: skip
    """Name a successor; readiness comes from his final box of `period` (default: latest finalised)."""
    if position.current_holder and position.current_holder.pk == employee.pk:
        raise ValidationError(
            _("NIP %(nip)s holds the post %(post)s."),
            code="holder",
            params={"nip": employee.nip, "post": position.name},
        )
    period = period or selectors.latest_final_period(position.instansi_id)
    b = selectors.final_box_of(period, employee.pk) if period else None
    cfg = selectors.period_config(period) if period else None
    plan, _created = SuccessionPlan.objects.get_or_create(position=position)
    # Locked: two names added at once get ranks one after the other, not the same one.
    plan = SuccessionPlan.objects.select_for_update().get(pk=plan.pk)
    plan.updated_by = _actor(by)
    plan.save(update_fields=["updated_by", "updated_at"])
    # Named again: his place on the bench stays; a new name goes last (after the highest rank, not after a
    # count that a removal made smaller).
    held = plan.successors.filter(employee=employee).values_list("rank", flat=True).first()
    rank = held if held is not None else (plan.successors.aggregate(m=Max("rank"))["m"] or 0) + 1
    s, _created = Successor.objects.update_or_create(
        plan=plan,
        employee=employee,
        defaults={
            "box": b,
            "readiness": readiness(b, cfg.readiness if cfg else None),
            "note": note,
            "rank": rank,
        },
    )
    audit_record(
        actor=by,
        action="talent.successor_add",
        target=position,
        changes={"nip": employee.nip, "box": b, "readiness": s.readiness},
    )
    return s


@transaction.atomic
def successor_remove(*, successor: Successor, by: Any) -> None:
    plan = SuccessionPlan.objects.select_for_update().get(pk=successor.plan_id)
    position = plan.position
    current = Successor.objects.filter(pk=successor.pk).select_related("employee").first()
    if current is None:  # removed by another request since the page was read
        raise ValidationError(_("This successor has already been removed."), code="removed")
    nip = current.employee.nip
    current.delete()
    # The bench closes up: ranks stay 1, 2, 3 … in their order.
    for n, (pk, rank) in enumerate(plan.successors.order_by("rank", "pk").values_list("pk", "rank"), start=1):
        if rank != n:
            Successor.objects.filter(pk=pk).update(rank=n)
    audit_record(actor=by, action="talent.successor_remove", target=position, changes={"nip": nip})


MAX_PLANS_PER_SUCCESSOR = 2


@transaction.atomic
def succession_build(
    *,
    position: Position,
    by: Any,
    today: date,
    limit: int = 3,
    pools: dict[str, list[selectors.PoolMember]] | None = None,
) -> list[Successor]:
    """Name up to `limit` successors from the talent pool of the post's level (same instansi): people of
    the post's own OPD first, then by box and potential score; nobody named in more than
    `MAX_PLANS_PER_SUCCESSOR` plans, so one strong candidate does not fill every bench. `pools` (level →
    `selectors.talent_pool` of the latest final period on `today`) lets a caller building many plans
    read each level's pool once; it is filled as levels are met."""
    period = selectors.latest_final_period(position.instansi_id)
    if period is None:
        raise ValidationError(_("No mapping period has been finalised yet."), code="no_period")
    if position.level not in selectors.POOL_TARGETS:
        raise ValidationError(
            _("Post %(post)s: there is no talent pool for this level."),
            code="level",
            params={"post": position.name},
        )
    holder = getattr(position.current_holder, "pk", None)
    opd = position.unit.opd_id or position.unit_id
    busy = set(
        Successor.objects.exclude(plan__position=position)
        .values("employee_id")
        .annotate(n=Count("id"))
        .filter(n__gte=MAX_PLANS_PER_SUCCESSOR)
        .values_list("employee_id", flat=True)
    )
    if pools is None:
        pools = {}
    if position.level not in pools:
        pools[position.level] = selectors.talent_pool(period, position.level, today=today)
    pool = [m for m in pools[position.level] if m.employee.pk != holder and m.employee.pk not in busy]
    pool.sort(
        key=lambda m: (
            ((m.employee.unit.opd_id or m.employee.unit_id) if m.employee.unit_id else None) != opd,
            -m.box,
            -(m.potential_score or 0),
        )
    )
    return [successor_add(position=position, employee=m.employee, by=by, period=period) for m in pool[:limit]]


# Development plans (IDP) ---------------------------------------------------------------------------------

# Action per competency gap size, and per box recommendation kind.
GAP_ACTION = {1: ("coaching", "Coaching/mentoring"), 2: ("training", "Pelatihan klasikal/nonklasikal")}
BOX_ACTION_KIND = {
    "rotation": "rotation",
    "study": "study",
    "coaching": "coaching",
    "counselling": "coaching",
    "competency": "training",
    "promotion": "rotation",
    "placement": "rotation",
}


@transaction.atomic
def idp_generate(*, result: MappingResult, by: Any, due: date | None = None) -> DevelopmentPlan:
    """An IDP from the box recommendation and the competency gaps (largest first)."""
    period = result.period
    if DevelopmentPlan.objects.filter(employee=result.employee, period=period).exists():
        raise ValidationError(
            _("NIP %(nip)s already has an IDP for period %(period)s."),
            code="duplicate",
            params={"nip": result.employee.nip, "period": period.name},
        )
    fb = result.final_box
    plan = DevelopmentPlan.objects.create(
        employee=result.employee,
        period=period,
        box=fb,
        summary=f"Kotak {fb}: " + "; ".join(t for _, t in RECOMMENDATIONS.get(fb, ()))
        if fb
        else result.reason,
    )
    cfg = config_from_dict(period.results_config)
    gaps = competency_gaps(MappingInputs.from_json(result.inputs), cfg)
    from talenta.people.rules.jabatan import COMPETENCIES

    actions = []
    for code, g in sorted(gaps.items(), key=lambda kv: kv[1]):
        if g >= 0:
            continue
        kind, text = GAP_ACTION[1 if g >= -1 else 2]
        actions.append(
            DevelopmentAction(
                plan=plan,
                competency=code,
                kind=kind,
                due=due,
                description=f"{text}: {code} {COMPETENCIES.get(code, code)}",
                target=f"Naik {abs(float(g)):.1f} level ke standar jabatan".replace(".", ",", 1),
            )
        )
    for kind, text in RECOMMENDATIONS.get(fb, ()) if fb else ():
        if kind in BOX_ACTION_KIND and kind != "competency":
            actions.append(
                DevelopmentAction(plan=plan, kind=BOX_ACTION_KIND[kind], description=text, due=due)
            )
    DevelopmentAction.objects.bulk_create(actions)
    audit_record(
        actor=by,
        action="talent.idp_generate",
        target=result.employee,
        changes={"period": period.name, "box": fb, "actions": len(actions)},
    )
    return plan


def _refuse_done(plan: DevelopmentPlan) -> None:
    if plan.status == DevelopmentPlan.Status.DONE:
        raise ValidationError(
            _("IDP %(plan)s is done: it is kept as it was completed."), code="done", params={"plan": plan.pk}
        )


@transaction.atomic
def idp_action_update(*, action: DevelopmentAction, by: Any, **fields: Any) -> DevelopmentAction:
    """The analyst edits an action (kind, description, target, due); the employee's progress and note on
    it are his and stay as stored."""
    allowed = {"kind", "description", "target", "due", "competency"}
    action = DevelopmentAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    _refuse_done(action.plan)
    before = {k: getattr(action, k) for k in fields if k in allowed}
    for k, v in fields.items():
        if k in allowed:
            setattr(action, k, v)
    if action.kind not in DevelopmentAction.Kind.values:
        raise ValidationError({"kind": _("IDP %(plan)s: unknown kind of action.") % {"plan": action.plan_id}})
    if not action.description.strip():
        raise ValidationError(
            {
                "description": _("IDP %(plan)s: the description of the action is required.")
                % {"plan": action.plan_id}
            }
        )
    action.save(update_fields=sorted(before))
    audit_record(
        actor=by,
        action="talent.idp_edit",
        target=action.plan.employee,
        changes={"action": action.pk, "before": before, "after": {k: getattr(action, k) for k in before}},
    )
    return action


@transaction.atomic
def idp_action_add(*, plan: DevelopmentPlan, by: Any, kind: str, description: str, target: str = "",
                   due: date | None = None, competency: str = "") -> DevelopmentAction:  # fmt: skip
    _refuse_done(DevelopmentPlan.objects.select_for_update().get(pk=plan.pk))
    action = DevelopmentAction(
        plan=plan, kind=kind, description=description, target=target, due=due, competency=competency
    )
    if kind not in DevelopmentAction.Kind.values or not description.strip():
        raise ValidationError(
            _("IDP %(plan)s: the kind and the description of the action are required."),
            code="action",
            params={"plan": plan.pk},
        )
    action.save()
    audit_record(
        actor=by,
        action="talent.idp_add",
        target=plan.employee,
        changes={"action": action.pk, "kind": kind, "description": description},
    )
    return action


@transaction.atomic
def idp_progress_update(*, action: DevelopmentAction, progress: int, note: str, by: Any) -> DevelopmentAction:
    """The employee records his own progress (0–100) and a note."""
    action = DevelopmentAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    _refuse_done(action.plan)
    if not 0 <= int(progress) <= 100:
        raise ValidationError(
            {"progress": _("IDP %(plan)s: progress must be 0–100.") % {"plan": action.plan_id}}
        )
    before = [action.progress, action.employee_note]
    action.progress = int(progress)
    action.employee_note = note
    action.save(update_fields=["progress", "employee_note"])
    audit_record(
        actor=by,
        action="talent.idp_progress",
        target=action.plan.employee,
        changes={
            "action": action.pk,
            "progress": [before[0], action.progress],
            **({"note": [before[1], note]} if note != before[1] else {}),
        },
    )
    return action


@transaction.atomic
def idp_comment(*, plan: DevelopmentPlan, comment: str, by: Any) -> DevelopmentPlan:
    """The Kepala OPD comments on a plan of one of his people."""
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    _refuse_done(plan)
    plan.head_comment = comment
    plan.save(update_fields=["head_comment", "updated_at"])
    audit_record(actor=by, action="talent.idp_comment", target=plan.employee, changes={"comment": comment})
    return plan
