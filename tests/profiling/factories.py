"""Profiling factories: campaigns, and employees with a post so a standard can be derived."""

from __future__ import annotations

from datetime import date

import factory

from talenta.profiling.models import Campaign
from tests.people.factories import EmployeeFactory, InstansiFactory, PositionFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    instansi = factory.SubFactory(InstansiFactory)
    name = "Profiling ASN 2025 bersama Kanreg III BKN"
    organiser = "BKD Provinsi Banten bersama Kantor Regional III BKN"
    venue = "Gedung BKD Provinsi Banten, KP3B Serang"
    start_date = date(2025, 11, 17)
    end_date = date(2025, 11, 21)


def employee_with_post(level: str = "administrator", **kwargs):
    emp = EmployeeFactory(**kwargs)
    post = PositionFactory(unit=emp.unit, level=level, name=f"Kepala Bagian {emp.pk}")
    emp.position = post
    emp.save(update_fields=["position"])
    return emp
