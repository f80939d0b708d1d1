"""From a vacancy to the installation batch PDF, each step by its own role."""

from __future__ import annotations

import pytest

from talenta.people.models import Position
from tests.browser.conftest import login, screenshot
from tests.placement.factories import province

pytestmark = pytest.mark.slow


def _logout(page):
    page.context.clear_cookies()


def test_vacancy_to_installation_batch_pdf(page, make_user, transactional_db):
    prov = province(n_opd=4, size=80)
    users = {r: make_user(r, username=f"b-{r}", instansi=prov) for r in ("analis", "komite", "pimpinan")}
    pos = (
        Position.objects.filter(instansi=prov, level="jpt_pratama", holder__isnull=True)
        .order_by("pk")
        .first()
    )

    login(page, "b-analis", users["analis"].raw_password)
    page.goto("/penempatan/lowongan/")
    screenshot(page, "placement-vacancies")
    page.check(f"#pos-{pos.pk}")
    page.fill("#proc-name", "Pengisian JPT Pratama")
    page.fill("#proc-date", "2026-11-01")
    page.click("#open-process")
    page.wait_for_load_state("networkidle")
    assert "Pengisian JPT Pratama" in page.inner_text("h1")
    process_url = page.url
    # The explained ranking (the button loads the same fragment with htmx).
    page.goto(page.locator("[id^=show-ranking-]").first.get_attribute("hx-get"))
    # A candidate's eligibility table loads when his <details> is opened (here from the keyboard)...
    page.locator("details > summary").first.focus()
    page.keyboard.press("Enter")
    page.locator("details[open] .tl-eligibility").wait_for()
    screenshot(page, "placement-ranking")
    # ...and without JavaScript its link opens a page holding it.
    page.goto(page.locator("details .tl-evidence a").nth(1).get_attribute("href"))
    assert page.locator(".tl-eligibility").count() == 1
    page.goto(process_url)
    page.locator(".propose-button").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[id^=stage-]").first.inner_text() == "Diusulkan analis"
    _logout(page)

    login(page, "b-komite", users["komite"].raw_password)
    page.goto(process_url)
    page.locator("[id^=minutes-]").first.fill("Rapat Komite Talenta: kandidat peringkat 1 direkomendasikan.")
    page.locator(".recommend-button").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[id^=stage-]").first.inner_text() == "Direkomendasikan komite"
    _logout(page)

    login(page, "b-pimpinan", users["pimpinan"].raw_password)
    page.goto(process_url)
    page.locator(".decide-button").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[id^=stage-]").first.inner_text() == "Diputuskan PPK"
    page.goto("/penempatan/keputusan/")
    page.locator("#decision-table input[type=checkbox]").first.check()
    page.fill("#sk-nomor", "821.2/Kep.99-Huk/2026")
    page.fill("#sk-date", "2026-11-02")
    page.click("#batch-create")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#batch-summary").startswith("1 pejabat: 1 ")
    screenshot(page, "placement-batch")
    pdf = page.request.get(page.get_attribute("#batch-pdf", "href"))
    assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"
    page.check("#batch-confirm")
    page.click("#batch-apply")
    page.wait_for_load_state("networkidle")
    assert "diterapkan" in page.inner_text("main")
    page.goto(process_url)
    assert page.locator("[id^=stage-]").first.inner_text().startswith("Dilantik")


def test_vacancy_list_fits_a_phone(phone_page, make_user, transactional_db):
    prov = province(n_opd=3, size=60)
    user = make_user("analis", username="p-analis", instansi=prov)
    login(phone_page, "p-analis", user.raw_password)
    phone_page.goto("/penempatan/lowongan/")
    assert phone_page.locator("#vacancy-table").count() == 1
    width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 391, width
    screenshot(phone_page, "placement-vacancies-phone")
