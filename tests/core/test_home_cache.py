"""Beranda's figures are computed once per scope and minute, not on every request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def dashboard_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()  # LocMem outlives the test: no later test may see these figures


class TestBerandaCache:
    """One province for these tests (tests/demo/fixtures.py: shared_demo_province)."""

    @pytest.mark.django_db
    def test_beranda_figures_are_cached_per_scope(self, shared_demo_province, dashboard_cache):
        analis, kepala = Client(), Client()
        analis.force_login(shared_demo_province.accounts["analis"])
        kepala.force_login(shared_demo_province.accounts["kepala-opd"])
        # "Tugas saya" (its own per-user cache, issue 15) is warmed first: only the Beranda figures are
        # counted.
        from talenta.dashboard.tasks import cached_tasks_for

        for role in ("analis", "kepala-opd"):
            cached_tasks_for(shared_demo_province.accounts[role])
        with CaptureQueriesContext(connection) as cold:
            first = analis.get("/")
        with CaptureQueriesContext(connection) as warm:
            second = analis.get("/")
        assert first.status_code == second.status_code == 200
        assert len(warm) <= len(cold) - 8  # the aggregates are not run again
        assert first.content.count(b"<canvas") == second.content.count(b"<canvas")
        # Another scope has its own figures: the Kepala OPD's page is computed for his unit, not reused.
        with CaptureQueriesContext(connection) as other:
            assert kepala.get("/").status_code == 200
        assert len(other) >= len(cold) - 2

    @pytest.mark.django_db
    def test_cached_figures_are_shared_within_a_scope_but_tasks_stay_per_user(
        self, shared_demo_province, dashboard_cache
    ):
        # The figures' HTML is kept per scope: a Komite member gets the figures the Analis's visit cached
        # (same instansi-wide reach), but his own "Tugas saya", exactly as on a cold cache.
        analis, komite = Client(), Client()
        analis.force_login(shared_demo_province.accounts["analis"])
        komite.force_login(shared_demo_province.accounts["komite"])
        cold = komite.get("/").content
        cache.clear()
        warm_analis = analis.get("/").content
        warm = komite.get("/").content
        tasks = (b'id="tugas-saya"', b"</section>")
        figures = (b'class="row g-3 tl-kpis"', b'id="opd-table"')
        assert _section(warm, *tasks) == _section(cold, *tasks)
        assert _section(warm, *figures) == _section(cold, *figures) == _section(warm_analis, *figures)


def _section(body: bytes, start: bytes, end: bytes) -> bytes:
    return body[body.index(start) : body.index(end, body.index(start))]
