"""The CSV interface of `talenta schedule-waves`: input nip,unit,unavailable[,wave]; output
nip,wave,date,start,end."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from talenta.core.cells import safe_writer
from talenta.profiling.rules.scheduling import Person, WaveSpec

REQUIRED = ("nip", "unit", "unavailable")


EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


class BadDate(ValueError):
    def __init__(self, part: str, *, out_of_range: bool = False) -> None:
        if out_of_range:
            super().__init__(_("'%(value)s' is not a date between 1900 and 2100.") % {"value": part})
            self.reason = _("not a date between 1900 and 2100.")
        else:
            super().__init__(_("'%(value)s' is not a date yyyy-mm-dd.") % {"value": part})
            self.reason = _("not a date yyyy-mm-dd.")
        self.part = part


def parse_dates(text: str) -> frozenset[date]:
    """Dates `yyyy-mm-dd` separated by `;` (or `,`); raises BadDate naming the first bad one."""
    days = set()
    for part in (p.strip() for p in (text or "").replace(",", ";").split(";")):
        if not part:
            continue
        try:
            day = date.fromisoformat(part)
        except ValueError as exc:
            raise BadDate(part) from exc
        if not EARLIEST <= day <= LATEST:  # 9999-12-31 is a typing error, not a date to avoid
            raise BadDate(part, out_of_range=True)
        days.add(day)
    return frozenset(days)


def parse_unavailable(text: str, *, row: int) -> frozenset[date]:
    try:
        return parse_dates(text)
    except BadDate as exc:
        raise ValueError(
            _("Row %(row)s, column unavailable: %(error)s") % {"row": row, "error": exc}
        ) from exc


def read_participants(path: Path) -> list[Person]:
    """The participants of a CSV (or xlsx) file; ValueError naming every row and column at fault."""
    from django.core.exceptions import ValidationError

    from talenta.profiling.imports import read_sheet

    try:
        table = read_sheet(path.name, path.read_bytes())
    except ValidationError as exc:  # encoding, a column twice, a row longer than the heading, a NUL…
        raise ValueError("\n".join(exc.messages)) from exc
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        raise ValueError(
            _("Required columns missing: %(columns)s (must be nip,unit,unavailable).")
            % {"columns": ", ".join(missing)}
        )
    people, seen = [], {}
    for i, rec in table.rows:  # i: the row as a spreadsheet counts it (1 is the header)
        nip = rec.get("nip", "")
        if not nip:
            raise ValueError(_("Row %(row)s, column nip: empty.") % {"row": i})
        if nip in seen:
            raise ValueError(
                _("Row %(row)s, column nip, value '%(value)s': the participant is already in row %(first)s.")
                % {"row": i, "value": nip, "first": seen[nip]}
            )
        seen[nip] = i
        pin_text = rec.get("wave", "")
        try:
            if "_" in pin_text:  # int reads "1_0" as 10
                raise ValueError(pin_text)
            pin = int(pin_text) if pin_text else None
        except ValueError as exc:
            raise ValueError(
                _("Row %(row)s, column wave: '%(value)s' is not a wave number.")
                % {"row": i, "value": pin_text}
            ) from exc
        people.append(
            Person(
                id=nip,
                group=rec.get("unit", ""),
                unavailable=parse_unavailable(rec.get("unavailable", ""), row=i),
                pin=pin,
            )
        )
    return people


def write_schedule(path: Path, assignment: dict[str, int], waves: Sequence[WaveSpec]) -> None:
    by_number = {w.number: w for w in waves}
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = safe_writer(fh)
        w.writerow(["nip", "wave", "date", "start", "end"])
        for nip, n in sorted(assignment.items(), key=lambda kv: (kv[1], kv[0])):
            spec = by_number[n]
            w.writerow(
                [nip, n, spec.day.isoformat(), spec.start.strftime("%H:%M"), spec.end.strftime("%H:%M")]
            )
