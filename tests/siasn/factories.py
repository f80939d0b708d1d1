"""Synthetic SIASN records and files (dummy values only) for the import tests."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

from talenta.people.rules.nip import make_nip
from talenta.siasn.formats.readers import CSV_HEADINGS

SAMPLES = Path(__file__).parent / "samples"
BANTEN = "A5EB03E23B9DF6A0E040640A040252AD"
OPD_ID = "8ae48288597fac6501598230aed51447"
UNIT_ID = "8ae48288597fac650159824c6da5236c"


def nip(serial: int = 1, *, birth: date = date(1985, 1, 1), sex: str = "M") -> str:
    return make_nip(birth_date=birth, cpns_year=2008, cpns_month=3, sex=sex, serial=serial)


def person(serial: int = 1, **over: Any) -> dict[str, Any]:
    """A valid data-utama record."""
    n = over.pop("nipBaru", None) or nip(serial)
    rec = {
        "id": f"{serial:032X}",
        "nipBaru": n,
        "nipLama": "",
        "nama": f"PEGAWAI CONTOH {serial}",
        "gelarDepan": "",
        "gelarBelakang": "S.Kom",
        "tempatLahir": "SERANG",
        "tglLahir": "01-01-1985",
        "jenisKelamin": "M",
        "agamaId": "1",
        "jenisKawinId": "1",
        "nik": "3601010101850001",
        "email": "",
        "emailGov": "",
        "noHp": "",
        "statusPegawai": "PNS",
        "jenisPegawaiId": "10",
        "kedudukanPnsId": "01",
        "tmtCpns": "01-03-2008",
        "tmtPns": "01-03-2009",
        "golRuangAkhirId": "34",
        "tmtGolAkhir": "01-04-2022",
        "mkTahun": 17,
        "mkBulan": 8,
        "jenisJabatanId": "2",
        "jabatanNama": "Pranata Komputer Ahli Muda",
        "tmtJabatan": "01-04-2022",
        "eselonId": "",
        "instansiIndukId": BANTEN,
        "instansiIndukNama": "Pemerintah Provinsi Banten",
        "unorId": UNIT_ID,
        "unorNama": "BIDANG APLIKASI INFORMATIKA",
        "unorIndukId": OPD_ID,
        "unorIndukNama": "DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN",
        "tkPendidikanTerakhirId": "30",
        "pendidikanTerakhirNama": "D-III KOMPUTER",
        "tahunLulus": "2006",
        "bupPensiun": 58,
        "kunciTakDikenal": "tetap ada",
    }
    rec.update(over)
    return rec


def acting_post(
    serial: int = 1, *, name: str = "KEPALA BIDANG APLIKASI", eselon: str = "31", id: str = "jab-1"
) -> dict[str, Any]:
    """A valid rw-jabatan record: the person acts (Plt.) in a struktural seat of the first unit."""
    return {
        "id": id,
        "nipBaru": nip(serial),
        "namaJabatan": f"Plt. {name}",
        "eselonId": eselon,
        "jenisJabatan": "1",
        "unorId": UNIT_ID,
        "unorIndukId": OPD_ID,
        "tmtJabatan": "02-01-2025",
        "jenisPenugasanId": "PLT",
    }


def envelope(data: Any) -> dict[str, Any]:
    return {
        "code": 1,
        "count": len(data) if isinstance(data, list) else 1,
        "message": "success",
        "data": data,
    }


def write_json(folder: Path, endpoint: str, data: Any, *, bare: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{endpoint}.json"
    path.write_text(json.dumps(data if bare else envelope(data), ensure_ascii=False), encoding="utf-8")
    return path


def csv_text(people: list[dict[str, Any]], *, sep: str = ",", crlf: bool = True) -> str:
    keys = [k for _h, k in CSV_HEADINGS]
    lines = [sep.join(h for h, _k in CSV_HEADINGS)]
    for p in people:
        lines.append(sep.join(_csv_value(p.get(k)) for k in keys))
    eol = "\r\n" if crlf else "\n"
    return eol.join(lines) + eol


def _csv_value(v: Any) -> str:
    if v is None:
        return "null"
    s = str(v)
    if any(c in s for c in ',;"\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def write_csv(
    folder: Path,
    people: list[dict[str, Any]],
    *,
    name: str = "export.csv",
    encoding: str = "utf-8",
    bom: bool = False,
    **kw: Any,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = csv_text(people, **kw).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def rows_of_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
