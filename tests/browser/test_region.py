"""The region in the browser (issue #18): a mutasi across two instansi, every role at its step; a ranking with
a shared pool; the oversight screen with its drill-down and export."""

from __future__ import annotations

from datetime import date

import pytest

from talenta.people.models import Employee
from talenta.placement import services
from talenta.placement.models import Mutasi
from talenta.profiling import services as profiling_services
from talenta.talent.sharing import sharing_update
from tests.browser.conftest import login, screenshot
from tests.browser.test_accessibility import serious
from tests.placement.factories import (
    ON,
    admin_employee,
    banten_region,
    final_period,
    region_users,
    vacancy_with_kab_candidates,
    vacant_jpt,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def region(transactional_db, make_user):
    _, prov, kab = banten_region(prov_opd=4, prov_size=80, kab_opd=3, kab_size=60)
    users = region_users(prov, kab, make_user)
    users["regional"] = make_user("regional", username="regional", instansi=prov)
    return prov, kab, users


def _as(page, users, name):
    page.context.clear_cookies()
    login(page, name, users[name].raw_password)


def test_a_mutasi_from_a_kabupaten_to_the_province_every_role_at_its_step(page, region):
    prov, kab, users = region
    emp, post = admin_employee(kab), vacant_jpt(prov)

    _as(page, users, "prov-analis")
    page.goto("/penempatan/mutasi/")
    page.fill("#mutasi-nip", emp.nip)
    page.select_option("#mutasi-position", str(post.pk))
    page.fill("#mutasi-reason", "Kebutuhan kompetensi")
    page.click("#mutasi-propose button")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#mutasi-stage") == "Diusulkan BKD penerima"
    assert page.locator("#mutasi-step").count() == 0  # the next step is the releasing PPK's
    url = page.url

    _as(page, users, "kab-pimpinan")
    page.goto(url)
    page.click("#mutasi-step button[value='1']")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#mutasi-stage") == "Disetujui PPK asal"

    _as(page, users, "prov-analis")
    page.goto(url)
    page.fill("#bkn-number", "PERTEK-III/2026/0042")
    page.fill("#bkn-date", "2026-11-20")
    page.click("#mutasi-step button")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#mutasi-stage") == "Pertimbangan teknis BKN tercatat"

    _as(page, users, "prov-pimpinan")
    page.goto(url)
    page.fill("#sk-nomor", "821.2/Kep.301-BKD/2026")
    page.fill("#sk-date", "2026-12-01")
    page.click("#mutasi-step button")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#mutasi-stage") == "Ditetapkan Gubernur"

    _as(page, users, "kab-admin")  # the releasing BKD follows the move but installs nothing
    page.goto(url)
    assert page.locator("#mutasi-step").count() == 0

    _as(page, users, "prov-admin")
    page.goto(url)
    page.click("#mutasi-step button")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#mutasi-stage") == "Dilantik"
    screenshot(page, "region-mutasi")
    emp.refresh_from_db()
    assert emp.instansi_id == prov.pk and emp.position_id == post.pk
    assert Mutasi.objects.get().stage == Mutasi.Stage.INSTALLED


def test_a_ranking_with_the_shared_pool_of_a_kabupaten(page, region):
    prov, kab, users = region
    pos, eligible = vacancy_with_kab_candidates(prov, kab)
    final_period(kab, {eligible[0]: 9})
    sharing_update(instansi=kab, level="box", by=users["kab-admin"])
    proc = services.filling_process_open(
        instansi=prov, positions=[pos], by=users["prov-analis"], name="Uji", as_of=ON, today=ON
    )
    fp = proc.posts.get()

    _as(page, users, "prov-analis")
    page.goto(f"/penempatan/jabatan/{fp.pk}/kandidat/")
    page.click("#shared-ranking-link")
    page.wait_for_load_state("networkidle")
    shared = page.locator("#shared-ranking .tl-shared")
    assert shared.count() == 1
    assert kab.short_name in shared.inner_text() and "perlu verifikasi" in shared.inner_text()
    screenshot(page, "region-shared-ranking")


def test_the_oversight_screen_compares_the_instansi_and_drills_down(page, region):
    prov, kab, users = region
    _as(page, users, "regional")
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/wilayah/")
    table = page.inner_text("#region-table")
    assert prov.name in table and kab.name in table
    screenshot(page, "region-oversight")
    page.click(f"#region-table a:has-text('{kab.name}')")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("h1") == kab.name and page.locator("#vacant").count() == 1
    page.goto("/wilayah/")
    with page.expect_download() as download:
        page.click("#region-export")
    assert download.value.suggested_filename == "pengawasan-wilayah.xlsx"


def test_a_joint_campaign_the_organiser_picks_a_partner_who_manages_only_its_own_people(page, region):
    prov, kab, users = region
    campaign = profiling_services.campaign_create(
        instansi=prov,
        by=users["prov-analis"],
        name="Profiling ASN se-Banten bersama Kanreg III BKN",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 21),
    )
    prov_emp = Employee.objects.filter(instansi=prov).order_by("pk").first()
    kab_emp = Employee.objects.filter(instansi=kab).order_by("pk").first()

    _as(page, users, "prov-analis")
    page.goto(f"/profiling/{campaign.pk}/")
    page.click("#partners-link")
    page.wait_for_load_state("networkidle")
    assert serious(page) == []
    page.check(f"#partners-form input[value='{kab.pk}']")
    page.click("#save-partners")
    page.wait_for_load_state("networkidle")
    assert kab.name in page.inner_text("#partners")
    screenshot(page, "region-joint-campaign")

    _as(page, users, "kab-admin")
    page.goto(f"/profiling/{campaign.pk}/")
    assert page.locator("#schedule-form").count() == 0 and page.locator("#partners-link").count() == 0
    page.select_option("#id_source", "nips")
    page.fill("#id_nips", f"{kab_emp.nip} {prov_emp.nip}")
    page.click("#add-participants")
    page.wait_for_load_state("networkidle")
    assert prov_emp.nip in page.inner_text(".alert-warning")  # not his to add: "NIP not found"
    listed = page.inner_text("#participants")
    assert kab_emp.nip in listed and prov_emp.nip not in listed
    assert serious(page) == []

    _as(page, users, "prov-analis")
    page.goto(f"/profiling/{campaign.pk}/")
    assert kab_emp.nip in page.inner_text("#participants")
