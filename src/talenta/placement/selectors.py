"""Reads for placement: vacancies, candidate snapshots (bulk), mapping cards, requirement tables."""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import tempfile
import threading
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from talenta.core.hardening import as_id
from talenta.core.jobs import Progress
from talenta.people import selectors as people_selectors
from talenta.people.models import (
    DisciplineHistory,
    Employee,
    EmployeeChange,
    JabatanHistory,
    LeadershipTraining,
    Position,
    SkpHistory,
    Unit,
    full_name,
)
from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import add_years, retirement_date
from talenta.people.services import pruned_upto
from talenta.placement import evidence
from talenta.placement.defaults import DEFAULT_REQUIREMENTS
from talenta.placement.models import RequirementSet
from talenta.placement.rules import eligibility as el
from talenta.placement.rules.ranking import CandidateArrays
from talenta.profiling.models import Assessment
from talenta.talent.rules.ninebox import final_box

logger = logging.getLogger(__name__)

STRUCTURAL_LEVELS = {lv.value for lv in jr.STRUCTURAL_LEVELS}


# --- Mapping (issue 7) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingView:
    """What placement needs from a talent-mapping result."""

    box: int | None
    potential: str
    performance: str
    jpm: float | None
    finalised: bool
    period: str
    result_id: int | None = None


def mapping_for(employees: QuerySet, instansi_id: int) -> dict[int, MappingView]:
    """The mapping result of each employee from the instansi's latest finalised period (issue 7); people
    absent from it fall back to the latest draft period, flagged as not finalised. Decisions taken without
    a finalised mapping are flagged by the caller."""
    from talenta.talent.models import MappingPeriod, MappingResult

    out: dict[int, MappingView] = {}
    periods = MappingPeriod.objects.filter(instansi_id=instansi_id).order_by(*MappingPeriod.LATEST_FIRST)
    finalised = MappingPeriod.Status.FINALISED
    final = periods.filter(status=finalised).first()  # however many drafts came after it
    draft = periods.exclude(status=finalised).first()
    for period in (final, draft):
        if period is None:
            continue
        rows = MappingResult.objects.filter(period=period, mappable=True, employee_id__in=employees)
        for eid, box, cal, pot, perf, jpm, pk in rows.values_list(
            "employee_id", "box", "calibrated_box", "potential_level", "performance_level", "jpm", "pk"
        ):
            if eid not in out:
                out[eid] = MappingView(final_box(box, cal), pot, perf, jpm, period.is_final, period.name, pk)
    return out


# --- Positions -----------------------------------------------------------------------------------------


def resolve_position(positions: QuerySet[Position], ident: str) -> Position | None:
    """Talenta's position id, or for a structural post the BKN unor id of the unit it heads. An identifier
    with a NUL character names nothing (PostgreSQL text cannot even compare with it)."""
    ident = str(ident).strip()
    if "\x00" in ident:
        return None
    qs = positions.select_related("unit", "instansi")
    p = qs.filter(unit__bkn_unor_id=ident, heads_unit=True).first()
    if p is None and (pk := as_id(ident)):
        p = qs.filter(pk=pk).first()
    return p


def holder_of(position: Position) -> Employee | None:
    return Employee.objects.filter(position=position).first()


def post_for(position: Position, on: date) -> el.Post:
    holder = (
        Employee.objects.filter(position=position)
        .select_related("position")
        .only("pk", "birth_date", "bup_override", "tmt_jabatan", "position__bup")
        .first()
    )
    leaving = False
    if holder is not None:
        leaving = holder.retirement_date <= add_years(on, 1) or bool(position.vacant_from)
    return el.Post(
        position_id=position.pk,
        name=position.name,
        level=position.level,
        eselon=position.eselon,
        instansi_id=position.instansi_id,
        opd_id=position.unit.opd_id,
        bup=position.bup,
        standard=position.competency_standard,
        technical=tuple(position.technical_competencies or ()),
        external_recommendation=position.needs_external_recommendation,
        holder_id=holder.pk if holder else None,
        holder_since=holder.tmt_jabatan if holder else None,
        holder_leaving=leaving,
        merit_exception=merit_exception_on(position.instansi_id, on),
    )


