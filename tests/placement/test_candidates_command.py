"""`talenta candidates --json` reports each row's status as RULES.md says on boundary dates (issue 13, "done
when"): Pasal 131's 2 to 5 years in the current JPT post, counted in completed calendar time."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from talenta.people.models import DisciplineHistory, Employee, JabatanHistory, SkpHistory
from talenta.people.rules.dates import add_years
from talenta.placement import selectors
from talenta.profiling.models import Assessment
from tests.placement.factories import ON, held_jpt, province, vacant_jpt

pytestmark = pytest.mark.django_db
LEVELS = dict.fromkeys(("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1"), "4.5")


def _sitting_since(e: Employee, since: date) -> None:
    """Make `e` a JPT Pratama who meets every other requirement, in his post since `since`."""
    Employee.objects.filter(pk=e.pk).update(
        tmt_jabatan=since,
        birth_date=date(1975, 5, 17),
        education_level="45",
        golongan="43",
        discipline_checked_at=ON,
    )
    JabatanHistory.objects.filter(employee=e).delete()
    JabatanHistory.objects.create(
        employee=e, unit=e.unit, level="administrator", jabatan_name="Kepala Bidang", tmt=date(2008, 1, 2)
    )
    JabatanHistory.objects.create(
        employee=e,
        unit=e.unit,
        position=e.position,
        level="jpt_pratama",
        jabatan_name=e.position.name,
        tmt=since,
    )
    DisciplineHistory.objects.filter(employee=e).delete()
    for year in (ON.year - 1, ON.year - 2):
        SkpHistory.objects.update_or_create(employee=e, year=year, defaults={"predikat": "baik"})
    Assessment.objects.filter(employee=e).delete()
    Assessment.objects.create(employee=e, assessed_on=date(2026, 3, 2), standard={}, **LEVELS)


def test_candidates_json_reports_the_pasal_131_bounds_exactly():
    prov = province()
    target = vacant_jpt(prov)
    a, b, c, d = (p.current_holder for p in held_jpt(prov)[:4])
    _sitting_since(a, add_years(ON, -2))  # exactly 2 years: met
    _sitting_since(b, date(2024, 11, 2))  # 1 year 11 months 30 days: not met
    _sitting_since(c, add_years(ON, -5))  # exactly 5 years: met
    _sitting_since(d, date(2021, 10, 31))  # 5 years and a day: not met (before: 5 whole years, met)
    selectors.pool_invalidate()
    out = StringIO()
    call_command(
        "candidates",
        "--position",
        str(target.pk),
        "--json",
        "--on",
        ON.isoformat(),
        "--top",
        "200",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    rows = {
        c["employee_id"]: {r["code"]: r["status"] for r in c["eligibility"]}
        for c in data["candidates"] + data["near_eligible"]
    }
    assert rows[a.pk]["jpt_move"] == "met"
    assert rows[b.pk]["jpt_move"] == "not_met"
    assert rows[c.pk]["jpt_move"] == "met"
    assert rows[d.pk]["jpt_move"] == "not_met"
    assert rows[a.pk]["bup"] == "info"
    assert {a.pk, c.pk} <= {x["employee_id"] for x in data["candidates"]}
