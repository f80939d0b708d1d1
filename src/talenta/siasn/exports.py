"""SIASN export: the whole instansi or a unit subtree, in the shapes the importer reads, raw keys included."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.text import slugify

from talenta.core.audit import audit_record
from talenta.core.jobs import Progress
from talenta.core.models import ReferenceItem
from talenta.people import models as pm
from talenta.people.models import Employee, Instansi, Unit
from talenta.siasn.formats.readers import HEADING_BY_KEY
from talenta.siasn.formats.writers import csv_extra_keys, write_csv, write_json_folder, write_xlsx
from talenta.siasn.rules.fields import EMPLOYEE, HISTORY_KINDS, KINDS, from_model

CHUNK = 2000
# Reference tables offered as drop-down lists in the template (jabatanFungsional is too long for a list).
TEMPLATE_TABLES = (
    "agama",
    "kawin",
    "jenisPegawai",
    "kedudukanHukum",
    "golonganPns",
    "eselon",
    "jenisJabatan",
    "tingkatPendidikan",
    "latihanStruktural",
    "jenisDiklat",
    "jenisHukuman",
    "penghargaan",
    "jenisPenugasan",
    "jenisMutasi",
    "perilakuDanKinerja",
    "kuadranNilai",
)


def _people(instansi: Instansi, unit: Unit | None) -> QuerySet[Employee]:
    qs = Employee.objects.filter(instansi=instansi)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def _history(kind: str, instansi: Instansi, unit: Unit | None) -> QuerySet:
    Model = getattr(pm, KINDS[kind].model)
    qs = Model.objects.filter(employee__instansi=instansi)
    if unit is not None:
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    return qs


def derived_person_keys(e: Employee, instansi: Instansi | None) -> dict[str, Any]:
    """The data-utama keys Talenta can say of a person from his instansi, unit and post (what the export
    writes for a person SIASN never sent; the import does not take them back as news)."""
    out: dict[str, Any] = {}
    if instansi is not None and instansi.bkn_id:
        out["instansiIndukId"], out["instansiIndukNama"] = instansi.bkn_id, instansi.name
    unit = e.unit
    if unit is not None:
        out["unorId"], out["unorNama"] = unor_id(unit), unit.name
        if unit.parent is not None:
            out["unorIndukId"], out["unorIndukNama"] = unor_id(unit.parent), unit.parent.name
    post = e.position
    if post is not None:
        out["jabatanNama"] = post.name
        out["jenisJabatanId"] = JENIS_JABATAN.get(post.kind, "")
        out["eselonId"] = post.eselon
        out["jabatanFungsionalId"] = post.jf_code
    return out


def person_record(e: Employee, instansi: Instansi | None = None) -> dict[str, Any]:
    values = {f.field: getattr(e, f.field) for f in EMPLOYEE.fields}
    rec = from_model(EMPLOYEE, values, e.raw, nip=e.nip, person_id="", bkn_id=e.bkn_id or "")
    known = derived_person_keys(e, instansi)
    # A person Talenta knows but SIASN never sent: his instansi, so an empty Talenta can import him.
    for k in ("instansiIndukId", "instansiIndukNama"):
        if k in known and k not in rec:
            rec[k] = known[k]
    if "unorId" in known and rec.get("unorId") != known["unorId"]:
        # Talenta moved the person (or he was never in SIASN): the export says where he is now.
        for k in ("unorId", "unorNama", "unorIndukId", "unorIndukNama"):
            if k in known:
                rec[k] = known[k]
    if "jabatanNama" in known and "jabatanNama" not in rec:
        # A person Talenta knows but SIASN never sent: his post in SIASN's keys, so an import rebuilds it.
        for k in ("jabatanNama", "jenisJabatanId", "eselonId", "jabatanFungsionalId"):
            rec[k] = known[k]
    return rec


OVERLAY_KEYS = ("unorIndukId", "unorIndukNama", "eselonId", "jabatanFungsionalId")
JENIS_JABATAN = {"struktural": "1", "fungsional": "2", "pelaksana": "4"}


def unor_id(unit: Unit) -> str:
    """BKN's unor id, or for a unit Talenta made itself a stable id of its own."""
    return unit.bkn_unor_id or f"TALENTA-UNIT-{unit.pk}"