# --- Requirements --------------------------------------------------------------------------------------

REQUIREMENT_LEVEL = {
    "pengawas": "pengawas",
    "administrator": "administrator",
    "jpt_pratama": "jpt_pratama",
    "jpt_madya": "jpt_madya",
    "jpt_utama": "jpt_utama",
}


def requirement_key(level: str) -> str:
    return REQUIREMENT_LEVEL.get(level, "umum")


def national_requirement_set(key: str) -> RequirementSet:
    rs = RequirementSet.objects.filter(instansi=None, level=key, is_current=True).first()
    if (
        rs is None
        and key in DEFAULT_REQUIREMENTS
        and not RequirementSet.objects.filter(instansi=None, level=key).exists()
    ):
        # A level that never had a table (a database flushed after migrating, as transactional tests
        # do) gets RULES.md §6's defaults as version 1, exactly as the data migration seeds them.
        rs = RequirementSet.objects.create(
            instansi=None,
            level=key,
            version=1,
            data=DEFAULT_REQUIREMENTS[key],
            is_current=True,
            created_by="system",
            note="RULES.md §6 default",
        )
    if rs is None:
        raise RequirementSet.DoesNotExist(f"no current national requirement set for {key}")
    return rs


def requirement_set_for(level: str, instansi_id: int | None) -> RequirementSet:
    """The instansi's current version of the level's table, or the national default it adopts (issue 12)."""
    key = requirement_key(level)
    if instansi_id is not None:
        # One query for both (at most one current table each, by the constraints); the own one wins.
        current = RequirementSet.objects.filter(
            Q(instansi_id=instansi_id) | Q(instansi__isnull=True), level=key, is_current=True
        )
        by_owner = {rs.instansi_id: rs for rs in current}
        if instansi_id in by_owner:
            return by_owner[instansi_id]
        if None in by_owner:
            return by_owner[None]
    return national_requirement_set(key)


def requirements_of(rs: RequirementSet) -> el.Requirements:
    """The rule values of a stored version (what replays an old result)."""
    return el.Requirements.from_data(rs.level, rs.version, rs.data)


def requirements_for(level: str, instansi_id: int | None) -> tuple[RequirementSet, el.Requirements]:
    rs = requirement_set_for(level, instansi_id)
    return rs, requirements_of(rs)


def requirement_tables(instansi_id: int) -> list[RequirementSet]:
    """Every level's table as the instansi uses it (its own version, else the national default)."""
    return [requirement_set_for(key, instansi_id) for key in DEFAULT_REQUIREMENTS]


def merit_exception_on(instansi_id: int, on: date) -> bool:
    from talenta.placement.models import MeritException

    m = MeritException.objects.filter(instansi_id=instansi_id).first()
    return bool(m and m.applies_on(on))


# --- Vacancies -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vacancy:
    position: Position
    reason: str  # kosong / plt / plh / pensiun / rencana
    on: date | None
    holder: Employee | None

    @property
    def level_label(self) -> str:
        return jr.LEVEL_LABELS.get(jr.Level(self.position.level), self.position.level)

    @property
    def reason_label(self) -> str:
        return VACANCY_REASONS.get(self.reason, self.reason)


VACANCY_REASONS = {
    "kosong": "Kosong",
    "plt": "Dijabat Plt",
    "plh": "Dijabat Plh",
    "pensiun": "Pejabat pensiun (BUP)",
    "rencana": "Rencana mutasi/promosi pejabat",
}


