"""Screens: who may do what (RULES via issue 4), scope (404 outside it), documents, the competency tab."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from talenta.people.models import Employee
from talenta.profiling import services
from talenta.profiling.models import Assessment, Campaign, Participant
from tests.people.factories import EmployeeFactory, OtherInstansiFactory, UnitFactory
from tests.profiling.factories import CampaignFactory

TODAY = date(2025, 11, 1)


@pytest.fixture
def scheduled(province):
    campaign = CampaignFactory(instansi=province["instansi"])
    services.participants_add(
        campaign=campaign, pool=Employee.objects.all(), by=None, today=TODAY, criteria=services.Criteria()
    )
    services.campaign_schedule(campaign=campaign, by=None, days=5, waves=10)
    return campaign


def _client(client, make_user, role, province, **scope):
    user = make_user(role, instansi=province["instansi"], **scope)
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["komite", "pimpinan", "auditor", "pegawai"])
def test_only_admin_and_analis_create_campaigns(client, make_user, province, role):
    extra = {"employee": province["people"][3]} if role == "pegawai" else {}
    c = _client(client, make_user, role, province, **extra)
    r = c.post(
        reverse("profiling:campaign-create"),
        {"name": "X", "start_date": "2025-11-17", "end_date": "2025-11-21"},
    )
    assert r.status_code == 403
    assert not Campaign.objects.exists()


def test_analis_creates_a_campaign(client, make_user, province):
    c = _client(client, make_user, "analis", province)
    r = c.post(
        reverse("profiling:campaign-create"),
        {
            "name": "Profiling 2026",
            "start_date": "2026-03-02",
            "end_date": "2026-03-06",
            "instrument": "cat_bkn",
            "standard_level": "3",
            "retirement_margin_months": "12",
            "validity_years": "3",
        },
    )
    campaign = Campaign.objects.get()
    assert r.status_code == 302 and campaign.standard["M1"] == 3


def test_bad_dates_rerender_with_422(client, make_user, province):
    c = _client(client, make_user, "admin", province)
    r = c.post(
        reverse("profiling:campaign-create"),
        {
            "name": "X",
            "start_date": "2026-03-06",
            "end_date": "2026-03-02",
            "instrument": "cat_bkn",
            "retirement_margin_months": "12",
            "validity_years": "3",
        },
    )
    assert r.status_code == 422 and not Campaign.objects.exists()


def test_komite_reads_but_cannot_mark_attendance(client, make_user, province, scheduled):
    c = _client(client, make_user, "komite", province)
    assert c.get(reverse("profiling:campaign-detail", args=[scheduled.pk])).status_code == 200
    p = Participant.objects.filter(campaign=scheduled).first()
    r = c.post(reverse("profiling:attendance-mark", args=[scheduled.pk, p.pk]), {"attendance": "present"})
    assert r.status_code == 403
    p.refresh_from_db()
    assert p.attendance == ""


def test_kepala_opd_sees_only_his_people(client, make_user, province, scheduled):
    opd = province["opds"][1]
    c = _client(client, make_user, "kepala-opd", province, unit=opd)
    r = c.get(reverse("profiling:campaign-detail", args=[scheduled.pk]))
    names = {p.employee.unit.name for p in r.context["participants"]}
    assert names == {opd.name}
    other = Participant.objects.filter(campaign=scheduled).exclude(employee__unit=opd).first()
    wave = other.wave.number
    r = c.get(reverse("profiling:attendance", args=[scheduled.pk, wave]))
    assert other.employee.nip not in r.content.decode()
    # The wave's totals are his people's, not the province's.
    mine = Participant.objects.filter(
        campaign=scheduled, wave__number=wave, employee__unit__path__startswith=opd.path
    )
    assert r.context["counts"]["size"] == mine.count()
    assert (
        r.context["counts"]["size"]
        < Participant.objects.filter(campaign=scheduled, wave__number=wave).count()
    )


def test_pegawai_gets_no_campaign_pages(client, make_user, province, scheduled):
    c = _client(client, make_user, "pegawai", province, employee=province["people"][3])
    assert c.get(reverse("profiling:campaign-list")).status_code == 403
    assert c.get(reverse("profiling:coverage")).status_code == 403


def test_campaign_of_another_instansi_is_404(client, make_user, province, scheduled):
    other = OtherInstansiFactory()
    user = make_user("admin", instansi=other)
    client.force_login(user)
    assert client.get(reverse("profiling:campaign-detail", args=[scheduled.pk])).status_code == 404


def test_attendance_one_click_updates_row_and_counts(client, make_user, province, scheduled):
    c = _client(client, make_user, "analis", province)
    p = Participant.objects.filter(campaign=scheduled, wave__number=1).first()
    r = c.post(
        reverse("profiling:attendance-mark", args=[scheduled.pk, p.pk]),
        {"attendance": "present"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 200 and 'data-state="present"' in html and 'hx-swap-oob="true"' in html
    assert '<strong data-count="present">1</strong>' in html


def test_everyone_present_marks_only_those_not_yet_marked(client, make_user, province, scheduled):
    c = _client(client, make_user, "analis", province)
    parts = list(Participant.objects.filter(campaign=scheduled, wave__number=1).order_by("pk"))
    c.post(reverse("profiling:attendance-mark", args=[scheduled.pk, parts[0].pk]), {"attendance": "absent"})
    r = c.post(reverse("profiling:attendance-all", args=[scheduled.pk, 1]))
    assert r.status_code == 302
    marks = dict(Participant.objects.filter(pk__in=[p.pk for p in parts]).values_list("pk", "attendance"))
    assert marks[parts[0].pk] == "absent"
    assert all(marks[p.pk] == "present" for p in parts[1:])


def test_rosters_and_letters_render(client, make_user, province, scheduled):
    c = _client(client, make_user, "analis", province)
    r = c.get(reverse("profiling:roster-pdf", args=[scheduled.pk, 1]))
    assert r.status_code == 200 and r.content[:4] == b"%PDF"
    r = c.get(reverse("profiling:roster-xlsx", args=[scheduled.pk, 1]))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    opd = province["opds"][1]
    r = c.get(reverse("profiling:letter-pdf", args=[scheduled.pk, opd.pk]))
    assert r.status_code == 200 and r.content[:4] == b"%PDF"


def test_import_from_the_ui_reports_errors_then_imports(client, make_user, province, settings, tmp_path):
    """The upload runs as a background job (immediate in tests): the job page names the bad row and
    field and nothing is saved; the corrected file then imports."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.VAR_DIR = tmp_path
    c = _client(client, make_user, "analis", province)
    nip = province["people"][6].nip
    bad = SimpleUploadedFile(
        "h.csv",
        f"nip,tanggal,m1,m2,m3,m4,m5,m6,m7,m8,s1,skor_potensi\n{nip},2025-11-18,3,3,3,3,3,3,3,3,9,80\n".encode(),
    )
    r = c.post(reverse("profiling:import"), {"file": bad}, follow=True)
    assert r.status_code == 200 and "Baris 2, kolom s1" in r.content.decode()
    assert not Assessment.objects.filter(employee__nip=nip).exists()
    good = SimpleUploadedFile(
        "h.csv",
        f"nip,tanggal,m1,m2,m3,m4,m5,m6,m7,m8,s1,skor_potensi\n{nip},2025-11-18,3,3,3,3,3,3,3,3,3,80\n".encode(),
    )
    r = c.post(reverse("profiling:import"), {"file": good}, follow=True)
    assert r.status_code == 200 and 'id="import-report"' in r.content.decode()
    assert Assessment.objects.filter(employee__nip=nip).exists()


