"""The merit self-assessment in the browser: the analyst accepts a proposal, overrides one with a reason,
answers a manual question with an evidence link and submits; the admin reviews. Plus the screenshot of the
demo's 2025 self-assessment for docs/screens.md."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from talenta.merit import services
from tests.browser.conftest import AXE_RUN, login, screenshot
from tests.merit.fixtures import build

pytestmark = pytest.mark.slow


def _row(page, a, code):
    # The answers' ids are read once, before any click: a query while the live server is still writing
    # the row just saved fails on SQLite's shared in-memory test database ("table is locked").
    if not hasattr(a, "_answer_pks"):
        a._answer_pks = dict(a.answers.values_list("code", "pk"))
    return page.locator(f"#q-{a._answer_pks[code]}")


def test_fill_submit_and_review(page, make_user, transactional_db):
    w = build(make_user)
    analis = make_user("analis", username="m-analis", instansi=w.instansi)
    admin = make_user("admin", username="m-admin", instansi=w.instansi)
    a = services.assessment_create(instansi=w.instansi, year=2025, by=analis, today=date(2026, 12, 1))
    # Everything but the three questions the browser answers, through the service (30 rows of clicking
    # would prove nothing more).
    for x in a.answers.exclude(code__in=("3.3", "5.1", "1.1")):
        services.answer_save(answer=x, by=analis, score=x.proposed_score or 0)

    login(page, "m-analis", analis.raw_password)
    page.goto("/sistem-merit/")
    page.get_by_role("link", name="2025").click()
    expect(page.locator("h1")).to_contain_text("Penilaian mandiri sistem merit 2025")

    # Accept Talenta's proposal with the keyboard (htmx swaps the row in place).
    row = _row(page, a, "3.3")
    row.get_by_role("button", name="Terima 4").focus()
    page.keyboard.press("Enter")
    expect(row.locator(".merit-score")).to_have_text("4")

    # Override without a reason: refused in the row; with a reason: saved and marked.
    row = _row(page, a, "5.1")
    row.locator("select[name=score]").select_option("3")
    row.get_by_role("button", name="Simpan").click()
    expect(_row(page, a, "5.1").locator(".alert-danger")).to_contain_text("tuliskan alasan")
    row = _row(page, a, "5.1")
    row.locator("input[name=reason]").fill("SKP 2025 satu OPD diinput manual, belum masuk SIASN")
    row.get_by_role("button", name="Simpan").click()
    expect(_row(page, a, "5.1")).to_contain_text("diubah")

    # A manual question with a score and an evidence link.
    row = _row(page, a, "1.1")
    row.locator("select[name=score]").select_option("3")
    row.get_by_role("button", name="Simpan").click()
    expect(_row(page, a, "1.1").locator(".merit-score")).to_have_text("3")
    row = _row(page, a, "1.1")
    row.locator("input[name=url]").fill("https://dokumen.bkd.example/anjab-2025.pdf")
    row.locator("input[name=name]").fill("Keputusan anjab dan ABK 2025")
    row.get_by_role("button", name="Tambah bukti").click()
    expect(_row(page, a, "1.1")).to_contain_text("Keputusan anjab dan ABK 2025")

    page.click("#merit-submit")
    expect(page.locator(".badge", has_text="Dikirim").first).to_be_visible()
    page.context.clear_cookies()

    login(page, "m-admin", admin.raw_password)
    page.goto(f"/sistem-merit/{a.pk}/")
    page.fill("#id_review_note", "Bukti dukung lengkap.")
    page.get_by_role("button", name="Konfirmasi reviu").click()
    expect(page.locator(".badge", has_text="Direviu").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("m-admin")
    a.refresh_from_db()
    assert (a.status, a.submitted_by, a.reviewed_by) == ("reviewed", "m-analis", "m-admin")


@pytest.mark.one_database
def test_screenshot_of_the_demo_self_assessment(page, transactional_db):
    from talenta.demo.generator import generate
    from talenta.merit.models import Assessment

    summary = generate(size=300, seed=2026)
    password = {u: p for u, p, _r, _s in summary.accounts}["analis"]
    a = Assessment.objects.get(year=2025)
    login(page, "analis", password)
    page.goto(f"/sistem-merit/{a.pk}/")
    expect(page.locator("#merit-total")).to_be_visible()
    screenshot(page, "sistem-merit")
    # Talenta's evidence for Pemetaan Talenta, opened.
    row = page.locator(f"#q-{a.answers.get(code='3.3').pk}")
    row.locator("summary").click()
    expect(row).to_contain_text("Komite Talenta sudah dibentuk")
    row.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70)")
    screenshot(page, "sistem-merit-bukti")


# axe-core, vendored from npm by `make static` (tests/browser/test_accessibility.py uses the same file).
AXE_JS = os.environ.get("AXE_JS") or str(
    Path(__file__).resolve().parents[2]
    / "src"
    / "talenta"
    / "core"
    / "static"
    / "vendor"
    / "axe-core"
    / "axe.min.js"
)


@pytest.mark.one_database
@pytest.mark.skipif(not AXE_JS or not Path(AXE_JS).is_file(), reason="axe-core is not vendored (make static)")
def test_the_merit_screens_are_axe_clean(browser, live_server, make_user, transactional_db):
    w = build(make_user)
    analis = make_user("analis", username="x-analis", instansi=w.instansi)
    admin = make_user("admin", username="x-admin", instansi=w.instansi)
    a = services.assessment_create(instansi=w.instansi, year=2025, by=analis, today=date(2026, 12, 1))
    x = a.answers.get(code="5.1")
    services.answer_save(answer=x, by=analis, score=3, reason="Data SKP manual")
    services.evidence_add(answer=x, by=analis, url="https://dokumen.bkd.example/skp.pdf", name="Rekap SKP")
    # The CSP (script-src 'self') would refuse the injected axe script: this context bypasses it.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    problems = []
    for user, urls in (
        (analis, ("/sistem-merit/", f"/sistem-merit/{a.pk}/", "/sistem-merit/perbandingan/")),
        (admin, ("/sistem-merit/kuesioner/",)),
    ):
        context.clear_cookies()
        login(page, user.username, user.raw_password)
        for url in urls:
            page.goto(url)
            page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
            page.add_script_tag(path=AXE_JS)
            result = page.evaluate(AXE_RUN)
            problems += [
                f"{url}: {v['id']} {[n['target'] for n in v['nodes']]}" for v in result["violations"]
            ]
    context.close()
    assert not problems, "\n".join(problems)
