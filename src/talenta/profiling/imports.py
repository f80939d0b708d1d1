"""Import of assessment results (CSV or Excel): validate every row first, then write all or nothing.

Two layouts are accepted, by column name (case-insensitive):
- minimal: `nip,tanggal,m1,m2,m3,m4,m5,m6,m7,m8,s1,skor_potensi`, scored against the standard of the post
  the person held on `tanggal` (JabatanHistory: latest tmt ≤ tanggal; else the current post);
- the full template (`template_columns()`), which adds the instrument, the standard used per competency,
  the eight potential aspects, the potential category, digital literacy, emerging skills, narratives and
  the assessor. Any other column is kept in `Assessment.raw`, never dropped.

Key: employee + date + instrument. The same file twice changes nothing; a changed row updates its result.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talenta.core.audit import audit_record
from talenta.core.display import angka
from talenta.core.jobs import Progress
from talenta.core.uploads import check_archive, check_rows, repeated_heading, visible_sheets
from talenta.people.models import Employee
from talenta.people.rules import jabatan as jr
from talenta.profiling import selectors
from talenta.profiling.models import COMPETENCY_FIELDS, Assessment, Campaign, Participant
from talenta.profiling.rules.jpm import JPM_MAPPING_BANDS, bands_stored, gaps, jpm, mapping_category

# A plausible assessment date (docs/profiling.md): not before 1990 and not in the future (a day of margin
# for a clock or time zone just past midnight). 0001-01-01 or 2099-01-01 is a typing error.
ASSESSED_FROM = date(1990, 1, 1)
ASSESSED_MARGIN = timedelta(days=1)
MINIMAL_COLUMNS = ("nip", "tanggal", *COMPETENCY_FIELDS, "skor_potensi")
POTENTIAL_ASPECTS = (
    "kemampuan_intelektual",
    "kemampuan_interpersonal",
    "kesadaran_diri",
    "berpikir_kritis_strategis",
    "problem_solving",
    "kecerdasan_emosional",
    "growth_mindset",
    "motivasi_komitmen",
)
# Stored under the same keys as the demo generator's results (English names of RULES.md §4's aspects).
ASPECT_KEYS = dict(
    zip(
        POTENTIAL_ASPECTS,
        (
            "intellectual",
            "interpersonal",
            "self_awareness",
            "critical_strategic_thinking",
            "problem_solving",
            "emotional_intelligence",
            "growth_mindset",
            "grit",
        ),
        strict=True,
    )
)
DIGITAL_LITERACY = tuple(f"literasi_digital_{i}" for i in range(1, 5))
EMERGING_SKILLS = tuple(f"emerging_skill_{i}" for i in range(1, 13))
NARRATIVES = {
    "kekuatan": "strengths",
    "area_pengembangan": "development_areas",
    "kesimpulan": "conclusion",
    "rekomendasi": "recommendations",
}
STANDARD_COLUMNS = tuple(f"standar_{f}" for f in COMPETENCY_FIELDS)
OTHER_KNOWN = ("instrumen", "kategori_potensi", "asesor", "standar", "masa_berlaku_tahun")
INSTRUMENT_ALIASES = {
    "cat_bkn": "cat_bkn",
    "cat": "cat_bkn",
    "assessment_centre": "assessment_centre",
    "assessment_center": "assessment_centre",
    "ac": "assessment_centre",
    "other": "other",
    "lainnya": "other",
}


def template_columns(instrument: str = "cat_bkn") -> list[str]:
    """The full template of an instrument. An assessment centre also reports digital literacy and
    emerging skills; BKN's computer-assisted test scores against level 3 (RULES.md §3)."""
    cols = [
        "nip",
        "tanggal",
        "instrumen",
        *COMPETENCY_FIELDS,
        *STANDARD_COLUMNS,
        "standar",
        "skor_potensi",
        *POTENTIAL_ASPECTS,
        "kategori_potensi",
    ]
    if instrument == "assessment_centre":
        cols += [*DIGITAL_LITERACY, *EMERGING_SKILLS]
    return [*cols, *NARRATIVES, "asesor", "masa_berlaku_tahun"]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row}
        if self.column:
            where += _(", column %(column)s") % {"column": self.column}
        value = _(", value '%(value)s'") % {"value": self.value} if self.value else ""
        return f"{where}{value}: {self.reason}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("\n".join(map(str, report.errors)))
        self.report = report