def test_competency_tab_scoped_and_rendered(client, make_user, province):
    emp = province["people"][1]  # profiled in 2024
    c = _client(client, make_user, "pegawai", province, employee=emp)
    r = c.get(reverse("profiling:employee-competency", args=[emp.pk]))
    assert r.status_code == 200 and 'id="competency-radar"' in r.content.decode()
    other = province["people"][2]
    assert c.get(reverse("profiling:employee-competency", args=[other.pk])).status_code == 404


def test_kepala_opd_cannot_open_a_profile_outside_his_unit(client, make_user, province):
    unit = UnitFactory(instansi=province["instansi"], name="Biro Umum")
    outsider = EmployeeFactory(unit=province["opds"][0])
    c = _client(client, make_user, "kepala-opd", province, unit=unit)
    assert c.get(reverse("profiling:employee-competency", args=[outsider.pk])).status_code == 404


def test_coverage_page(client, make_user, province, django_assert_max_num_queries):
    c = _client(client, make_user, "auditor", province)
    with django_assert_max_num_queries(20):
        r = c.get(reverse("profiling:coverage"))
    assert r.status_code == 200 and 'id="cov-profiled">4<' in r.content.decode()


def test_campaign_detail_has_no_n_plus_one(
    client, make_user, province, scheduled, django_assert_max_num_queries
):
    c = _client(client, make_user, "analis", province)
    with django_assert_max_num_queries(25):
        r = c.get(reverse("profiling:campaign-detail", args=[scheduled.pk]))
    assert r.status_code == 200 and r.content.decode().count("<tr>") >= 30


def test_attendance_page_queries_are_bounded(
    client, make_user, province, scheduled, django_assert_max_num_queries
):
    c = _client(client, make_user, "analis", province)
    with django_assert_max_num_queries(20):
        r = c.get(reverse("profiling:attendance", args=[scheduled.pk, 1]))
    assert r.status_code == 200


def test_competency_tab_compares_with_a_target_post(client, make_user, province):
    emp = province["people"][1]  # levels 3 × 9 from 2024
    target = (
        Employee.objects.get(pk=province["people"][13].pk).unit.positions.filter(is_critical=True).first()
    )
    c = _client(client, make_user, "analis", province)
    r = c.get(reverse("profiling:employee-competency", args=[emp.pk]), {"target": target.pk})
    html = r.content.decode()
    assert 'id="target-jpm">75,00<' in html and "Kurang Optimal" in html  # 27 / 36 against JPT Pratama (4)


