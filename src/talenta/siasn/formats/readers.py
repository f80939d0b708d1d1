"""Reading SIASN files: API JSON (envelope or bare data), the "Export Data ASN" CSV and Talenta's Excel
templates; one file, a folder or a zip. Records are yielded one at a time (CSV and Excel stream; a JSON file
is one endpoint's response and is parsed whole), people first, since history rows point at them."""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from talenta.core.cells import unguarded
from talenta.core.display import angka
from talenta.core.errors import JobError
from talenta.core.storable import NUL, refusal, shown, unstorable
from talenta.core.uploads import check_archive, repeated_heading
from talenta.siasn.rules.fields import ORDER, detect_kind
from talenta.siasn.rules.values import clean_text

# "Export Data ASN" heading → data-utama key (SIASN.md). A heading not listed keeps its own name as key.
CSV_HEADINGS: tuple[tuple[str, str], ...] = (
    ("PNS ID", "id"), ("NIP BARU", "nipBaru"), ("NIP LAMA", "nipLama"), ("NAMA", "nama"),
    ("GELAR DEPAN", "gelarDepan"), ("GELAR BELAKANG", "gelarBelakang"), ("TEMPAT LAHIR ID", "tempatLahirId"),
    ("TEMPAT LAHIR NAMA", "tempatLahir"), ("TANGGAL LAHIR", "tglLahir"), ("JENIS KELAMIN", "jenisKelamin"),
    ("AGAMA ID", "agamaId"), ("AGAMA NAMA", "agama"), ("JENIS KAWIN ID", "jenisKawinId"),
    ("JENIS KAWIN NAMA", "statusPerkawinan"), ("NIK", "nik"), ("NOMOR HP", "noHp"), ("EMAIL", "email"),
    ("EMAIL GOV", "emailGov"), ("ALAMAT", "alamat"), ("NPWP NOMOR", "noNpwp"), ("BPJS", "bpjs"),
    ("JENIS PEGAWAI ID", "jenisPegawaiId"), ("JENIS PEGAWAI NAMA", "jenisPegawaiNama"),
    ("KEDUDUKAN HUKUM ID", "kedudukanPnsId"), ("KEDUDUKAN HUKUM NAMA", "kedudukanPnsNama"),
    ("STATUS CPNS PNS", "statusPegawai"), ("KARTU ASN VIRTUAL", "kartuAsn"), ("NOMOR SK CPNS", "nomorSkCpns"),
    ("TANGGAL SK CPNS", "tglSkCpns"), ("TMT CPNS", "tmtCpns"), ("NOMOR SK PNS", "nomorSkPns"),
    ("TANGGAL SK PNS", "tglSkPns"), ("TMT PNS", "tmtPns"), ("GOL AWAL ID", "golRuangAwalId"),
    ("GOL AWAL NAMA", "golRuangAwal"), ("GOL AKHIR ID", "golRuangAkhirId"),
    ("GOL AKHIR NAMA", "golRuangAkhir"),
    ("TMT GOLONGAN", "tmtGolAkhir"), ("MK TAHUN", "mkTahun"), ("MK BULAN", "mkBulan"),
    ("JENIS JABATAN ID", "jenisJabatanId"), ("JENIS JABATAN NAMA", "jenisJabatan"),
    ("JABATAN ID", "jabatanId"),
    ("JABATAN NAMA", "jabatanNama"), ("TMT JABATAN", "tmtJabatan"),
    ("TINGKAT PENDIDIKAN ID", "tkPendidikanTerakhirId"), ("TINGKAT PENDIDIKAN NAMA", "tkPendidikanTerakhir"),
    ("PENDIDIKAN ID", "pendidikanTerakhirId"), ("PENDIDIKAN NAMA", "pendidikanTerakhirNama"),
    ("TAHUN LULUS", "tahunLulus"), ("KPKN ID", "kpknId"), ("KPKN NAMA", "kpknNama"),
    ("LOKASI KERJA ID", "lokasiKerjaId"), ("LOKASI KERJA NAMA", "lokasiKerja"), ("UNOR ID", "unorId"),
    ("UNOR NAMA", "unorNama"), ("INSTANSI INDUK ID", "instansiIndukId"),
    ("INSTANSI INDUK NAMA", "instansiIndukNama"), ("INSTANSI KERJA ID", "instansiKerjaId"),
    ("INSTANSI KERJA NAMA", "instansiKerjaNama"), ("SATUAN KERJA INDUK ID", "satuanKerjaIndukId"),
    ("SATUAN KERJA INDUK NAMA", "satuanKerjaIndukNama"), ("SATUAN KERJA KERJA ID", "satuanKerjaKerjaId"),
    ("SATUAN KERJA KERJA NAMA", "satuanKerjaKerjaNama"), ("IS VALID NIK", "isValidNik"),
)  # fmt: skip
KEY_BY_HEADING = dict(CSV_HEADINGS)
HEADING_BY_KEY = {k: h for h, k in CSV_HEADINGS}
EXAMPLE_ID = "CONTOH"  # the example row of a Talenta template: never imported


