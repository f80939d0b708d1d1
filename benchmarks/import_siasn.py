"""SIASN import speed: rows/s for JSON (people + 8 history kinds) and CSV (people), on SQLite and PostgreSQL,
against a baseline measured in the same run (a plain executemany on SQLite / COPY on PostgreSQL of the same
rows into one bare table), so the figure is a ratio.

    .venv/bin/python benchmarks/import_siasn.py --size 12000            # both databases
    .venv/bin/python benchmarks/import_siasn.py --size 2000 --db sqlite

Files are generated from a seeded generator (synthetic values only). PostgreSQL uses the database
talenta_siasn_bench on 127.0.0.1 (dropped and recreated).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = "postgres://postgres@127.0.0.1:5432/talenta_siasn_bench"
BANTEN = "A5EB03E23B9DF6A0E040640A040252AD"


def dmy(d: date) -> str:
    return f"{d:%d-%m-%Y}"


def generate(folder: Path, size: int, seed: int = 7) -> dict[str, int]:
    """N people with 13 history rows each, as SIASN envelopes, plus the same people as Export Data ASN CSV."""
    sys.path.insert(0, str(ROOT / "src"))
    from talenta.people.rules.nip import make_nip
    from talenta.siasn.formats.writers import write_csv, write_json_folder

    rnd = random.Random(seed)
    opds = [(f"{i:032x}", f"DINAS CONTOH {i}") for i in range(1, 41)]
    units = [(f"{1000 + i:032x}", f"BIDANG CONTOH {i}", opds[i % 40]) for i in range(400)]
    people, hist = (
        [],
        {
            k: []
            for k in (
                "rw-golongan",
                "rw-jabatan",
                "rw-pendidikan",
                "rw-diklat",
                "rw-kursus",
                "rw-skp22",
                "rw-hukdis",
                "rw-penghargaan",
            )
        },
    )
    for n in range(size):
        birth = date(1965, 1, 1) + timedelta(days=rnd.randrange(0, 12000))
        cpns = date(max(birth.year + 20, 1990) + rnd.randrange(0, 10), rnd.randrange(1, 13), 1)
        sex = rnd.choice("MF")
        nip = make_nip(
            birth_date=birth, cpns_year=cpns.year, cpns_month=cpns.month, sex=sex, serial=n % 999 + 1
        )
        # The serial alone would repeat across 1000 people with the same dates: make the NIP unique.
        nip = nip[:15] + f"{n % 1000:03d}"
        if nip[:8] != f"{birth:%Y%m%d}":
            continue
        pid = f"{n:032X}"
        unit = units[n % len(units)]
        struktural = n % 10 == 0
        people.append(
            {
                "id": pid,
                "nipBaru": nip,
                "nama": f"PEGAWAI SINTETIS {n}",
                "gelarBelakang": "S.E.",
                "tglLahir": dmy(birth),
                "jenisKelamin": sex,
                "agamaId": str(rnd.randint(1, 6)),
                "jenisKawinId": "1",
                "statusPegawai": "PNS",
                "jenisPegawaiId": "10",
                "kedudukanPnsId": "01",
                "tmtCpns": dmy(cpns),
                "tmtPns": dmy(cpns + timedelta(days=365)),
                "golRuangAkhirId": rnd.choice(["31", "32", "33", "34", "41"]),
                "tmtGolAkhir": dmy(cpns + timedelta(days=3000)),
                "mkTahun": rnd.randint(0, 30),
                "mkBulan": rnd.randint(0, 11),
                "jenisJabatanId": "1" if struktural else "4",
                "eselonId": "41" if struktural else "",
                "jabatanNama": f"KEPALA SEKSI {n}" if struktural else "PENGADMINISTRASI UMUM",
                "tmtJabatan": dmy(cpns + timedelta(days=4000)),
                "instansiIndukId": BANTEN,
                "unorId": unit[0],
                "unorNama": unit[1],
                "unorIndukId": unit[2][0],
                "unorIndukNama": unit[2][1],
                "tkPendidikanTerakhirId": "40",
                "pendidikanTerakhirNama": "S-1 EKONOMI",
                "tahunLulus": "2005",
                "alamat": "JL. SINTETIS",
                "path": None,
            }
        )
        for i, gol in enumerate(("31", "32", "33")):
            hist["rw-golongan"].append(
                {
                    "id": f"G{n:026d}{i:05d}",
                    "idPns": pid,
                    "nipBaru": nip,
                    "golonganId": gol,
                    "tmtGolongan": f"{cpns.year + 4 * i}-04-01T00:00:00Z",
                    "skNomor": f"SK {n}/{i}",
                    "skTanggal": dmy(date(cpns.year + 4 * i, 3, 1)),
                    "jenisKPId": "101",
                    "masaKerjaGolonganTahun": str(4 * i),
                    "pangkat": "Penata",
                }
            )
        for i in range(2):
            hist["rw-jabatan"].append(
                {
                    "id": f"J{n:026d}{i:05d}",
                    "idPns": pid,
                    "nipBaru": nip,
                    "namaJabatan": "PENGADMINISTRASI UMUM",
                    "jenisJabatan": "4",
                    "eselonId": "",
                    "unorId": unit[0],
                    "unorNama": unit[1],
                    "unorIndukId": unit[2][0],
                    "tmtJabatan": dmy(cpns + timedelta(days=1000 * i)),
                    "nomorSk": f"SK {n}",
                    "jenisPenugasanId": "D",
                    "createdAt": "01-01-2024",
                }
            )
        for i, lvl in enumerate(("15", "40")):
            hist["rw-pendidikan"].append(
                {
                    "id": f"P{n:026d}{i:05d}",
                    "idPns": pid,
                    "nipBaru": nip,
                    "tkPendidikanId": lvl,
                    "pendidikanNama": "SEKOLAH",
                    "tahunLulus": "2000",
                }
            )
        hist["rw-diklat"].append(
            {
                "id": f"D{n:031d}",
                "idPns": pid,
                "nipBaru": nip,
                "latihanStrukturalId": "2",
                "tahun": "2015",
                "jumlahJam": 300,
            }
        )
        for i in range(2):
            hist["rw-kursus"].append(
                {
                    "id": f"K{n:026d}{i:05d}",
                    "idPns": pid,
                    "nipBaru": nip,
                    "namaKursus": "TEKNIS",
                    "jenisDiklatId": "3",
                    "tahunKursus": "2020",
                    "jumlahJam": 40,
                }
            )
        for i, year in enumerate((2023, 2024, 2025)):
            hist["rw-skp22"].append(
                {
                    "id": f"S{n:026d}{i:05d}",
                    "pnsDinilaiId": pid,
                    "tahun": str(year),
                    "hasilKinerjaNilai": "2",
                    "PerilakuKerjaNilai": rnd.choice("12"),
                    "KuadranKinerjaNilai": "2",
                    "namaPenilai": "PENILAI",
                }
            )
    write_json_folder(folder / "json", {"data-utama": people, **hist})
    write_csv(folder / "export.csv", people, [])
    counts = {"data-utama": len(people), **{k: len(v) for k, v in hist.items()}}
    (folder / "counts.json").write_text(json.dumps(counts))
    return counts


def baseline(rows: list[tuple[str, str, str]]) -> float:
    """Seconds for a plain bulk insert of the same rows (kind, key, payload) into a bare table."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_plain")
        c.execute("CREATE TABLE bench_plain (kind varchar(20), key varchar(64), payload text)")
    start = time.perf_counter()
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            with c.cursor.copy("COPY bench_plain (kind, key, payload) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        else:
            c.executemany("INSERT INTO bench_plain VALUES (%s, %s, %s)", rows)
    took = time.perf_counter() - start
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_plain")
    return took


def wipe() -> None:
    from talenta.people.models import (
        AwardHistory,
        DisciplineHistory,
        EducationHistory,
        Employee,
        GolonganHistory,
        Instansi,
        JabatanHistory,
        LeadershipTraining,
        Position,
        SkpHistory,
        Training,
        Unit,
    )

    for m in (
        AwardHistory,
        DisciplineHistory,
        EducationHistory,
        GolonganHistory,
        JabatanHistory,
        LeadershipTraining,
        SkpHistory,
        Training,
    ):
        m.objects.all().delete()
    Employee.objects.all().delete()
    Position.objects.all().delete()
    Unit.objects.update(parent=None, opd=None)
    Unit.objects.all().delete()
    Instansi.objects.all().delete()


def worker(folder: Path) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from talenta.siasn.services import siasn_import

    call_command("migrate", verbosity=0)
    call_command("load-reference", verbosity=0)
    counts = json.loads((folder / "counts.json").read_text())
    json_rows = sum(counts.values())
    out: dict = {"db": connection.vendor, "people": counts["data-utama"], "json_rows": json_rows}

    def timed(paths):
        start = time.perf_counter()
        report = siasn_import(paths=paths)
        assert report.error_count == 0, report.errors[:3]
        return time.perf_counter() - start, report

    t, _r = timed([folder / "json"])
    out["json_s"] = t
    t, r = timed([folder / "json"])
    out["json_again_s"], out["json_again_changed"] = t, r.changed
    wipe()
    t, _r = timed([folder / "export.csv"])
    out["csv_s"] = t
    # The baseline writes the same records, one row each, as bare text.
    rows = []
    for p in sorted((folder / "json").glob("*.json")):
        for rec in json.loads(p.read_text())["data"]:
            rows.append((p.stem, str(rec.get("id") or rec.get("ID")), json.dumps(rec)))
    out["json_base_s"] = baseline(rows)
    out["csv_base_s"] = baseline([r for r in rows if r[0] == "data-utama"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--worker", type=Path)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="siasn-bench-"))
    t0 = time.perf_counter()
    counts = generate(tmp, args.size)
    print(
        f"generated {counts['data-utama']:,} people, {sum(counts.values()):,} SIASN rows "
        f"in {time.perf_counter() - t0:.1f}s ({tmp})"
    )
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in dbs:
        env = {**os.environ, "TALENTA_VAR": str(tmp / f"var-{db}")}
        if db == "postgres":
            import psycopg

            with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
                c.execute("DROP DATABASE IF EXISTS talenta_siasn_bench")
                c.execute("CREATE DATABASE talenta_siasn_bench")
            env["DATABASE_URL"] = PG_URL
        else:
            env.pop("DATABASE_URL", None)
        res = subprocess.run(
            [sys.executable, __file__, "--worker", str(tmp)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(res.stdout.strip().splitlines()[-1])
        for fmt, rows in (("json", r["json_rows"]), ("csv", r["people"])):
            s, base = r[f"{fmt}_s"], r[f"{fmt}_base_s"]
            how = "COPY" if db == "postgres" else "executemany"
            print(
                f"{db:8} {fmt:4} {rows:>9,} rows {s:7.2f}s {rows / s:>9,.0f} rows/s | baseline {how} "
                f"{base:6.2f}s {rows / base:>10,.0f} rows/s | ratio {s / base:5.1f}x"
            )
        print(
            f"{db:8} json re-import (unchanged) {r['json_again_s']:.2f}s, {r['json_again_changed']} changed"
        )


if __name__ == "__main__":
    main()