def vacancies(
    positions: QuerySet[Position], *, today: date, months: int = 24, structural_only: bool = True
) -> list[Vacancy]:
    """Posts vacant now, held by a Plt/Plh, or vacant within `months` (retirement or a planned move)."""
    qs = positions.select_related("unit", "unit__opd", "acting_holder", "holder")
    if structural_only:
        qs = qs.filter(level__in=STRUCTURAL_LEVELS)
    until = (
        add_years(today, months // 12)
        if months % 12 == 0
        else date(today.year + (today.month - 1 + months) // 12, (today.month - 1 + months) % 12 + 1, 1)
    )
    out: list[Vacancy] = []
    retiring = set(
        people_selectors.retiring_between(Employee.objects.filter(position__in=qs), today, until).values_list(
            "pk", flat=True
        )
    )
    for p in qs:
        holder = p.current_holder
        if holder is None:
            reason = p.acting_kind if p.acting_holder_id and p.acting_kind else "kosong"
            out.append(Vacancy(p, reason, p.acting_since if reason != "kosong" else None, None))
        elif p.vacant_from and today <= p.vacant_from < until:
            out.append(Vacancy(p, "rencana", p.vacant_from, holder))
        elif holder.pk in retiring:
            out.append(Vacancy(p, "pensiun", retirement_date(holder.birth_date, holder.bup), holder))
    out.sort(key=lambda v: (v.on or date.min, v.position.unit.path))
    return out


# --- Candidates ----------------------------------------------------------------------------------------


def candidates(employees: QuerySet[Employee], *, on: date) -> list[el.Candidate]:
    """Plain snapshots of every PNS in `employees`, in a fixed number of queries (no N+1)."""
    base = employees.filter(status=Employee.Status.PNS)
    sub = base.values("pk")
    # Plain tuples, not model instances: at 100,000 people the instances doubled the build's peak memory.
    emps = list(
        base.order_by("pk").values_list(
            "pk",
            "nip",
            "name",
            "gelar_depan",
            "gelar_belakang",
            "birth_date",
            "sex",
            "instansi_id",
            "unit__opd_id",
            "golongan",
            "education_level",
            "position_id",
            "position__level",
            "tmt_jabatan",
            "discipline_checked_at",
        )
    )
    skp: dict[int, list[el.SkpYear]] = defaultdict(list)
    for eid, year, pred, pk in (
        SkpHistory.objects.filter(employee_id__in=sub, year__gte=on.year - 4)
        .order_by("employee_id", "year", "pk")
        .values_list("employee_id", "year", "predikat", "pk")
    ):
        skp[eid].append(el.SkpYear(year, pred, pk))
    sentences: dict[int, list[el.Sentence]] = defaultdict(list)
    for eid, lvl, start, end, pk, name in (
        DisciplineHistory.objects.filter(employee_id__in=sub)
        .order_by("employee_id", "pk")  # the order entered, on every database
        .values_list("employee_id", "level", "start", "end", "pk", "name")
    ):
        sentences[eid].append(el.Sentence(lvl, start, end, pk, name))
    trainings: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for eid, kind, pk in (
        LeadershipTraining.objects.filter(employee_id__in=sub)
        .order_by("employee_id", "pk")
        .values_list("employee_id", "kind", "pk")
    ):
        trainings[eid].append((kind, pk))
    instansi_ids = {e[7] for e in emps}  # the pool's own instansi: never another's posts or units
    critical = set(
        Position.objects.filter(instansi_id__in=instansi_ids, is_critical=True).values_list("pk", flat=True)
    )
    stints: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        JabatanHistory.objects.filter(employee_id__in=sub, assignment=JabatanHistory.Assignment.DEFINITIF)
        .values_list("employee_id", "level", "tmt", "unit_id", "position_id", "pk", "jabatan_name")
        # An undated stint is the oldest (SQLite and PostgreSQL put NULL at opposite ends); a tie of dates:
        # the order entered.
        .order_by("employee_id", F("tmt").asc(nulls_first=True), "pk")
    ):
        stints[row[0]].append(row)
    opd_of_unit = dict(Unit.objects.filter(instansi_id__in=instansi_ids).values_list("pk", "opd_id"))
    latest_assessment: dict[int, Assessment] = {}
    for a in Assessment.objects.filter(employee_id__in=sub).order_by("employee_id", *Assessment.NEWEST_FIRST):
        latest_assessment.setdefault(a.employee_id, a)
    mapping = mapping_for(sub, emps[0][7]) if emps else {}
    out = []
    for (
        pk,
        nip,
        name,
        gelar_depan,
        gelar_belakang,
        birth_date,
        sex,
        instansi_id,
        opd_id,
        golongan,
        education_level,
        position_id,
        position_level,
        tmt_jabatan,
        discipline_checked_at,
    ) in emps:
        rows = stints.get(pk, [])
        st = []
        for k, (_eid, level, tmt, unit_id, pos_id, stint_pk, stint_name) in enumerate(rows):
            end = rows[k + 1][2] if k + 1 < len(rows) else None
            st.append(
                el.PostStint(
                    level or "pelaksana",
                    tmt,
                    end,
                    opd_of_unit.get(unit_id),
                    pos_id,
                    pos_id in critical,
                    stint_pk,
                    stint_name,
                )
            )
        a = latest_assessment.get(pk)
        av = None
        if a is not None:
            av = el.AssessmentView(
                a.assessed_on,
                a.validity_years,
                {k: (float(v) if v is not None else None) for k, v in a.levels.items()},
                a.pk,
                float(a.potential_score) if a.potential_score is not None else None,
            )
        m = mapping.get(pk)
        out.append(
            el.Candidate(
                employee_id=pk,
                nip=nip,
                name=full_name(gelar_depan, name, gelar_belakang),
                birth_date=birth_date,
                sex=sex,
                instansi_id=instansi_id,
                opd_id=opd_id,
                golongan=golongan,
                education_level=education_level,
                education_record_id=None,
                position_id=position_id,
                position_level=position_level if position_id else None,
                position_since=tmt_jabatan,
                skp=tuple(skp.get(pk, ())),
                sentences=tuple(sentences.get(pk, ())),
                stints=tuple(st),
                trainings=tuple(trainings.get(pk, ())),
                assessment=av,
                box=m.box if m else None,
                mapping_finalised=bool(m and m.finalised),
                mapping_ref=(f"{m.period}" if m else ""),
                discipline_checked=bool(sentences.get(pk)) or discipline_checked_at is not None,
            )
        )
    return out


# --- The candidate pool (issues 11 and 17) ------------------------------------------------------------
# One pool per (instansi, appointment date): the columns of its PNS (`CandidateArrays`), built in parts of
# POOL_PART people so memory stays bounded, kept in this process and on disk (settings.TALENTA_POOL_DIR)
# with the fingerprint of the data it was read from. A request finds it warm in memory, or loads it from
# disk (a new process), or refreshes the rows of the people changed since: marked changed
# (`people.services.mark_changed`), with new rows in a history the pool reads, or new to the instansi.
# A full build happens only when no copy for that date exists.

POOL_PART = 25_000
POOL_WHOLE = 0.25  # a refresh of more than this share of the pool is a full build
POOL_FILES_KEPT = 3  # dates kept on disk per instansi
# A small refresh is written to disk at most every POOL_SAVE_EVERY seconds (writing 1,000,000 people's
# columns takes about a second): a process that loads an older copy refreshes it from the marks since.
POOL_SAVE_EVERY = 600.0
POOL_SAVE_SHARE = 0.01
POOL_MEMO_SIZE = 16
_MEMO_LOCK = threading.Lock()
# Histories the pool reads: a row added without a mark (a bulk writer) is still seen by its id.
_READ = (JabatanHistory, SkpHistory, Assessment, DisciplineHistory, LeadershipTraining)


@dataclass
class _Held:
    fingerprint: tuple[int, ...]
    arrays: CandidateArrays
    memo: dict[Any, Any]  # results computed from exactly these arrays (`pool_memo`), dropped with them
    saved: float = 0.0  # when the copy on disk this one was built or refreshed from was written


_POOL_CACHE: dict[tuple[int, date], _Held] = {}
_POOL_LOCKS: dict[tuple[int, date], threading.Lock] = {}


def _fingerprint(instansi_id: int) -> tuple[int, ...]:
    """The highest id of the instansi's employees, of each history the pool reads and of the change marks:
    index lookups only (a COUNT of a 1,000,000-person instansi cost 40 ms a request). One query: it runs
    on every ranking request."""
    db = router.db_for_read(Employee)
    q = connections[db].ops.quote_name
    emp, pk = q(Employee._meta.db_table), q(Employee._meta.pk.column)
    instansi = q(Employee._meta.get_field("instansi").column)
    # Scalar subqueries, each with its own plan (one index each). Quoted names from the models, the
    # instansi as a parameter.
    latest = "".join(
        f", (SELECT MAX({q(m._meta.pk.column)}) FROM {q(m._meta.db_table)})"  # noqa: S608 - model names
        for m in (*_READ, EmployeeChange)
    )
    sql = f"SELECT (SELECT MAX({pk}) FROM {emp} WHERE {instansi} = %s){latest}"  # noqa: S608
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [instansi_id])
        return tuple(v or 0 for v in cursor.fetchone())