class FormatError(JobError, ValueError):
    """A file that cannot be read at all (not JSON, no headings, unknown endpoint), or over a cap."""


def _archive_ok(p: Path, *, xlsx: bool) -> None:
    """A zip or xlsx within the upload caps (core/uploads.py), else a FormatError saying which."""
    try:
        check_archive(p, name=p.name, xlsx=xlsx)
    except ValidationError as e:
        raise FormatError(" ".join(e.messages)) from None


def _row_cap(name: str, n: int) -> None:
    if n > settings.UPLOAD_MAX_ROWS:
        raise FormatError(
            _("%(file)s: more than %(n)s rows; split it into several files")
            % {"file": name, "n": angka(settings.UPLOAD_MAX_ROWS)}
        )


def _too_long() -> str:
    return _("one JSON record is longer than %(n)s characters") % {
        "n": angka(settings.UPLOAD_MAX_RECORD_BYTES)
    }


def _check_values(rec: SourceRecord, limit: int) -> None:
    """Every value within the value cap, and nothing a database cannot store (core.storable: a NUL
    character, which JSON writes `\\u0000` and the binary-file check cannot see; a lone surrogate; NaN or
    an infinity): such a file is refused, naming the place, before anything of it is written."""
    for key, value in rec.data.items():
        if type(value) is str:
            if len(value) > limit:
                raise FormatError(
                    _("%(file)s: %(place)s: a value %(n)s characters long (at most %(max)s)")
                    % {
                        "file": rec.file,
                        "place": _place(rec, key),
                        "n": angka(len(value)),
                        "max": angka(limit),
                    }
                )
            if (NUL in value or not value.isascii()) and (reason := unstorable(value)):
                _refuse(rec, key, reason)
        elif type(value) is not int and value is not None and (reason := unstorable(value)):
            _refuse(rec, key, reason)
        name = str(key)
        if (NUL in name or not name.isascii()) and (reason := unstorable(name)):
            _refuse(rec, key, reason)


def _place(rec: SourceRecord, key: Any) -> str:
    """Where a value is: its JSON path (`data[3].nama`), or the row and column of a CSV or a worksheet."""
    where, col = rec.where(shown(str(key)))
    if rec.path is not None:
        return where
    return _("row %(row)s, column %(column)s") % {"row": where, "column": col}


def _refuse(rec: SourceRecord, key: Any, reason: str) -> None:
    raise FormatError(f"{rec.file}: {_place(rec, key)}: {refusal(reason)}")