def people_records(instansi: Instansi, unit: Unit | None = None) -> Iterator[dict[str, Any]]:
    qs = _people(instansi, unit).select_related("unit__parent", "position").order_by("nip")
    for e in qs.iterator(chunk_size=CHUNK):
        yield person_record(e, instansi)


def history_records(kind: str, instansi: Instansi, unit: Unit | None = None) -> Iterator[dict[str, Any]]:
    spec = KINDS[kind]
    names = [f.field for f in spec.fields]
    qs = _history(kind, instansi, unit).select_related("employee").order_by("employee__nip", "id")
    for o in qs.iterator(chunk_size=CHUNK):
        values = {n: getattr(o, n) for n in names}
        yield from_model(
            spec, values, o.raw, nip=o.employee.nip, person_id=o.employee.bkn_id or "", bkn_id=o.bkn_id or ""
        )


def raw_keys(kind: str, instansi: Instansi, unit: Unit | None = None) -> list[str]:
    qs = _people(instansi, unit) if kind == "data-utama" else _history(kind, instansi, unit)
    keys: set[str] = set()
    for raw in qs.values_list("raw", flat=True).iterator(chunk_size=CHUNK):
        keys.update(k for k in raw if not k.startswith("__"))
    return sorted(keys)


def export_counts(instansi: Instansi, fmt: str, unit: Unit | None = None) -> dict[str, int]:
    """The number of records the export of `fmt` writes, per kind (one COUNT per table)."""
    counts = {"data-utama": _people(instansi, unit).count()}
    if fmt != "csv":  # the "Export Data ASN" CSV holds people only
        for k in HISTORY_KINDS:
            counts[k.endpoint] = _history(k.endpoint, instansi, unit).count()
    return counts


def _reported(
    records: Iterable[dict[str, Any]], progress: Progress | None, kind: str, written: dict[str, int]
) -> Iterator[dict]:
    """The records, counting each one written (the counts made up front may be off by a concurrent import)."""
    written[kind] = 0
    for rec in records:
        yield rec
        written[kind] += 1
        if progress is not None:
            progress.advance(1, kind)


