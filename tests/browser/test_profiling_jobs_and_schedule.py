"""In the browser: an upload of results shows its progress and then its outcome without a reload; one
participant's schedule is edited through its form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from talenta.core.jobs import job_create
from talenta.people.models import Employee
from talenta.profiling import services
from talenta.profiling.models import Assessment, Participant
from talenta.profiling.tasks import KIND, import_assessments_task, save_upload
from tests.browser.conftest import login
from tests.people.factories import EmployeeFactory, InstansiFactory, PositionFactory, UnitFactory
from tests.profiling.factories import CampaignFactory


@pytest.fixture(autouse=True)
def _shared_static(settings, tmp_path):
    """As in test_profiling_campaign.py: htmx from talenta/static for the live server; uploads in tmp."""
    from django.contrib.staticfiles import finders

    import talenta

    settings.STATICFILES_DIRS = [Path(talenta.__file__).parent / "static"]
    settings.VAR_DIR = tmp_path
    finders.get_finder.cache_clear()
    yield
    finders.get_finder.cache_clear()


def _people(inst, n=6):
    opd = UnitFactory(instansi=inst, name="Dinas Kesehatan")
    return [
        EmployeeFactory(
            unit=opd,
            position=PositionFactory(unit=opd, level="jf_ahli_muda", name=f"Analis {i}"),
            birth_date=date(1980 + i, 2, 3),
        )
        for i in range(n)
    ]


def test_upload_shows_progress_then_its_outcome(page, make_user, server_quiet):
    inst = InstansiFactory()
    people = _people(inst)
    user = make_user("analis", instansi=inst)
    rows = "".join(f"{e.nip},2025-11-18,3,3,3,3,3,3,3,3,3,80\n" for e in people)
    path = save_upload(
        "hasil.csv", [("nip,tanggal,m1,m2,m3,m4,m5,m6,m7,m8,s1,skor_potensi\n" + rows).encode()]
    )
    job = job_create(
        kind=KIND,
        label="Impor hasil: hasil.csv",
        user=user,
        params={"path": str(path), "name": "hasil.csv", "user": user.pk},
    )
    login(page, user.username, user.raw_password)
    page.goto(f"/profiling/impor/{job.pk}/")
    page.wait_for_selector(f"#job-{job.pk}")
    assert page.locator("#import-report").count() == 0  # queued: nothing to report yet
    with server_quiet:  # the page polls meanwhile: never both on SQLite's one connection
        import_assessments_task.enqueue(job.pk)  # the worker picks it up (immediate in tests)
    page.wait_for_selector("#import-report")  # the page polled its way to the outcome
    assert "6 baris: 6 baru" in page.locator("#import-report").inner_text()
    assert "Berhasil" in page.locator(f"#job-{job.pk}").inner_text()
    assert Assessment.objects.filter(employee__in=people).count() == 6


def test_refused_upload_lists_errors_with_a_csv_download(page, make_user, tmp_path):
    inst = InstansiFactory()
    people = _people(inst, 2)
    user = make_user("analis", instansi=inst)
    login(page, user.username, user.raw_password)
    csv = tmp_path / "hasil.csv"
    csv.write_text(
        "nip,tanggal,m1,m2,m3,m4,m5,m6,m7,m8,s1,skor_potensi\n"
        f"{people[0].nip},2025-11-18,3,3,3,3,3,3,3,3,3,80\n"
        f"{people[1].nip},2025-11-18,3,3,3,3,3,3,3,3,6,80\n"
    )
    page.goto("/profiling/impor/")
    page.set_input_files("#id_file", str(csv))
    page.click("#run-import")
    page.wait_for_selector("#import-errors")
    assert "Baris 3, kolom s1" in page.locator("#import-errors").inner_text()
    with page.expect_download() as download:
        page.click("#import-errors-csv")
    assert download.value.suggested_filename.endswith(".csv")
    assert "3,s1,6," in Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert not Assessment.objects.exists()


def test_edit_one_participants_schedule(page, make_user):
    inst = InstansiFactory()
    _people(inst)
    campaign = CampaignFactory(instansi=inst)
    services.participants_add(
        campaign=campaign,
        pool=Employee.objects.all(),
        by=None,
        today=date(2025, 11, 1),
        criteria=services.Criteria(),
    )
    services.campaign_schedule(campaign=campaign, by=None, days=2, waves=4)
    p = Participant.objects.filter(campaign=campaign, wave__number=1).first()
    user = make_user("analis", instansi=inst)
    login(page, user.username, user.raw_password)
    page.goto(f"/profiling/{campaign.pk}/")
    page.click(f"[data-edit='{p.pk}']")
    page.wait_for_selector("#participant-form")
    page.fill("#id_unavailable", "2025-11-17")
    page.select_option("#id_wave", "1")
    page.check("#id_pinned")
    page.fill("#id_reason", "Tugas luar 17 November")
    page.click("#save-participant")
    page.wait_for_selector("#participant-form .invalid-feedback")  # wave 1 is on the 17th
    assert "tidak bisa dihadiri" in page.locator("#participant-form").inner_text()
    page.select_option("#id_wave", "3")
    page.click("#save-participant")
    page.wait_for_selector(".alert-success")
    p.refresh_from_db()
    assert (p.wave.number, p.pinned, p.unavailable) == (3, True, ["2025-11-17"])
