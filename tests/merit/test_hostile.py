"""Merit: a questionnaire workbook is checked like every other upload before openpyxl opens it; an
evidence file whose row is not saved is not left on disk."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from talenta.merit import questionnaire as qn
from talenta.merit import services
from talenta.merit.models import Evidence, Questionnaire
from tests.merit.fixtures import build
from tests.profiling.test_hostile_input import with_shared_strings

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _worksheet() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(list(qn.COLUMNS))
    ws.append(["A", "Aspek", "A1", "Tanya?", "0", "1", "2", "3", "4", "bukti", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return with_shared_strings(buf.getvalue(), 50)


@override_settings(UPLOAD_MAX_XLSX_STRINGS=10)
def test_the_load_command_refuses_a_workbook_over_the_text_cap(tmp_path):
    path = tmp_path / "kuesioner.xlsx"
    path.write_bytes(_worksheet())
    with pytest.raises(CommandError) as e:
        call_command(
            "merit-questionnaire", "load", str(path), "--questionnaire-version", "v9", "--title", "t"
        )
    assert "lebih dari 10 teks" in str(e.value)
    assert not Questionnaire.objects.filter(version="v9").exists()


@override_settings(UPLOAD_MAX_XLSX_STRINGS=10)
def test_the_web_upload_refuses_a_workbook_over_the_text_cap(client, make_user, monkeypatch):
    def never(*a, **k):
        raise AssertionError("openpyxl opened a workbook over the caps")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    w = build(make_user)
    client.force_login(make_user("admin", instansi=w.instansi))
    r = client.post(
        reverse("merit:questionnaires"),
        {"file": SimpleUploadedFile("k.xlsx", _worksheet()), "version": "v9", "title": "t"},
    )
    assert r.status_code == 422 and "lebih dari 10 teks" in r.content.decode()
    assert not Questionnaire.objects.filter(version="v9").exists()


def test_an_evidence_file_is_removed_when_its_row_is_not_saved(make_user, monkeypatch):
    w = build(make_user)
    analis = make_user("analis", instansi=w.instansi)
    a = services.assessment_create(instansi=w.instansi, year=2025, by=analis, today=date(2026, 12, 1))

    def down(**kw):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", down)
    f = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    with pytest.raises(RuntimeError):
        services.evidence_add(answer=a.answers.get(code="3.3"), by=analis, upload=f)
    assert not Evidence.objects.exists()
    assert not list((Path(settings.VAR_DIR) / "merit").rglob("*.pdf"))