def _requirement_columns(arrays: CandidateArrays, instansi_id: int) -> None:
    """Compute the prior-post and assessment columns of every requirement table the instansi ranks with,
    so they are stored with the pool and a restarted process finds them."""
    for rs in requirement_tables(instansi_id):
        req = requirements_of(rs)
        if req.prior_levels:
            arrays.prior_key(req)
        arrays.assess_until(req.assessment_validity_years)


def _build(
    instansi_id: int, on: date, among: list[int] | None = None, progress: Progress | None = None
) -> CandidateArrays:
    """The pool of the instansi's PNS (only `among`, if given), POOL_PART people at a time."""
    pns = Employee.objects.filter(instansi_id=instansi_id, status=Employee.Status.PNS)
    ids = among if among is not None else list(pns.order_by("pk").values_list("pk", flat=True))
    if progress is not None:
        progress.set_total(len(ids))
    parts = []
    for k in range(0, len(ids), POOL_PART):
        chunk = ids[k : k + POOL_PART]
        if among is not None:
            people = pns.filter(pk__in=chunk)
        else:  # a range of ids: no list of parameters
            people = pns.filter(pk__gte=chunk[0], pk__lte=chunk[-1])
        parts.append(CandidateArrays.build(candidates(people, on=on), on, keep=False))
        if progress is not None:
            progress.advance(len(chunk), _("candidate pool: people read"))
    return CandidateArrays.concat(parts, on) if parts else CandidateArrays.build([], on, keep=False)


