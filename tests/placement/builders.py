"""Plain-value builders for the pure placement rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from talenta.placement.defaults import DEFAULT_REQUIREMENTS
from talenta.placement.rules import eligibility as el

ON = date(2026, 1, 26)
JPT_STANDARD = dict.fromkeys(("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"), 4)


def req(level: str = "jpt_pratama", **changes: object) -> el.Requirements:
    return el.Requirements.from_data(level, 1, {**DEFAULT_REQUIREMENTS[level], **changes})


def post(**changes: object) -> el.Post:
    base = el.Post(
        position_id=100,
        name="Kepala Dinas Pariwisata",
        level="jpt_pratama",
        eselon="21",
        instansi_id=1,
        opd_id=10,
        bup=60,
        standard=JPT_STANDARD,
    )
    return replace(base, **changes)


def candidate(**changes: object) -> el.Candidate:
    """A Kepala Bidang (Administrator) of the same OPD who meets every JPT Pratama requirement."""
    base = el.Candidate(
        employee_id=1,
        nip="197505172000031001",
        name="Budi",
        birth_date=date(1975, 5, 17),
        sex="M",
        instansi_id=1,
        opd_id=10,
        golongan="43",
        education_level="45",
        education_record_id=7,
        position_id=50,
        position_level="administrator",
        position_since=date(2019, 1, 2),
        skp=(el.SkpYear(2025, "baik", 11), el.SkpYear(2024, "sangat_baik", 12)),
        stints=(
            el.PostStint("pengawas", date(2012, 1, 2), date(2019, 1, 2), 10, 40, False, 21),
            el.PostStint("administrator", date(2019, 1, 2), None, 10, 50, True, 22),
        ),
        trainings=(("pkn2", 31),),
        assessment=el.AssessmentView(date(2025, 11, 18), 3, dict.fromkeys(JPT_STANDARD, 4.0), 41, 85.0),
        box=8,
        mapping_finalised=True,
        mapping_ref="Periode 2025",
    )
    return replace(base, **changes)


def row(result: el.Result, code: str) -> el.Row:
    return next(r for r in result.rows if r.code == code)
