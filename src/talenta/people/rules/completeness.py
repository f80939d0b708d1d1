"""Data completeness of a profile: which items are missing, grouped by what they block. Pure: the caller
collects the facts (`ProfileFacts`) and passes `today`-derived values in."""

from __future__ import annotations

from dataclasses import dataclass, field

MAPPING = "mapping"
ELIGIBILITY = "eligibility"
IDENTITY = "identity"
GROUPS = (MAPPING, ELIGIBILITY, IDENTITY)


@dataclass(frozen=True)
class ProfileFacts:
    skp_years: frozenset[int]
    # The last two completed appraisal years, e.g. (2025, 2024) in 2026: talent mapping needs both.
    required_skp_years: tuple[int, ...]
    has_valid_assessment: bool
    has_education: bool
    has_tmt_jabatan: bool
    has_golongan: bool
    has_tmt_golongan: bool
    has_position: bool
    has_leadership_training: bool
    needs_leadership_training: bool
    has_discipline_record: bool
    has_birth_date: bool = True
    has_nik: bool = True
    has_email: bool = True


@dataclass(frozen=True)
class Item:
    code: str
    group: str
    present: bool
    # For an SKP year: the year, so the label can name it.
    year: int | None = None


@dataclass(frozen=True)
class Completeness:
    items: tuple[Item, ...] = field(default_factory=tuple)

    @property
    def score(self) -> int:
        """Whole percent of items present."""
        if not self.items:
            return 100
        return round(100 * sum(i.present for i in self.items) / len(self.items))

    def missing(self, group: str) -> list[Item]:
        return [i for i in self.items if i.group == group and not i.present]

    @property
    def missing_by_group(self) -> dict[str, list[Item]]:
        return {g: m for g in GROUPS if (m := self.missing(g))}


def completeness(f: ProfileFacts) -> Completeness:
    items = [Item("skp", MAPPING, y in f.skp_years, year=y) for y in f.required_skp_years]
    items.append(Item("assessment", MAPPING, f.has_valid_assessment))
    items += [
        Item("education", ELIGIBILITY, f.has_education),
        Item("position", ELIGIBILITY, f.has_position),
        Item("tmt_jabatan", ELIGIBILITY, f.has_tmt_jabatan),
        Item("golongan", ELIGIBILITY, f.has_golongan),
        Item("tmt_golongan", ELIGIBILITY, f.has_tmt_golongan),
        Item("discipline", ELIGIBILITY, f.has_discipline_record),
    ]
    # PP 11/2017: leadership training is information for structural posts, so it only counts there.
    if f.needs_leadership_training:
        items.append(Item("leadership_training", ELIGIBILITY, f.has_leadership_training))
    items += [
        Item("nik", IDENTITY, f.has_nik),
        Item("email", IDENTITY, f.has_email),
    ]
    return Completeness(items=tuple(items))
