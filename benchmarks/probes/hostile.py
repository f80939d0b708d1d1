"""Hostile files, generated (never committed as blobs): what an attacker or a careless user uploads.

Each function writes one file and returns its path. The sizes default to those of the findings of issue
#14; the tests pass smaller ones (with the caps lowered to match) so they run in a second.

    .venv/bin/python benchmarks/probes/hostile.py /tmp/hostile      # writes every file at full size
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

MB = 1024 * 1024


def zip_bomb_json(path: Path, *, expanded: int = 200 * MB) -> Path:
    """A zip of one SIASN JSON file whose single value is `expanded` bytes of "A" (204 KB → 200 MB)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("data-utama.json", "w", force_zip64=True) as out,
    ):
        out.write(b'{"code": 1, "data": [{"nipBaru": "199001012015031001", "nama": "')
        chunk = b"A" * MB
        for _ in range(expanded // MB):
            out.write(chunk)
        out.write(b'"}]}')
    return path


def xlsx_shared_strings(path: Path, *, strings: int = 5_000_000) -> Path:
    """A workbook whose sharedStrings.xml holds `strings` distinct texts (5 M ≈ 208 KB zipped): openpyxl
    reads them all before the first row."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
            '.spreadsheetml.sheet.main+xml"/></Types>',
        )
        zf.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheets/></workbook>",
        )
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for start in range(0, strings, 100_000):
                out.write(
                    b"".join(b"<si><t>%d</t></si>" % i for i in range(start, min(start + 100_000, strings)))
                )
            out.write(b"</sst>")
    return path


def huge_csv(path: Path, *, size: int = 150 * MB) -> Path:
    """A "NIP list" CSV of `size` bytes (the participants form once read it whole into memory)."""
    row = b"199001012015031001\n"
    with path.open("wb") as out:
        out.write(b"nip\n")
        for _ in range(size // (len(row) * 10_000)):
            out.write(row * 10_000)
    return path


def long_json_value(path: Path, *, length: int = 20 * MB) -> Path:
    """A plain SIASN JSON file with one `length`-character value (reading it was quadratic)."""
    with path.open("wb") as out:
        out.write(b'{"code": 1, "data": [{"nipBaru": "199001012015031001", "nama": "')
        for _ in range(length // MB):
            out.write(b"B" * MB)
        out.write(b'"}]}')
    return path


def binary_as_csv(path: Path) -> Path:
    """An executable's first bytes, named .csv (a codec exception once)."""
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64)
    return path


def many_entries_zip(path: Path, *, entries: int = 10_000) -> Path:
    """A zip of `entries` tiny JSON files."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(entries):
            zf.writestr(f"rw-skp-{i}.json", b'{"data": []}')
    return path


ALL = {
    "bomb.zip": zip_bomb_json,
    "strings.xlsx": xlsx_shared_strings,
    "nip-list.csv": huge_csv,
    "long-value.json": long_json_value,
    "program.csv": binary_as_csv,
    "entries.zip": many_entries_zip,
}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "var/hostile")
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in ALL.items():
        p = make(folder / name)
        print(f"{p}  {p.stat().st_size:,} bytes")
