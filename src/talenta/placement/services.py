"""Writes for placement: keyword-only, atomic, audited."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from talenta.accounts import policy
from talenta.core import display
from talenta.core.audit import audit_record, jsonable
from talenta.people.models import Employee, Instansi, JabatanHistory, Position, full_name
from talenta.people.rules import jabatan as jr
from talenta.people.services import mark_changed
from talenta.placement import evidence, selectors, tasks
from talenta.placement.defaults import DEFAULT_REQUIREMENTS
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
from talenta.placement.rules import decision as dr
from talenta.placement.rules import eligibility as el
from talenta.placement.rules import optimizer as opt
from talenta.placement.rules import ranking as rk

PROPOSE_TOP = 3


def canonical(data: Any) -> str:
    return json.dumps(jsonable(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- Requirement tables ----------------------------------------------------------------------------------


@transaction.atomic
def requirement_set_update(
    *, instansi: Instansi, level: str, data: dict[str, Any], by: Any, note: str = ""
) -> RequirementSet:
    """A new version of `instansi`'s table for `level` (the first one overrides the national default); the
    old one stays (results keep pointing at it). Other instansi are untouched; audited in `instansi`."""
    policy.require(by, "placement.requirements.edit")
    if by.instansi_id != instansi.pk:
        raise PermissionDenied
    if level not in DEFAULT_REQUIREMENTS:
        raise ValidationError(
            _("Requirement table %(level)s does not exist."), code="unknown_level", params={"level": level}
        )
    unknown = set(data) - set(el.PAKET_KEYS)
    if unknown:
        raise ValidationError(
            _("Requirement table %(level)s: unknown columns %(columns)s."),
            code="unknown",
            params={"level": level, "columns": ", ".join(sorted(unknown))},
        )
    try:
        el.Requirements.from_data(level, 0, data)
    except (TypeError, ValueError, ArithmeticError) as e:
        raise ValidationError(
            _("Requirement table %(level)s: invalid value (%(error)s)."),
            code="invalid",
            params={"level": level, "error": str(e)},
        ) from e
    before = selectors.requirement_set_for(level, instansi.pk)
    own = RequirementSet.objects.select_for_update().filter(instansi=instansi, level=level)
    version = (own.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    own.filter(is_current=True).update(is_current=False)
    rs = RequirementSet.objects.create(
        instansi=instansi,
        level=level,
        version=version,
        data=data,
        note=note,
        is_current=True,
        created_by=by.username,
    )
    audit_record(
        actor=by,
        action="placement.requirements_update",
        target=rs,
        instansi_id=instansi.pk,
        changes={
            "level": level,
            "version": version,
            "before": {"version": before.label, "data": before.data},
            "after": data,
        },
        reason=note,
    )
    return rs


@transaction.atomic
def requirement_set_adopt_national(
    *, instansi: Instansi, level: str, by: Any, note: str = ""
) -> RequirementSet:
    """Drop the instansi's own version of `level`: from now on it uses the national default (its old
    versions stay for the results that used them)."""
    policy.require(by, "placement.requirements.edit")
    if by.instansi_id != instansi.pk:
        raise PermissionDenied
    RequirementSet.objects.filter(instansi=instansi, level=level, is_current=True).update(is_current=False)
    national = selectors.requirement_set_for(level, None)
    audit_record(
        actor=by,
        action="placement.requirements_adopt_national",
        target=national,
        instansi_id=instansi.pk,
        changes={"level": level, "adopted": national.label},
        reason=note,
    )
    return national


@transaction.atomic
def merit_exception_set(
    *, instansi: Instansi, active: bool, reference: str, since: date | None, by: Any, note: str = ""
) -> MeritException:
    """Record (or withdraw) the instansi's merit-system exception with its BKN approval reference; audited."""
    policy.require(by, "placement.requirements.edit")
    if by.instansi_id != instansi.pk:
        raise PermissionDenied
    reference = reference.strip()
    if active and (not reference or since is None):
        raise ValidationError(
            _("The merit-system exception needs BKN's approval reference and the date it applies from."),
            code="reference_required",
        )
    m, _created = MeritException.objects.select_for_update().get_or_create(instansi=instansi)
    before = {"active": m.active, "reference": m.reference, "since": m.since}
    m.active, m.reference, m.since, m.updated_by = active, reference, since, by.username
    m.save()
    audit_record(
        actor=by,
        action="placement.merit_exception",
        target=m,
        instansi_id=instansi.pk,
        changes={"before": before, "after": {"active": active, "reference": reference, "since": since}},
        reason=note,
    )
    return m  # the pool is unchanged: a ranking reads the exception with the post (`selectors.post_for`)


# --- Ranking ---------------------------------------------------------------------------------------------


