"""A vacancy ranked with the region's shared talent pools (issue #18).

The same eligibility rules and score as the instansi's own ranking (services.rank_position), run on each
sharing instansi's candidate pool and kept to the people it shares (talent/sharing.py). A shared candidate
appears only when eligible; the rows whose evidence lives in his own instansi's records (SKP, discipline,
education, training, rank, posts held, health) are marked "perlu verifikasi" and their evidence is not
shown: only his instansi can confirm them, and discipline records are never shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from talenta.placement import evidence, selectors, services
from talenta.talent.sharing import SharedMember, shared_members

# Eligibility rows whose evidence is the home instansi's own records (rules/eligibility.py row codes).
VERIFY_AT_HOME = frozenset({"discipline", "education", "training", "rank", "prior_post", "field", "health"})
VERIFY_PREFIXES = ("skp_",)
VERIFY_NOTE = gettext_lazy("to be verified by the home instansi")  # the words of evidence.verify_at_home_note


def needs_home_verification(code: str) -> bool:
    return code in VERIFY_AT_HOME or code.startswith(VERIFY_PREFIXES)


@dataclass
class Row:
    rank: int
    instansi: str
    own: bool
    employee_id: int
    nip: str
    name: str
    score: Decimal
    box: int | None
    eligibility: list[dict[str, Any]]
    to_verify: int = 0


@dataclass
class SharedRanking:
    rows: list[Row]
    shared: list[SharedMember] = field(default_factory=list)  # the shared people shown (for the audit)
    pools: int = 0


def redacted(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    out, n = [], 0
    for r in rows:
        if needs_home_verification(r["code"]):
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
    members = shared_members(viewer)
    by_instansi: dict[int, list[SharedMember]] = {}
    for m in members.values():
        by_instansi.setdefault(m.instansi_id, []).append(m)
    shown: list[SharedMember] = []
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
            elig, n = redacted(c.rows)
            rows.append(Row(0, m.instansi_name, False, m.employee_id, m.nip, m.name, c.score, m.box, elig, n))
            shown.append(m)
    rows.sort(key=lambda r: (-r.score, not r.own, r.name))
    for n, r in enumerate(rows, start=1):
        r.rank = n
    return SharedRanking(rows, shown, len(by_instansi))