def _changed(instansi_id: int, before: tuple[int, ...], now: tuple[int, ...]) -> set[int] | None:
    """Whom the data changed for between two fingerprints (None: everyone). A highest id lower than before:
    everyone. The newest mark is never removed, so that is a transaction the pool was read in that rolled
    back (or the newest row of a history removed, which is rare): the refresh cannot tell what the
    rolled-back rows were. Marks older than the copy pruned since: everyone too."""
    if any(n < b for b, n in zip(before, now, strict=True)):
        return None
    marks = EmployeeChange.objects.filter(pk__gt=before[-1], pk__lte=now[-1]).filter(
        Q(instansi_id=instansi_id) | Q(instansi_id__isnull=True)
    )
    ids: set[int] = set()
    for (e,) in marks.values_list("employee_id").iterator(chunk_size=10_000):
        if e is None:
            return None
        ids.add(e)
    # Read after the marks: marks pruned since `before` (people.services.changes_prune) cannot be told
    # apart from none, so such a copy is read whole.
    if pruned_upto() > before[-1]:
        return None
    for model, lo, hi in zip(_READ, before[1:-1], now[1:-1], strict=True):
        if hi > lo:
            rows = model.objects.filter(pk__gt=lo, pk__lte=hi, employee__instansi_id=instansi_id)
            ids.update(rows.values_list("employee_id", flat=True))
    # New to the instansi without a mark (a bulk insert): a new id.
    new = Employee.objects.filter(instansi_id=instansi_id, pk__gt=before[0])
    ids.update(new.values_list("pk", flat=True))
    return ids


