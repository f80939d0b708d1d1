"""The data obeys the rules (issue 13): the kinds of contradiction `talenta check-data` looks for, and the
pure tests it applies. Plain values in, plain values out; no Django, no clock.

An *error* is a record that contradicts a rule of RULES.md outright (someone active past his retirement
date); a *warning* is a soft check (a rank outside the eselon's range, RULES.md §6) or a guide (the
organisation distribution of RULES.md §2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from talenta.people.rules import jabatan as jr
from talenta.profiling.rules import jpm as jpm_rules

ERROR, WARNING = "error", "warning"

# kind → severity, in the order the report lists them.
KINDS: dict[str, str] = {
    "past_bup": ERROR,  # RULES.md §6: retirement on the 1st of the month after the BUP birthday
    "pelaksana_high_rank": ERROR,  # golongan IV needs a post (PP 99/2000 ceilings for pelaksana)
    "assessment_before_cpns": ERROR,  # an ASN is profiled as an ASN
    "jpm_above_scale": ERROR,  # RULES.md §3: levels 1–5, JPM = 100 × Σ level / Σ standard
    "potential_above_scale": ERROR,  # RULES.md §4: the potential score is on 0–100
    "duplicate_holders": ERROR,  # one definitive holder per post
    "plt_without_post": ERROR,  # a Plt is an official with his own definitive post
    "rank_outside_eselon": WARNING,  # RULES.md §6, PP 13/2002: a soft check
    "skp_missing": WARNING,  # RULES.md §2: a missing year makes the person not mappable
    "org_distribution": WARNING,  # RULES.md §2: the distribution guide of an organisation rated Baik
}


@dataclass(frozen=True)
class Finding:
    """One record that contradicts a rule: the kind, the person (if any), the evidence, and its params."""

    kind: str
    instansi_id: int | None
    employee_id: int | None
    nip: str
    name: str
    evidence: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return KINDS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "instansi_id": self.instansi_id,
            "employee": {"id": self.employee_id, "nip": self.nip, "name": self.name} if self.nip else None,
            "evidence": self.evidence,
            "params": self.params,
        }


def pelaksana_rank_ceiling(education_level: str) -> str:
    """The highest golongan a pelaksana reaches by regular promotion: III/d, IV/a with an S-3 (PP 99/2000
    jo PP 12/2002, default, to confirm with the SK)."""
    return "41" if (education_level or "") >= "50" else "34"


def rank_in_range(golongan: str, eselon: str) -> bool | None:
    return jr.rank_in_eselon_range(golongan, eselon) if golongan else None


def id_decimal(value: Decimal | float | int, digits: int = 2) -> str:
    """A number written the Indonesian way, rounded half up: 1234.5 → "1.234,50" (digits=2)."""
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{q:,.{digits}f}".partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def jpm_out_of_scale(levels: dict[str, Decimal | None], standard: dict[str, int], jpm: Decimal | None) -> str:
    """Why a stored assessment's JPM is off the scale ("" when it is not): a level outside 1–5, or a JPM
    above what levels of 5 could give against its standard."""
    for code, v in levels.items():
        if v is not None and not (jpm_rules.LEVEL_MIN <= Decimal(v) <= jpm_rules.LEVEL_MAX):
            return f"level {code} {id_decimal(v, 1)} di luar 1–5"
    limit = jpm_rules.ceiling(standard)
    if jpm is not None and limit is not None and Decimal(jpm) > limit:
        return f"JPM {id_decimal(Decimal(jpm))} di atas batas standar ({id_decimal(limit)})"
    return ""


MAX_BAIK_SHARE = Decimal("0.70")  # RULES.md §2's default; a mapping period may set its own


@dataclass(frozen=True)
class Distribution:
    """RULES.md §2's guide for an organisation rated "Baik": at most 70% of its staff "Baik", and at least
    one "Butuh Perbaikan" or "Kurang"."""

    total: int
    baik: int
    below: int  # butuh_perbaikan + kurang

    def problems(self, max_baik_share: Decimal = MAX_BAIK_SHARE) -> list[tuple[str, dict[str, Any]]]:
        """(code, params) of each departure from the guide; the words are the caller's."""
        out: list[tuple[str, dict[str, Any]]] = []
        if self.total and Decimal(self.baik) / self.total > max_baik_share:
            out.append(
                ("too_many_baik", {"baik": self.baik, "total": self.total, "max_share": str(max_baik_share)})
            )
        if self.total and self.below == 0:
            out.append(("none_below", {"total": self.total}))
        return out


def distribution(predikat: Iterable[str]) -> Distribution:
    values = list(predikat)
    return Distribution(
        total=len(values),
        baik=sum(1 for p in values if p == "baik"),
        below=sum(1 for p in values if p in {"butuh_perbaikan", "kurang"}),
    )