@dataclass
class RankedCandidate:
    index: int
    rank: int
    employee_id: int
    nip: str
    name: str
    score: Decimal
    parts: dict[str, Decimal]
    components: dict[str, float]
    gaps: list[str]
    result: el.Result = field(repr=False)
    lacking: list[str]
    box: int | None
    mapping_finalised: bool

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """The eligibility table in the active language, worded only when asked for (the ranking screen
        loads it per candidate on demand: `candidate_eligibility`)."""
        return evidence.rows(self.result.rows)

    @property
    def labelled_parts(self) -> list[tuple[str, Decimal]]:
        return [(rk.SHORT_LABELS[k], v) for k, v in self.parts.items()]

    # As the ranking screen writes them, in the active language: worded once per candidate (a screen reuses
    # the candidates of an outcome only in the language they were made in: `rank_position(reuse=True)`).
    @cached_property
    def score_text(self) -> str:
        return display.angka(self.score, 2)

    @cached_property
    def points(self) -> list[tuple[str, str]]:
        return [(k, display.angka(v, 2)) for k, v in self.labelled_parts]

    @cached_property
    def gaps_text(self) -> list[str]:
        return [display.text(g) for g in self.gaps]

    @cached_property
    def lacking_text(self) -> str:
        return display.text("; ".join(self.lacking))

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "employee_id": self.employee_id,
            "nip": self.nip,
            "name": self.name,
            "score": str(self.score),
            "parts": {k: str(v) for k, v in self.parts.items()},
            "components": self.components,
            "gaps": self.gaps,
            "eligibility": self.rows,
            "lacking": self.lacking,
            "box": self.box,
            "mapping_finalised": self.mapping_finalised,
        }


@dataclass
class RankingOutcome:
    position: Position
    post: el.Post
    requirement_set: RequirementSet
    weights: dict[str, float]
    pool_size: int
    eligible_count: int
    candidates: list[RankedCandidate]
    near: list[RankedCandidate]
    ms: float
    ranking: rk.Ranking
    pool: rk.CandidateArrays

    def row_of(self, employee_id: int) -> int | None:
        """The employee's row in the pool (None: not a PNS of the pool)."""
        hit = np.flatnonzero(self.pool.employee_id == employee_id)
        return int(hit[0]) if hit.size else None

    def rank_of(self, employee_id: int) -> int | None:
        """His place in the ranking as computed, 1 = the best (None: not eligible, beyond its `top`, or not in
        the pool)."""
        row = self.row_of(employee_id)
        if row is None:
            return None
        place = np.flatnonzero(self.ranking.order == row)
        return int(place[0]) + 1 if place.size else None

    def eligible_ids(self) -> list[int]:
        ok = self.ranking.evaluation.fails == 0
        ok &= self.pool.employee_id != (self.post.holder_id or -1)
        return [int(e) for e in self.pool.employee_id[ok]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": {"id": self.position.pk, "name": self.position.name, "level": self.position.level},
            "requirement_set": {
                "level": self.requirement_set.level,
                "version": self.requirement_set.version,
                "instansi_id": self.requirement_set.instansi_id,  # None: the national default
            },
            "weights": self.weights,
            "pool_size": self.pool_size,
            "eligible_count": self.eligible_count,
            "candidates": [c.as_dict() for c in self.candidates],
            "near_eligible": [c.as_dict() for c in self.near],
            "ms": round(self.ms, 2),
            "eligible_ids": self.eligible_ids(),
        }


def _explain(
    c: el.Candidate, r: rk.Ranking, i: int, rank: int, post: el.Post, req: el.Requirements, on: date
) -> RankedCandidate:
    """Row `i` of the ranking `r`, person `c` (`selectors.candidates_at`), with his eligibility table."""
    result = el.evaluate(c, post, req, on=on)
    ex = r.explanation(i)
    parts = {k: (Decimal(v) / 100).quantize(Decimal("0.01")) for k, v in ex["parts_cents"].items()}
    gaps = []
    if c.assessment is not None:
        for code, need in post.standard.items():
            have = c.assessment.levels.get(code)
            if have is not None and have < need:
                gaps.append(f"{code} {jr.COMPETENCIES[code]}: {have:g} < {need}")
    gaps += [evidence.line(row) for row in result.rows if row.status in (el.WARNING, el.MANUAL)]
    if not c.mapping_finalised:
        gaps.append(_("No finalised talent mapping yet"))
    return RankedCandidate(
        index=i,
        rank=rank,
        employee_id=c.employee_id,
        nip=c.nip,
        name=c.name,
        score=(Decimal(ex["score_cents"]) / 100).quantize(Decimal("0.01")),
        parts=parts,
        components=ex["components"],
        gaps=gaps,
        result=result,
        lacking=[evidence.line(row) for row in result.lacking],
        box=c.box,
        mapping_finalised=c.mapping_finalised,
    )


def _ranking_inputs(position: Position, on: date) -> tuple[RequirementSet, el.Requirements, el.Post]:
    rs, req = selectors.requirements_for(position.level, position.instansi_id)
    return rs, req, selectors.post_for(position, on)


