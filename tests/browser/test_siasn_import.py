"""SIASN import in the browser: a bad file shows its row errors and downloads them; a good file is
previewed, confirmed and imported."""

from __future__ import annotations

import json
from pathlib import Path

from talenta.people.models import Employee
from tests.browser.conftest import login, screenshot
from tests.people.factories import InstansiFactory
from tests.siasn.factories import SAMPLES, person


def test_analis_previews_a_bad_file_downloads_errors_then_imports_a_good_one(
    page, make_user, reference, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    user = make_user("analis", instansi=InstansiFactory())
    login(page, user.username, user.raw_password)
    page.goto("/siasn/")
    assert page.locator("h1").inner_text() == "Data SIASN"

    bad = tmp_path / "data-utama.json"
    bad.write_text(json.dumps({"code": 1, "data": [person(1), person(2, golRuangAkhirId="46")]}))
    page.set_input_files("#id_files", str(bad))
    page.click("#upload-button")
    page.wait_for_selector("#errors")
    assert "golRuangAkhirId 46 tidak dikenal" in page.locator("#errors").inner_text()
    assert "data[1].golRuangAkhirId" in page.locator("#errors").inner_text()
    assert page.locator("#confirm-button").count() == 0
    screenshot(page, "siasn-import-errors")
    with page.expect_download() as dl:
        page.click("#errors-csv")
    body = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert "golRuangAkhirId 46 tidak dikenal" in body
    assert not Employee.objects.exists()

    page.goto("/siasn/")
    page.set_input_files("#id_files", str(SAMPLES / "data-utama.json"))
    page.click("#upload-button")
    page.wait_for_selector("#confirm-button")
    assert page.locator("#counts tr[data-kind='data-utama'] td").first.inner_text() == "1"
    screenshot(page, "siasn-import-preview")
    page.click("#confirm-button")
    page.wait_for_selector("#run-done")
    assert Employee.objects.get().nip == "198501012008031001"
