"""The screens: list, start, answer (htmx partials), evidence, workflow buttons, reports, comparison and
the questionnaire import."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talenta.accounts.audit_views import _safe_cell
from talenta.merit import questionnaire as qn
from talenta.merit import services
from talenta.merit.models import Assessment, Questionnaire
from tests.merit.fixtures import build

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def world(make_user):
    w = build(make_user)
    w.analis = make_user("analis", instansi=w.instansi)
    w.admin = make_user("admin", instansi=w.instansi)
    w.a = services.assessment_create(instansi=w.instansi, year=2025, by=w.analis, today=date(2026, 12, 1))
    return w


def test_the_list_shows_the_year_and_the_start_form(client, world):
    client.force_login(world.analis)
    r = client.get(reverse("merit:index"))
    assert r.status_code == 200
    assert "2025" in r.text and "Mulai penilaian mandiri" in r.text and "Sistem Merit" in r.text


def test_a_reader_sees_no_start_form(client, world, make_user):
    client.force_login(make_user("auditor", instansi=world.instansi))
    r = client.get(reverse("merit:index"))
    assert r.status_code == 200 and "Mulai penilaian mandiri" not in r.text


def test_start_creates_and_opens_the_assessment(client, world):
    client.force_login(world.analis)
    r = client.post(reverse("merit:create"), {"year": "2024"})
    a = Assessment.objects.get(year=2024)
    assert r.status_code == 302 and r["Location"] == reverse("merit:detail", args=[a.pk])


def test_the_detail_shows_every_question_and_talentas_proposals(client, world, django_assert_max_num_queries):
    client.force_login(world.analis)
    with django_assert_max_num_queries(25):
        r = client.get(reverse("merit:detail", args=[world.a.pk]))
    assert r.status_code == 200
    assert r.text.count('class="list-group-item"') == 33
    assert "Usulan Talenta 4" in r.text and "Pemetaan Talenta" in r.text
    assert "Komite Talenta sudah dibentuk" in r.text and "verifikasi" in r.text


def test_accepting_through_htmx_returns_the_row(client, world):
    client.force_login(world.analis)
    x = world.a.answers.get(code="3.3")
    r = client.post(reverse("merit:answer", args=[x.pk]), {"accept": "1"}, headers=HX)
    assert r.status_code == 200 and f'id="q-{x.pk}"' in r.text
    assert '<span class="fs-5 fw-semibold merit-score">4</span>' in r.text


def test_an_override_without_reason_answers_422_with_the_message(client, world):
    client.force_login(world.analis)
    x = world.a.answers.get(code="3.3")
    r = client.post(reverse("merit:answer", args=[x.pk]), {"score": "2"}, headers=HX)
    assert r.status_code == 422 and "tuliskan alasan memberi nilai 2" in r.text


def test_an_uploaded_file_is_served_back(client, world):
    client.force_login(world.analis)
    x = world.a.answers.get(code="1.1")
    pdf = b"%PDF-1.4\n%%EOF\n"
    f = SimpleUploadedFile("anjab.pdf", pdf, content_type="application/pdf")
    r = client.post(
        reverse("merit:evidence-add", args=[x.pk]), {"file": f, "name": "Dokumen anjab"}, headers=HX
    )
    assert r.status_code == 200 and "Dokumen anjab" in r.text
    e = x.evidence.get()
    r = client.get(reverse("merit:evidence-file", args=[e.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf
    assert r["Content-Type"] == "application/pdf" and "attachment" in r["Content-Disposition"]


def test_submit_incomplete_answers_422_with_what_is_missing(client, world):
    client.force_login(world.analis)
    r = client.post(reverse("merit:submit", args=[world.a.pk]))
    assert r.status_code == 422 and "1.1: belum dijawab." in r.text


def test_reports_pdf_and_excel(client, world):
    from openpyxl import load_workbook

    x = world.a.answers.get(code="5.1")
    services.answer_save(answer=x, by=world.analis, score=3, reason='=HYPERLINK("http://x")')
    client.force_login(world.admin)
    r = client.get(reverse("merit:report-pdf", args=[world.a.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get(reverse("merit:report-xlsx", args=[world.a.pk]))
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Sistem Merit 2025" in ws.title
    assert '\'=HYPERLINK("http://x")' in values  # the formula guard
    assert any(str(v).startswith("Dihitung Talenta:") for v in values)
    sheet = load_workbook(io.BytesIO(r.content))["Antartahun"]
    assert [c.value for c in sheet[1]] == ["Aspek", 2025]


def test_year_on_year(client, world):
    services.assessment_create(instansi=world.instansi, year=2024, by=world.analis, today=date(2026, 12, 1))
    client.force_login(world.admin)
    r = client.get(reverse("merit:compare"))
    assert r.status_code == 200
    assert "2024" in r.text and "2025" in r.text and "Pemetaan Talenta" not in r.text
    assert "Pengembangan Karier" in r.text


def test_the_admin_imports_a_worksheet(client, world):
    client.force_login(world.admin)
    data = Questionnaire.objects.get().data
    f = SimpleUploadedFile("kuesioner.xlsx", qn.to_xlsx(data, _safe_cell))
    r = client.post(
        reverse("merit:questionnaires"), {"file": f, "version": "2026.1", "title": "Kuesioner 2026"}
    )
    assert r.status_code == 302
    own = Questionnaire.objects.get(is_current=True, instansi=world.admin.instansi)
    assert own.version == "2026.1"  # the instansi's own version; the national one stays current for others
    assert Questionnaire.objects.get(is_current=True, instansi__isnull=True).version == "2025.1"
    assert Assessment.objects.get(pk=world.a.pk).questionnaire.version == "2025.1"  # kept


def test_a_bad_worksheet_is_refused_with_its_rows(client, world):
    from openpyxl import load_workbook

    client.force_login(world.admin)
    wb = load_workbook(io.BytesIO(qn.to_xlsx(Questionnaire.objects.get().data, _safe_cell)))
    wb.active["E3"] = None
    buf = io.BytesIO()
    wb.save(buf)
    f = SimpleUploadedFile("kuesioner.xlsx", buf.getvalue())
    r = client.post(reverse("merit:questionnaires"), {"file": f, "version": "2026.1", "title": "x"})
    assert r.status_code == 422 and "baris 3, skor_0: arti nilai 0 kosong." in r.text
    assert Questionnaire.objects.count() == 1


def test_the_screen_in_english(client, world):
    client.force_login(world.analis)
    client.post(reverse("set_language"), {"language": "en", "next": "/sistem-merit/"})
    r = client.get(reverse("merit:detail", args=[world.a.pk]))
    assert 'lang="en"' in r.text and "Talenta proposes 4" in r.text and "A Komite Talenta is set up" in r.text


def test_removing_evidence_through_htmx_is_audited(client, world):
    from talenta.core.models import AuditEntry

    x = world.a.answers.get(code="1.1")
    e = services.evidence_add(
        answer=x, by=world.analis, url="https://dokumen.bkd.example/a.pdf", name="Anjab"
    )
    client.force_login(world.analis)
    r = client.post(reverse("merit:evidence-delete", args=[e.pk]), headers=HX)
    assert r.status_code == 200 and "Anjab" not in r.text and not x.evidence.exists()
    assert AuditEntry.objects.filter(action="merit.evidence_delete").count() == 1