def siasn_export(
    *,
    instansi: Instansi,
    fmt: str,
    out: Path | io.BytesIO | io.StringIO,
    unit: Unit | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the export, record by record (a folder of envelopes, a CSV, a write-only workbook); returns
    the number of records written per kind. `progress` is told the total first (one COUNT per table),
    then every record written."""
    if fmt not in ("json", "csv", "xlsx"):
        raise ValueError(f"unknown format {fmt}")
    counts = export_counts(instansi, fmt, unit)
    if progress is not None:
        progress.set_total(sum(counts.values()))
    written = dict.fromkeys(counts, 0)
    by_kind = {"data-utama": _reported(people_records(instansi, unit), progress, "data-utama", written)}
    if fmt != "csv":
        by_kind.update(
            {
                k.endpoint: _reported(
                    history_records(k.endpoint, instansi, unit), progress, k.endpoint, written
                )
                for k in HISTORY_KINDS
            }
        )
    if progress is not None and fmt != "json":
        # A first pass over the raw JSON finds the columns of keys Talenta does not model.
        progress.advance(0, "raw keys")
    if fmt == "json":
        write_json_folder(Path(out), by_kind)
    elif fmt == "csv":
        # Keys the Export Data ASN CSV has no heading for (BUP, the unor parent, raw keys) follow as columns.
        keys = [*raw_keys("data-utama", instansi, unit), *(f.key for f in EMPLOYEE.fields), *OVERLAY_KEYS]
        extra = [k for k in csv_extra_keys(keys) if k not in HEADING_BY_KEY]
        write_csv(out, by_kind["data-utama"], extra)
    else:
        extra = {k: raw_keys(k, instansi, unit) for k in by_kind}
        write_xlsx(out, by_kind, extra)
    return written


# --- export files for the screens and the API (written by a background task, kept for a week) -------------

EXPORT_KIND = "siasn.export"  # Job.kind of an export
SUFFIX = {"json": "zip", "csv": "csv", "xlsx": "xlsx"}


def export_root() -> Path:
    return Path(settings.VAR_DIR) / "siasn-exports"


@dataclass(frozen=True)
class ExportFile:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def export_file_name(unit: Unit | None, fmt: str, at: datetime) -> str:
    who = (slugify(unit.name)[:60] or f"unit-{unit.pk}") if unit is not None else "instansi"
    return f"siasn-{who}-{at:%Y%m%d-%H%M}.{SUFFIX[fmt]}"


def export_to_file(
    *,
    instansi: Instansi,
    fmt: str,
    folder: Path,
    name: str,
    unit: Unit | None = None,
    progress: Progress | None = None,
) -> ExportFile:
    """The export as one file in `folder`: the JSON folder zipped (one envelope per endpoint), the CSV
    or the workbook. Everything is streamed to disk; a failure leaves no folder behind."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    try:
        if fmt == "json":
            parts = folder / "json"
            counts = siasn_export(instansi=instansi, fmt="json", out=parts, unit=unit, progress=progress)
            if progress is not None:
                progress.advance(0, "zip")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in sorted(parts.iterdir()):
                    zf.write(p, p.name)
            shutil.rmtree(parts)
            if progress is not None:
                progress.advance(0, "")
        else:
            counts = siasn_export(instansi=instansi, fmt=fmt, out=path, unit=unit, progress=progress)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return ExportFile(path, counts)


def export_path(job: Any) -> Path | None:
    """The file of a finished export job, or None when it failed, is not done or was deleted. The path is
    trusted only inside the exports folder."""
    if job.kind != EXPORT_KIND or job.status != "succeeded" or not job.result.get("path"):
        return None
    path = Path(job.result["path"]).resolve()
    if not path.is_relative_to(export_root().resolve()) or not path.is_file():
        return None
    return path


def export_download(job: Any, user: Any) -> Path | None:
    """The file of `job` for `user` to download, the download written to the audit log (personal data
    leaving the system must be traceable); None when there is no file. Access is the caller's check."""
    path = export_path(job)
    if path is not None:
        audit_record(
            actor=user,
            action="siasn.export.download",
            target_type="core.job",
            target_id=str(job.pk),
            target_repr=job.label,
            changes={"name": path.name, "size": job.result.get("size")},
        )
    return path


def exports_cleanup(*, keep_days: int, now: float | None = None) -> list[Path]:
    """Delete the export folders older than `keep_days` (by modification time); returns those deleted."""
    root = export_root()
    if not root.is_dir():
        return []
    cutoff = (now if now is not None else time.time()) - keep_days * 86400
    gone = []
    for d in root.iterdir():
        if d.is_dir() and d.stat().st_mtime < cutoff:
            shutil.rmtree(d, ignore_errors=True)
            gone.append(d)
    return gone


def reference_lists() -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {t: [] for t in TEMPLATE_TABLES}
    for table, code, name in (
        ReferenceItem.objects.filter(table__in=TEMPLATE_TABLES)
        .values_list("table", "code", "name")
        .order_by("table", "code")
    ):
        rows[table].append((code, name))
    return rows


def siasn_template(out: Path | io.BytesIO) -> None:
    """The empty workbook a BKD fills in: headings, drop-down lists of reference codes, an example row."""
    write_xlsx(out, {k: [] for k in KINDS}, refs=reference_lists(), example=True)
