"""Reading and checking a questionnaire version (JSON as shipped, or the official worksheet as Excel).

Every problem is reported with its place (row and column for Excel, the question's code for JSON) before
anything is written; the loader (services.questionnaire_load) writes in one transaction."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from talenta.core.cells import text_errors
from talenta.core.storable import refusal, unstorable
from talenta.core.uploads import check_archive, visible_sheets

SHIPPED = Path(__file__).parent / "questionnaires"
AUTO_KEYS = frozenset(
    {
        "talent_mapping",
        "assessment_coverage",
        "idp",
        "promotion",
        "vacancy_time",
        "skp_coverage",
        "predikat_distribution",
        "siasn_sync",
        "data_completeness",
    }
)
COLUMNS = (
    "kode_aspek",
    "aspek",
    "kode",
    "pertanyaan",
    "skor_0",
    "skor_1",
    "skor_2",
    "skor_3",
    "skor_4",
    "bukti_dukung",
    "otomatis",
    "verifikasi",
)
TRUE_WORDS = {"ya", "y", "yes", "true", "1", "verify", "verifikasi"}


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.message}"


@dataclass
class Parsed:
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(json.dumps(self.data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def check(data: Any) -> Parsed:
    """Validate a questionnaire dict: a version, a title, aspects each with a code, a name and questions;
    every question a unique code, its text, the meaning of scores 0–4, the evidence it needs, a known
    `auto` key or none, and `verify` (true when the wording is not the official text)."""
    out = Parsed()
    p = out.problems
    if not isinstance(data, dict):
        p.append(Problem(_("file"), "-", _("not a questionnaire (expected an object with aspects).")))
        return out
    version, title = str(data.get("version") or "").strip(), str(data.get("title") or "").strip()
    if not version:
        p.append(Problem(_("file"), "version", _("the version is missing.")))
    if not title:
        p.append(Problem(_("file"), "title", _("the title is missing.")))
    aspects_out, seen = [], set()
    aspects = data.get("aspects")
    if not isinstance(aspects, list) or not aspects:
        p.append(Problem(_("file"), "aspects", _("there are no aspects.")))
        aspects = []
    for ai, a in enumerate(aspects, start=1):
        where = a.get("where") if isinstance(a, dict) else None
        where = where or _("aspect %(n)s") % {"n": ai}
        if (
            not isinstance(a, dict)
            or not str(a.get("code") or "").strip()
            or not str(a.get("name") or "").strip()
        ):
            p.append(Problem(where, "code/name", _("an aspect needs a code and a name.")))
            continue
        qs_out = []
        questions = a.get("questions") or []
        if not isinstance(questions, list):
            p.append(Problem(where, "questions", _("the questions must be a list.")))
            continue
        for qi, q in enumerate(questions, start=1):
            if not isinstance(q, dict):
                here = _("question %(n)s of aspect %(a)s") % {"n": qi, "a": a["code"]}
                p.append(Problem(here, "-", _("a question must be an object with a code and a text.")))
                continue
            qwhere = q.get("where") or _("question %(n)s of aspect %(a)s") % {"n": qi, "a": a["code"]}
            code = str(q.get("code") or "").strip()
            if not code:
                p.append(Problem(qwhere, "kode", _("the question code is missing.")))
            elif code in seen:
                p.append(Problem(qwhere, "kode", _("code %(code)s appears twice.") % {"code": code}))
            seen.add(code)
            text = str(q.get("text") or "").strip()
            if not text:
                p.append(Problem(qwhere, "pertanyaan", _("the question text is missing.")))
            levels = q.get("levels") or {}
            levels = (
                {str(k): str(v or "").strip() for k, v in levels.items()} if isinstance(levels, dict) else {}
            )
            for s in range(5):
                if not levels.get(str(s)):
                    p.append(
                        Problem(qwhere, f"skor_{s}", _("the meaning of score %(s)s is missing.") % {"s": s})
                    )
            auto = str(q.get("auto") or "").strip() or None
            if auto and auto not in AUTO_KEYS:
                p.append(
                    Problem(
                        qwhere, "otomatis", _("%(key)s is not a computation Talenta knows.") % {"key": auto}
                    )
                )
            qs_out.append(
                {
                    "code": code,
                    "text": text,
                    "auto": auto,
                    "verify": bool(q.get("verify")),
                    "levels": {str(s): levels.get(str(s), "") for s in range(5)},
                    "evidence": str(q.get("evidence") or "").strip(),
                }
            )
        if not qs_out:
            p.append(
                Problem(where, "questions", _("aspect %(code)s has no questions.") % {"code": a["code"]})
            )
        aspects_out.append(
            {"code": str(a["code"]).strip(), "name": str(a["name"]).strip(), "questions": qs_out}
        )
    out.data = {
        "version": version,
        "title": title,
        "source": str(data.get("source") or "").strip(),
        "verify_note": str(data.get("verify_note") or "").strip(),
        "aspects": aspects_out,
    }
    return out


def read_json(raw: bytes) -> Parsed:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:  # nested deeper than json reads
        return Parsed(problems=[Problem(_("file"), "-", _("not valid JSON: %(e)s") % {"e": e})])
    if reason := unstorable(data):  # a NUL, a lone surrogate, NaN: no database stores it
        return Parsed(problems=[Problem(_("file"), "-", refusal(reason))])
    return check(data)


def read_xlsx(raw: bytes, *, version: str, title: str) -> Parsed:
    """The worksheet layout of `COLUMNS` (the first visible sheet, a header row, one question per row): a
    hidden sheet, often a stale copy, is never read."""
    from openpyxl import load_workbook

    try:
        # A workbook of a few hundred KB can hold millions of texts openpyxl would keep in memory first
        # (minutes and gigabytes): the caps of every other upload (core/uploads.py), before it is opened.
        check_archive(io.BytesIO(raw), name=_("the worksheet"), xlsx=True)
    except ValidationError as e:
        return Parsed(problems=[Problem(_("file"), "-", " ".join(e.messages))])
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
        return Parsed(problems=[Problem(_("file"), "-", _("not an Excel workbook: %(e)s") % {"e": e})])
    rows = list(visible_sheets(wb)[0].iter_rows(values_only=True))
    if not rows:
        return Parsed(problems=[Problem(_("file"), "-", _("the sheet is empty."))])
    header = [str(c or "").strip().lower() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return Parsed(problems=[Problem(_("row 1"), ", ".join(missing), _("required columns are missing."))])
    col = {c: header.index(c) for c in COLUMNS}
    aspects: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(rows[1:], start=2):
        cell = {c: ("" if row[i] is None else str(row[i]).strip()) for c, i in col.items() if i < len(row)}
        if not any(cell.values()):
            continue
        a = aspects.setdefault(
            cell.get("kode_aspek", ""),
            {"code": cell.get("kode_aspek", ""), "name": cell.get("aspek", ""), "questions": [],
             "where": _("row %(n)s") % {"n": n}},
        )  # fmt: skip
        a["questions"].append(
            {
                "where": _("row %(n)s") % {"n": n},
                "code": cell.get("kode", ""),
                "text": cell.get("pertanyaan", ""),
                "levels": {str(s): cell.get(f"skor_{s}", "") for s in range(5)},
                "evidence": cell.get("bukti_dukung", ""),
                "auto": cell.get("otomatis", ""),
                "verify": cell.get("verifikasi", "").lower() in TRUE_WORDS,
            }
        )
    return check({"version": version, "title": title, "aspects": list(aspects.values())})


def to_xlsx(data: dict[str, Any], safe: Any) -> bytes:
    """The questionnaire in the worksheet layout (the template an Admin edits and imports again)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Kuesioner"
    ws.append(list(COLUMNS))
    for c in ws[1]:
        c.font = Font(bold=True)
    for a in data["aspects"]:
        for q in a["questions"]:
            ws.append(
                [safe(a["code"]), safe(a["name"]), safe(q["code"]), safe(q["text"])]
                + [safe(q["levels"][str(s)]) for s in range(5)]
                + [safe(q["evidence"]), q["auto"] or "", "ya" if q["verify"] else ""]
            )
    buf = io.BytesIO()
    text_errors(wb).save(buf)
    return buf.getvalue()


def shipped(version: str = "2025") -> Path:
    return SHIPPED / f"{version}.json"