class BadTable(ValidationError):
    """The file cannot be taken as a table: every row (and column) at fault, as RowErrors."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__([str(e) for e in errors], code="table")
        self.errors = errors


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _once_each(header: list[str]) -> None:
    if twice := repeated_heading(header):
        first, second = twice
        column = header[second - 1]
        reason = _(
            "column %(column)s appears twice (columns %(first)s and %(second)s): remove one of them."
        ) % {
            "column": column,
            "first": first,
            "second": second,
        }
        raise BadTable([RowError(1, column, "", reason)])


def _text(data: bytes) -> str:
    """The file as text: UTF-8 (with or without a BOM), else a refusal naming the row of the bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = len(re.split(rb"\r\n|\r|\n", data[: exc.start]))
        reason = _(
            "the file is not UTF-8 text (byte 0x%(byte)s, as Excel's 'CSV' or ANSI writes é or ü): save it "
            "again as 'CSV UTF-8'."
        ) % {"byte": f"{data[exc.start]:02X}"}
        raise BadTable([RowError(row, "", "", reason)]) from exc


def _cells_check(
    row: int, header: list[str], values: list[Any], errors: list[RowError], *, beyond: bool = True
) -> None:
    """A NUL in a cell (no database stores it) and, in CSV, cells beyond the heading (they would be
    dropped silently)."""
    for n, v in enumerate(values):
        if isinstance(v, str) and "\x00" in v:
            column = header[n] if n < len(header) and header[n] else _("column %(n)s") % {"n": n + 1}
            errors.append(
                RowError(row, column, "", _("the cell holds a NUL character (\\0), which cannot be stored."))
            )
    filled = [n for n, v in enumerate(values) if v is not None and str(v).strip()]
    if beyond and filled and filled[-1] >= len(header):
        errors.append(
            RowError(
                row,
                "",
                "",
                _(
                    "the row has %(cells)s cells but the heading %(columns)s columns. A decimal comma in a "
                    'comma-separated file splits a number in two: write "72,5" in quotes, a decimal '
                    "point (72.5), or separate the columns with semicolons."
                )
                % {"cells": filled[-1] + 1, "columns": len(header)},
            )
        )


