"""The unfiltered Pegawai list of a national instansi shows the planner's estimate ("sekitar ...")
instead of counting a million rows; a filtered or small list, and SQLite, count exactly (issue #17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from talenta.core import paging
from talenta.people.models import Employee

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="planner estimate: PostgreSQL")


def test_a_small_list_is_counted_exactly(client, province):
    client.force_login(province.users["admin"])
    r = client.get(reverse("people:employee-list"))
    assert r.context["page"].paginator.count == 4
    assert r.context["page"].paginator.estimated is False
    assert "sekitar" not in r.text


def test_sqlite_has_no_estimate(province):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    assert paging.planner_rows(Employee.objects.all()) is None


@on_postgresql
def test_planner_estimate_is_the_table_size_after_analyze(province):
    from tests.people.factories import EmployeeFactory

    for _ in range(200):
        EmployeeFactory(unit=province.sub_a)
    with connection.cursor() as c:
        c.execute("ANALYZE people_employee")
    exact = Employee.objects.filter(instansi=province.instansi).count()
    rows = paging.planner_rows(Employee.objects.filter(instansi=province.instansi))
    assert rows is not None and exact * 0.5 <= rows <= exact * 1.5


@on_postgresql
def test_unfiltered_list_shows_the_estimate_and_a_search_counts(client, province, monkeypatch):
    from tests.people.factories import EmployeeFactory

    for _ in range(200):
        EmployeeFactory(unit=province.sub_a)
    with connection.cursor() as c:
        c.execute("ANALYZE people_employee")
    monkeypatch.setattr(paging, "ESTIMATE_FROM", 50)  # a test database is not a million rows
    client.force_login(province.users["analis"])
    r = client.get(reverse("people:employee-list"))
    assert r.context["page"].paginator.estimated is True
    assert "sekitar" in r.text
    r = client.get(reverse("people:employee-list"), {"q": province.budi.nip})
    assert r.context["page"].paginator.estimated is False
    assert r.context["page"].paginator.count == 1
    assert "sekitar" not in r.text


def test_a_filtered_list_is_counted_only_up_to_the_cap(client, province, monkeypatch):
    """Past ESTIMATE_FROM matching rows a filtered list says "more than N" (no count of every match, no
    planner guess) and offers no last page; at or under the cap it counts exactly. Both databases."""
    from tests.people.factories import EmployeeFactory

    per_page = 25
    for _ in range(per_page + 5):
        EmployeeFactory(unit=province.sub_a)
    matching = Employee.objects.filter(unit=province.sub_a).count()
    client.force_login(province.users["analis"])
    url = reverse("people:employee-list")

    monkeypatch.setattr(paging, "ESTIMATE_FROM", matching - 1)
    r = client.get(url, {"unit": province.sub_a.pk})
    pager = r.context["page"].paginator
    assert (pager.over, pager.estimated, pager.count) == (True, False, matching - 1)
    assert "lebih dari" in r.text and "Terakhir" not in r.text and 'rel="next"' in r.text
    assert len(r.context["rows"]) == per_page
    r = client.get(url, {"unit": province.sub_a.pk, "page": 2})
    assert len(r.context["rows"]) == matching - 1 - per_page  # the pages up to the cap open

    monkeypatch.setattr(paging, "ESTIMATE_FROM", matching)
    r = client.get(url, {"unit": province.sub_a.pk})
    pager = r.context["page"].paginator
    assert (pager.over, pager.count) == (False, matching)
    assert "lebih dari" not in r.text and "Terakhir" in r.text


def test_count_upto_stops_one_past_the_cap(province):
    qs = Employee.objects.filter(instansi=province.instansi)
    n = qs.count()
    assert paging.count_upto(qs, n) == n
    assert paging.count_upto(qs, n - 1) == n
    assert paging.count_upto(qs, 1) == 2
    assert paging.count_upto(qs.none(), 5) == 0