def rank_position(
    *,
    position: Position,
    on: date,
    weights: dict[str, float] | None = None,
    top: int | None = 20,
    near_top: int = 10,
    explain: int | None = None,
    pool: rk.CandidateArrays | None = None,
    reuse: bool = False,
) -> RankingOutcome:
    """Rank the instansi's PNS for `position` (the post's current holder excluded); the first `explain`
    (default: all of `top`) get their eligibility table and explanation.

    `reuse` (the screens): take the ranking and explanations computed in this process from the same cached
    pool for the same post, requirements, weights, sizes and language, if any. They are a function of
    exactly these inputs, read afresh on every call (the post and its holder, the requirement table); the
    pool's own freshness is `selectors.candidate_pool`'s, and the memo is dropped with the pool."""
    rs, req, post = _ranking_inputs(position, on)
    a = pool if pool is not None else selectors.candidate_pool(position.instansi_id, on=on)
    memo = selectors.pool_memo(a) if reuse else None
    key = (repr(post), repr(req), repr(sorted((weights or {}).items())), top, near_top, explain)
    key += (get_language(),)  # the explanations' words
    hit = memo.get(key) if memo is not None else None
    if hit is None:
        t0 = time.perf_counter()
        exclude = a.employee_id == (post.holder_id or -1)
        r = rk.rank(a, post, req, weights=weights, top=top, exclude=exclude)
        ms = (time.perf_counter() - t0) * 1000
        head = [int(i) for i in (r.order if explain is None else r.order[:explain])]
        close = [int(i) for i in r.near[:near_top]]
        people = dict(zip(head + close, selectors.candidates_at(a, head + close), strict=True))  # one read
        ranked = [_explain(people[i], r, i, n + 1, post, req, a.on) for n, i in enumerate(head)]
        near = [_explain(people[i], r, i, n + 1, post, req, a.on) for n, i in enumerate(close)]
        hit = (r, ms, ranked, near)
        if memo is not None:
            selectors.memo_put(memo, key, hit)
    r, ms, ranked, near = hit
    return RankingOutcome(position, post, rs, r.weights, len(a), r.eligible_count, ranked, near, ms, r, a)


def candidate_eligibility(*, position: Position, on: date, employee_id: int) -> list[dict[str, Any]] | None:
    """The eligibility table of one person of the post's pool, as `rank_position` explains it (the same
    rows for the same person); None when he is not in the pool or holds the post."""
    _rs, req, post = _ranking_inputs(position, on)
    a = selectors.candidate_pool(position.instansi_id, on=on)
    hit = np.flatnonzero(a.employee_id == employee_id)
    if not hit.size or employee_id == post.holder_id:
        return None
    (c,) = selectors.candidates_at(a, [int(hit[0])])
    return evidence.rows(el.evaluate(c, post, req, on=a.on).rows)


@transaction.atomic
def ranking_run_create(
    *, outcome: RankingOutcome, by: Any, filling_post: FillingPost | None = None
) -> RankingRun:
    run = RankingRun.objects.create(
        instansi_id=outcome.position.instansi_id,
        position=outcome.position,
        filling_post=filling_post,
        on=outcome.pool.on,
        weights=outcome.weights,
        requirement_set=outcome.requirement_set,
        pool_size=outcome.pool_size,
        eligible_count=outcome.eligible_count,
        results=jsonable(outcome.as_dict()),
        duration_ms=outcome.ms,
        created_by=getattr(by, "username", "") or "system",
    )
    audit_record(
        actor=by,
        action="placement.rank",
        target=run,
        changes={
            "position": outcome.position.pk,
            "weights": outcome.weights,
            "requirement_set": outcome.requirement_set.label,
            "eligible": outcome.eligible_count,
        },
    )
    return run


# --- Filling process and workflow ------------------------------------------------------------------------


@transaction.atomic
def filling_process_open(
    *, instansi: Instansi, positions: list[Position], by: Any, name: str, as_of: date, today: date
) -> FillingProcess:
    policy.require(by, "placement.process.open")
    if not positions:
        raise ValidationError(_("Choose at least one vacant post."), code="empty")
    vac = {
        v.position.pk: v
        for v in selectors.vacancies(
            Position.objects.filter(pk__in=[p.pk for p in positions]),
            today=today,
            months=36,
            structural_only=False,
        )
    }
    proc = FillingProcess.objects.create(instansi=instansi, name=name, as_of=as_of, opened_by=by.username)
    # The rankings of the process read the candidate pool of its date: prepared in the background, so the
    # first ranking does not read the whole instansi inside a request.
    transaction.on_commit(lambda: tasks.pool_prepare.enqueue(instansi.pk, as_of.isoformat()))
    for p in positions:
        v = vac.get(p.pk)
        if p.instansi_id != instansi.pk:
            raise ValidationError(
                _("Post %(post)s does not belong to this instansi."), code="instansi", params={"post": p.name}
            )
        FillingPost.objects.create(
            process=proc, position=p, reason=v.reason if v else "rencana", vacant_on=v.on if v else None
        )
    audit_record(
        actor=by,
        action="placement.process_open",
        target=proc,
        changes={"positions": [p.pk for p in positions], "as_of": as_of},
    )
    return proc


def _snapshot(
    *,
    c: el.Candidate,
    employee: Employee,
    outcome: RankingOutcome,
    rank: int | None,
    explanation: dict[str, Any] | None,
) -> dict[str, Any]:
    rs = outcome.requirement_set
    req = selectors.requirements_of(rs)
    result = el.evaluate(c, outcome.post, req, on=outcome.pool.on)
    return {
        "taken_at": timezone.now().isoformat(),
        "on": outcome.pool.on,
        "position": {
            "id": outcome.position.pk,
            "name": outcome.position.name,
            "level": outcome.position.level,
            "standard": outcome.post.standard,
        },
        "candidate": selectors.candidate_card(c, employee),
        "eligibility": {
            "requirement_set": rs.label,
            "eligible": result.eligible,
            "rows": evidence.rows(result.rows),
        },
        "ranking": {
            "rank": rank,
            "weights": outcome.weights,
            "explanation": explanation,
            "eligible_count": outcome.eligible_count,
        },
        "mapping": selectors.mapping_card(c),
    }


