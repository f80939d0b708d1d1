"""Excel a BKD can use (#15): every export through core/xlsx.py has a frozen bold header, an autofilter
over the data, real date cells, columns as wide as their content; an empty list gives a message, not an
empty file."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from talenta.core import xlsx
from tests.people.factories import InstansiFactory


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_the_header_is_frozen_filtered_and_dates_are_real_date_cells():
    rows = [["Ratna Sari Dewi, S.Kom.", date(1990, 1, 26), 3], ["Budi", date(1985, 12, 1), 12]]
    ws = _sheet(xlsx.workbook("Pegawai", ["Nama", "Lahir", "Nilai"], rows))
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C3"
    assert ws["A1"].font.bold
    assert ws["B2"].value == datetime(1990, 1, 26) and ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["C3"].value == 12
    assert ws.column_dimensions["A"].width >= len("Ratna Sari Dewi, S.Kom.")


def test_title_lines_sit_above_the_frozen_header():
    ws = _sheet(xlsx.workbook("G1", ["No", "Nama"], [[1, "Budi"]], title=["Daftar Hadir", "Gelombang 1"]))
    assert ws["A1"].value == "Daftar Hadir" and ws["A3"].value == "No"
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:B4"


def test_a_formula_looking_text_is_neutralised():
    ws = _sheet(xlsx.workbook("x", ["Nama"], [["=HYPERLINK(1)"]]))
    assert not str(ws["A2"].value).startswith("=")


def test_a_text_that_is_an_excel_errors_name_stays_text():
    ws = _sheet(xlsx.workbook("x", ["Nama", "Catatan"], [["#N/A", "#1 di kelas"]], title=["#REF!"]))
    assert [(c.value, c.data_type) for c in (ws["A1"], ws["A3"], ws["B3"])] == [
        ("#REF!", "s"),
        ("#N/A", "s"),
        ("#1 di kelas", "s"),
    ]


@pytest.mark.django_db
def test_an_employee_export_with_nothing_to_export_gives_a_message(client, make_user):
    client.force_login(make_user("analis", instansi=InstansiFactory()))
    r = client.get(reverse("people:employee-export"), {"q": "tidak ada orang ini"}, follow=True)
    assert r.redirect_chain[-1][0].startswith(reverse("people:employee-list"))
    assert "tidak ada yang diekspor" in r.content.decode() or "nothing to export" in r.content.decode()


@pytest.mark.django_db
def test_an_audit_export_with_nothing_to_export_gives_a_message(client, make_user):
    client.force_login(make_user("auditor", instansi=InstansiFactory()))
    r = client.get(reverse("accounts:audit-export", args=["xlsx"]), {"user": "tak-ada"}, follow=True)
    assert r.redirect_chain[-1][0].startswith(reverse("accounts:audit-log"))
