"""SIASN import speed: rows/s for JSON (people + 8 history kinds) and CSV (people), on SQLite and PostgreSQL,
against a baseline measured in the same run (the same records read from the same files and written with a
plain executemany on SQLite / COPY on PostgreSQL into one bare table), so the figure is a ratio.

    .venv/bin/python benchmarks/import_siasn.py --size 12000            # both databases
    .venv/bin/python benchmarks/import_siasn.py --size 2000 --db sqlite
    .venv/bin/python benchmarks/import_siasn.py --size 1000000 --no-reimport --dir /tmp/siasn1m
    .venv/bin/python benchmarks/import_siasn.py --size 1000000 --db sqlite --only-reimport
    .venv/bin/python benchmarks/import_siasn.py --demo --size 12000   # `talenta demo` exported to SIASN

Also prints the peak resident memory of the importing process, which must not grow with the size (rows
are streamed and written in batches; what was read is checked in a temporary table, not in memory).

Files are generated from a seeded generator (synthetic values only). PostgreSQL uses the database
talenta_siasn_bench on 127.0.0.1 (dropped and recreated).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = "postgres://postgres@127.0.0.1:5432/talenta_siasn_bench"
BANTEN = "A5EB03E23B9DF6A0E040640A040252AD"


def dmy(d: date) -> str:
    return f"{d:%d-%m-%Y}"


HISTORY_KINDS = (
    "rw-golongan",
    "rw-jabatan",
    "rw-pendidikan",
    "rw-diklat",
    "rw-kursus",
    "rw-skp22",
    "rw-hukdis",
    "rw-penghargaan",
)


def person_records(n: int, rnd: random.Random, units: list) -> tuple[dict, dict[str, list[dict]]] | None:
    """Person n (data-utama) and his 13 history rows; None when his synthetic NIP is not valid."""
    from talenta.people.rules.nip import make_nip

    # Birth date, CPNS month, sex and serial from n, so every NIP is different at any size.
    k = n // 12000
    birth = date(1965, 1, 1) + timedelta(days=n % 12000)
    cpns = date(max(birth.year + 19, 1990) + (k // 2) % 10, (k // 20) % 12 + 1, 1)
    sex = "MF"[k % 2]
    nip = make_nip(birth_date=birth, cpns_year=cpns.year, cpns_month=cpns.month, sex=sex, serial=k // 240 + 1)
    pid = f"{n:032X}"
    unit = units[n % len(units)]
    struktural = n % 10 == 0
    person = {
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
    hist: dict[str, list[dict]] = {k: [] for k in HISTORY_KINDS}
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
                "PerilakuKerjaNilai": "12"[(n + i) % 2],
                "KuadranKinerjaNilai": "2",
                "namaPenilai": "PENILAI",
            }
        )
    return person, hist


def generate(folder: Path, size: int, seed: int = 7) -> dict[str, int]:
    """N people with 13 history rows each, as SIASN envelopes (one per endpoint), plus the same people as
    an Export Data ASN CSV. Streamed to disk: memory stays flat at any size."""
    sys.path.insert(0, str(ROOT / "src"))
    from talenta.siasn.formats.writers import EnvelopeWriter, write_csv

    opds = [(f"{i:032x}", f"DINAS CONTOH {i}") for i in range(1, 41)]
    n_units = max(400, size // 30)  # about 30 people per unit, as in a province
    units = [(f"{1000 + i:032x}", f"BIDANG CONTOH {i}", opds[i % 40]) for i in range(n_units)]
    (folder / "json").mkdir(parents=True, exist_ok=True)
    writers = {k: EnvelopeWriter(folder / "json" / f"{k}.json") for k in ("data-utama", *HISTORY_KINDS)}

    def people():
        rnd = random.Random(seed)
        for n in range(size):
            recs = person_records(n, rnd, units)
            if recs is None:
                continue
            person, hist = recs
            for k, rows in hist.items():
                for r in rows:
                    writers[k].write(r)
            writers["data-utama"].write(person)
            yield person

    write_csv(folder / "export.csv", people(), [])
    for w in writers.values():
        w.close()
    counts = {k: w.count for k, w in writers.items()}
    (folder / "counts.json").write_text(json.dumps(counts))
    return counts


def from_demo(folder: Path, size: int) -> dict[str, int]:
    """`talenta demo --size N` in a scratch SQLite database, exported with `talenta export-siasn` as a folder
    of envelopes and as the Export Data ASN CSV: the files a BKD would hand over."""
    env = {**os.environ, "TALENTA_VAR": str(folder / "var-demo"), "HTTPS": "false"}
    env.pop("DATABASE_URL", None)
    talenta = [sys.executable, "-m", "talenta.manage"]
    run = lambda *a: subprocess.run([*talenta, *a], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: E731
    run("migrate", "-v", "0")
    run("load-reference")
    run("demo", "--size", str(size))
    # The province (the demo region has its kabupaten/kota too): one instansi's files, as a BKD has them.
    run("export-siasn", "--instansi", BANTEN, "--format", "json", "--out", str(folder / "json"))
    run("export-siasn", "--instansi", BANTEN, "--format", "csv", "--out", str(folder / "export.csv"))
    counts = {}
    for p in sorted((folder / "json").glob("*.json")):
        with p.open("rb") as f:
            f.seek(max(0, p.stat().st_size - 200))
            tail = f.read().decode()
        counts[p.stem] = int(tail.rsplit('"count":', 1)[1].strip(" }\n"))
    (folder / "counts.json").write_text(json.dumps(counts))
    return counts


def baseline_rows(folder: Path, kinds: tuple[str, ...] | None = None) -> Iterator[tuple[str, str, str]]:
    """The same records as the JSON files, one (kind, key, payload) row each: read line by line (the
    envelope writer puts one record per line)."""
    for p in sorted((folder / "json").glob("*.json")):
        if kinds and p.stem not in kinds:
            continue
        with p.open(encoding="utf-8") as f:
            next(f)  # the envelope's head
            for line in f:
                line = line.rstrip(",\n")
                if not line.startswith("{"):
                    continue
                rec = json.loads(line)
                yield (p.stem, str(rec.get("id") or rec.get("ID")), line)


def baseline(rows: Iterable[tuple[str, str, str]]) -> float:
    """Seconds to read the same records from the same files (json.loads of each line) and insert them as
    (kind, key, payload) into a bare table, in chunks of 10,000, in one transaction: an import with no
    validation, no mapping and no upsert."""
    from django.db import connection, transaction

    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_plain")
        c.execute("CREATE TABLE bench_plain (kind varchar(20), key varchar(64), payload text)")
    start = time.perf_counter()
    it = iter(rows)
    with transaction.atomic(), connection.cursor() as c:
        while chunk := list(itertools.islice(it, 10_000)):
            if connection.vendor == "postgresql":
                with c.cursor.copy("COPY bench_plain (kind, key, payload) FROM STDIN") as copy:
                    for r in chunk:
                        copy.write_row(r)
            else:
                c.executemany("INSERT INTO bench_plain VALUES (%s, %s, %s)", chunk)
    took = time.perf_counter() - start
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_plain")
    return took


def read_and_hash(folder: Path) -> float:
    """Seconds to read the same JSON files, parse every record (json.loads of each line) and hash every
    record (sha256 of its bytes): the bare cost of looking at each row to tell that nothing changed, the
    re-import's baseline (#17: a re-import of unchanged files within 2x of this). No database."""
    import hashlib

    start = time.perf_counter()
    for _kind, _key, line in baseline_rows(folder):
        hashlib.sha256(line.encode()).digest()
    return time.perf_counter() - start


