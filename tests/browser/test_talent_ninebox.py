"""The nine box in a browser: the grid, drill-down to a person's card, calibration by the committee."""

from __future__ import annotations

from datetime import date

import pytest

from talenta.talent import services
from talenta.talent.models import MappingResult
from tests.browser.conftest import login, screenshot
from tests.people.factories import InstansiFactory, UnitFactory
from tests.talent.factories import mappable_employee


@pytest.fixture
def mapped(make_user):
    instansi = InstansiFactory()
    unit = UnitFactory(instansi=instansi, name="Dinas Kesehatan")
    top = mappable_employee(
        unit=unit, predikat=("sangat_baik", "sangat_baik"), potential="100", name="Ahmad Top"
    )
    mid = mappable_employee(unit=unit, predikat=("baik", "baik"), potential="70", name="Siti Tengah")
    for _ in range(3):
        mappable_employee(unit=unit, predikat=("baik", "sangat_baik"), potential="80")
    mappable_employee(unit=unit, years=(2024,), predikat=("baik",), name="Budi Belum")
    period = services.period_create(instansi=instansi, name="Pemetaan Talenta 2026", as_of=date(2026, 1, 31))
    services.period_run(period=period)
    chair = make_user("komite", username="komite-sekda", instansi=instansi)
    member = make_user("komite", username="komite-bkd", instansi=instansi)
    services.committee_set(instansi=instansi, user=chair, is_chair=True)
    services.committee_set(instansi=instansi, user=member)
    analis = make_user("analis", instansi=instansi)
    return {"period": period, "top": top, "mid": mid, "chair": chair, "member": member, "analis": analis}


def test_grid_drill_down_and_calibration(page, mapped):
    period, mid = mapped["period"], mapped["mid"]
    login(page, mapped["analis"].username, mapped["analis"].raw_password)
    page.goto(f"/manajemen-talenta/periode/{period.pk}/")
    # Labels verbatim; 9 top right, 1 bottom left.
    assert "Kinerja di atas ekspektasi dan potensial tinggi" in page.locator("#box-9").inner_text()
    cells = page.locator(".tl-nb-cell")
    assert cells.first.get_attribute("data-box") == "4" and cells.nth(2).get_attribute("data-box") == "9"
    assert cells.last.get_attribute("data-box") == "6" and cells.nth(6).get_attribute("data-box") == "1"
    assert page.locator("#box-9 .tl-nb-count").inner_text() == "1"
    screenshot(page, "talent-ninebox")
    # Drill down: box 9 lists its person; the person opens his card.
    page.click("#box-9")
    page.wait_for_selector("#box-people-table")
    assert "Ahmad Top" in page.locator("#box-people").inner_text()
    page.click("#box-0")
    page.wait_for_selector("text=SKP 2025 belum ada")
    mid_box = MappingResult.objects.get(employee=mid).box
    page.click(f"#box-{mid_box}")
    page.wait_for_selector("text=Siti Tengah")
    page.click("text=Siti Tengah")
    page.wait_for_selector("#mapping-card")
    assert "Skor potensial" in page.locator("#card-steps").inner_text()
    assert page.locator("#card-move-up").count() == 1
    page.click("#logout-button") if page.locator("#logout-button").is_visible() else None

    # A committee member proposes a calibration with a reason.
    page.context.clear_cookies()
    login(page, "komite-bkd", mapped["member"].raw_password)
    result = MappingResult.objects.get(employee=mid)
    page.goto(f"/manajemen-talenta/hasil/{result.pk}/")
    page.select_option("#id_to_box", "7")
    page.click("#propose")  # the browser refuses an empty reason (required)
    assert page.locator("#calibrations").count() == 0
    page.fill("#id_reason", "Memimpin tim percepatan program prioritas")
    page.click("#propose")
    page.wait_for_selector("#calibrations")
    assert "menunggu keputusan ketua" in page.locator("#calibrations").inner_text()

    # The chair confirms; the card and the grid show the calibration.
    page.context.clear_cookies()
    login(page, "komite-sekda", mapped["chair"].raw_password)
    page.goto(f"/manajemen-talenta/hasil/{result.pk}/")
    page.click("[id^=confirm-]")
    page.wait_for_selector("#card-calibrated")
    assert page.locator("#card-box").inner_text() == "7"
    screenshot(page, "talent-card-calibrated")
    page.goto(f"/manajemen-talenta/periode/{period.pk}/")
    assert page.locator("#box-7 .tl-nb-cal").count() == 1
    result.refresh_from_db()
    assert (result.box, result.calibrated_box) == (mid_box, 7)


def test_run_mapping_reloads_and_keeps_what_the_run_did(page, mapped):
    """The button runs the mapping as a job; when it ends the page reloads with the new grid and says
    what the run did (it used to vanish with the reload)."""
    period = mapped["period"]
    login(page, mapped["analis"].username, mapped["analis"].raw_password)
    page.goto(f"/manajemen-talenta/periode/{period.pk}/")
    assert page.locator("#last-run-summary").count() == 0  # the fixture's run was not a job
    page.click("#run-mapping")
    page.wait_for_selector("#last-run-summary", timeout=15_000)
    text = " ".join(page.locator("#last-run-summary").inner_text().split())
    assert text.startswith("Pemetaan terakhir: 6 pegawai; 5 terpetakan, 1 tidak terpetakan")
    assert "0 pegawai berpindah kotak sejak perhitungan sebelumnya; 6 hasil tidak berubah." in text
    assert "(ke-2)" in page.locator("#last-run").inner_text()
    screenshot(page, "talent-last-run")