@dataclass
class SourceRecord:
    kind: str
    file: str
    data: dict[str, Any]
    row: int | None = None  # spreadsheet row, heading = 1
    path: str | None = None  # JSON path of the record, e.g. "data[3]"
    headings: dict[str, str] = field(default_factory=dict)  # key → column heading
    excel_guard: bool = False
    # A row with values past its last heading: (cells up to its last value, headings); a row error.
    overflow: tuple[int, int] | None = None

    def where(self, key: str = "") -> tuple[str, str]:
        """(row or JSON path, field) as a person reading the file would name them."""
        if self.path is not None:
            return (f"{self.path}.{key}" if key else self.path), key
        return str(self.row or ""), self.headings.get(key, key)


@dataclass
class Source:
    name: str
    format: str  # json | csv | xlsx
    open: Callable[[], IO[bytes]]
    kind: str | None = None
    size: int = 0  # bytes, for the progress bar


class Meter:
    """Bytes of the sources read so far: the progress of a streamed import (rows are not known until read)."""

    def __init__(self) -> None:
        self.bytes = 0

    def add(self, n: int) -> None:
        self.bytes += n


class _Counted(io.RawIOBase):
    """A byte stream that tells a Meter what it reads."""

    def __init__(self, raw: IO[bytes], meter: Meter) -> None:
        self.raw = raw
        self.meter = meter

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.meter.add(n)
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def _metered(stream: IO[bytes], meter: Meter | None) -> IO[bytes]:
    return stream if meter is None else io.BufferedReader(_Counted(stream, meter), 1 << 16)


def sources(paths: list[Path], fmt: str = "auto", skipped: list[str] | None = None) -> list[Source]:
    """Every readable file under `paths` (files, folders, zips), each with its format and, when its name
    says so, its endpoint. `skipped` gets the names of the files not read (not JSON, CSV or Excel)."""
    out: list[Source] = []
    skipped = [] if skipped is None else skipped
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and _format_of(child.name, fmt):
                    out.append(_file_source(child, child.relative_to(p).as_posix(), fmt))
                elif child.is_file():
                    skipped.append(child.relative_to(p).as_posix())
        elif p.suffix.lower() not in (".xlsx", ".xlsm") and zipfile.is_zipfile(p):
            _archive_ok(p, xlsx=False)
            zf = zipfile.ZipFile(p)
            if "xl/workbook.xml" in zf.namelist() and fmt in ("auto", "xlsx"):
                # A workbook under another name ("pegawai.csv" saved from Excel as .xlsx): read as one,
                # not as a zip of its XML parts.
                _archive_ok(p, xlsx=True)
                out.append(Source(p.name, "xlsx", lambda p=p: p.open("rb"), None, p.stat().st_size))
                continue
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if not info.is_dir() and _format_of(info.filename, fmt):
                    out.append(
                        Source(
                            f"{p.name}/{info.filename}",
                            _format_of(info.filename, fmt) or "json",
                            (lambda zf=zf, n=info.filename: zf.open(n)),
                            detect_kind(Path(info.filename).stem),
                            info.file_size,
                        )
                    )
                elif not info.is_dir():
                    skipped.append(f"{p.name}/{info.filename}")
        elif p.is_file():
            out.append(_file_source(p, p.name, fmt))
        else:
            raise FormatError(_("%(file)s: file not found") % {"file": p})
    return out


def _file_source(p: Path, name: str, fmt: str) -> Source:
    f = _format_of(p.name, fmt) or _sniff(p)
    if f == "xlsx":
        _archive_ok(p, xlsx=True)
    kind = detect_kind(p.stem) if f == "json" else None
    return Source(name, f, lambda p=p: p.open("rb"), kind, p.stat().st_size)


def _format_of(name: str, fmt: str) -> str | None:
    if fmt != "auto":
        return fmt
    suffix = Path(name).suffix.lower()
    return {".json": "json", ".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(suffix)


def _sniff(p: Path) -> str:
    head = p.open("rb").read(4)
    if head.startswith(b"PK"):
        return "xlsx"
    return "json" if head.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"{", b"[") else "csv"