def _csv_table(name: str, data: bytes) -> Table:
    text = _text(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:  # one column: nothing to tell the separator by
        dialect = csv.excel
    # newline="": a line may end in \r\n, \n or a lone \r (old Mac Excel), and a quoted cell may hold one.
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    row = 0
    it = iter(reader)
    while True:
        try:
            values = next(it)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field limit" in str(exc):
                reason = _("a cell is longer than %(max)s characters.") % {
                    "max": angka(csv.field_size_limit())
                }
            else:
                reason = _("the row cannot be read as CSV (%(error)s).") % {"error": exc}
            raise BadTable([*errors, RowError(row + 1, "", "", reason)]) from exc
        row += 1
        if row == 1:
            header = [h.strip().lower() for h in values]
            if not any(header):
                reason = _("the first row must hold the column headings (nip, …).")
                raise BadTable([RowError(1, "", "", reason)])
            _once_each(header)
            _cells_check(1, header, values, errors)
            continue
        _cells_check(row, header, values, errors)
        rec = {h: (v or "").strip() for h, v in zip(header, values, strict=False) if h}
        if any(rec.values()):
            rows.append((row, rec))
            check_rows(len(rows), name)
    if errors:
        raise BadTable(errors)
    return Table(header, rows)


def _sheet(wb: Any, name: str) -> Any:
    """The sheet holding the data: the only visible one, else the only visible one with a nip column;
    a hidden sheet is never read (a stale copy is often kept hidden)."""
    visible = visible_sheets(wb)
    if len(visible) == 1:
        return visible[0]

    def heading(ws: Any) -> set[str]:
        first = next(ws.iter_rows(max_row=1, values_only=True), ())
        return {str(h or "").strip().lower() for h in first}

    with_nip = [ws for ws in visible if "nip" in heading(ws)]
    if len(with_nip) == 1:
        return with_nip[0]
    raise BadTable(
        [
            RowError(
                1,
                "",
                "",
                _("the workbook has several visible sheets (%(sheets)s): keep only the one with the data.")
                % {"sheets": ", ".join(ws.title for ws in with_nip or visible)},
            )
        ]
    )


def _xlsx_table(name: str, data: bytes) -> Table:
    from openpyxl import load_workbook

    # A small file can expand to gigabytes (issue #14): the web form checks it, a command did not.
    check_archive(io.BytesIO(data), name=name, xlsx=True)
    ws = _sheet(load_workbook(io.BytesIO(data), read_only=True, data_only=True), name)
    it = ws.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(it, [])]
    _once_each(header)
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    for i, values in enumerate(it, start=2):
        if not any(v is not None and str(v).strip() for v in values):
            continue  # an empty (perhaps only formatted) row is not counted against the cap
        # Cells right of the heading are ignored here: a spreadsheet keeps a number whole.
        _cells_check(i, header, list(values), errors, beyond=False)
        rec = {}
        for h, v in zip(header, values, strict=False):
            if not h:
                continue
            if h == "nip" and isinstance(v, int | float) and not isinstance(v, bool):
                # Excel keeps 15 significant digits: 198501012008031001 typed as a number comes back as
                # 198501012008031008, someone else's NIP.
                errors.append(
                    RowError(
                        i,
                        "nip",
                        str(v),
                        _(
                            "NIP must be written as text (format the column as Text, or type ' before it): "
                            "a NIP given as a number loses its last digits."
                        ),
                    )
                )
            if isinstance(v, datetime):
                v = v.date()
            if isinstance(v, date):
                v = v.isoformat()
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            rec[h] = "" if v is None else str(v).strip()
        if any(rec.values()):
            rows.append((i, rec))
            check_rows(len(rows), name)
    if errors:
        raise BadTable(errors)
    return Table(header, rows)


def read_sheet(name: str, data: bytes) -> Table:
    """The heading (row 1, lower case) and (spreadsheet row number, {column: text}) of every non-empty
    row of a CSV or xlsx file. Raises BadTable (a ValidationError) naming each row and column at fault:
    a column twice, text not UTF-8, a row longer than the heading, a NUL, a NIP given as a number."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_table(name, data)
    return _csv_table(name, data)


def read_table(name: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column: text}) for every non-empty row; header is row 1."""
    return read_sheet(name, data).rows


