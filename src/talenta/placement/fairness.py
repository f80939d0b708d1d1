"""Fairness and oversight: who was eligible, ranked and chosen per filling process, every departure from
the ranking with its reason, outcomes by sex / age band / OPD / education against the eligible pool, and
decisions taken without a finalised talent mapping."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from talenta.people.models import Employee
from talenta.people.rules.dates import full_years
from talenta.placement.models import Decision, FillingProcess, RankingRun
from talenta.placement.rules.eligibility import EDUCATION_LABEL


def age_band(birth: date, on: date) -> str:
    age = full_years(birth, on) or 0
    if age <= 40:
        return "≤ 40"
    if age <= 50:
        return "41–50"
    if age <= 55:
        return "51–55"
    return "> 55"


@dataclass
class Breakdown:
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Report:
    processes: list[dict[str, Any]]
    departures: list[dict[str, Any]]
    breakdowns: list[Breakdown]
    unmapped: list[Decision]
    pool_size: int
    chosen_size: int


def fairness_report(
    *,
    processes: QuerySet[FillingProcess],
    decisions: QuerySet[Decision],
    employees: QuerySet[Employee],
    today: date,
) -> Report:
    procs = []
    pool: set[int] = set()
    for proc in processes.prefetch_related("posts__position", "posts__candidacies__employee"):
        posts = []
        for fp in proc.posts.all():
            run = RankingRun.objects.filter(filling_post=fp).order_by("-created_at").first()
            eligible = run.results.get("eligible_ids", []) if run else []
            pool.update(eligible)
            chosen = fp.decisions.select_related("employee").first()
            posts.append(
                {
                    "fp": fp,
                    # None, not 0: a post nobody has ranked yet has no eligible count to report.
                    "eligible": len(eligible) if run else None,
                    "ranked_at": run.created_at if run else None,
                    "ranked": (run.results.get("candidates", [])[:5] if run else []),
                    "proposed": list(fp.candidacies.all()),
                    "chosen": chosen,
                }
            )
        procs.append({"process": proc, "posts": posts})
    departures = []
    for d in decisions.select_related("employee", "position", "filling_post").order_by("-decided_at"):
        fp = d.filling_post
        if (
            (d.ranking_rank or 1) > 1
            or d.reason
            or (fp and fp.recommendation_reason)
            or (fp and fp.proposal_reason)
        ):
            departures.append(
                {
                    "decision": d,
                    "unexplained": (d.ranking_rank or 1) > 1
                    and not (d.reason or (fp and (fp.recommendation_reason or fp.proposal_reason))),
                    "rank": d.ranking_rank,
                    "reasons": [
                        r
                        for r in (
                            fp.proposal_reason if fp else "",
                            fp.recommendation_reason if fp else "",
                            d.reason,
                        )
                        if r
                    ],
                }
            )
    chosen_ids = list(decisions.values_list("employee_id", flat=True))
    people = {
        e.pk: e for e in employees.filter(pk__in=set(pool) | set(chosen_ids)).select_related("unit__opd")
    }
    keys = {
        "sex": lambda e: e.get_sex_display(),
        "age": lambda e: age_band(e.birth_date, today),
        "opd": lambda e: e.unit.opd.name if e.unit_id and e.unit.opd_id else "–",
        "education": lambda e: EDUCATION_LABEL.get(e.education_level, e.education_level or "–"),
    }
    names = {"sex": "Jenis kelamin", "age": "Kelompok usia", "opd": "OPD", "education": "Pendidikan"}
    breakdowns = []
    for key, fn in keys.items():
        p = Counter(fn(people[i]) for i in pool if i in people)
        c = Counter(fn(people[i]) for i in chosen_ids if i in people)
        rows = []
        for label in sorted(set(p) | set(c)):
            rows.append(
                {
                    "label": label,
                    "pool": p[label],
                    "chosen": c[label],
                    "pool_share": 100 * p[label] / max(sum(p.values()), 1),
                    "chosen_share": 100 * c[label] / max(sum(c.values()), 1),
                }
            )
        breakdowns.append(Breakdown(names[key], rows))
    unmapped = list(decisions.filter(mapping_finalised=False).select_related("employee", "position"))
    return Report(procs, departures, breakdowns, unmapped, len(pool), len(chosen_ids))
