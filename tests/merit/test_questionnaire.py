"""The questionnaire as data: the shipped version, the Excel worksheet import, the loader command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from talenta.accounts.audit_views import _safe_cell
from talenta.merit import questionnaire as qn
from talenta.merit import services
from talenta.merit.models import Questionnaire


def shipped() -> dict:
    return json.loads(qn.shipped().read_text(encoding="utf-8"))


def test_the_shipped_version_has_eight_aspects_and_33_questions():
    parsed = qn.read_json(qn.shipped().read_bytes())
    assert parsed.problems == []
    assert len(parsed.data["aspects"]) == 8
    assert sum(len(a["questions"]) for a in parsed.data["aspects"]) == 33


def test_every_question_not_given_by_the_rules_is_marked_verify():
    questions = [q for a in shipped()["aspects"] for q in a["questions"]]
    assert all(q["verify"] for q in questions)


def test_pemetaan_talenta_carries_the_scale_of_rules_8():
    q = next(q for a in shipped()["aspects"] for q in a["questions"] if q["auto"] == "talent_mapping")
    assert q["text"] == "Pemetaan Talenta"
    assert q["levels"]["0"].startswith("Belum ada komite")
    assert "suksesor" in q["levels"]["4"]


def test_a_bad_question_is_named_with_its_field():
    data = shipped()
    data["aspects"][0]["questions"][1]["levels"]["3"] = ""
    data["aspects"][1]["questions"][0]["code"] = "1.1"
    data["aspects"][2]["questions"][0]["auto"] = "menebak"
    problems = [str(p) for p in qn.check(data).problems]
    assert any("skor_3" in p for p in problems)
    assert any("1.1" in p and "dua kali" in p for p in problems)
    assert any("menebak" in p for p in problems)


def test_a_question_that_is_not_an_object_is_named_not_a_crash():
    data = shipped()
    data["aspects"][0]["questions"].append(7)
    data["aspects"][1]["questions"] = "semua"
    problems = [str(p) for p in qn.check(data).problems]
    assert any("harus berupa objek" in p for p in problems), problems
    assert any("harus berupa larik" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('"A\\u0000"', "NUL"),
        ('"A\\ud800"', "surrogate"),
        ("NaN", "NaN"),
        ("1e400", "NaN"),
        ("[" * 100_000 + "]" * 100_000, "JSON"),
    ],
    ids=["nul", "surrogate", "nan", "overflow", "nested"],
)
def test_what_no_database_stores_is_a_problem_not_a_stored_questionnaire(text, said):
    raw = json.dumps(shipped()).replace('"title": ', '"title": ' + text + ', "judul_lama": ', 1)
    problems = [str(p) for p in qn.read_json(raw.encode()).problems]
    assert len(problems) == 1 and said in problems[0], problems


def _xlsx(data: dict) -> bytes:
    return qn.to_xlsx(data, _safe_cell)


def test_the_worksheet_round_trips():
    data = shipped()
    parsed = qn.read_xlsx(_xlsx(data), version="2026.1", title="Kuesioner 2026")
    assert parsed.problems == []
    assert [q["code"] for a in parsed.data["aspects"] for q in a["questions"]] == [
        q["code"] for a in data["aspects"] for q in a["questions"]
    ]
    assert parsed.data["aspects"][2]["questions"][2]["auto"] == "talent_mapping"


def test_worksheet_errors_name_row_and_column_in_indonesian():
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(_xlsx(shipped())))
    ws = wb.active
    ws["D5"] = None  # the question text of the fourth question (row 5)
    buf = io.BytesIO()
    wb.save(buf)
    problems = qn.read_xlsx(buf.getvalue(), version="x", title="y").problems
    assert [str(p) for p in problems] == ["baris 5, pertanyaan: teks pertanyaan kosong."]


@pytest.mark.django_db
def test_a_refused_worksheet_writes_nothing():
    parsed = qn.read_xlsx(b"not a workbook", version="x", title="y")
    report = services.questionnaire_load(parsed=parsed)
    assert report.problems and not Questionnaire.objects.exists()


@pytest.mark.django_db
def test_the_same_version_with_other_content_is_refused():
    call_command("merit-questionnaire", "load", str(qn.shipped()))
    data = shipped()
    data["title"] = "Lain"
    report = services.questionnaire_load(parsed=qn.check(data))
    assert "sudah tersimpan" in str(report.problems[0])
    assert Questionnaire.objects.get().title == shipped()["title"]


@pytest.mark.django_db
def test_the_command_loads_and_its_dry_run_does_not(tmp_path, capsys):
    call_command("merit-questionnaire", "load", str(qn.shipped()), "--dry-run")
    assert not Questionnaire.objects.exists()
    call_command("merit-questionnaire", "load", str(qn.shipped()))
    q = Questionnaire.objects.get()
    assert q.version == "2025.1" and q.is_current
    assert "33" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_reports_every_problem(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": "", "title": "t", "aspects": []}), encoding="utf-8")
    with pytest.raises(CommandError, match="versi"):
        call_command("merit-questionnaire", "load", str(bad))


def test_a_hidden_sheet_before_the_data_is_never_read():
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(_xlsx(shipped())))
    stale = wb.create_sheet("lama", 0)  # an older copy kept first, hidden
    stale.append(["kode", "isi", "lama"])
    stale.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    parsed = qn.read_xlsx(buf.getvalue(), version="2026.1", title="Kuesioner 2026")
    assert parsed.problems == [] and len(parsed.data["aspects"]) == 8
