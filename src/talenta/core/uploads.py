"""Caps on what a user can upload, so one file cannot exhaust the server (issue #14).

Every cap is a setting (settings.py, "Hardening"); a file over a cap is refused at once with a message
naming the cap. `check_upload` runs in the form or API operation before the file is stored;
`check_archive` before a zip or xlsx is opened; the readers count rows and cut values as they stream.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What a user may upload to the SIASN import (the form and the API accept the same).
SIASN_SUFFIXES = (".json", ".csv", ".txt", ".xlsx", ".zip")
# Magic numbers of files that are certainly not a SIASN export or a CSV list (executables, images, PDF…).
_BINARY_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"Rar!",
    b"7z",
)
ERROR_VALUE_CHARS = 200  # a value quoted in a stored error report is cut to this


def cap(name: str) -> int:
    return int(getattr(settings, name))


def cut(value: Any, n: int = ERROR_VALUE_CHARS) -> str:
    """`value` as text of at most `n` characters (with an ellipsis when cut)."""
    text = "" if value is None else str(value)
    return text if len(text) <= n else text[: n - 1] + "…"


def check_upload(f: Any, *, suffixes: tuple[str, ...] | None = None, max_bytes: int | None = None) -> None:
    """Refuse an uploaded file that is too large, of a format not accepted, or binary where text is
    expected. Raises ValidationError (code `too_large`, `bad_format` or `binary`)."""
    name = Path(getattr(f, "name", "") or "").name
    limit = max_bytes or cap("UPLOAD_MAX_FILE_BYTES")
    if (f.size or 0) > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; the largest file accepted is %(max)s.")
            % {"name": name, "size": filesizeformat(f.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    suffix = Path(name).suffix.lower()
    if suffixes is not None and suffix not in suffixes:
        raise ValidationError(
            _("%(name)s: only %(formats)s files are accepted.")
            % {"name": name, "formats": ", ".join(suffixes)},
            code="bad_format",
        )
    head = _head(f)
    if suffix in (".json", ".csv", ".txt") and (head.startswith(_BINARY_MAGIC) or b"\x00" in head):
        raise ValidationError(
            _("%(name)s is a binary file, not text: save it as CSV or JSON (UTF-8) and upload again.")
            % {"name": name},
            code="binary",
        )


def _head(f: Any) -> bytes:
    try:
        f.seek(0)
        head = f.read(4096)
        f.seek(0)
    except (AttributeError, OSError, ValueError):
        return b""
    return head if isinstance(head, bytes) else head.encode()


def check_archive(source: str | Path | IO[bytes], *, name: str = "", xlsx: bool = False) -> None:
    """Refuse a zip (or xlsx, itself a zip) whose entries would expand past the caps: too many entries,
    too large in total, or compressed too well (a "zip bomb"). The sizes come from the zip's directory,
    which Python's zipfile enforces when reading (a lying entry fails its length and CRC check)."""
    label = name or Path(str(getattr(source, "name", source))).name
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as e:
        raise ValidationError(
            _("%(name)s is not a readable zip or Excel file.") % {"name": label}, code="bad_zip"
        ) from e
    with zf:
        infos = zf.infolist()
        if len(infos) > cap("UPLOAD_MAX_ZIP_ENTRIES"):
            raise ValidationError(
                _("%(name)s holds %(n)d files; at most %(max)d are accepted.")
                % {"name": label, "n": len(infos), "max": cap("UPLOAD_MAX_ZIP_ENTRIES")},
                code="too_many_entries",
            )
        total = sum(i.file_size for i in infos)
        if total > cap("UPLOAD_MAX_UNZIPPED_BYTES"):
            raise ValidationError(
                _("%(name)s expands to %(size)s; at most %(max)s is accepted.")
                % {
                    "name": label,
                    "size": filesizeformat(total),
                    "max": filesizeformat(cap("UPLOAD_MAX_UNZIPPED_BYTES")),
                },
                code="too_large_unzipped",
            )
        for i in infos:
            if i.file_size > 1 << 20 and i.file_size > cap("UPLOAD_MAX_ZIP_RATIO") * max(i.compress_size, 1):
                raise ValidationError(
                    _("%(name)s: %(entry)s is compressed %(ratio)d times; a real export is not.")
                    % {
                        "name": label,
                        "entry": i.filename[:100],
                        "ratio": i.file_size // max(i.compress_size, 1),
                    },
                    code="zip_bomb",
                )
        if xlsx:
            _check_shared_strings(zf, label)


_SI = re.compile(rb"<(?:\w+:)?si[ >/]")


def _check_shared_strings(zf: zipfile.ZipFile, label: str) -> None:
    """openpyxl keeps every shared string of a workbook in memory before the first row: count them
    first, streaming (linear, a few MB at a time)."""
    try:
        stream = zf.open("xl/sharedStrings.xml")
    except KeyError:
        return
    limit = cap("UPLOAD_MAX_XLSX_STRINGS")
    n, tail = 0, b""
    with stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            n += len(_SI.findall(data))
            tail = data[-8:]
            n -= len(_SI.findall(tail))  # counted again with the next chunk
            if n > limit:
                raise ValidationError(
                    _("%(name)s holds more than %(max)d distinct texts; split it into smaller workbooks.")
                    % {"name": label, "max": limit},
                    code="too_many_strings",
                )


def repeated_heading(keys: list[str]) -> tuple[int, int] | None:
    """(first, second) column numbers (1-based) of the first non-empty heading given twice, else None: with
    one twice, which of its values counts cannot be told (a reader would take the later one silently)."""
    first: dict[str, int] = {}
    for i, k in enumerate(keys, start=1):
        if not k:
            continue
        if k in first:
            return first[k], i
        first[k] = i
    return None


def visible_sheets(wb: Any) -> list[Any]:
    """The worksheets of an uploaded workbook that a person sees: a hidden sheet (often a stale copy kept
    out of sight) is never read; a workbook whose every sheet is hidden gives its first."""
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or wb.worksheets[:1]


def check_rows(n: int, name: str) -> None:
    if n > cap("UPLOAD_MAX_ROWS"):
        raise ValidationError(
            _("%(name)s has more than %(max)d rows; split it into smaller files.")
            % {"name": name, "max": cap("UPLOAD_MAX_ROWS")},
            code="too_many_rows",
        )


def check_siasn_upload(f: Any) -> None:
    """An uploaded SIASN file, before it is stored: size, format, text, and for a zip or xlsx what it
    would expand to. The web form and the API call this same function."""
    check_upload(f, suffixes=SIASN_SUFFIXES)
    suffix = Path(f.name).suffix.lower()
    if suffix in (".zip", ".xlsx"):
        f.seek(0)
        check_archive(f, name=Path(f.name).name, xlsx=suffix == ".xlsx")
        f.seek(0)


def check_results_upload(f: Any) -> None:
    """An assessment-results file (profiling import): CSV or Excel, within the caps."""
    check_upload(f, suffixes=(".csv", ".txt", ".xlsx"))
    if Path(f.name).suffix.lower() == ".xlsx":
        f.seek(0)
        check_archive(f, name=Path(f.name).name, xlsx=True)
        f.seek(0)
