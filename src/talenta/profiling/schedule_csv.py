"""The CSV interface of `talenta schedule-waves`: input nip,unit,unavailable[,wave]; output
nip,wave,date,start,end."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from talenta.core.cells import safe_writer
from talenta.profiling.rules.scheduling import Person, WaveSpec

REQUIRED = ("nip", "unit", "unavailable")


class BadDate(ValueError):
    def __init__(self, part: str) -> None:
        super().__init__(_("'%(value)s' is not a date yyyy-mm-dd.") % {"value": part})
        self.part = part


def parse_dates(text: str) -> frozenset[date]:
    """Dates `yyyy-mm-dd` separated by `;` (or `,`); raises BadDate naming the first bad one."""
    days = set()
    for part in (p.strip() for p in (text or "").replace(",", ";").split(";")):
        if not part:
            continue
        try:
            days.add(date.fromisoformat(part))
        except ValueError as exc:
            raise BadDate(part) from exc
    return frozenset(days)


def parse_unavailable(text: str, *, row: int) -> frozenset[date]:
    try:
        return parse_dates(text)
    except BadDate as exc:
        raise ValueError(
            _("Row %(row)s, column unavailable: %(error)s") % {"row": row, "error": exc}
        ) from exc


def read_participants(path: Path) -> list[Person]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ValueError(
                _("Required columns missing: %(columns)s (must be nip,unit,unavailable).")
                % {"columns": ", ".join(missing)}
            )
        reader.fieldnames = header
        people = []
        for i, rec in enumerate(reader, start=2):  # row 1 is the header, as a spreadsheet counts
            nip = (rec.get("nip") or "").strip()
            if not nip:
                raise ValueError(_("Row %(row)s, column nip: empty.") % {"row": i})
            pin_text = (rec.get("wave") or "").strip()
            try:
                pin = int(pin_text) if pin_text else None
            except ValueError as exc:
                raise ValueError(
                    _("Row %(row)s, column wave: '%(value)s' is not a wave number.")
                    % {"row": i, "value": pin_text}
                ) from exc
            people.append(
                Person(
                    id=nip,
                    group=(rec.get("unit") or "").strip(),
                    unavailable=parse_unavailable(rec.get("unavailable") or "", row=i),
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