def records(srcs: list[Source], meter: Meter | None = None) -> Iterator[SourceRecord]:
    """All records of all sources, people first, then each history kind in ORDER. `meter` counts the bytes
    read (a workbook, read once per sheet kind, counts when its last kind is done)."""
    for s in srcs:
        if s.format == "json" and s.kind is None:
            s.kind = _json_kind(s)
    limit = settings.UPLOAD_MAX_VALUE_CHARS
    for rec in _records(srcs, meter):
        _check_values(rec, limit)
        yield rec


def _records(srcs: list[Source], meter: Meter | None) -> Iterator[SourceRecord]:
    for kind in ORDER:
        for s in srcs:
            if s.format == "csv" and kind == "data-utama":
                yield from read_csv(s.name, s.open, meter=meter)
            elif s.format == "xlsx":
                yield from read_xlsx(s.name, s.open(), only=kind)
                if meter is not None and kind == ORDER[-1]:
                    meter.add(s.size)
            elif s.format == "json" and s.kind == kind:
                yield from read_json(s.name, s.open, kind=kind, meter=meter)


class _TooDeep(Exception):
    """A JSON value nested deeper than the decoder can go; its argument the record's path, once known."""


class _TwiceKey(Exception):
    """A key given twice in one JSON object; its arguments the key and, once known, the record's path."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when it gives a key twice: json would keep the last value silently, where a
    CSV or a worksheet with a heading twice is refused (`_once_each`)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for k, _v in pairs:
            if k in seen:
                raise _TwiceKey(k)
            seen.add(k)
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_object)
JSON_CHUNK = 1 << 20


class _Text:
    """A growing window on a decoded byte stream, so a huge JSON file is parsed item by item."""

    def __init__(self, stream: IO[bytes], encoding: str) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.text = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(JSON_CHUNK)
        self.text = self.text[self.pos :] + self.decoder.decode(chunk, final=not chunk)
        self.pos = 0
        self.eof = not chunk
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                v, end = _DECODER.raw_decode(self.text, self.pos)
            except RecursionError:
                # Arrays or objects nested thousands deep: no SIASN record is, and the decoder cannot.
                raise _TooDeep("") from None
            except json.JSONDecodeError:
                # One record may not grow past the cap: each retry decodes the window again, so an
                # unbounded window would make a single huge value quadratic in its length.
                if len(self.text) - self.pos > settings.UPLOAD_MAX_RECORD_BYTES:
                    raise FormatError(_too_long()) from None
                if self.more():
                    continue
                raise
            # Only a number can end at the window's end and still be cut ("12" of "123"): an object, a
            # list, a string or a literal that decodes there is whole, however close to a chunk boundary.
            cut = isinstance(v, int | float) and not isinstance(v, bool)
            if cut and end == len(self.text) and not self.eof:
                if end - self.pos > settings.UPLOAD_MAX_RECORD_BYTES:
                    raise FormatError(_too_long())
                if self.more():
                    continue  # a number cut by the chunk boundary: read on and decode again
            self.pos = end
            return v

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            raise json.JSONDecodeError(f"'{ch}' expected", self.text, self.pos)
        self.pos += 1


def _not_binary(chunk: bytes, name: str) -> None:
    if b"\x00" in chunk[:65536]:
        raise FormatError(
            _("%(file)s: a binary file, not text; save it as CSV or JSON (UTF-8)") % {"file": name}
        )


def _encoding(opener: Callable[[], IO[bytes]], name: str = "") -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with opener() as f:
        try:
            first = True
            while chunk := f.read(1 << 20):
                if first:
                    _not_binary(chunk, name)
                    first = False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def iter_json(
    name: str, opener: Callable[[], IO[bytes]], meter: Meter | None = None
) -> Iterator[tuple[str, Any]]:
    """(JSON path, record) of a SIASN response, streamed: the envelope's `data` array or object, a bare
    array, or a bare object (one record)."""
    encoding = _encoding(opener, name)
    with _metered(opener(), meter) as stream:
        t = _Text(stream, encoding)
        try:
            c = t.peek()
            if c == "[":
                yield from _array(t, "")
            elif c == "{":
                t.pos += 1
                rest: dict[str, Any] = {}
                saw_data = False
                while True:
                    c = t.peek()
                    if c == "}":
                        t.pos += 1
                        break
                    if c == ",":
                        t.pos += 1
                        continue
                    key = t.value()
                    t.expect(":")
                    if key == "data":
                        saw_data = True
                        if t.peek() == "[":
                            yield from _array(t, "data")
                        else:
                            try:
                                v = t.value()
                            except _TwiceKey as e:
                                raise _TwiceKey(e.args[0], "data") from None
                            if isinstance(v, dict):
                                yield "data", v
                            elif v is not None:
                                raise FormatError(
                                    _("%(file)s: `data` must be an object or an array") % {"file": name}
                                )
                        continue
                    rest[key] = t.value()
                    if key == "code" and rest[key] not in (None, 1, "1"):
                        raise FormatError(
                            _("%(file)s: a failed SIASN response (code %(code)s: %(message)s)")
                            % {"file": name, "code": rest[key], "message": rest.get("message", "")}
                        )
                if not saw_data:
                    yield "$", rest
            else:
                raise json.JSONDecodeError("'{' or '[' expected", t.text, t.pos)
        except json.JSONDecodeError as e:
            raise FormatError(_("%(file)s: not valid JSON (%(e)s)") % {"file": name, "e": e.msg}) from None
        except _TooDeep as e:
            place = f"{name}: {e.args[0]}" if e.args and e.args[0] else name
            raise FormatError(
                _("%(place)s: JSON arrays or objects nested too deep to be read") % {"place": place}
            ) from None
        except _TwiceKey as e:
            place = f"{name}: {e.args[1]}" if len(e.args) > 1 else name
            raise FormatError(
                _("%(place)s: the key %(key)s is given twice in one record; remove one of them")
                % {"place": place, "key": shown(str(e.args[0]))}
            ) from None


def _array(t: _Text, prefix: str) -> Iterator[tuple[str, Any]]:
    t.expect("[")
    i = 0
    cap = settings.UPLOAD_MAX_ROWS
    while True:
        c = t.peek()
        if c == "]":
            t.pos += 1
            return
        if c == ",":
            t.pos += 1
            continue
        if c == "":
            raise json.JSONDecodeError("unexpected end", t.text, t.pos)
        try:
            item = t.value()
        except _TooDeep:
            raise _TooDeep(f"{prefix}[{i}]") from None
        except _TwiceKey as e:
            raise _TwiceKey(e.args[0], f"{prefix}[{i}]") from None
        yield f"{prefix}[{i}]", item
        i += 1
        if i > cap:  # the cap read once per array, not per row
            _row_cap(prefix or "JSON", i)


def _json_kind(s: Source) -> str | None:
    first = next(iter(iter_json(s.name, s.open)), None)
    keys = set(first[1]) if first and isinstance(first[1], dict) else set()
    kind = detect_kind("", keys)
    if kind is None:
        raise FormatError(
            _("%(file)s: the kind of SIASN data is recognised neither from the file name nor from its keys")
            % {"file": s.name}
        )
    return kind


def read_json(
    name: str, opener: Callable[[], IO[bytes]], *, kind: str | None = None, meter: Meter | None = None
) -> Iterator[SourceRecord]:
    for path, item in iter_json(name, opener, meter):
        if not isinstance(item, dict):
            raise FormatError(_("%(file)s: %(path)s is not an object") % {"file": name, "path": path})
        k = kind or detect_kind(name, set(item))
        if k is None:
            raise FormatError(
                _("%(file)s: %(path)s: the kind of SIASN data is not recognised")
                % {"file": name, "path": path}
            )
        yield SourceRecord(k, name, item, path=path)


def _decode(opener: Callable[[], IO[bytes]], meter: Meter | None = None, name: str = "") -> io.TextIOWrapper:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else Windows-1252. Two streaming
    passes: the file is never held whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8-sig"
    with opener() as f:
        try:
            first = True
            while chunk := f.read(1 << 20):
                if first:
                    _not_binary(chunk, name)
                    first = False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    # Windows-1252 leaves five bytes undefined: shown as U+FFFD (and then refused by the field checks),
    # not a codec exception.
    return io.TextIOWrapper(_metered(opener(), meter), encoding=encoding, errors="replace", newline="")


def _once_each(name: str, keys: list[str], headings: list[str]) -> None:
    if twice := repeated_heading(keys):
        first, second = twice
        raise FormatError(
            _(
                "%(file)s: column %(name)s appears twice (columns %(first)s and %(second)s); "
                "remove one of them"
            )
            % {"file": name, "name": headings[second - 1], "first": first, "second": second}
        )


def read_csv(
    name: str, opener: Callable[[], IO[bytes]] | IO[bytes], *, meter: Meter | None = None
) -> Iterator[SourceRecord]:
    """The "Export Data ASN" CSV: `;` or `,` separated, CRLF or LF, UTF-8/BOM or Windows-1252."""
    if not callable(opener):
        data = opener.read()
        opener = lambda: io.BytesIO(data)  # noqa: E731 - a one-line opener for an in-memory upload
    text = _decode(opener, meter, name)
    first = text.readline()
    if not first.strip():
        raise FormatError(_("%(file)s: the heading row is empty") % {"file": name})
    delimiter = ";" if first.count(";") > first.count(",") else ","
    headings = [
        unguarded(h.strip().strip('"').strip()) for h in next(csv.reader([first], delimiter=delimiter))
    ]
    keys = [KEY_BY_HEADING.get(h.upper(), h) for h in headings]
    if "nipBaru" not in keys:
        raise FormatError(
            _("%(file)s: no NIP BARU column (headings: %(headings)s...)")
            % {"file": name, "headings": ", ".join(headings[:5])}
        )
    _once_each(name, keys, headings)
    by_key = dict(zip(keys, headings, strict=True))
    with text:
        reader = csv.reader(text, delimiter=delimiter)
        n = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:  # e.g. a field over csv's own limit (128 KB)
                raise FormatError(
                    _("%(file)s: row %(row)s: not valid CSV (a value too long or a broken quote)")
                    % {"file": name, "row": reader.line_num + 1}
                ) from None
            n += 1
            _row_cap(name, n)
            if not any(c.strip() for c in row):
                continue  # empty trailing rows
            data = {k: (row[i] if i < len(row) else "") for i, k in enumerate(keys)}
            # line_num counts physical lines (a quoted value may span several): +1 for the heading.
            yield SourceRecord(
                "data-utama",
                name,
                data,
                row=reader.line_num + 1,
                headings=by_key,
                excel_guard=True,
                overflow=_overflow(row, len(keys)),
            )


def _overflow(row: Sequence[Any], columns: int) -> tuple[int, int] | None:
    """(cells up to the last value, headings) of a row with a value past its last heading, else None: a
    cell shifted by an unquoted comma, or a column nobody named, is not read silently as something else.
    Empty cells past the headings (a spreadsheet's trailing separators) are no value."""
    if len(row) <= columns:
        return None
    last = max((i for i in range(columns, len(row)) if clean_text(row[i])), default=-1)
    return (last + 1, columns) if last >= 0 else None


# What a cell shows when its formula fails: read with the cached values, it comes back as this text.
EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!")
)


