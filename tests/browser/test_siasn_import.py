"""SIASN import in the browser: a bad file shows its row errors and downloads them; a good file is
previewed, confirmed and imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talenta.people.models import Employee
from tests.browser.conftest import login, screenshot
from tests.people.factories import InstansiFactory
from tests.siasn.factories import SAMPLES, person


@pytest.fixture
def analis_on_siasn(page, make_user, reference, settings, tmp_path):
    """An analis of a new instansi, logged in, on the SIASN page; uploads kept under tmp_path."""
    settings.VAR_DIR = tmp_path
    user = make_user("analis", instansi=InstansiFactory())
    login(page, user.username, user.raw_password)
    page.goto("/siasn/")
    return page


def test_analis_previews_a_bad_file_downloads_errors_then_imports_a_good_one(analis_on_siasn, tmp_path):
    page = analis_on_siasn
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


def test_a_file_holding_what_no_database_stores_is_refused_in_the_browser(analis_on_siasn, tmp_path):
    # A NaN (valid to Python's JSON reader, to no database) and a number past its column: both crashed the
    # import before; the page now says what and where, in Indonesian.
    page = analis_on_siasn
    big = tmp_path / "data-utama.json"
    big.write_text(json.dumps({"code": 1, "data": [person(1), person(2, mkTahun=40000)]}))
    page.set_input_files("#id_files", str(big))
    page.click("#upload-button")
    page.wait_for_selector("#errors")
    assert "mkTahun 40000 lebih besar dari 32.767" in page.locator("#errors").inner_text()
    assert page.locator("#file-refused").count() == 0  # a row error: the valid rows could be imported
    screenshot(page, "siasn-import-number-too-big")

    page.goto("/siasn/")
    nan = tmp_path / "rw-golongan.json"
    nan.write_text('{"code": 1, "data": [{"id": "G1", "nipBaru": "1", "golonganId": "31", "pangkat": NaN}]}')
    page.set_input_files("#id_files", str(nan))
    page.click("#upload-button")
    page.wait_for_selector("#errors")
    text = page.locator("#errors").inner_text()
    assert "data[0].pangkat" in text and "NaN atau tak hingga" in text
    # The whole file is refused: the page does not suggest importing only the valid rows.
    assert "Berkas ditolak seluruhnya" in page.locator("#file-refused").inner_text()
    assert "hanya mengimpor baris yang sah" not in page.locator("#run-body").inner_text()
    screenshot(page, "siasn-import-nan")
    assert not Employee.objects.exists()
