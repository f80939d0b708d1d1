"""Screenshots of the main screens for docs/screens.md (1280 px, and the Beranda at 390 px), taken on the
demo province (`talenta demo`'s generator); each also checks the screen renders what it is for."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from talenta.people.models import Employee, Unit
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.one_database]


@pytest.fixture
def demo(transactional_db):
    from talenta.demo.generator import generate

    summary = generate(size=600, seed=2026)
    return {username: password for username, password, _role, _scope in summary.accounts}


def test_screenshots_of_the_main_screens(page, demo):
    login(page, "analis", demo["analis"])
    page.wait_for_timeout(600)  # chart animation
    expect(page.locator("[data-chart=opd] canvas")).to_have_count(1)
    screenshot(page, "beranda")

    page.goto("/pegawai/")
    total = page.locator("#result-count strong").inner_text()
    page.locator("#id_q").press_sequentially("ar", delay=40)
    # The list answers after the 300 ms debounce: wait for the filtered count, not just the network.
    expect(page.locator("#result-count strong")).not_to_have_text(total)
    expect(page.locator("#employee-table tbody tr").first).to_contain_text("ar")
    screenshot(page, "pegawai")

    head = (
        Employee.objects.filter(
            position__heads_unit=True, assessments__isnull=False, skphistory_set__isnull=False
        )
        .distinct()
        .order_by("id")
        .first()
    )
    page.goto(f"/pegawai/{head.pk}/")
    expect(page.locator("#completeness-score")).to_be_visible()
    screenshot(page, "profil")

    page.goto("/struktur/")
    # A unit below an OPD whose head post is vacant: the panel highlights it.
    unit = (
        Unit.objects.filter(depth=1, positions__heads_unit=True, positions__holder__isnull=True)
        .order_by("path")
        .first()
    ) or Unit.objects.filter(depth=1).order_by("path").first()
    page.get_by_role("button", name=f"Buka atau tutup {unit.parent.name}").click()
    page.get_by_role("link", name=unit.name, exact=True).click()
    expect(page.locator("#unit-title")).to_have_text(unit.name)
    screenshot(page, "struktur")

    page.goto("/jabatan/?vacant=1")
    expect(page.locator("#position-table tbody tr").first).to_be_visible()
    screenshot(page, "jabatan")


def test_screenshot_of_the_beranda_on_a_phone(phone_page, demo):
    login(phone_page, "analis", demo["analis"])
    phone_page.wait_for_timeout(600)
    # The sidebar is an offcanvas on a phone: hidden until the menu button opens it.
    expect(phone_page.locator("#tl-sidebar")).not_to_be_visible()
    expect(phone_page.locator("#kpi-employees")).to_have_text("600")
    screenshot(phone_page, "beranda-phone")
    phone_page.locator(".navbar-toggler").click()
    expect(phone_page.locator("#tl-sidebar")).to_be_visible()