def _refreshed(
    instansi_id: int, on: date, base: CandidateArrays, ids: set[int], progress: Progress | None = None
) -> CandidateArrays:
    """`base` with the rows of `ids` read again (a person no longer a PNS of the instansi drops out), in
    employee order: one join and one reordering of the arrays."""
    fresh = _build(instansi_id, on, among=sorted(ids), progress=progress)
    for key in base.memo_keys():
        fresh.memo_column(key)
    joined = CandidateArrays.concat([base, fresh], on)
    gone = np.isin(base.employee_id, np.fromiter(ids, dtype=np.int64, count=len(ids)))
    rows = np.concatenate([np.flatnonzero(~gone), np.arange(len(base), len(joined))])
    return joined.take(rows[np.argsort(joined.employee_id[rows], kind="stable")])


def _pool_path(instansi_id: int, on: date) -> Path:
    return Path(settings.TALENTA_POOL_DIR) / f"{instansi_id}-{on:%Y%m%d}.npz"


def _signature(state: dict[str, np.ndarray]) -> np.ndarray:
    """An HMAC of every array (name, type, shape, bytes) under a key derived from SECRET_KEY: a copy on disk
    changed by anyone but this server is not read (rankings never rest on a planted file)."""
    key = hashlib.sha256(b"talenta.placement.pool\0" + settings.SECRET_KEY.encode()).digest()
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for name in sorted(state):
        arr = np.ascontiguousarray(state[name])
        mac.update(f"{name}\0{arr.dtype.str}\0{arr.shape}\0".encode())
        mac.update(memoryview(arr).cast("B"))
    return np.frombuffer(mac.digest(), dtype=np.uint8)


def _load(instansi_id: int, on: date, newer_than: int = -1) -> _Held | None:
    """The copy on disk, if its marks go beyond `newer_than` (its fingerprint is read first: a copy that
    is not newer than the one in memory is never read whole) and its signature holds."""
    path = _pool_path(instansi_id, on)
    try:
        with np.load(path, allow_pickle=False) as data:
            fingerprint = tuple(int(v) for v in data["fingerprint"])
            if len(fingerprint) != len(_READ) + 2 or fingerprint[-1] <= newer_than:
                return None  # another version's fingerprint, or not newer
            state = {k: data[k] for k in data.files if k != "signature"}
            signed = data["signature"]
        if not hmac.compare_digest(signed.tobytes(), _signature(state).tobytes()):
            logger.warning("candidate pool file %s: the signature does not match; built again", path)
            return None
        saved = path.stat().st_mtime
        state.pop("fingerprint")
        arrays = CandidateArrays.from_state(state)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None  # no copy, or one this version cannot read: built again
    return _Held(fingerprint, arrays, {}, saved) if arrays.on == on else None


