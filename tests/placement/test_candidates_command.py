"""`talenta candidates --json` reports each row's status as RULES.md says on boundary dates (issue 13, "done
when"): Pasal 131's 2 to 5 years in the current JPT post, counted in completed calendar time."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from talenta.people.models import DisciplineHistory, Employee, JabatanHistory, Position, SkpHistory
from talenta.people.rules.dates import add_years
from talenta.placement import selectors
from talenta.profiling.models import Assessment
from tests.placement.factories import ON, held_jpt, province, vacant_jpt

pytestmark = pytest.mark.django_db
LEVELS = dict.fromkeys(("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1"), "4.5")
JPT_CODES = [k.upper() for k in LEVELS]


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


# --- More boundaries, through the command itself (issue 13, "done when") --------------------------------


def _eligible_administrator(
    e: Employee, on: date, *, since: date, birth: date = date(1975, 5, 17), level="4.5"
):
    """Make `e` an Administrator who meets every JPT Pratama requirement on `on` but the one under test."""
    Employee.objects.filter(pk=e.pk).update(
        tmt_jabatan=since, birth_date=birth, education_level="45", golongan="41", discipline_checked_at=on
    )
    JabatanHistory.objects.filter(employee=e).delete()
    JabatanHistory.objects.create(
        employee=e, unit=e.unit, level="pengawas", jabatan_name="Kepala Seksi", tmt=date(2010, 1, 4)
    )
    JabatanHistory.objects.create(
        employee=e,
        unit=e.unit,
        position=e.position,
        level="administrator",
        jabatan_name="Kepala Bidang",
        tmt=since,
    )
    DisciplineHistory.objects.filter(employee=e).delete()
    for year in (on.year - 1, on.year - 2):
        SkpHistory.objects.update_or_create(employee=e, year=year, defaults={"predikat": "baik"})
    Assessment.objects.filter(employee=e).delete()
    levels = level if isinstance(level, dict) else dict.fromkeys(LEVELS, level)
    Assessment.objects.create(employee=e, assessed_on=on - timedelta(days=60), standard={}, **levels)


def _rows(target, on: date) -> dict[int, dict[str, dict]]:
    """employee id → row code → row, from `talenta candidates --json` (eligible and near-eligible)."""
    selectors.pool_invalidate()
    out = StringIO()
    with translation.override("id"):
        call_command(
            "candidates",
            "--position",
            str(target.pk),
            "--json",
            "--on",
            on.isoformat(),
            "--top",
            "500",
            "--near",
            "500",
            stdout=out,
        )
    data = json.loads(out.getvalue())
    return {
        c["employee_id"]: {r["code"]: r for r in c["eligibility"]}
        for c in data["candidates"] + data["near_eligible"]
    }


def _administrators(prov, n: int) -> list[Employee]:
    return list(Employee.objects.filter(instansi=prov, position__level="administrator").order_by("pk")[:n])


def test_candidates_json_prior_post_of_exactly_two_years_on_2_march_2026():
    prov = province()
    target = vacant_jpt(prov)
    a, b = _administrators(prov, 2)
    on = date(2026, 3, 2)
    _eligible_administrator(a, on, since=date(2024, 3, 2))  # 2 March 2024 → 2 March 2026: exactly 2 years
    _eligible_administrator(b, on, since=date(2024, 3, 3))  # a day short
    rows = _rows(target, on)
    assert rows[a.pk]["prior_post"]["status"] == "met"
    assert rows[a.pk]["prior_post"]["evidence"].startswith("2 tahun pada jenjang yang disyaratkan")
    assert rows[b.pk]["prior_post"]["status"] == "not_met"
    assert rows[b.pk]["prior_post"]["evidence"].startswith(
        "1 tahun 11 bulan 27 hari"
    )  # 3 Mar 2025 + 11 months = 3 Feb 2026, + 27 days
    assert _rows(target, date(2026, 3, 1))[a.pk]["prior_post"]["status"] == "not_met"


def test_candidates_json_age_of_someone_born_on_29_february():
    """Born 29 February 1968: 56 until 28 February 2025, 57 from 1 March 2025 (JPT Pratama: at most 56)."""
    prov = province()
    target = vacant_jpt(prov)
    [a] = _administrators(prov, 1)
    _eligible_administrator(a, date(2025, 2, 28), since=date(2015, 1, 2), birth=date(1968, 2, 29))
    before = _rows(target, date(2025, 2, 28))[a.pk]["age"]
    after = _rows(target, date(2025, 3, 1))[a.pk]["age"]
    assert (before["status"], before["params"]["age"]) == ("met", 56)
    assert (after["status"], after["params"]["age"]) == ("not_met", 57)
    assert after["evidence"] == "Lahir 29 Februari 1968: 57 tahun pada 1 Maret 2025"


def test_candidates_json_jpm_bands_at_68_and_80_exactly():
    """A post whose standard is level 5 in all nine (Σ 45): levels 3.4 give JPM 68.00 (masih memenuhi
    syarat: a warning), 4.0 give 80.00 (memenuhi syarat), one level 3.3 gives 67.78 (not met)."""
    prov = province()
    target = vacant_jpt(prov)
    Position.objects.filter(pk=target.pk).update(competency_overrides=dict.fromkeys(JPT_CODES, 5))
    on = date(2026, 3, 2)
    a, b, c = _administrators(prov, 3)
    _eligible_administrator(a, on, since=date(2015, 1, 2), level="3.4")
    _eligible_administrator(b, on, since=date(2015, 1, 2), level="4.0")
    _eligible_administrator(
        c, on, since=date(2015, 1, 2), level={**dict.fromkeys(LEVELS, "3.4"), "s1": "3.3"}
    )
    rows = _rows(target, on)
    assert rows[a.pk]["competency"]["status"] == "warning"
    assert Decimal(rows[a.pk]["competency"]["params"]["jpm"]) == 68
    assert rows[a.pk]["competency"]["evidence"].startswith("JPM 68,00 (Masih Memenuhi Syarat")
    assert rows[b.pk]["competency"]["status"] == "met"
    assert Decimal(rows[b.pk]["competency"]["params"]["jpm"]) == 80
    assert rows[b.pk]["competency"]["evidence"].startswith("JPM 80,00 (Memenuhi Syarat")
    assert rows[c.pk]["competency"]["status"] == "not_met"


def test_candidates_json_jpt_five_years_eleven_months_cannot_move():
    prov = province()
    target = vacant_jpt(prov)
    a = held_jpt(prov)[0].current_holder
    _sitting_since(a, date(2020, 12, 1))  # 5 years 11 months on 1 November 2026
    row = _rows(target, ON)[a.pk]["jpt_move"]
    assert row["status"] == "not_met" and row["reason"] == "too_long"
    assert row["params"]["routes"] == ["open_selection", "extension"]
    assert row["evidence"].startswith("5 tahun 11 bulan pada jabatan sekarang (TMT 1 Desember 2020)")