@transaction.atomic
def proposal_create(
    *,
    filling_post: FillingPost,
    by: Any,
    employee_ids: list[int] | None = None,
    reason: str = "",
    weights: dict[str, float] | None = None,
) -> list[Candidacy]:
    """The analyst proposes candidates (default: the top 3 of the ranking) with their evidence snapshots."""
    policy.require(by, "placement.propose")
    fp = FillingPost.objects.select_for_update().get(pk=filling_post.pk)
    if fp.stage not in (FillingPost.Stage.OPEN, FillingPost.Stage.PROPOSED):
        raise ValidationError(
            _("Post %(post)s: the proposal has already been recommended by the committee."),
            code="stage",
            params={"post": fp.position},
        )
    outcome = rank_position(position=fp.position, on=fp.process.as_of, weights=weights, top=50)
    run = ranking_run_create(outcome=outcome, by=by, filling_post=fp)
    ranked = {c.employee_id: c for c in outcome.candidates}
    chosen = employee_ids or [c.employee_id for c in outcome.candidates[:PROPOSE_TOP]]
    if not chosen:
        raise ValidationError(
            _("Post %(post)s: no candidate meets the requirements."),
            code="none",
            params={"post": fp.position},
        )
    departs = [e for e in chosen if e not in ranked or ranked[e].rank > PROPOSE_TOP]
    if departs and not reason.strip():
        raise ValidationError(
            _("The proposal departs from the ranking: a reason is required."), code="reason"
        )
    fp.candidacies.all().delete()
    out = []
    for eid in chosen:
        i = outcome.row_of(eid)
        if i is None:
            raise ValidationError(
                _("Employee %(employee)s is not in the instansi's candidate pool."),
                code="pool",
                params={"employee": eid},
            )
        (c,) = selectors.candidates_at(outcome.pool, [i])
        rc = ranked.get(eid)
        if (
            rc is None
            and not el.evaluate(
                c, outcome.post, selectors.requirements_of(outcome.requirement_set), on=outcome.pool.on
            ).eligible
        ):
            raise ValidationError(
                _("NIP %(nip)s does not meet the requirements of %(post)s."),
                code="ineligible",
                params={"nip": c.nip, "post": fp.position},
            )
        emp = Employee.objects.select_related("position").get(pk=eid)
        snap = canonical(
            _snapshot(
                c=c,
                employee=emp,
                outcome=outcome,
                rank=rc.rank if rc else None,
                explanation=outcome.ranking.explanation(i),
            )
        )
        cand = Candidacy.objects.create(
            filling_post=fp,
            employee=emp,
            rank=rc.rank if rc else 999,
            score=Decimal(int(outcome.ranking.score[i])) / 100,
            run=run,
            snapshot=snap,
            snapshot_sha256=sha256(snap),
        )
        out.append(cand)
    fp.stage = FillingPost.Stage.PROPOSED
    fp.proposed_by = by.username
    fp.proposal_reason = reason
    fp.save(update_fields=["stage", "proposed_by", "proposal_reason"])
    audit_record(
        actor=by,
        action="placement.propose",
        target=fp,
        reason=reason,
        changes={
            "candidates": [
                {"employee": c.employee_id, "rank": c.rank, "sha256": c.snapshot_sha256} for c in out
            ],
            "run": run.pk,
        },
    )
    return out


@transaction.atomic
def recommend(
    *, filling_post: FillingPost, candidacy: Candidacy, minutes: str, by: Any, reason: str = ""
) -> FillingPost:
    policy.require(by, "placement.recommend")
    fp = FillingPost.objects.select_for_update().get(pk=filling_post.pk)
    if fp.stage != FillingPost.Stage.PROPOSED:
        raise ValidationError(
            _("Post %(post)s: there is no proposal from the analyst yet."),
            code="stage",
            params={"post": fp.position},
        )
    if candidacy.filling_post_id != fp.pk:
        raise ValidationError(_("The candidate was not proposed for this post."), code="candidacy")
    if not minutes.strip():
        raise ValidationError(_("The minutes of the committee meeting are required."), code="minutes")
    # The ranking's order (Candidacy.Meta): rank, then score for those proposed from beyond the top 50 (all
    # stored as 999). Choosing one equal to the best on both departs from nothing.
    best = fp.candidacies.first()
    if (
        best is not None
        and (candidacy.rank, -candidacy.score) > (best.rank, -best.score)
        and not reason.strip()
    ):
        raise ValidationError(
            _("The recommendation departs from the ranking: a reason is required."), code="reason"
        )
    fp.recommended = candidacy
    fp.recommended_by = by.username
    fp.minutes = minutes
    fp.recommendation_reason = reason
    fp.stage = FillingPost.Stage.RECOMMENDED
    fp.save()
    audit_record(
        actor=by,
        action="placement.recommend",
        target=fp,
        reason=reason,
        changes={"employee": candidacy.employee_id, "rank": candidacy.rank, "minutes": minutes},
    )
    _notify_decision(fp, candidacy)
    return fp


def _notify_decision(fp: FillingPost, candidacy: Candidacy) -> None:
    """Hand the recommendation to whoever may sign the decision (the PPK)."""
    from django.urls import reverse

    from talenta.accounts import notifications

    instansi_id = fp.process.instansi_id
    signers = notifications.users_who_may("placement.decide", instansi_id=instansi_id, stage=fp.stage)
    notifications.notify(
        users=signers,
        kind=notifications.Kind.DECISION,
        params={"name": candidacy.employee.full_name, "post": fp.position.name},
        url=reverse("placement:process", args=[fp.process_id]),
    )


