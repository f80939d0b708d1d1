"""SIASN export: the whole instansi or a unit subtree, in the shapes the importer reads, raw keys included."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

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


def person_record(e: Employee) -> dict[str, Any]:
    values = {f.field: getattr(e, f.field) for f in EMPLOYEE.fields}
    rec = from_model(EMPLOYEE, values, e.raw, nip=e.nip, person_id="", bkn_id=e.bkn_id or "")
    unit = e.unit
    if unit is not None:
        unor = unor_id(unit)
        if rec.get("unorId") != unor:
            # Talenta moved the person (or he was never in SIASN): the export says where he is now.
            rec["unorId"], rec["unorNama"] = unor, unit.name
            if unit.parent is not None:
                rec["unorIndukId"], rec["unorIndukNama"] = unor_id(unit.parent), unit.parent.name
    post = e.position
    if post is not None and "jabatanNama" not in rec:
        # A person Talenta knows but SIASN never sent: his post in SIASN's keys, so an import rebuilds it.
        rec["jabatanNama"] = post.name
        rec["jenisJabatanId"] = JENIS_JABATAN.get(post.kind, "")
        rec["eselonId"] = post.eselon
        rec["jabatanFungsionalId"] = post.jf_code
    return rec


OVERLAY_KEYS = ("unorIndukId", "unorIndukNama", "eselonId", "jabatanFungsionalId")
JENIS_JABATAN = {"struktural": "1", "fungsional": "2", "pelaksana": "4"}


def unor_id(unit: Unit) -> str:
    """BKN's unor id, or for a unit Talenta made itself a stable id of its own."""
    return unit.bkn_unor_id or f"TALENTA-UNIT-{unit.pk}"


def people_records(instansi: Instansi, unit: Unit | None = None) -> Iterator[dict[str, Any]]:
    qs = _people(instansi, unit).select_related("unit__parent", "position").order_by("nip")
    for e in qs.iterator(chunk_size=CHUNK):
        yield person_record(e)


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


def siasn_export(
    *, instansi: Instansi, fmt: str, out: Path | io.BytesIO | io.StringIO, unit: Unit | None = None
) -> dict[str, int]:
    """Write the export; returns the number of records per kind."""
    counts = {"data-utama": _people(instansi, unit).count()}
    for k in HISTORY_KINDS:
        counts[k.endpoint] = _history(k.endpoint, instansi, unit).count()
    if fmt == "json":
        by_kind = {"data-utama": people_records(instansi, unit)}
        by_kind.update({k.endpoint: history_records(k.endpoint, instansi, unit) for k in HISTORY_KINDS})
        write_json_folder(Path(out), by_kind)
    elif fmt == "csv":
        # Keys the Export Data ASN CSV has no heading for (BUP, the unor parent, raw keys) follow as columns.
        keys = [*raw_keys("data-utama", instansi, unit), *(f.key for f in EMPLOYEE.fields), *OVERLAY_KEYS]
        extra = [k for k in csv_extra_keys(keys) if k not in HEADING_BY_KEY]
        write_csv(out, people_records(instansi, unit), extra)
        counts = {"data-utama": counts["data-utama"]}
    elif fmt == "xlsx":
        by_kind = {"data-utama": people_records(instansi, unit)}
        by_kind.update({k.endpoint: history_records(k.endpoint, instansi, unit) for k in HISTORY_KINDS})
        extra = {k: raw_keys(k, instansi, unit) for k in by_kind}
        write_xlsx(out, by_kind, extra)
    else:
        raise ValueError(f"unknown format {fmt}")
    return counts


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
