"""Decision types derived from data (RULES.md §6) and the installation batch summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from talenta.people.rules import jabatan as jr

PROMOSI, ROTASI, MUTASI, PENETAPAN_KEMBALI, PLT, PLH = (
    "promosi",
    "rotasi",
    "mutasi",
    "penetapan_kembali",
    "plt",
    "plh",
)
TYPES = (ROTASI, PROMOSI, MUTASI, PENETAPAN_KEMBALI, PLT, PLH)
TYPE_LABELS = {
    PROMOSI: "promosi",
    ROTASI: "rotasi",
    MUTASI: "mutasi",
    PENETAPAN_KEMBALI: "penetapan kembali",
    PLT: "Plt",
    PLH: "Plh",
}


@dataclass(frozen=True)
class PostRef:
    position_id: int
    level: str
    instansi_id: int


def is_higher(new_level: str, old_level: str) -> bool:
    """The one promotion test: `new_level` ranks above `old_level` (LEVEL_RANK); no level = pelaksana."""
    rank = jr.LEVEL_RANK
    return rank[jr.Level(new_level or jr.Level.PELAKSANA)] > rank[jr.Level(old_level or jr.Level.PELAKSANA)]


def decision_type(old: PostRef | None, new: PostRef, acting: str = "") -> str:
    """promosi: a higher level (LEVEL_RANK); rotasi: the same level (or lower), another post of the same
    instansi, same or other unit; mutasi: another instansi; penetapan kembali: the same post; Plt/Plh: an
    acting assignment. Someone without a post counts as pelaksana."""
    if acting in {PLT, PLH}:
        return acting
    if old is not None and old.instansi_id != new.instansi_id:
        return MUTASI
    if old is not None and old.position_id == new.position_id:
        return PENETAPAN_KEMBALI
    if is_higher(new.level, old.level if old is not None else ""):
        return PROMOSI
    return ROTASI


def summary(types: Iterable[str]) -> dict[str, object]:
    """{"total", one count per type, "text"}: "10 pejabat: 6 rotasi, 3 promosi, 1 penetapan kembali"
    (types with a count above zero, largest first; ties in the fixed order of TYPES)."""
    counts = Counter(types)
    ordered = sorted((t for t in TYPES if counts[t] > 0), key=lambda t: (-counts[t], TYPES.index(t)))
    total = sum(counts[t] for t in TYPES)
    text = f"{total} pejabat" + (
        ": " + ", ".join(f"{counts[t]} {TYPE_LABELS[t]}" for t in ordered) if ordered else ""
    )
    return {"total": total, **{t: counts[t] for t in TYPES}, "text": text}