def test_uploaded_nip_list_selects_with_its_file_name_as_reason(client, make_user, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = CampaignFactory(instansi=province["instansi"])
    c = _client(client, make_user, "analis", province)
    nips = [province["people"][i].nip for i in (6, 7)]
    upload = SimpleUploadedFile("usulan-opd.csv", ("nip,nama\n" + "\n".join(f"{n},X" for n in nips)).encode())
    url = reverse("profiling:participants-add", args=[campaign.pk])
    r = c.post(url, {"source": "nips", "upload": upload})
    assert r.status_code == 302
    assert set(Participant.objects.values_list("reason", flat=True)) == {"Daftar unggahan usulan-opd.csv"}
    assert Participant.objects.count() == 2


def test_participants_are_paged_and_searchable(client, make_user, province, scheduled):
    c = _client(client, make_user, "analis", province)
    r = c.get(reverse("profiling:campaign-detail", args=[scheduled.pk]))
    page = r.context["participants"]
    assert len(page.object_list) <= 50
    someone = Participant.objects.filter(campaign=scheduled).select_related("employee").first().employee
    first, last = someone.name.split()[0], someone.name.split()[-1]
    r = c.get(reverse("profiling:campaign-detail", args=[scheduled.pk]), {"pq": f"{last} {first}"})
    assert someone in [p.employee for p in r.context["participants"]]
    r = c.get(reverse("profiling:campaign-detail", args=[scheduled.pk]), {"hadir": "present"})
    assert r.context["participants"].paginator.count == 0


def test_an_invitation_letter_takes_its_own_date_and_number(
    client, make_user, province, scheduled, monkeypatch
):
    # The PDF engine is the edge: capture the HTML it is given.
    seen = {}

    class FakeHTML:
        def __init__(self, string: str, **kwargs: object) -> None:
            seen["html"] = string

        def write_pdf(self) -> bytes:
            return b"%PDF-fake"

    monkeypatch.setattr("weasyprint.HTML", FakeHTML)
    c = _client(client, make_user, "analis", province)
    opd = province["opds"][1]
    c.get(
        reverse("profiling:letter-pdf", args=[scheduled.pk, opd.pk]),
        {"tanggal": "26/01/2026", "nomor": "800.2/123/BKD/2026"},
    )
    assert "Serang, 26 Januari 2026" in seen["html"] and "800.2/123/BKD/2026" in seen["html"]
    assert "page-break-inside: avoid" in seen["html"]


def test_all_letters_as_a_zip_one_pdf_per_participant(
    client, make_user, province, scheduled, settings, tmp_path
):
    """The zip is built by a background job (immediate in tests); the campaign page then offers it."""
    import io
    import zipfile

    from talenta.core.models import Job

    settings.VAR_DIR = tmp_path
    c = _client(client, make_user, "analis", province)
    r = c.post(
        reverse("profiling:letters-zip", args=[scheduled.pk]), {"gelombang": "1", "tanggal": "26/01/2026"}
    )
    job = Job.objects.get(kind="profiling.letters")
    assert r.status_code == 302 and f"surat={job.pk}" in r["Location"]
    assert job.status == "succeeded", job.error
    wave_1 = list(Participant.objects.filter(campaign=scheduled, wave__number=1).select_related("employee"))
    page = c.get(r["Location"]).content.decode()
    assert job.result["download_url"] in page
    data = c.get(job.result["download_url"])
    with zipfile.ZipFile(io.BytesIO(b"".join(data.streaming_content))) as zf:
        names = zf.namelist()
        assert len(names) == len(wave_1) > 0
        assert {n.split("-")[1] for n in names} == {p.employee.nip for p in wave_1}
        assert all(zf.read(n)[:4] == b"%PDF" for n in names)
    other = make_user("analis", username="analis-lain", instansi=province["instansi"])
    client.force_login(other)
    assert client.get(job.result["download_url"]).status_code == 404


def test_a_campaign_s_jpm_bands_are_set_on_its_form_and_checked(client, make_user, province):
    c = _client(client, make_user, "analis", province)
    form = {
        "name": "Profiling 2026",
        "start_date": "2026-03-02",
        "end_date": "2026-03-06",
        "instrument": "cat_bkn",
        "retirement_margin_months": "12",
        "validity_years": "3",
    }
    r = c.post(reverse("profiling:campaign-create"), {**form, "jpm_optimal": "75", "jpm_cukup_optimal": "80"})
    assert r.status_code == 422 and not Campaign.objects.exists()
    assert "Batas Cukup Optimal harus di bawah batas Optimal." in r.text
    r = c.post(
        reverse("profiling:campaign-create"), {**form, "jpm_optimal": "85,5", "jpm_cukup_optimal": "70"}
    )
    campaign = Campaign.objects.get()
    assert r.status_code == 302 and (campaign.jpm_optimal, campaign.jpm_cukup_optimal) == (
        Decimal("85.5"),
        70,
    )
    page = c.get(reverse("profiling:campaign-detail", args=[campaign.pk])).text
    assert "Optimal mulai 85,50, Cukup Optimal mulai 70,00" in page
