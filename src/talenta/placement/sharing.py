"""A vacancy ranked with the region's shared talent pools (issue #18).

The same eligibility rules and score as the instansi's own ranking (services.rank_position), run on each
sharing instansi's candidate pool and kept to the people it shares (talent/sharing.py). A shared candidate
appears only when eligible; the rows whose evidence lives in his own instansi's records (SKP, discipline,
education, training, rank, posts held, health) are marked "perlu verifikasi" and their evidence is not
shown: only his instansi can confirm them, and discipline records are never shared.

A score is made of competency (JPM) and performance. Only an instansi that shares its competency summary
(`PoolSharing.Level.COMPETENCY`) has its people scored and ranked among the others; the people of a pool
shared at a lower level are listed after the ranked ones, by name, without a score, and their competency
and assessment rows are marked "perlu verifikasi" too: neither the number nor the order tells what their
instansi did not share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from talenta.placement import evidence, selectors, services
from talenta.talent.models import PoolSharing
from talenta.talent.sharing import SharedMember, shared_pools

# Eligibility rows whose evidence is the home instansi's own records (rules/eligibility.py row codes).
VERIFY_AT_HOME = frozenset({"discipline", "education", "training", "rank", "prior_post", "field", "health"})
VERIFY_PREFIXES = ("skp_",)
VERIFY_NOTE = gettext_lazy("to be verified by the home instansi")  # the words of evidence.verify_at_home_note
# Rows whose evidence is the competency summary: shown only when the instansi shares it.
COMPETENCY_ROWS = frozenset({"competency", "assessment"})


def needs_home_verification(code: str, *, competency_shared: bool = True) -> bool:
    return (
        code in VERIFY_AT_HOME
        or code.startswith(VERIFY_PREFIXES)
        or (not competency_shared and code in COMPETENCY_ROWS)
    )


@dataclass
class Row:
    rank: int
    instansi: str
    own: bool
    employee_id: int
    nip: str
    name: str
    score: Decimal | None  # None: his instansi does not share the competency summary a score is made of
    box: int | None
    eligibility: list[dict[str, Any]]
    to_verify: int = 0


@dataclass
class SharedRanking:
    rows: list[Row]
    shared: list[SharedMember] = field(default_factory=list)  # the shared people shown (for the audit)
    pools: int = 0


def redacted(
    rows: list[dict[str, Any]], *, competency_shared: bool = True
) -> tuple[list[dict[str, Any]], int]:
    out, n = [], 0
    for r in rows:
        if needs_home_verification(r["code"], competency_shared=competency_shared):
            # The home instansi's records stay there: no evidence, no parameters, until it verifies them.
            out.append(evidence.describe({**r, "status": "manual", "params": {}, "verify": True}))
            n += 1
        else:
            out.append({**r, "verify": False})
    return out, n


def rank_with_shared_pools(*, position: Any, on: date, viewer: Any, top: int = 10) -> SharedRanking:
    """The instansi's own top `top` and every eligible shared candidate, by score."""
    own = services.rank_position(position=position, on=on, top=top)
    own_name = position.instansi.short_name or position.instansi.name
    rows = [
        Row(
            0,
            own_name,
            True,
            c.employee_id,
            c.nip,
            c.name,
            c.score,
            c.box,
            [{**r, "verify": False} for r in c.rows],
        )
        for c in own.candidates
    ]
    by_instansi: dict[int, list[SharedMember]] = {}
    scored: dict[int, bool] = {}
    for p in shared_pools(viewer):
        by_instansi.setdefault(p.instansi.pk, []).extend(p.members)
        scored[p.instansi.pk] = PoolSharing(level=p.level).shows(PoolSharing.Level.COMPETENCY)
    shown: list[SharedMember] = []
    unscored: list[Row] = []
    for instansi_id, group in by_instansi.items():
        pool = selectors.candidate_pool(instansi_id, on=on)
        outcome = services.rank_position(position=position, on=on, top=None, near_top=0, pool=pool, explain=0)
        eligible = set(outcome.eligible_ids())
        _, req = selectors.requirements_for(position.level, position.instansi_id)
        for m in group:
            i = outcome.row_of(m.employee_id)
            if i is None or m.employee_id not in eligible:
                continue
            (person,) = selectors.candidates_at(pool, [i])
            c = services._explain(person, outcome.ranking, i, 0, outcome.post, req, pool.on)
            elig, n = redacted(c.rows, competency_shared=scored[instansi_id])
            row = Row(0, m.instansi_name, False, m.employee_id, m.nip, m.name, c.score, m.box, elig, n)
            if scored[instansi_id]:
                rows.append(row)
            else:
                row.score = None
                unscored.append(row)
            shown.append(m)
    rows.sort(key=lambda r: (-r.score, not r.own, r.name))
    rows += sorted(unscored, key=lambda r: (r.name, r.instansi))
    for n, r in enumerate(rows, start=1):
        r.rank = n
    return SharedRanking(rows, shown, len(by_instansi))