def derive_type(employee: Employee, position: Position, acting: str = "") -> str:
    old = None
    if employee.position_id:
        old = dr.PostRef(employee.position_id, employee.position.level, employee.position.instansi_id)
    return dr.decision_type(old, dr.PostRef(position.pk, position.level, position.instansi_id), acting)


def _decision_create(
    *,
    employee: Employee,
    position: Position,
    by: Any,
    snapshot: str,
    kind: str,
    filling_post: FillingPost | None,
    reason: str,
    rank: int | None,
    mapping_finalised: bool,
    batch: InstallationBatch | None = None,
) -> Decision:
    d = Decision.objects.create(
        instansi_id=position.instansi_id,
        filling_post=filling_post,
        employee=employee,
        position=position,
        old_position=employee.position,
        old_position_name=employee.position.name if employee.position_id else "",
        old_unit_name=employee.unit.name if employee.unit_id else "",
        kind=kind,
        decided_by=by.username,
        reason=reason,
        ranking_rank=rank,
        mapping_finalised=mapping_finalised,
        snapshot=snapshot,
        snapshot_sha256=sha256(snapshot),
        batch=batch,
    )
    audit_record(
        actor=by,
        action="placement.decide",
        target=d,
        reason=reason,
        changes={
            "snapshot_sha256": d.snapshot_sha256,
            "kind": kind,
            "employee": employee.nip,
            "position": position.pk,
            "mapping_finalised": mapping_finalised,
        },
    )
    return d


@transaction.atomic
def decide(*, filling_post: FillingPost, candidacy: Candidacy, by: Any, reason: str = "") -> Decision:
    """The PPK decides. A choice other than the committee's recommendation (or the top of the ranking)
    needs a reason. The decision keeps the candidacy's snapshot, unchanged."""
    policy.require(by, "placement.decide")
    fp = FillingPost.objects.select_for_update().select_related("position").get(pk=filling_post.pk)
    if fp.stage != FillingPost.Stage.RECOMMENDED:
        raise ValidationError(
            _("Post %(post)s: there is no recommendation from the committee yet."),
            code="stage",
            params={"post": fp.position},
        )
    if candidacy.filling_post_id != fp.pk:
        raise ValidationError(_("The candidate was not proposed for this post."), code="candidacy")
    # One decision at a time per post: another process (a double submit, two analysts) may have decided it
    # already. The post is locked so that two decisions cannot both pass; a decision once applied frees it
    # (the post may fall vacant and be filled again). An abandoned process blocks nothing.
    Position.objects.select_for_update().filter(pk=fp.position_id).values_list("pk", flat=True).first()
    other = (
        Decision.objects.filter(position_id=fp.position_id, applied=False, filling_post__isnull=False)
        .exclude(filling_post=fp)
        .select_related("filling_post__process")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _("Post %(post)s is already decided in the process %(process)s, not yet installed."),
            code="decided",
            params={"post": fp.position.name, "process": other.filling_post.process.name},
        )
    departs = candidacy.pk != fp.recommended_id or candidacy.rank != 1
    if departs and not reason.strip() and not fp.recommendation_reason:
        raise ValidationError(
            _("The decision departs from the recommendation or the ranking: a reason is required."),
            code="reason",
        )
    emp = Employee.objects.select_related("position", "unit").get(pk=candidacy.employee_id)
    snap = json.loads(candidacy.snapshot)
    d = _decision_create(
        employee=emp,
        position=fp.position,
        by=by,
        snapshot=candidacy.snapshot,
        kind=derive_type(emp, fp.position),
        filling_post=fp,
        reason=reason or fp.recommendation_reason,
        rank=candidacy.rank,
        mapping_finalised=bool(snap.get("mapping", {}).get("finalised")),
    )
    fp.stage = FillingPost.Stage.DECIDED
    fp.save(update_fields=["stage"])
    return d


# --- Plans -----------------------------------------------------------------------------------------------


@dataclass
class PlanOutcome:
    plan: opt.Plan
    greedy: opt.Plan
    problem: opt.Problem
    names: dict[int, str]
    people: dict[int, str]
    ms: float

    def as_dict(self) -> dict[str, Any]:
        def step(s: dict[str, Any]) -> dict[str, Any]:
            return {
                "post": s["post"],
                "post_name": self.names.get(s["post"], ""),
                "employee_id": s["candidate"],
                "employee": self.people.get(s["candidate"], ""),
                "from_post": s["from_post"],
                "from_post_name": self.names.get(s["from_post"], "") if s["from_post"] else "",
            }

        return {
            "method": self.plan.method,
            "status": self.plan.status,
            "total": self.plan.total / 100,
            "greedy_total": self.greedy.total / 100,
            "gain": (self.plan.total - self.greedy.total) / 100,
            "assignment": [
                {
                    "post": p,
                    "post_name": self.names.get(p, ""),
                    "employee_id": c,
                    "employee": self.people.get(c, ""),
                    "score": self.problem.scores[(c, p)] / 100,
                    "depth": self.problem.depth_of.get(p, 0),
                }
                for p, c in self.plan.assignment.items()
            ],
            "chains": [[step(s) for s in ch] for ch in self.plan.chains],
            "chain_text": [chain_text(ch, self.names, self.people) for ch in self.plan.chains],
            "ms": round(self.ms, 1),
        }


