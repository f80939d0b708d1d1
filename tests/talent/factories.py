"""Factories for talent mapping: assessments and a fully mappable employee."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from talenta.profiling.models import Assessment
from tests.people.factories import EmployeeFactory, PositionFactory, SkpFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    employee = factory.SubFactory(EmployeeFactory)
    assessed_on = date(2024, 6, 1)
    instrument = Assessment.Instrument.CAT_BKN
    m1 = m2 = m3 = m4 = m5 = m6 = m7 = m8 = s1 = Decimal("3.0")
    standard = factory.LazyFunction(
        lambda: dict.fromkeys(["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "S1"], 3)
    )
    potential_score = Decimal("85.00")


def mappable_employee(
    *,
    predikat=("baik", "baik"),
    years=(2024, 2025),
    level="administrator",
    jpm_level="3.0",
    potential="85.00",
    assessed_on=date(2024, 6, 1),
    unit=None,
    **kw,
):
    """An employee with a post, SKP for `years` and a valid assessment (all nine at `jpm_level`)."""
    pos_kw = {"level": level}
    if unit is not None:
        pos_kw["unit"] = unit
    position = PositionFactory(**pos_kw)
    emp = EmployeeFactory(unit=position.unit, position=position, **kw)
    for y, p in zip(years, predikat, strict=True):
        hk = {"sangat_baik": "di_atas", "baik": "sesuai"}.get(p, "di_bawah")
        SkpFactory(employee=emp, year=y, predikat=p, rating_hasil_kerja=hk)
    lv = Decimal(jpm_level)
    AssessmentFactory(
        employee=emp,
        assessed_on=assessed_on,
        m1=lv,
        m2=lv,
        m3=lv,
        m4=lv,
        m5=lv,
        m6=lv,
        m7=lv,
        m8=lv,
        s1=lv,
        potential_score=Decimal(potential) if potential is not None else None,
    )
    return emp
