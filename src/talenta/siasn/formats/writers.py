"""Writing SIASN shapes: a folder of API envelopes, the "Export Data ASN" CSV, a Talenta workbook (also the
empty template with validation lists and an example row), and the row-error report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from talenta.core.cells import safe_cell, safe_row, xlsx_cell
from talenta.siasn.formats.readers import CSV_HEADINGS, EXAMPLE_ID, EXCEL_ERRORS, HEADING_BY_KEY
from talenta.siasn.rules.fields import KINDS, ORDER

# Columns of a workbook sheet that get a drop-down list: key → reference table.
VALIDATED: dict[str, str] = {f.key: f.ref for k in KINDS.values() for f in k.fields if f.ref}
VALIDATED.update(
    {
        "jenisKelamin": "_jenisKelamin",
        "statusPegawai": "_statusPegawai",
        "jenisTingkatHukumanId": "_tingkatHukuman",
    }
)
FIXED_LISTS = {
    "_jenisKelamin": [("M", "Laki-laki"), ("F", "Perempuan")],
    "_statusPegawai": [("PNS", "PNS"), ("CPNS", "CPNS"), ("PPPK", "PPPK")],
    "_tingkatHukuman": [("R", "Ringan"), ("S", "Sedang"), ("B", "Berat")],
}

EXAMPLES: dict[str, dict[str, Any]] = {
    "data-utama": {
        "nipBaru": "198501012008031001",
        "nama": "CONTOH NAMA PEGAWAI",
        "tglLahir": "01-01-1985",
        "jenisKelamin": "M",
        "agamaId": "1",
        "jenisKawinId": "1",
        "statusPegawai": "PNS",
        "jenisPegawaiId": "10",
        "kedudukanPnsId": "01",
        "tmtCpns": "01-03-2008",
        "tmtPns": "01-03-2009",
        "golRuangAkhirId": "34",
        "tmtGolAkhir": "01-04-2022",
        "mkTahun": 17,
        "mkBulan": 8,
        "tkPendidikanTerakhirId": "30",
        "unorId": "8ae48288597fac650159824c6da5236c",
        "unorNama": "BIDANG APLIKASI INFORMATIKA",
        "jabatanNama": "Pranata Komputer Ahli Muda",
        "jenisJabatanId": "2",
    },
    "rw-golongan": {
        "nipBaru": "198501012008031001",
        "golonganId": "34",
        "tmtGolongan": "01-04-2022",
        "skNomor": "224 TAHUN 2022",
        "skTanggal": "31-03-2022",
    },
    "rw-jabatan": {
        "nipBaru": "198501012008031001",
        "namaJabatan": "KEPALA SUB BAGIAN UMUM",
        "eselonId": "41",
        "jenisJabatan": "1",
        "unorId": "8ae48288597fac650159824e03aa2470",
        "tmtJabatan": "29-01-2024",
        "jenisPenugasanId": "D",
    },
    "rw-pendidikan": {
        "nipBaru": "198501012008031001",
        "tkPendidikanId": "30",
        "pendidikanNama": "D-III KOMPUTER",
        "tahunLulus": "2006",
    },
    "rw-diklat": {
        "nipBaru": "198501012008031001",
        "latihanStrukturalId": "2",
        "tahun": "2015",
        "jumlahJam": 300,
    },
    "rw-kursus": {
        "nipBaru": "198501012008031001",
        "namaKursus": "Pelatihan Data",
        "jenisDiklatId": "3",
        "tahunKursus": "2023",
        "jumlahJam": 40,
    },
    "rw-skp22": {
        "pnsDinilaiId": "A8ACA7CD3C7F3912E040640A040269BB",
        "tahun": "2025",
        "hasilKinerjaNilai": "1",
        "PerilakuKerjaNilai": "2",
        "KuadranKinerjaNilai": "2",
    },
    "rw-hukdis": {
        "pnsOrang": "A8ACA7CD3C7F3912E040640A040269BB",
        "jenisHukuman": "1",
        "jenisTingkatHukumanId": "R",
        "hukumanTanggal": "01-06-2023",
    },
    "rw-penghargaan": {"pnsOrangId": "A8ACA7CD3C7F3912E040640A040269BB", "hargaId": "100", "tahun": "2020"},
}


def standard_keys(kind: str) -> list[str]:
    """The columns of a kind's sheet: its ids and person keys (a NIP on every sheet), then the modelled
    keys in table order."""
    k = KINDS[kind]
    keys = [x for x in (k.id_key, k.person_nip_key, k.pid_key) if x]
    for f in k.fields:
        keys.append(f.key)
        if f.type == "rating":
            keys.append({"rating_hasil_kerja": "hasilKinerja", "rating_perilaku": "perilakuKerja"}[f.field])
        if f.type == "predikat":
            keys.append("kuadranKinerja")
    if kind == "data-utama":
        keys += [
            "unorId",
            "unorNama",
            "unorIndukId",
            "unorIndukNama",
            "instansiIndukId",
            "jenisJabatanId",
            "jabatanNama",
            "eselonId",
            "jabatanFungsionalId",
        ]
    elif kind == "rw-jabatan":
        keys += ["unorIndukId", "unorIndukNama"]
    return list(dict.fromkeys(keys))


def envelope(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"code": 1, "count": len(records), "message": "success", "data": records}


class EnvelopeWriter:
    """One endpoint's SIASN response written record by record: `{"code": 1, ..., "data": [...], "count": n}`,
    a record per line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.f = path.open("w", encoding="utf-8")
        self.f.write('{"code": 1, "message": "success", "data": [\n')

    def write(self, rec: dict[str, Any]) -> None:
        self.f.write((",\n" if self.count else "") + json.dumps(rec, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.f.write(f'\n], "count": {self.count}}}\n')
        self.f.close()


def write_json_folder(out: Path, by_kind: dict[str, Iterable[dict[str, Any]]]) -> list[Path]:
    """One envelope file per endpoint (data-utama.json, rw-golongan.json, ...), streamed record by record."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ORDER:
        if kind not in by_kind:
            continue
        w = EnvelopeWriter(out / f"{kind}.json")
        try:
            for rec in by_kind[kind]:
                w.write(rec)
        finally:
            w.close()
        written.append(w.path)
    return written


MISSING = object()


def _cell(v: Any) -> str:
    """A value as CSV text: null → "null", "" → "'" (Excel's guard on nothing), a missing key → empty."""
    if v is MISSING:
        return ""
    if v is None:
        return "null"
    if isinstance(v, dict | list | bool):
        return json.dumps(v, ensure_ascii=False)
    return _guard(str(v))


def _guard(text: str) -> str:
    """Text a reader would take for something else gets Excel's `'` in front: "", "null", a leading `'`,
    text that looks like a JSON object, or that has spaces at either end; text that a spreadsheet would
    run as a formula (= + - @: also what keeps CSV/Excel formula injection out); and text that is what a
    failed formula shows ("#N/A"), which a workbook would store as that error, not as text."""
    if (
        text == ""
        or safe_cell(text) != text
        or text.strip().lower() == "null"
        or text.startswith("'")
        or text.strip()[:1] in ("{", "[")
        or text != text.strip()
        or text in EXCEL_ERRORS
    ):
        return "'" + text
    return text


def write_csv(out: Path | io.StringIO, people: Iterable[dict[str, Any]], extra_keys: list[str]) -> None:
    """The "Export Data ASN" CSV (one row per person), then one column per unmodelled raw key."""
    # A raw key is a heading the import was given: guarded like any cell (the reader takes the guard off).
    headings = safe_row([h for h, _k in CSV_HEADINGS] + extra_keys)
    keys = [k for _h, k in CSV_HEADINGS] + extra_keys
    f = out.open("w", encoding="utf-8-sig", newline="") if isinstance(out, Path) else out
    try:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(headings)
        for rec in people:
            w.writerow([_cell(rec.get(k, MISSING)) for k in keys])
    finally:
        if isinstance(out, Path):
            f.close()


def csv_extra_keys(keys: Iterable[str]) -> list[str]:
    return sorted(k for k in set(keys) if k not in HEADING_BY_KEY)


def write_xlsx(
    out: Path | io.BytesIO,
    by_kind: dict[str, Iterable[dict[str, Any]]],
    extra: dict[str, list[str]] | None = None,
    *,
    refs: dict[str, list[tuple[str, str]]] | None = None,
    example: bool = False,
) -> None:
    """A workbook with one sheet per kind (row 1 the SIASN keys), drop-down lists on reference columns fed
    by a hidden `referensi` sheet, and for a template the example row (id CONTOH, skipped on import)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook(write_only=not example and refs is None)
    write_only = not example and refs is None
    ranges: dict[str, str] = {}
    if refs is not None:
        lists = {**refs, **FIXED_LISTS}
        ref_ws = wb.create_sheet("referensi")
        col = 1
        for table, rows in sorted(lists.items()):
            letter = get_column_letter(col)
            ref_ws.cell(row=1, column=col, value=table)
            for i, (code, name) in enumerate(rows, start=2):
                ref_ws.cell(row=i, column=col, value=code)
                ref_ws.cell(row=i, column=col + 1, value=name)
            ranges[table] = f"referensi!${letter}$2:${letter}${max(2, len(rows) + 1)}"
            col += 2
        ref_ws.sheet_state = "hidden"
    for kind in ORDER:
        if kind not in by_kind:
            continue
        keys = standard_keys(kind) + [k for k in (extra or {}).get(kind, []) if k not in standard_keys(kind)]
        ws = wb.create_sheet(kind)
        ws.append(safe_row(keys))  # a raw key is text its file gave: no formula (the reader unguards it)
        if example:
            row: dict[str, Any] = {}
            row.update(EXAMPLES.get(kind, {}))
            row[KINDS[kind].id_key] = EXAMPLE_ID
            ws.append([_xl(row.get(k, MISSING)) for k in keys])
            for c in ws[2]:
                c.font = Font(italic=True, color="808080")
        for rec in by_kind[kind]:
            ws.append([_xl(rec.get(k, MISSING)) for k in keys])
        if not write_only:
            for c in ws[1]:
                c.font = Font(bold=True)
            ws.freeze_panes = "A2"
            for i, key in enumerate(keys, start=1):
                table = VALIDATED.get(key)
                if table and table in ranges:
                    dv = DataValidation(
                        type="list", formula1=ranges[table], allow_blank=True, showErrorMessage=True
                    )
                    ws.add_data_validation(dv)
                    letter = get_column_letter(i)
                    dv.add(f"{letter}2:{letter}5000")
                ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(key) + 4))
    if not write_only and "Sheet" in wb.sheetnames:
        del wb["Sheet"]
    if not write_only and "referensi" in wb.sheetnames and len(wb.sheetnames) > 1:
        wb.active = 1
    wb.save(out)


def _xl(v: Any) -> Any:
    """Every value as text, so ids keep their leading zeros and Excel does not turn NIPs into floats; the
    three blanks as in `_cell`."""
    if v is MISSING:
        return None
    if v is None:
        return "null"
    if isinstance(v, dict | list | bool):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, int):
        return v
    # Excel cannot hold control characters; SIASN text never has them, so dropping them loses nothing real.
    return _guard(ILLEGAL_CHARACTERS_RE.sub("", str(v)))


ERROR_HEADINGS = ("Jenis data", "Berkas", "Baris/path", "Kolom", "Nilai", "Kesalahan")


def error_rows(errors: Iterable[Any]) -> Iterator[list[str]]:
    for e in errors:
        d = e if isinstance(e, dict) else e.as_dict()
        yield safe_row([d.get("kind", ""), d["file"], d["row"], d["field"], d["value"], d["message"]])


def write_error_report(errors: Iterable[Any], out: Path | io.BytesIO | io.StringIO, fmt: str = "") -> None:
    """The row errors as CSV (UTF-8 with BOM, so Excel opens it right) or Excel, by suffix or `fmt`."""
    fmt = fmt or (Path(out).suffix.lstrip(".").lower() if isinstance(out, Path) else "csv")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("kesalahan")
        ws.append(list(ERROR_HEADINGS))
        for r in error_rows(errors):
            ws.append([xlsx_cell(ws, v) for v in r])
        wb.save(out)
        return
    f = out.open("w", encoding="utf-8-sig", newline="") if isinstance(out, Path) else out
    try:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(ERROR_HEADINGS)
        w.writerows(error_rows(errors))
    finally:
        if isinstance(out, Path):
            f.close()