def chain_text(chain: list[dict[str, Any]], names: dict[int, str], people: dict[int, str]) -> str:
    """ "A → post X, yang pejabatnya B → post Y": from the deepest move to the original vacancy."""
    steps = [
        f"{people.get(s['candidate'], s['candidate'])} → {names.get(s['post'], s['post'])}"
        for s in reversed(chain)
    ]
    return ", yang pejabatnya ".join(steps)


def plan_compute(
    *,
    positions: list[Position],
    on: date,
    depth: int = 1,
    keep: list[int] | None = None,
    forbid: list[tuple[int, int]] | None = None,
    min_promotions: int = 0,
    max_moves_per_opd: int | None = None,
    weights: dict[str, float] | None = None,
    pool: rk.CandidateArrays | None = None,
    shortlist: int | None = 20,
) -> PlanOutcome:
    """The optimal plan for `positions` (with vacancy chains up to `depth`) and the greedy baseline.
    Each post brings its `shortlist` best eligible candidates (None = all): the plan is optimal over those."""
    if not positions:
        raise ValidationError(_("Choose at least one post."), code="empty")
    instansi_id = positions[0].instansi_id
    a = pool if pool is not None else selectors.candidate_pool(instansi_id, on=on)
    holder_post = {int(e): int(p) for e, p in zip(a.employee_id, a.position_id, strict=True) if p >= 0}
    by_id = {p.pk: p for p in Position.objects.filter(instansi_id=instansi_id).select_related("unit")}
    initial = [p.pk for p in positions]
    # A holder leaving an initial vacancy (retiring, planned out) is not a candidate for the plan.
    leaving = {c for c, q in holder_post.items() if q in set(initial)}
    promotion_pairs = set()
    # Only a finalised mapping's box counts (as in the ranking's array).
    # The pool's box is a finalised mapping's only (0 = none).
    current = {int(e): (a.level_of(i), int(a.box[i]) or None) for i, e in enumerate(a.employee_id)}

    def eligible_for(pid: int) -> dict[int, int]:
        pos = by_id[pid]
        req = selectors.requirements_for(pos.level, pos.instansi_id)[1]
        post = selectors.post_for(pos, on)
        r = rk.rank(
            a, post, req, weights=weights, top=shortlist, exclude=a.employee_id == (post.holder_id or -1)
        )
        out = {}
        for i in r.order:
            e = int(a.employee_id[i])
            if e in leaving:
                continue
            out[e] = max(int(r.score[i]), 1)
            if opt.is_talent_pool_promotion(pos.level, *current[e]):
                promotion_pairs.add((e, pid))
        return out

    t0 = time.perf_counter()
    prob = opt.closure(initial, holder_post, eligible_for, depth)
    options = opt.Options(
        keep=frozenset(keep or ()),
        forbid=frozenset(forbid or ()),
        min_promotions=min_promotions,
        promotion_pairs=frozenset(promotion_pairs),
        max_moves_per_opd=max_moves_per_opd,
        opd_of={int(e): (int(o) if o >= 0 else None) for e, o in zip(a.employee_id, a.opd_id, strict=True)}
        if max_moves_per_opd
        else {},
    )
    plan = opt.solve(prob, options)
    greedy = opt.greedy(prob, options)
    ms = (time.perf_counter() - t0) * 1000
    names = {pid: f"{by_id[pid].name}" for pid in prob.depth_of if pid in by_id}
    chosen = sorted({int(c) for c, _s in prob.scores})
    people = {
        pk: full_name(depan, name, belakang)
        for pk, depan, name, belakang in Employee.objects.filter(pk__in=chosen).values_list(
            "pk", "gelar_depan", "name", "gelar_belakang"
        )
    }
    return PlanOutcome(plan, greedy, prob, names, people, ms)


@transaction.atomic
def plan_save(
    *,
    outcome: PlanOutcome,
    name: str,
    positions: list[Position],
    depth: int,
    options: dict[str, Any],
    by: Any,
    process: FillingProcess | None = None,
) -> PlacementPlan:
    policy.require(by, "placement.plan.create")
    plan = PlacementPlan.objects.create(
        instansi_id=positions[0].instansi_id,
        process=process,
        name=name,
        positions=[p.pk for p in positions],
        depth=depth,
        options=jsonable(options),
        result=jsonable(outcome.as_dict()),
        total=outcome.plan.total,
        greedy_total=outcome.greedy.total,
        method=outcome.plan.method,
        created_by=by.username,
    )
    audit_record(
        actor=by,
        action="placement.plan",
        target=plan,
        changes={"positions": plan.positions, "depth": depth, "options": plan.options, "total": plan.total},
    )
    return plan


# --- Batches ---------------------------------------------------------------------------------------------


def batch_summary(batch: InstallationBatch) -> dict[str, object]:
    return dr.summary(batch.decisions.values_list("kind", flat=True))