def read_xlsx(name: str, stream: IO[bytes], *, only: str | None = None) -> Iterator[SourceRecord]:
    """A Talenta workbook: one sheet per endpoint, named after it; row 1 the keys; an example row with
    id CONTOH is skipped."""
    wb = _workbook(name, stream)
    try:
        for ws in _or_refused(name, lambda: wb.worksheets):
            kind = detect_kind(ws.title)
            if kind is None or (only and kind != only):
                continue
            rows = _sheet_rows(name, ws)
            head = next(rows, None)
            if not head:
                continue
            keys = [unguarded(clean_text(h)) for h in head]
            while keys and not keys[-1]:
                keys.pop()
            _once_each(f"{name}:{ws.title}", keys, keys)
            headings = {k: k for k in keys}
            for n, row in enumerate(rows, start=2):
                _row_cap(name, n - 1)
                values = list(row[: len(keys)])
                if not any(clean_text(v) for v in values):
                    continue
                data = {k: values[i] if i < len(values) else None for i, k in enumerate(keys) if k}
                if clean_text(data.get("id") or data.get("ID")).upper() == EXAMPLE_ID:
                    continue
                for k, v in data.items():
                    if type(v) is str and v in EXCEL_ERRORS:  # a formula's error, not a value
                        raise FormatError(
                            _(
                                "%(file)s: row %(row)s, column %(column)s: the cell holds the Excel error "
                                "%(error)s, not a value; correct its formula (or paste it as a value) and "
                                "upload again"
                            )
                            % {"file": f"{name}:{ws.title}", "row": n, "column": k, "error": v}
                        )
                yield SourceRecord(
                    kind,
                    f"{name}:{ws.title}",
                    data,
                    row=n,
                    headings=headings,
                    excel_guard=True,
                    overflow=_overflow(row, len(keys)),
                )
    finally:
        wb.close()


