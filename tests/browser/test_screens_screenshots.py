"""Screenshots of the main screens for docs/screens.md (1280 px, and the Beranda at 390 px), taken on a
synthetic province; each also checks the screen renders what it is for."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talenta.people.models import Employee, Unit
from tests.browser.conftest import login, screenshot
from tests.people.synthetic import build

pytestmark = pytest.mark.slow


@pytest.fixture
def analis(transactional_db, make_user):
    instansi = build(600, today=timezone.localdate(), histories=True)
    return make_user("analis", instansi=instansi)


def test_screenshots_of_the_main_screens(page, analis):
    login(page, analis.username, analis.raw_password)
    page.wait_for_timeout(500)  # chart animation
    expect(page.locator("[data-chart=opd] canvas")).to_have_count(1)
    screenshot(page, "beranda")

    page.goto("/pegawai/?opd={}".format(Unit.objects.get(short_name="Dindikbud").pk))
    page.locator("#id_q").press_sequentially("a", delay=30)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#employee-table tbody tr").first).to_be_visible()
    screenshot(page, "pegawai")

    head = (
        Employee.objects.filter(
            position__heads_unit=True, position__level="administrator", assessments__isnull=False
        ).first()
        or Employee.objects.filter(position__heads_unit=True).first()
    )
    page.goto(f"/pegawai/{head.pk}/")
    expect(page.locator("#completeness-score")).to_be_visible()
    screenshot(page, "profil")

    page.goto("/struktur/")
    # A bidang whose head post is vacant and held by a Plt: the panel highlights it.
    unit = (
        Unit.objects.filter(parent__isnull=False, positions__heads_unit=True, positions__holder__isnull=True)
        .order_by("path")
        .first()
    )
    page.get_by_role("button", name=f"Buka atau tutup {unit.parent.name}").click()
    page.get_by_role("link", name=unit.name, exact=True).click()
    expect(page.locator("#unit-title")).to_have_text(unit.name)
    expect(page.locator("#unit-panel tr.tl-vacant")).to_have_count(1)
    screenshot(page, "struktur")

    page.goto("/jabatan/?level=administrator")
    expect(page.locator("#position-table tbody tr").first).to_be_visible()
    screenshot(page, "jabatan")


def test_screenshot_of_the_beranda_on_a_phone(phone_page, analis):
    login(phone_page, analis.username, analis.raw_password)
    phone_page.wait_for_timeout(500)
    # The sidebar is an offcanvas on a phone: hidden until the menu button opens it.
    expect(phone_page.locator("#tl-sidebar")).not_to_be_visible()
    expect(phone_page.locator("#kpi-employees")).to_have_text("600")
    screenshot(phone_page, "beranda-phone")
    phone_page.locator(".navbar-toggler").click()
    expect(phone_page.locator("#tl-sidebar")).to_be_visible()