@transaction.atomic
def batch_create(
    *, instansi: Instansi, sk_nomor: str, sk_date: date, by: Any, decisions: list[Decision]
) -> InstallationBatch:
    policy.require(by, "placement.batch.create")
    if not sk_nomor.strip():
        raise ValidationError(_("The SK number is required."), code="sk")
    if not decisions:
        raise ValidationError(_("An installation batch needs at least one decision."), code="empty")
    batch = InstallationBatch.objects.create(
        instansi=instansi, sk_nomor=sk_nomor, sk_date=sk_date, decided_by=by.username
    )
    # The decisions as they are now, locked: the caller's copies may be a page read before another
    # request put them in a batch (or applied it).
    current = Decision.objects.select_for_update(of=("self",)).in_bulk([d.pk for d in decisions])
    for d in decisions:
        now = current.get(d.pk)
        if now is None or now.batch_id is not None or now.applied or now.instansi_id != instansi.pk:
            raise ValidationError(
                _("The decision for NIP %(nip)s is already in another batch."),
                code="batch",
                params={"nip": d.employee.nip},
            )
        now.batch = batch
        now.save(update_fields=["batch"])
        d.batch = batch
    audit_record(
        actor=by,
        action="placement.batch_create",
        target=batch,
        changes={
            "sk": sk_nomor,
            "date": sk_date,
            "decisions": [d.pk for d in decisions],
            "summary": batch_summary(batch)["text"],
        },
    )
    return batch


@transaction.atomic
def batch_create_from_rows(
    *,
    instansi: Instansi,
    sk_nomor: str,
    sk_date: date,
    by: Any,
    rows: list[dict[str, Any]],
    on: date | None = None,
) -> InstallationBatch:
    """Record decisions signed outside Talenta: [{"nip", "position"[, "acting": "plt"|"plh"]}] (position =
    Talenta's id or the unor id of the unit it heads).
    Every bad row is reported before anything is written."""
    policy.require(by, "placement.batch.create")
    on = on or sk_date
    errors = []
    resolved: list[tuple[Employee, Position, str]] = []
    positions = Position.objects.filter(instansi=instansi)
    seen_pos: set[int] = set()
    seen_emp: set[int] = set()
    for n, row in enumerate(rows, start=1):
        nip = str(row.get("nip", "")).strip()
        emp = Employee.objects.filter(nip=nip, instansi=instansi).select_related("position", "unit").first()
        pos = selectors.resolve_position(positions, str(row.get("position", "")))
        acting = str(row.get("acting", "") or "").lower()
        if acting not in ("", "plt", "plh"):
            errors.append(
                _("row %(row)s, column acting: %(value)r is not plt or plh") % {"row": n, "value": acting}
            )
        if emp is None:
            errors.append(
                _("row %(row)s, column nip: NIP %(value)r not found in this instansi")
                % {"row": n, "value": nip}
            )
        if pos is None:
            errors.append(
                _("row %(row)s, column position: post %(value)r not found")
                % {"row": n, "value": row.get("position")}
            )
        elif pos.pk in seen_pos:
            errors.append(
                _("row %(row)s, column position: post %(value)s appears twice")
                % {"row": n, "value": pos.name}
            )
        if emp is not None and emp.pk in seen_emp:
            errors.append(
                _("row %(row)s, column nip: NIP %(value)s appears twice (one person, one post per decree)")
                % {"row": n, "value": nip}
            )
        elif emp is not None and pos is not None:
            seen_pos.add(pos.pk)
            seen_emp.add(emp.pk)
            resolved.append((emp, pos, acting))
    if errors:
        raise ValidationError(errors)
    pool = selectors.candidate_pool(instansi.pk, on=on)
    # Everyone recorded who is in the pool, read once (not a read per row).
    rows = [int(i) for emp, _, _ in resolved for i in np.flatnonzero(pool.employee_id == emp.pk)[:1]]
    people = dict(zip(rows, selectors.candidates_at(pool, rows), strict=True))
    decisions = []
    for emp, pos, acting in resolved:
        outcome = rank_position(position=pos, on=on, top=None, near_top=0, pool=pool, explain=0)
        i, rank = outcome.row_of(emp.pk), outcome.rank_of(emp.pk)
        if i is None:
            # Not in the PNS pool (e.g. PPPK): the decision still records who and what, without a ranking.
            snap_data = {
                "candidate": {"nip": emp.nip, "name": emp.full_name},
                "note": "bukan PNS dalam kumpulan",
            }
            mapping_final = False
        else:
            c = people[i]
            snap_data = _snapshot(
                c=c, employee=emp, outcome=outcome, rank=rank, explanation=outcome.ranking.explanation(i)
            )
            mapping_final = c.mapping_finalised
        snap_data["source"] = f"SK {sk_nomor} ({sk_date.isoformat()}), dicatat dari luar Talenta"
        decisions.append(
            _decision_create(
                employee=emp,
                position=pos,
                by=by,
                snapshot=canonical(snap_data),
                kind=derive_type(emp, pos, acting),
                filling_post=None,
                reason="",
                rank=rank,
                mapping_finalised=mapping_final,
            )
        )
    return batch_create(instansi=instansi, sk_nomor=sk_nomor, sk_date=sk_date, by=by, decisions=decisions)


def position_fill(*, position: Position, employee: Employee) -> date | None:
    """A definitive holder is installed (a batch's decision or a mutasi): the post's Plt ends and it is no
    longer vacant, and the employee stops being acting elsewhere. Returns the day the post fell vacant."""
    vacant_since = position.vacant_from
    if position.acting_holder_id or position.vacant_from:
        position.acting_holder = None
        position.acting_kind = ""
        position.acting_since = None
        position.vacant_from = None
        position.save(update_fields=["acting_holder", "acting_kind", "acting_since", "vacant_from"])
    Position.objects.filter(acting_holder=employee).update(
        acting_holder=None, acting_kind="", acting_since=None
    )
    return vacant_since


