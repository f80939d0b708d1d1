"""The screens in a real browser (Debian chromium): every role logs in, search, profile, tree, language,
and the scope rules seen from the outside (404 for another unit's employee)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.people.screens_data import build_province

ROLES = ["admin", "analis", "komite", "pimpinan", "kepala-opd", "pegawai", "auditor"]


@pytest.fixture
def province(transactional_db, make_user):
    return build_province(make_user)


def as_role(page, province, role):
    user = province.users[role]
    login(page, user.username, user.raw_password)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_each_role_logs_in_and_lands_on_its_start_page(page, province, role):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    as_role(page, province, role)
    if role == "pegawai":
        expect(page).to_have_url(re.compile(rf"/pegawai/{province.siti.pk}/$"))
        expect(page.locator("#profile-name")).to_contain_text("Siti Rahmawati")
        expect(page.locator(".tl-nav")).not_to_contain_text("Pegawai")
    else:
        expect(page.locator("h1")).to_have_text("Beranda")
        expected = "3" if role == "kepala-opd" else "4"
        expect(page.locator("#kpi-employees")).to_have_text(expected)
        expect(page.locator("[data-chart=level] canvas")).to_have_count(1)
    assert not errors, errors


def test_search_by_name_then_by_nip_as_you_type(page, province):
    as_role(page, province, "analis")
    page.goto("/pegawai/")
    page.locator("#id_q").press_sequentially("rahma", delay=40)
    rows = page.locator("#employee-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Siti Rahmawati")
    expect(page).to_have_url(re.compile(r"q=rahma"))
    page.locator("#id_q").fill("")
    page.locator("#id_q").press_sequentially(province.budi.nip[:14], delay=20)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Budi Santoso")
    # The export link follows the filter the user sees.
    expect(page.locator("#export-link")).to_have_attribute("href", re.compile(province.budi.nip[:14]))


def test_filter_and_open_a_profile_with_its_assessment_tab(page, province):
    as_role(page, province, "analis")
    page.goto("/pegawai/")
    page.select_option("#id_sex", "F")
    expect(page.locator("#employee-table tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Siti Rahmawati").click()
    expect(page.locator("#profile-name")).to_have_text("Siti Rahmawati")
    expect(page.locator("#fact-retirement")).to_have_text("1 Agustus 2043")
    expect(page.locator("#missing-mapping")).to_be_visible()
    page.locator("#tab-assessments").click()
    expect(page.locator("#pane-assessments")).to_contain_text("JPM 150,00%")
    page.locator("#tab-performance").click()
    expect(page.locator("#pane-performance")).to_contain_text("Sangat Baik")


def test_browse_the_tree_down_to_the_people_of_a_unit(page, province):
    as_role(page, province, "analis")
    page.goto("/struktur/")
    toggle = page.get_by_role("button", name=re.compile("Dinas Pendidikan dan Kebudayaan"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Bidang Pembinaan SMA").click()
    panel = page.locator("#unit-panel")
    expect(panel.locator("#unit-title")).to_have_text("Bidang Pembinaan SMA")
    expect(panel.locator("tr.tl-vacant")).to_contain_text("Kepala Bidang Pembinaan SMA")
    expect(panel).to_contain_text("Budi Santoso")  # the Plt
    panel.locator("#unit-people-link").click()
    expect(page.locator("#employee-table tbody tr")).to_have_count(2)


def test_language_switch_to_english_and_back(page, province):
    as_role(page, province, "analis")
    page.goto("/jabatan/")
    expect(page.locator("h1")).to_have_text("Jabatan")
    page.select_option("#lang-select", "en")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Posts (jabatan)")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Home")
    page.select_option("#lang-select", "id")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Beranda")


def test_kepala_opd_cannot_reach_another_units_employee(page, province):
    as_role(page, province, "kepala-opd")
    response = page.goto(f"/pegawai/{province.other_b.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Halaman tidak ditemukan.")
    assert "Traceback" not in page.content()
    page.goto("/pegawai/")
    expect(page.locator("#employee-table")).not_to_contain_text("Dewi Lestari")
    expect(page.locator("#employee-table")).to_contain_text("Siti Rahmawati")


def test_pegawai_sees_only_himself(page, province):
    as_role(page, province, "pegawai")
    assert page.goto(f"/pegawai/{province.budi.pk}/").status == 404
    assert page.goto("/pegawai/").status == 403
    expect(page.locator("h1")).to_have_text("Anda tidak memiliki akses ke halaman ini.")
    assert page.goto(f"/pegawai/{province.siti.pk}/").status == 200


def test_keyboard_skip_link_and_visible_focus(page, province):
    as_role(page, province, "analis")
    page.goto("/pegawai/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    outline = page.evaluate(
        "() => { const a = document.querySelector('#employee-table a'); a.focus();"
        " return getComputedStyle(a).outlineStyle; }"
    )
    assert outline != "none"