# What openpyxl raises on a file that is not a workbook (a zip of something else, a part missing) or whose
# XML is broken: the file is refused, named, not a server error.
_BROKEN = (
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    EOFError,
    OSError,
    zipfile.BadZipFile,
    SyntaxError,
)  # fmt: skip  (xml's ParseError is a SyntaxError)


def _not_workbook(name: str, e: BaseException) -> FormatError:
    reason = shown(str(e).strip()[:200]) or type(e).__name__
    return FormatError(
        _("%(file)s: not a valid Excel workbook (%(reason)s); open it in Excel and save it again as .xlsx")
        % {"file": name, "reason": reason}
    )


def _workbook(name: str, stream: IO[bytes]) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    with stream:
        data = stream.read()
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (*_BROKEN, InvalidFileException) as e:
        raise _not_workbook(name, e) from None


def _or_refused(name: str, get: Callable[[], Any]) -> Any:
    try:
        return get()
    except _BROKEN as e:
        raise _not_workbook(name, e) from None


def _sheet_rows(name: str, ws: Any) -> Iterator[tuple[Any, ...]]:
    """A read-only sheet's rows (parsed as they are read): broken XML found on the way refuses the file."""
    rows = _or_refused(name, lambda: ws.iter_rows(values_only=True))
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except _BROKEN as e:
            raise _not_workbook(f"{name}:{ws.title}", e) from None
        yield row


def nothing_read(srcs: list[Source], skipped: list[str], paths: list[Path]) -> FormatError:
    """The refusal of files in which no record was found at all: which files, which sheets they hold, and
    which ones the reader would have read. (Quiet success on a workbook whose sheet is named "Sheet1", a
    zip of PDFs or a CSV of headings only would tell the analyst his data is in.)"""
    names = [s.name for s in srcs] + skipped or [Path(p).name for p in paths]
    shown_names = ", ".join(names[:10]) + (", ..." if len(names) > 10 else "")
    message = _(
        "no data could be read from %(files)s; the sheets and files recognised are those named after "
        "their SIASN data (%(kinds)s) and the Export Data ASN CSV, each with at least one row under its "
        "headings"
    ) % {"files": shown_names, "kinds": ", ".join(ORDER)}
    sheets = []
    for s in srcs:
        if s.format == "xlsx":
            wb = _workbook(s.name, s.open())
            try:
                sheets += [f"{s.name}:{title}" for title in wb.sheetnames]
            finally:
                wb.close()
    if sheets:
        message += ". " + _("Sheets found: %(sheets)s.") % {"sheets": ", ".join(sheets[:20])}
    return FormatError(message)
