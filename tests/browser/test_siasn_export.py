"""SIASN export in the browser: the form starts a background job, its page shows the result and the
download link, the file holds the instansi's people, and the export is listed on the SIASN page."""

from __future__ import annotations

from pathlib import Path

from talenta.core.models import AuditEntry, Job
from talenta.people.models import Instansi
from talenta.siasn.services import siasn_import
from talenta.siasn.tasks import export_task
from tests.browser.conftest import login
from tests.people.factories import InstansiFactory
from tests.siasn.factories import SAMPLES


def test_analis_exports_waits_for_the_job_and_downloads_the_file(page, make_user, reference):
    siasn_import(paths=[SAMPLES / "data-utama.json"], instansi=InstansiFactory())
    user = make_user("analis", instansi=Instansi.objects.get())
    login(page, user.username, user.raw_password)
    page.goto("/siasn/")
    page.select_option("#export_format", "csv")
    page.click("#export-button")
    page.wait_for_selector("#job-download")
    assert "Ekspor SIASN" in page.locator("h1").inner_text()
    assert "Berhasil" in page.locator("#export-job").inner_text()
    with page.expect_download() as dl:
        page.click("#job-download")
    assert dl.value.suggested_filename.startswith("siasn-instansi-") and dl.value.suggested_filename.endswith(
        ".csv"
    )
    body = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert "198501012008031001" in body
    assert AuditEntry.objects.filter(action="siasn.export", actor_username=user.username).exists()

    page.goto("/siasn/")
    row = page.locator("#exports tbody tr").first
    assert user.username in row.inner_text() and "CSV" in row.inner_text()
    with page.expect_download() as again:
        row.get_by_role("link", name="Unduh").click()
    assert Path(again.value.path()).read_text(encoding="utf-8-sig") == body


def test_the_job_page_polls_until_the_worker_has_written_the_file(
    page, make_user, reference, settings, server_quiet
):
    # A worker that has not started yet: the page shows the queued job and polls the job fragment until done.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    siasn_import(paths=[SAMPLES / "data-utama.json"], instansi=InstansiFactory())
    user = make_user("admin", instansi=Instansi.objects.get())
    login(page, user.username, user.raw_password)
    page.goto("/siasn/")
    page.select_option("#export_format", "xlsx")
    page.click("#export-button")
    page.wait_for_selector("#export-job .tl-job[hx-get]")
    assert "Dalam antrean" in page.locator("#export-job").inner_text()
    assert page.locator("#job-download").count() == 0
    job = Job.objects.get(kind="siasn.export")
    with server_quiet:  # the page polls meanwhile: never both on SQLite's one connection
        export_task.call(job.pk, user.pk)  # what the worker does
    page.wait_for_selector("#job-download")
    assert page.locator("#export-job .tl-job[hx-get]").count() == 0  # polling stopped
    with page.expect_download() as dl:
        page.click("#job-download")
    assert dl.value.suggested_filename.endswith(".xlsx")
