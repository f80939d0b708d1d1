"""Why a person cannot be mapped in a period (RULES.md §2–§3): the one vocabulary of the reasons.

`MappingResult.reason` stores them as the record of the run, in BKD's words, joined by "; " ("SKP 2024
belum ada; hasil asesmen kedaluwarsa 2025-11-03"): the per-person rule (`mapping.map_one`) and the bulk one
(`bulk.reason_of`) both write them from here, so they agree to the character. `parse` reads a stored text
back into (code, values), for a screen that says them in its reader's language with the date as a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

SEP = "; "
NO_ASSESSMENT = "belum ada hasil asesmen"
NO_COMPETENCY = "hasil asesmen tanpa nilai kompetensi"
NO_POTENTIAL = "hasil asesmen tanpa skor potensial"
_SKP = "SKP {year} belum ada"
_EXPIRED = "hasil asesmen kedaluwarsa {expiry}"

_SKP_RE = re.compile(r"SKP (\d{4}) belum ada")
_EXPIRED_RE = re.compile(r"hasil asesmen kedaluwarsa (\d{4}-\d{2}-\d{2})")
_FIXED = {NO_ASSESSMENT: "no_assessment", NO_COMPETENCY: "no_competency", NO_POTENTIAL: "no_potential"}


def skp_missing(years: Iterable[int]) -> list[str]:
    """One reason per calendar year without an SKP, in the order given."""
    return [_SKP.format(year=y) for y in years]


def expired(expiry: date) -> str:
    """The assessment counted until the day before `expiry` (potential.assessment_status)."""
    return _EXPIRED.format(expiry=expiry.isoformat())


def join(reasons: Iterable[str]) -> str:
    return SEP.join(r for r in reasons if r)


def parse(stored: str) -> list[tuple[str, dict[str, object]]]:
    """A stored reason text as (code, values) parts: "skp_missing" {year}, "no_assessment", "expired"
    {expiry: date}, "no_competency", "no_potential"; a part in no known form (an older run's wording) as
    "other" {text}, so nothing stored is ever lost from a screen."""
    out: list[tuple[str, dict[str, object]]] = []
    for part in (p.strip() for p in stored.split(SEP.strip())):
        if not part:
            continue
        if part in _FIXED:
            out.append((_FIXED[part], {}))
        elif m := _SKP_RE.fullmatch(part):
            out.append(("skp_missing", {"year": int(m[1])}))
        elif (m := _EXPIRED_RE.fullmatch(part)) and _is_date(m[1]):
            out.append(("expired", {"expiry": date.fromisoformat(m[1])}))
        else:
            out.append(("other", {"text": part}))
    return out


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