class PeakRSS:
    """The highest resident memory (MB) of this process while the block runs, sampled every 0.1 s."""

    def __enter__(self) -> PeakRSS:
        self.start = self.peak = self.now()
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._watch, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self.now())

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self.now())

    @staticmethod
    def now() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def wipe() -> None:
    """Empty the people tables between the JSON and the CSV import (raw DELETEs: no objects in memory)."""
    from django.db import transaction

    from talenta.people import models as pm

    with transaction.atomic():
        for m in (
            pm.AwardHistory,
            pm.DisciplineHistory,
            pm.EducationHistory,
            pm.GolonganHistory,
            pm.JabatanHistory,
            pm.LeadershipTraining,
            pm.SkpHistory,
            pm.Training,
        ):
            m.objects.all()._raw_delete("default")
        pm.Position.objects.update(acting_holder=None)
        pm.Employee.objects.all()._raw_delete("default")
        pm.Position.objects.all()._raw_delete("default")
        pm.Unit.objects.update(parent=None, opd=None)
        pm.Unit.objects.all()._raw_delete("default")
        pm.Instansi.objects.all().delete()


def worker(folder: Path, reimport: bool, only_reimport: bool = False) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talenta.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from talenta.core.jobs import Progress
    from talenta.siasn.services import siasn_import

    call_command("migrate", verbosity=0)
    call_command("load-reference", verbosity=0)
    counts = json.loads((folder / "counts.json").read_text())
    json_rows = sum(counts.values())
    out: dict = {"db": connection.vendor, "people": counts["data-utama"], "json_rows": json_rows}
    out["rss_start_mb"] = PeakRSS.now()

    def timed(paths, label, **kw):
        start = time.perf_counter()
        with PeakRSS() as rss:
            report = siasn_import(paths=paths, progress=Progress(None, f"{connection.vendor} {label}"), **kw)
        assert report.error_count == 0, report.errors[:3]
        out[f"rss_{label.replace(' ', '_')}_mb"] = rss.peak
        out[f"rss_{label.replace(' ', '_')}_start_mb"] = rss.start
        return time.perf_counter() - start, report

    t, _r = timed([folder / "json"], "json")
    out["json_s"] = t
    if reimport:
        # The same files again, right after the import that wrote their rows: answered from that import's
        # record (siasn.stamps), nothing read but the files' SHA-256.
        t, r = timed([folder / "json"], "json again")
        assert r.replayed
        out["json_again_s"], out["json_again_changed"] = t, r.changed
        out["json_again_base_s"] = read_and_hash(folder)
        # And read row by row (`--read-again`; every re-import before the stamps, and any after a change):
        # mapped, compared with the stored rows. It must find nothing to change: what the record said.
        t, r = timed([folder / "json"], "json again read", replay=False)
        assert not r.replayed and r.replay
        assert r.changed == 0, r.counts_dict()
        out["json_read_s"], out["json_read_changed"] = t, r.changed
        if only_reimport:
            out["json_base_s"] = baseline(baseline_rows(folder))
            return out
        # One SKP row edited in Talenta: the re-import reads the files and restores SIASN's value.
        from talenta.people.models import SkpHistory

        row = SkpHistory.objects.order_by("pk").first()
        row.appraiser_name = "DIUBAH DI TALENTA"
        row.save(update_fields=["appraiser_name"])
        t, r = timed([folder / "json"], "json one row edited")
        assert not r.replayed
        out["json_edited_s"], out["json_edited_changed"] = t, r.changed
    wipe()
    t, _r = timed([folder / "export.csv"], "csv")
    out["csv_s"] = t
    # Then the JSON of the same people, as a BKD does after the Export Data ASN CSV: every person is
    # updated (the JSON has keys the CSV lacks) and every history row created.
    t, r = timed([folder / "json"], "json after csv")
    out["json_after_csv_s"], out["json_after_csv_changed"] = t, r.changed
    out["json_base_s"] = baseline(baseline_rows(folder))
    out["csv_base_s"] = baseline(baseline_rows(folder, ("data-utama",)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument(
        "--demo",
        action="store_true",
        help="import `talenta demo --size N` exported to SIASN, not generated files",
    )
    ap.add_argument("--no-reimport", action="store_true", help="skip the re-imports of the same JSON")
    ap.add_argument(
        "--only-reimport",
        action="store_true",
        help="the JSON import, its re-import replayed and read, and their baselines only (no CSV, no edit)",
    )
    ap.add_argument(
        "--dir", type=Path, help="where the files and the SQLite database go (default: a temp dir)"
    )
    ap.add_argument("--worker", type=Path)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, not args.no_reimport, args.only_reimport)))
        return
    tmp = args.dir or Path(tempfile.mkdtemp(prefix="siasn-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if args.demo:
        counts = from_demo(tmp, args.size)
        what = "the demo province exported by talenta export-siasn"
    else:
        counts = generate(tmp, args.size)
        what = "generated"
    print(
        f"{what}: {counts['data-utama']:,} people, {sum(counts.values()):,} SIASN rows "
        f"in {time.perf_counter() - t0:.1f}s ({tmp})"
    )
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in dbs:
        # An empty database every run (a --dir used again keeps the files, never the rows).
        shutil.rmtree(tmp / f"var-{db}", ignore_errors=True)
        env = {**os.environ, "TALENTA_VAR": str(tmp / f"var-{db}")}
        # A file holds up to 3 rows per person (rw-golongan, rw-skp22): the operator's cap (UPLOAD_MAX_ROWS,
        # 500,000 by default) is raised for the size measured, as a national instansi's operator would.
        env["UPLOAD_MAX_ROWS"] = str(max(int(os.environ.get("UPLOAD_MAX_ROWS", "500000")), 3 * args.size + 1))
        if db == "postgres":
            import psycopg

            with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
                c.execute("DROP DATABASE IF EXISTS talenta_siasn_bench")
                c.execute("CREATE DATABASE talenta_siasn_bench")
            env["DATABASE_URL"] = PG_URL
        else:
            env.pop("DATABASE_URL", None)
        cmd = [sys.executable, __file__, "--worker", str(tmp)]
        cmd += ["--no-reimport"] if args.no_reimport else []
        cmd += ["--only-reimport"] if args.only_reimport else []
        # The worker's progress bars go to this terminal (stderr); its figures come back on stdout.
        res = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        for fmt, rows in (("json", r["json_rows"]), ("csv", r["people"])):
            if f"{fmt}_s" not in r:
                continue
            s, base = r[f"{fmt}_s"], r[f"{fmt}_base_s"]
            how = "COPY" if db == "postgres" else "executemany"
            print(
                f"{db:8} {fmt:4} {rows:>9,} rows {s:7.2f}s {rows / s:>9,.0f} rows/s | baseline {how} "
                f"{base:6.2f}s {rows / base:>10,.0f} rows/s | ratio {s / base:5.1f}x"
            )
        if "json_after_csv_s" in r:
            s, base = r["json_after_csv_s"], r["json_base_s"]
            print(
                f"{db:8} json after the CSV of the same people ({r['json_after_csv_changed']:,} rows created "
                f"or updated): {s:.2f}s | baseline {base:.2f}s | ratio {s / base:5.1f}x"
            )
        if "json_again_s" in r:
            again, base = r["json_again_s"], r["json_again_base_s"]
            for key, what in (
                ("read", "read row by row (--read-again)"),
                ("edited", "after one SKP row edited in Talenta"),
            ):
                if f"json_{key}_s" not in r:
                    continue
                s = r[f"json_{key}_s"]
                print(
                    f"{db:8} json re-import, {what}: {s:.2f}s, {r[f'json_{key}_changed']} changed | "
                    f"baseline read + parse + sha256 of every record {base:.2f}s | ratio {s / base:5.1f}x"
                )
            print(
                f"{db:8} json re-import right after the import that wrote the rows (answered from its "
                f"record): {again:.2f}s, {r['json_again_changed']} changed | baseline {base:.2f}s | "
                f"ratio {again / base:5.2f}x"
            )
        csv = (
            f"; CSV import (after the JSON one, same process) {r['rss_csv_start_mb']:.0f} MB -> "
            f"{r['rss_csv_mb']:.0f} MB"
            if "rss_csv_mb" in r
            else ""
        )
        print(
            f"{db:8} resident memory of the importing process: JSON import {r['rss_json_start_mb']:.0f} MB "
            f"at its start, {r['rss_json_mb']:.0f} MB at its peak{csv}"
        )


if __name__ == "__main__":
    main()
