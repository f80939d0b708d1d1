"""In a real browser (#15): the bell and the notifications page (axe-clean at 1280 and 390 px, mark as
read), and chart axes written the Indonesian way by the one JS formatter (core/static/core/format.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from talenta.accounts.notifications import Kind, notify
from tests.browser.conftest import login, screenshot
from tests.browser.test_accessibility import serious
from tests.people.screens_data import build_province

pytestmark = pytest.mark.browser


@pytest.fixture
def province(transactional_db, make_user):
    return build_province(make_user)


def _notes(user):
    notify(users=[user], kind=Kind.IMPORT, params={"files": "data-utama.json"}, url="/siasn/")
    notify(
        users=[user],
        kind=Kind.JOB_FAILED,
        params={"label": "Ekspor SIASN", "error": "Berkas tidak dapat dibaca."},
    )


def test_the_bell_counts_and_the_list_marks_as_read(page, province):
    analis = province.users["analis"]
    _notes(analis)
    login(page, analis.username, analis.raw_password)
    expect(page.locator("#bell-count")).to_contain_text("2")
    page.click("#nav-bell")
    expect(page.locator("h1")).to_have_text("Notifikasi")
    expect(page.locator("#notifications")).to_contain_text("Impor SIASN Anda data-utama.json sudah diperiksa")
    assert serious(page) == []
    screenshot(page, "notifikasi")
    page.click("#read-all")
    expect(page.locator("#bell-count")).to_have_count(0)


def test_the_notifications_page_fits_a_phone(phone_page, province):
    analis = province.users["analis"]
    _notes(analis)
    login(phone_page, analis.username, analis.raw_password)
    phone_page.goto("/akun/notifikasi/")
    assert serious(phone_page) == []
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "notifikasi-phone")


def test_chart_axes_use_indonesian_numbers_and_dates(page, province):
    analis = province.users["analis"]
    login(page, analis.username, analis.raw_password)
    page.wait_for_function("window.echarts && window.tlFormat")
    F = "window.tlFormat"
    assert page.evaluate(f"{F}.label(1234.5)") == "1.234,5"
    assert page.evaluate(f"{F}.label(12345)") == "12.345"
    assert page.evaluate(f"{F}.label('2027-03')") == "Maret 2027"
    assert page.evaluate(f"{F}.label('2026-01-26')") == "26 Januari 2026"
    assert page.evaluate(f"{F}.label('Dinas Pendidikan')") == "Dinas Pendidikan"
    # The Beranda charts use it: the value axis of the bars writes 12.345, not 12,345 or 12345.
    got = page.evaluate(
        """() => {
            const el = document.querySelector('[data-chart="level"]');
            const opt = window.echarts.getInstanceByDom(el).getOption();
            return opt.yAxis[0].axisLabel.formatter(12345);
        }"""
    )
    assert got == "12.345"