def jabatan_history_create(
    *,
    employee: Employee,
    position: Position,
    sk_nomor: str,
    sk_date: date,
    assignment: str = JabatanHistory.Assignment.DEFINITIF,
) -> JabatanHistory:
    """The post-history row of an installation: the post as it is, from the decree's date."""
    return JabatanHistory.objects.create(
        employee=employee,
        position=position,
        unit=position.unit,
        jenis_jabatan="1" if position.kind == "struktural" else "",
        level=position.level,
        eselon=position.eselon,
        jf_code=position.jf_code,
        jabatan_name=position.name,
        unit_name=position.unit.name,
        unor_id=position.unit.bkn_unor_id or "",
        tmt=sk_date,
        tmt_pelantikan=sk_date,
        sk_nomor=sk_nomor,
        sk_tanggal=sk_date,
        assignment=assignment,
    )


@transaction.atomic
def batch_apply(*, batch: InstallationBatch, by: Any) -> int:
    """Install: new JabatanHistory rows, Employee.position/unit/tmt_jabatan, Plt ended, old posts vacated.
    All or nothing: any problem raises and the transaction rolls back."""
    policy.require(by, "placement.batch.apply")
    batch = InstallationBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.applied_at is not None:
        raise ValidationError(
            _("Batch SK %(sk)s has already been applied."), code="applied", params={"sk": batch.sk_nomor}
        )
    if batch.sk_date > timezone.localdate():
        raise ValidationError(
            _("The SK is dated %(date)s, in the future: it can be applied from that day."),
            code="future",
            params={"date": display.tanggal(batch.sk_date)},
        )
    if batch.decisions.filter(kind=Decision.Kind.MUTASI).exists():
        # A move between instansi is installed by its own step (placement.mutasi.mutasi_install), which
        # also moves the person to the receiving instansi.
        raise ValidationError(
            _("Batch SK %(sk)s holds a mutasi: it is installed from the mutasi's page."),
            code="mutasi",
            params={"sk": batch.sk_nomor},
        )
    decisions = list(
        batch.decisions.select_related(
            "employee", "employee__position", "position", "position__unit", "filling_post"
        )
    )
    movers = {d.employee_id for d in decisions if d.kind not in (dr.PLT, dr.PLH)}
    left = {d.employee.position_id for d in decisions if d.employee_id in movers} - {None}
    # Phase 1: everyone who moves leaves his post first (a swap would otherwise collide on the one-to-one).
    Employee.objects.filter(pk__in=movers).update(position=None)
    for d in decisions:
        pos = Position.objects.select_for_update().get(pk=d.position_id)
        emp = Employee.objects.select_for_update().get(pk=d.employee_id)
        if d.kind in (dr.PLT, dr.PLH):
            pos.acting_holder = emp
            pos.acting_kind = d.kind
            pos.acting_since = batch.sk_date
            pos.save(update_fields=["acting_holder", "acting_kind", "acting_since"])
            assignment = JabatanHistory.Assignment.PLT if d.kind == dr.PLT else JabatanHistory.Assignment.PLH
        else:
            other = Employee.objects.filter(position=pos).exclude(pk=emp.pk).first()
            if other is not None:
                raise ValidationError(
                    _("Post %(post)s is still held by NIP %(nip)s, who is not moved in this batch."),
                    code="occupied",
                    params={"post": pos.name, "nip": other.nip},
                )
            before = {"position": emp.position_id, "unit": emp.unit_id, "tmt_jabatan": emp.tmt_jabatan}
            emp.position = pos
            emp.unit = pos.unit
            emp.tmt_jabatan = batch.sk_date
            emp.save(update_fields=["position", "unit", "tmt_jabatan"])
            # How long the post stayed open is reported by regional oversight: keep the day it fell vacant.
            vacant_since = position_fill(position=pos, employee=emp)
            d.vacant_since = vacant_since or (d.filling_post.vacant_on if d.filling_post else None)
            assignment = JabatanHistory.Assignment.DEFINITIF
            audit_record(
                actor=by,
                action="people.position_change",
                target=emp,
                reason=f"SK {batch.sk_nomor}",
                changes={
                    "before": before,
                    "after": {"position": pos.pk, "unit": pos.unit_id, "tmt_jabatan": batch.sk_date},
                },
            )
        jabatan_history_create(
            employee=emp, position=pos, sk_nomor=batch.sk_nomor, sk_date=batch.sk_date, assignment=assignment
        )
        d.applied = True
        d.save(update_fields=["applied", "vacant_since"])
    # The posts the movers left and nobody in the batch took fall vacant on the SK date.
    Position.objects.filter(pk__in=left, holder__isnull=True, vacant_from__isnull=True).update(
        vacant_from=batch.sk_date
    )
    batch.applied_at = timezone.now()
    batch.applied_by = by.username
    batch.save(update_fields=["applied_at", "applied_by"])
    audit_record(
        actor=by,
        action="placement.batch_apply",
        target=batch,
        changes={"decisions": [d.pk for d in decisions], "summary": batch_summary(batch)["text"]},
    )
    # Their posts, units and post histories changed: the candidate pool reads them again.
    mark_changed(employee_ids=[d.employee_id for d in decisions])
    return len(decisions)