def _decimal(text: str) -> Decimal:
    """A number as typed ("3,5" or "3.5"); InvalidOperation for anything else, NaN and the infinities
    included (Decimal reads them, and comparing a NaN to a range raises outside the range check)."""
    if "_" in text:  # Decimal reads "5_0" as 50
        raise InvalidOperation
    value = Decimal(text.replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def _whole(text: str) -> int:
    """A whole number as typed; ValueError for anything else, "1_0" included (int reads it as 10)."""
    if "_" in text:
        raise ValueError(text)
    return int(text)


def _level(row: int, col: str, text: str, errors: list[RowError]) -> Decimal | None:
    try:
        value = _decimal(text)
    except InvalidOperation:
        errors.append(RowError(row, col, text, _("not a number; a level 1–5 with at most one decimal.")))
        return None
    if not (Decimal(1) <= value <= Decimal(5)) or value != value.quantize(Decimal("0.1")):
        errors.append(RowError(row, col, text, _("a level must be 1–5 with at most one decimal.")))
        return None
    return value.quantize(Decimal("0.1"))


def _parse_row(
    i: int,
    rec: dict[str, str],
    employees: dict[str, Employee],
    campaign: Campaign | None,
    errors: list[RowError],
    today: date,
) -> dict[str, Any] | None:
    n_before = len(errors)
    nip = rec.get("nip", "")
    emp = employees.get(nip)
    if not nip:
        errors.append(RowError(i, "nip", "", _("NIP is empty.")))
    elif emp is None:
        errors.append(RowError(i, "nip", nip, _("NIP not found in this instansi.")))
    day = None
    try:
        day = date.fromisoformat(rec.get("tanggal", ""))
    except ValueError:
        errors.append(RowError(i, "tanggal", rec.get("tanggal", ""), _("the date must be yyyy-mm-dd.")))
    else:
        latest = today + ASSESSED_MARGIN
        if not ASSESSED_FROM <= day <= latest:
            errors.append(
                RowError(
                    i,
                    "tanggal",
                    rec["tanggal"],
                    _("an assessment date must lie between %(first)s and %(last)s (not in the future).")
                    % {"first": ASSESSED_FROM.isoformat(), "last": latest.isoformat()},
                )
            )
            day = None
    levels = {}
    for f in COMPETENCY_FIELDS:
        text = rec.get(f, "")
        if not text:
            errors.append(RowError(i, f, "", _("a competency level is required (1–5).")))
            continue
        levels[f] = _level(i, f, text, errors)
    instrument_text = (rec.get("instrumen") or (campaign.instrument if campaign else "cat_bkn")).lower()
    instrument = INSTRUMENT_ALIASES.get(instrument_text.replace(" ", "_"))
    if instrument is None:
        errors.append(
            RowError(
                i, "instrumen", instrument_text, _("the instrument must be cat_bkn or assessment_centre.")
            )
        )
    potential = None
    if rec.get("skor_potensi"):
        try:
            potential = _decimal(rec["skor_potensi"])
            if not Decimal(0) <= potential <= Decimal(100):
                raise InvalidOperation
            potential = potential.quantize(Decimal("0.01"))
        except InvalidOperation:
            errors.append(
                RowError(
                    i, "skor_potensi", rec["skor_potensi"], _("the potential score must be a number 0–100.")
                )
            )
            potential = None
    category = (rec.get("kategori_potensi") or "").lower()
    if category and category not in Assessment.PotentialCategory.values:
        errors.append(RowError(i, "kategori_potensi", category, _("must be tinggi, menengah or rendah.")))

    def scores(cols: tuple[str, ...]) -> dict[str, str]:
        out = {}
        for c in cols:
            if rec.get(c):
                try:
                    out[c] = str(_decimal(rec[c]))
                except InvalidOperation:
                    errors.append(RowError(i, c, rec[c], _("not a number.")))
        return out

    aspects = {ASPECT_KEYS[k]: v for k, v in scores(POTENTIAL_ASPECTS).items()}
    digital, emerging = scores(DIGITAL_LITERACY), scores(EMERGING_SKILLS)
    validity = 3 if campaign is None else campaign.validity_years
    if rec.get("masa_berlaku_tahun"):
        try:
            validity = _whole(rec["masa_berlaku_tahun"])
            if not 1 <= validity <= 10:
                raise ValueError
        except ValueError:
            errors.append(
                RowError(i, "masa_berlaku_tahun", rec["masa_berlaku_tahun"], _("must be 1–10 years."))
            )
    # The standard used: explicit columns, else the campaign's, else the post held on that date.
    standard: dict[str, int] = {}
    label = rec.get("standar", "")
    if any(rec.get(c) for c in STANDARD_COLUMNS):
        for f, c in zip(COMPETENCY_FIELDS, STANDARD_COLUMNS, strict=True):
            try:
                v = _whole(rec.get(c, ""))
                if not 1 <= v <= 5:
                    raise ValueError
                standard[f.upper()] = v
            except ValueError:
                errors.append(RowError(i, c, rec.get(c, ""), _("a standard must be a whole number 1–5.")))
        label = label or "Standar pada berkas"
    elif campaign is not None and campaign.standard:
        standard = {k.upper(): int(v) for k, v in campaign.standard.items()}
        label = label or campaign.standard_label or campaign.name
    elif emp is not None and day is not None:
        level, overrides, post = selectors.post_on(emp, day)
        if level is None:
            errors.append(RowError(i, "nip", nip, _("no post on that date to take the standard from.")))
        else:
            standard = jr.competency_standard(level, overrides)
            label = label or f"{post} ({jr.LEVEL_LABELS[jr.Level(level)]})"
    if len(errors) > n_before:
        return None
    known = set(MINIMAL_COLUMNS) | set(template_columns("assessment_centre")) | set(OTHER_KNOWN)
    value = jpm({k.upper(): v for k, v in levels.items()}, standard).quantize(Decimal("0.000001"))
    bands = JPM_MAPPING_BANDS if campaign is None else campaign.jpm_bands
    return {
        "employee": emp,
        "assessed_on": day,
        "instrument": instrument,
        "fields": {
            **levels,
            "standard": standard,
            "standard_label": label[:200],
            "jpm": value,
            "jpm_category": mapping_category(value, bands),
            "jpm_bands": bands_stored(bands),
            "gaps": {k: str(v) for k, v in gaps({k.upper(): v for k, v in levels.items()}, standard).items()},
            "potential_score": potential,
            "potential_aspects": aspects,
            "potential_category": category,
            "digital_literacy": digital,
            "emerging_skills": emerging,
            **{model_field: rec.get(col, "") for col, model_field in NARRATIVES.items()},
            "assessor": rec.get("asesor", "")[:200],
            "validity_years": validity,
            "raw": {k: v for k, v in rec.items() if k not in known and v},
        },
    }


def _same(a: Assessment, fields: dict[str, Any]) -> bool:
    for k, v in fields.items():
        current = getattr(a, k)
        if isinstance(v, Decimal) and current is not None:
            if Decimal(current) != v:
                return False
        elif current != v:
            return False
    return True


def assessments_import(
    *,
    name: str,
    data: bytes,
    instansi_id: int,
    by: Any = None,
    dry_run: bool = False,
    campaign: Campaign | None = None,
    employees: Any = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate every row, then (unless dry run or any error) write all in one transaction.
    Raises ImportFailed with the report when a row is bad: nothing is written then.
    `progress` counts each row twice: once when checked, once when written."""
    report = ImportReport(dry_run=dry_run)
    try:
        table = read_table(name, data)
    except BadTable as exc:  # the rows and columns at fault
        report.errors.extend(exc.errors)
        raise ImportFailed(report) from exc
    except ValidationError as exc:  # over a cap (core/uploads.py): its own message
        report.errors.append(RowError(1, "", "", " ".join(exc.messages)))
        raise ImportFailed(report) from exc
    except UnicodeDecodeError as exc:
        report.errors.append(
            RowError(1, "", "", _("the file is not CSV text (UTF-8) or Excel: save it again."))
        )
        raise ImportFailed(report) from exc
    except Exception as exc:  # a broken file is a user error, reported as such
        report.errors.append(
            RowError(1, "", "", _("the file cannot be read (%(error)s).") % {"error": exc.__class__.__name__})
        )
        raise ImportFailed(report) from exc
    report.rows = len(table)
    if progress is not None:
        progress.set_total(2 * len(table))
    if not table:
        report.errors.append(RowError(1, "", "", _("the file has no data rows.")))
        raise ImportFailed(report)
    header = set().union(*(r.keys() for _, r in table))
    missing = [c for c in ("nip", "tanggal", *COMPETENCY_FIELDS) if c not in header]
    if missing:
        report.errors.append(RowError(1, ", ".join(missing), "", _("required columns are missing.")))
        raise ImportFailed(report)
    known = set(MINIMAL_COLUMNS) | set(template_columns("assessment_centre")) | set(OTHER_KNOWN)
    report.unknown_columns = sorted(header - known)
    pool = employees if employees is not None else Employee.objects.all()
    nips = {r.get("nip", "") for _, r in table}
    by_nip = {e.nip: e for e in pool.filter(instansi_id=instansi_id, nip__in=nips).select_related("position")}
    if campaign is not None and campaign.instansi_id == instansi_id:
        # A joint campaign's organiser (issue #18) imports the results of every participant, the partners'
        # included; each result belongs to the participant's own instansi (its audit entry goes there).
        joined = Employee.objects.filter(profiling_entries__campaign=campaign, nip__in=nips)
        by_nip.update({e.nip: e for e in joined.select_related("position")})
    parsed: list[tuple[int, dict[str, Any]]] = []
    today = timezone.localdate()
    seen: dict[tuple, int] = {}
    for i, rec in table:
        if progress is not None:
            progress.advance(1, _("checking row %(row)s") % {"row": angka(i)})
        p = _parse_row(i, rec, by_nip, campaign, report.errors, today)
        if p is None:
            continue
        key = (p["employee"].pk, p["assessed_on"], p["instrument"])
        if key in seen:
            report.errors.append(
                RowError(
                    i, "nip", rec["nip"], _("the same result is already in row %(row)s.") % {"row": seen[key]}
                )
            )
            continue
        seen[key] = i
        parsed.append((i, p))
    if report.errors:
        raise ImportFailed(report)
    with transaction.atomic():
        existing = {
            (a.employee_id, a.assessed_on, a.instrument): a
            for a in Assessment.objects.filter(employee_id__in=[p["employee"].pk for _, p in parsed])
        }
        for i, p in parsed:
            if progress is not None:
                progress.advance(1, _("saving row %(row)s") % {"row": angka(i)})
            key = (p["employee"].pk, p["assessed_on"], p["instrument"])
            current = existing.get(key)
            if current is not None and _same(current, p["fields"]):
                report.unchanged += 1
                continue
            if dry_run:
                report.created += current is None
                report.updated += current is not None
                continue
            if current is None:
                a = Assessment.objects.create(
                    employee=p["employee"],
                    assessed_on=p["assessed_on"],
                    instrument=p["instrument"],
                    campaign=campaign,
                    **p["fields"],
                )
                report.created += 1
                action = "profiling.assessment_create"
            else:
                for k, v in p["fields"].items():
                    setattr(current, k, v)
                current.save()
                a = current
                report.updated += 1
                action = "profiling.assessment_update"
            _link_participant(a, campaign)
            audit_record(
                actor=by,
                action=action,
                target=p["employee"],
                changes={
                    "assessed_on": a.assessed_on,
                    "instrument": a.instrument,
                    "jpm": a.jpm,
                    "potential_score": a.potential_score,
                },
            )
        if not dry_run:
            audit_record(
                actor=by,
                action="profiling.assessments_import",
                instansi_id=instansi_id,
                target_type="file",
                target_id=name[:100],
                target_repr=name[:300],
                changes={
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
    return report


def _link_participant(a: Assessment, campaign: Campaign | None) -> None:
    """Attach the result to the participant it belongs to (the campaign given, or one whose dates
    contain the assessment date)."""
    qs = Participant.objects.filter(employee_id=a.employee_id)
    qs = (
        qs.filter(campaign=campaign)
        if campaign is not None
        else qs.filter(campaign__start_date__lte=a.assessed_on, campaign__end_date__gte=a.assessed_on)
    )
    p = qs.select_related("campaign").first()
    if p is None:
        return
    p.assessment = a
    p.status = Participant.Status.ASSESSED
    p.save(update_fields=["assessment", "status"])
    if a.campaign_id is None:
        a.campaign = p.campaign
        a.save(update_fields=["campaign"])


def import_file(path: Path, **kwargs: Any) -> ImportReport:
    return assessments_import(name=path.name, data=path.read_bytes(), **kwargs)