def _save(instansi_id: int, on: date, held: _Held) -> None:
    """Write the pool next to its older copies, atomically (a reader sees the old file or the new one). A
    folder that cannot be written costs the next process a build, never a request's answer."""
    path = _pool_path(instansi_id, on)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".npz")
        state = {"fingerprint": np.array(held.fingerprint, dtype=np.int64), **held.arrays.state()}
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, signature=_signature(state), **state)
        os.replace(tmp, path)
        copies = path.parent.glob(f"{instansi_id}-*.npz")
        for p in sorted(copies, key=lambda p: p.stat().st_mtime, reverse=True)[POOL_FILES_KEPT:]:
            p.unlink(missing_ok=True)
    except OSError:
        logger.warning("the candidate pool could not be written to %s", path, exc_info=True)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def candidate_pool(instansi_id: int, *, on: date, progress: Progress | None = None) -> CandidateArrays:
    """The instansi's candidate arrays for appointments on `on`, current with the data's fingerprint
    (`progress`: the people read, when it builds or refreshes)."""
    key = (instansi_id, on)
    fp = _fingerprint(instansi_id)
    # One build or refresh per key at a time in this process: the threads of a web process asking for the
    # same pool wait for it instead of each reading it again.
    with _POOL_LOCKS.setdefault(key, threading.Lock()):
        held = _POOL_CACHE.get(key)
        if held is not None and held.fingerprint == fp:
            return held.arrays
        disk = _load(instansi_id, on, newer_than=held.fingerprint[-1] if held is not None else -1)
        if disk is not None:
            held = disk
            logger.info("candidate pool of instansi %s on %s: loaded from disk", instansi_id, on)
        if held is not None and held.fingerprint == fp:
            _POOL_CACHE[key] = held
            return held.arrays
        started = time.perf_counter()
        ids = None if held is None else _changed(instansi_id, held.fingerprint, fp)
        if held is None or ids is None or len(ids) > POOL_WHOLE * max(len(held.arrays), 1):
            arrays = _build(instansi_id, on, progress=progress)
            _requirement_columns(arrays, instansi_id)
            done, write = f"built for {len(arrays)} people", True
        else:
            arrays = _refreshed(instansi_id, on, held.arrays, ids, progress)
            done = f"refreshed {len(ids)} of {len(arrays)} people"
            write = len(ids) >= POOL_SAVE_SHARE * len(arrays) or time.time() - held.saved > POOL_SAVE_EVERY
        held = _Held(fp, arrays, {}, time.time() if write else held.saved)
        _POOL_CACHE[key] = held
        if write:
            # On disk only once the data it was read from is committed: a copy of rows later rolled back
            # must never become another process's starting point.
            transaction.on_commit(functools.partial(_save, instansi_id, on, held))
        took = time.perf_counter() - started
        logger.info("candidate pool of instansi %s on %s: %s in %.2f s", instansi_id, on, done, took)
        return arrays


def pool_memo(arrays: CandidateArrays) -> dict[Any, Any] | None:
    """A small dict for results computed from `arrays` while they are this process's cached pool (None for
    other arrays, e.g. a region's shared pool): it goes with them when the pool is rebuilt or invalidated.
    Callers key it on every other input and keep at most POOL_MEMO_SIZE entries (`memo_put`)."""
    for held in list(_POOL_CACHE.values()):
        if held.arrays is arrays:
            return held.memo
    return None


def memo_put(memo: dict[Any, Any], key: Any, value: Any) -> None:
    with _MEMO_LOCK:  # the threads of a web process share the memo
        while len(memo) >= POOL_MEMO_SIZE:
            memo.pop(next(iter(memo)))
        memo[key] = value


def pool_invalidate(instansi_id: int | None = None) -> None:
    """Forget this process's copies and the files of `instansi_id` (None: every instansi): the next request
    builds the pool afresh. For the demo and tests; a change to the data is marked, not invalidated."""
    for key in list(_POOL_CACHE):
        if instansi_id is None or key[0] == instansi_id:
            del _POOL_CACHE[key]
    folder = Path(settings.TALENTA_POOL_DIR)
    for p in folder.glob("*.npz" if instansi_id is None else f"{instansi_id}-*.npz"):
        p.unlink(missing_ok=True)


def candidates_at(arrays: CandidateArrays, rows: list[int]) -> list[el.Candidate]:
    """The snapshots of `rows` of the pool (the ones it was built from, or read now in a fixed number of
    queries): what an explanation, a proposal or a decision's evidence shows of each person."""
    if arrays.candidates:
        return [arrays.candidates[i] for i in rows]
    ids = [int(arrays.employee_id[i]) for i in rows]
    read = {c.employee_id: c for c in candidates(Employee.objects.filter(pk__in=ids), on=arrays.on)}
    missing = [e for e in ids if e not in read]
    if missing:
        raise LookupError(f"employees {missing} left the pool since it was read")
    return [read[e] for e in ids]


def candidate_card(c: el.Candidate, employee: Employee | None = None) -> dict[str, Any]:
    """The candidate data kept in an evidence snapshot."""
    return {
        "employee_id": c.employee_id,
        "nip": c.nip,
        "name": c.name,
        "birth_date": c.birth_date.isoformat(),
        "sex": c.sex,
        "golongan": jr.GOLONGAN.get(c.golongan, (c.golongan, ""))[0],
        "education": el.EDUCATION_LABEL.get(c.education_level, c.education_level),
        "position_id": c.position_id,
        "position_level": c.position_level,
        "position_name": employee.position.name if employee is not None and employee.position_id else "",
        "position_since": c.position_since.isoformat() if c.position_since else None,
        "skp": [
            {"year": s.year, "predikat": s.predikat, "id": s.record_id}
            for s in sorted(c.skp, key=lambda s: -s.year)
        ],
        "stints": [
            {
                "name": s.name,
                "level": s.level,
                "start": s.start.isoformat() if s.start else None,
                "end": s.end.isoformat() if s.end else None,
                "id": s.record_id,
            }
            for s in c.stints
        ],
        "assessment": (
            {
                "date": c.assessment.assessed_on.isoformat(),
                "id": c.assessment.record_id,
                "levels": c.assessment.levels,
            }
            if c.assessment
            else None
        ),
    }


def mapping_card(c: el.Candidate) -> dict[str, Any]:
    return {"box": c.box, "finalised": c.mapping_finalised, "period": c.mapping_ref}


# --- The talent pool's criteria (registered with talent, which cannot import placement) -------------------


def level_rank_range(level: str) -> tuple[str, str] | None:
    """The widest golongan range of the eselons of a structural level (PP 13/2002)."""
    ranges = [jr.ESELON_RANK_RANGE[e] for e, lv in jr.ESELON_LEVEL.items() if lv == level]
    return (min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else None


def pool_judge(target_level: str, instansi_id: int, today: date):
    """The talent pool's basics for `target_level`, from the same requirement table as eligibility (the
    instansi's version or the national default): education and maximum age fail; the rank outside the level's
    range and the years before BUP are notes (RULES.md §6: rank is a soft check)."""
    _rs, req = requirements_for(target_level, instansi_id)
    bup = jr.bup_age(target_level)
    rng = level_rank_range(target_level)
    checks = (el.check_education, el.check_age, el.check_years_before_bup)
    post = el.Post(0, "", target_level, "", instansi_id, None, bup, {})

    def judge(e: Employee) -> tuple[bool, tuple[str, ...]]:
        c = el.Candidate(
            employee_id=e.pk, nip=e.nip, name=e.name, birth_date=e.birth_date, sex=e.sex,
            instansi_id=e.instansi_id, opd_id=None, golongan=e.golongan or "",
            education_level=e.education_level or "", education_record_id=None, position_id=e.position_id,
            position_level=e.position.level if e.position_id else None, position_since=e.tmt_jabatan,
        )  # fmt: skip
        rows = [r for check in checks for r in check(c, post, req, today)]
        notes = [evidence.line(r) for r in rows if r.status in {el.WARNING, el.INFO}]
        if rng and not (e.golongan and rng[0] <= e.golongan <= rng[1]):
            gol = jr.GOLONGAN.get(e.golongan or "", (e.golongan or "?", ""))[0] if e.golongan else "-"
            notes.insert(
                0,
                _("Rank: golongan %(golongan)s outside this level's range (soft check)") % {"golongan": gol},
            )
        return not any(r.blocks for r in rows), tuple(notes)

    return judge
