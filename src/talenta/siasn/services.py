"""SIASN import: validate every row, then upsert people and histories in batches, in ONE transaction.

Default policy: one rejected row rejects the whole import and nothing is written (the transaction is
rolled back). `skip_invalid` writes the valid rows and reports the rest. A dry run takes the same path
and always rolls back, so its counts are exactly what a real run would do. Per batch of rows the
existing keys are loaded in one query per table into dicts: no query per row.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from talenta.core.audit import entry_hash, jsonable
from talenta.core.bulk import (
    BackgroundWriter,
    allocate_ids,
    copy_into,
    database_rows,
    fast_insert,
    fast_update,
    foreign_keys_immediate,
    gc_paused,
    insert_rows,
)
from talenta.core.dbstats import refresh_planner_statistics
from talenta.core.display import angka, waktu
from talenta.core.jobs import JobError, Progress
from talenta.core.lookups import pg_any
from talenta.core.models import AuditEntry, AuditHead, ReferenceItem
from talenta.core.uploads import cut
from talenta.people import models as pm
from talenta.people.models import Employee, Instansi, JabatanHistory, Position, Unit
from talenta.people.rules import jabatan as jr
from talenta.people.services import mark_changed
from talenta.siasn import stamps
from talenta.siasn.exports import derived_person_keys
from talenta.siasn.formats.readers import (
    FormatError,
    Meter,
    Source,
    SourceRecord,
    nothing_read,
    records,
    sources,
)
from talenta.siasn.models import ImportRun
from talenta.siasn.rules.fields import KINDS, Mapped, Problem, Refs, synthetic_id, to_model

BATCH = 2000
ACTING_PREFIX = re.compile(r"^\s*pl[th]\.?\s+", re.IGNORECASE)
SAMPLE_ROWS = 5
MAX_STORED_ERRORS = 20000
# Said of a person the import may not touch: not "belongs to another instansi", which would confirm that
# the NIP exists elsewhere (issue #12). A person who moved here comes through a mutasi, not a file.
NOT_HERE = gettext_noop(
    "employee %(who)s cannot be written into this instansi by an import"
    " (a move between instansi is recorded as a mutasi)"
)
REF_TABLES = (
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
OUTCOMES = ("created", "updated", "unchanged", "rejected")


@dataclass
class RowError:
    kind: str
    file: str
    row: str
    field: str
    value: str
    message: str

    def __post_init__(self) -> None:
        # A stored report quotes values, not whole files: a 200 MB value must not reach ImportRun.errors.
        self.value = cut(self.value)
        self.message = cut(self.message, 1000)

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "message": self.message,
        }


NIP_WARNINGS_SHOWN = 100


@dataclass
class ImportReport:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    samples: dict[str, dict[str, list[dict]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the analyst should know, besides row errors
    dry_run: bool = False
    skip_invalid: bool = False
    written: bool = False
    instansi_id: int | None = None
    replay: dict[str, Any] = field(default_factory=dict)  # ImportRun.replay (siasn.stamps)
    replayed: bool = False  # answered from an earlier run's record, no row read

    @property
    def rejected(self) -> bool:
        return self.error_count > 0 and not self.skip_invalid

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())

    def counts_dict(self) -> dict[str, dict[str, int]]:
        return {k: {o: c.get(o, 0) for o in OUTCOMES} for k, c in self.counts.items()}

    def samples_dict(self) -> dict[str, dict[str, list[dict]]]:
        return {k: dict(v) for k, v in self.samples.items()}

    def summary(self) -> str:
        parts = []
        for kind, c in self.counts_dict().items():
            if not any(c.values()):
                continue  # e.g. the posts a rw-jabatan file names, none changed: not a row of zeros
            parts.append(
                _(
                    "%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(rejected)s rejected"
                )
                % {"kind": kind, **c}
            )
        return "\n".join(parts)


def load_refs() -> Refs:
    codes: dict[str, set[str]] = defaultdict(set)
    names: dict[str, dict[str, str]] = defaultdict(dict)
    refs = Refs()
    qs = (
        ReferenceItem.objects.filter(table__in=(*REF_TABLES, "jabatanFungsional"))
        .order_by("table", "code")
        .values_list("table", "code", "name", "data")
    )
    h = hashlib.sha256()
    for table, code, name, data in qs.iterator(chunk_size=5000):
        h.update(json.dumps([table, code, name, data], sort_keys=True, default=str).encode())
        if table == "jabatanFungsional":
            bup = data.get("usiaBup")
            refs.jf[code] = (data.get("jenjang") or "", int(bup) if str(bup or "").isdigit() else None)
            continue
        codes[table].add(code)
        names[table][code] = name
        if table == "jenisHukuman" and data.get("jenisTingkatHukumanId"):
            refs.hukuman_level[code] = data["jenisTingkatHukumanId"]
    refs.codes = {t: frozenset(c) for t, c in codes.items()}
    refs.names = dict(names)
    refs.digest = h.hexdigest()
    return refs


def file_digest(path: Path) -> dict[str, Any]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return {"name": path.name, "sha256": h.hexdigest(), "size": size}


def _digests(paths: list[Path]) -> list[dict[str, Any]]:
    out = []
    for p in paths:
        p = Path(p)
        files = sorted(c for c in p.rglob("*") if c.is_file()) if p.is_dir() else [p]
        for f in files:
            d = file_digest(f)
            if p.is_dir():
                d["name"] = f"{p.name}/{f.relative_to(p).as_posix()}"
            out.append(d)
    return out


def _batched(it: Iterable[SourceRecord], n: int) -> Iterator[list[SourceRecord]]:
    it = iter(it)
    while batch := list(itertools.islice(it, n)):
        yield batch


FK_ATTRS = {
    "unit_id": "unit",
    "instansi_id": "instansi",
    "employee_id": "employee",
    "position_id": "position",
}


def _attrs(names: list[str]) -> list[str]:
    return [FK_ATTRS.get(n, n) for n in names]


HISTORY_FIELDS: dict[str, list[str]] = {}


def _model(kind: str) -> type[models.Model]:
    return getattr(pm, KINDS[kind].model)


def _fields(kind: str) -> list[str]:
    """The model fields an import writes for a kind (besides the keys)."""
    if kind not in HISTORY_FIELDS:
        k = KINDS[kind]
        names = [f.field for f in k.fields]
        extra = {"rw-jabatan": ["level", "unit_id", "position_id"], "rw-diklat": ["kind"]}.get(kind, [])
        if kind == "data-utama":
            extra = ["unit_id", "bkn_id", "nip", "instansi_id"]
        else:
            extra = [*extra, "employee_id"]
        HISTORY_FIELDS[kind] = [*names, *extra, "raw"]
    return HISTORY_FIELDS[kind]


_JF_LEVEL_WORDS = (
    ("AHLI UTAMA", jr.Level.JF_AHLI_UTAMA), ("AHLI MADYA", jr.Level.JF_AHLI_MADYA),
    ("AHLI MUDA", jr.Level.JF_AHLI_MUDA), ("AHLI PERTAMA", jr.Level.JF_AHLI_PERTAMA),
    ("PENYELIA", jr.Level.JF_PENYELIA), ("MAHIR", jr.Level.JF_MAHIR), ("TERAMPIL", jr.Level.JF_TERAMPIL),
    ("PEMULA", jr.Level.JF_PEMULA),
)  # fmt: skip


def post_of(data: dict[str, Any], refs: Refs) -> dict[str, Any] | None:
    """The post a data-utama record holds: name, kind, level, eselon, JF id and BUP (None: no post)."""

    def g(k: str) -> str:
        v = data.get(k)
        return "" if v is None else str(v).strip().lstrip("'")

    name = g("jabatanNama") or g("jabatanFungsionalNama") or g("jabatanFungsionalUmumNama")
    if not name or name.lower() == "null":
        return None
    jenis = g("jenisJabatanId")
    eselon = g("eselonId")
    eselon = eselon if eselon in jr.ESELON_LEVEL else ""
    jf_id = g("jabatanFungsionalId") or (g("jabatanId") if jenis == "2" else "")
    jenjang, usia_bup = refs.jf.get(jf_id, ("", None))
    if eselon or jenis in ("1", "3"):
        kind = Position.Kind.STRUKTURAL
    elif jenis == "2" or jenjang:
        kind = Position.Kind.FUNGSIONAL
    else:
        kind = Position.Kind.PELAKSANA
    level = jr.level_for(eselon=eselon, jf_jenjang=jenjang, kind=kind)
    if kind == Position.Kind.FUNGSIONAL and level == jr.Level.PELAKSANA:
        upper = name.upper()
        level = next((lvl for words, lvl in _JF_LEVEL_WORDS if words in upper), level)
    bkn_jabatan_id = jf_id or g("jabatanFungsionalUmumId") or g("jabatanStrukturalId") or g("jabatanId")
    return {
        "name": name[:300],
        "kind": str(kind),
        "level": str(level),
        # The Export Data ASN CSV has no eselon column: there an empty eselon means "not said", not "none"
        # (`_post_matches` never takes a seat's eselon away).
        "eselon": eselon,
        "jf_code": jf_id[:64],
        "bkn_jabatan_id": bkn_jabatan_id[:64],
        "bup": jr.bup_age(level, usia_bup),
    }


class _NewRow:
    """A row this import will insert: its column values as attributes, without a model's construction (a
    sixth of a CSV import's time went to `Model.__init__` for the new people and posts). `fast_insert`
    takes its `__dict__` (a column not set gets the field's default); `pk` is None until it has an id."""

    pk: int | None = None

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def _pk(p: int | _NewRow | None) -> int | None:
    return p.pk if isinstance(p, _NewRow) else p


def _overflow_problem(rec: SourceRecord) -> Problem:
    """A row with more cells than headings: its first cell past them named as the field."""
    cells, columns = rec.overflow or (0, 0)
    return Problem(
        _("column %(n)s") % {"n": columns + 1},
        "",
        "nip",  # a message of its own, as the other row errors the service words
        {
            "text": _("row %(row)s has %(cells)s cells, the heading row %(columns)s")
            % {"row": rec.row, "cells": cells, "columns": columns}
        },
    )


def _where(rec: SourceRecord) -> str:
    if rec.path is not None:
        return f"{rec.file} {rec.path}"
    return _("%(file)s row %(row)s") % {"file": rec.file, "row": rec.row}


class _Seen:
    """The keys an import has already read (NIPs, BKN person ids, riwayat ids) and where. The first
    `MEMORY` keys are kept in a dict; past that they go to a temporary table, a batch at a time, so memory
    stays bounded (a million people read 14 million keys: gigabytes as Python dicts). A file of up to
    about 15,000 people never touches the table; a larger one asks it one query per batch once keys have
    spilled. The table lives in the import's transaction and is dropped at its end."""

    TABLE = "talenta_siasn_seen"
    CHUNK = 900  # under SQLite's oldest limit on query parameters
    MEMORY = 250_000  # keys held in memory (about 55 MB: 215 bytes a key measured) before they spill

    def __init__(self) -> None:
        self.table = ("pg_temp." if connection.vendor == "postgresql" else "temp.") + self.TABLE
        self.memory: dict[str, str] = {}
        self.spilled = False

    def create(self) -> None:
        with connection.cursor() as c:
            c.execute(f"DROP TABLE IF EXISTS {self.table}")
            c.execute(f"CREATE TEMPORARY TABLE {self.TABLE} (k text PRIMARY KEY, w text)")
        self.memory, self.spilled = {}, False

    def drop(self) -> None:
        with connection.cursor() as c:
            c.execute(f"DROP TABLE IF EXISTS {self.table}")

    def first(self, keys: Iterable[str]) -> dict[str, str]:
        """Where each of `keys` was first read, for those already read."""
        keys = list(dict.fromkeys(keys))
        memory = self.memory
        out = {k: memory[k] for k in keys if k in memory}
        if not self.spilled:
            return out
        keys = [k for k in keys if k not in out]
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                where, params = pg_any("k", keys, "text")
                c.execute(f"SELECT k, w FROM {self.table} WHERE {where}", params)  # noqa: S608
                out.update(c.fetchall())
                return out
            for i in range(0, len(keys), self.CHUNK):
                chunk = keys[i : i + self.CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                c.execute(f"SELECT k, w FROM {self.table} WHERE k IN ({marks})", chunk)  # noqa: S608
                out.update(c.fetchall())
        return out

    def add(self, items: dict[str, str]) -> None:
        """Keys read for the first time (the caller asked `first` about them)."""
        self.memory.update(items)
        if len(self.memory) >= self.MEMORY:
            self.flush()

    def flush(self) -> None:
        """Every key held in memory into the table (which then holds every key read)."""
        if not self.memory:
            return
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                copy_into(c.cursor, self.table, "k, w", list(self.memory.items()))
            else:
                c.executemany(f"INSERT INTO {self.table} (k, w) VALUES (%s, %s)", list(self.memory.items()))  # noqa: S608
        self.memory, self.spilled = {}, True


UNIT_IDS = 100  # unit ids allocated at a time (`_Importer.unit_for`)


class _Importer:
    def __init__(
        self, *, refs: Refs, report: ImportReport, instansi: Instansi | None, instansi_bkn_id: str, actor: Any
    ) -> None:
        self.refs = refs
        self.report = report
        self.instansi = instansi
        self.instansi_bkn_id = instansi_bkn_id
        self.actor = actor
        self.seen = _Seen()
        # A batch's new people and history rows are written in the background on PostgreSQL (`_insert`).
        self.writer = BackgroundWriter()
        self.nip_warning_count = 0
        self.kinds_read: set[str] = set()
        self.units: dict[str, int] = {}
        self.unit_tree: dict[int, tuple[str, int, int | None]] = {}
        # A BKN unor id belongs to one instansi: the ids of every other instansi's units are kept only to
        # refuse a row that names one (never to attach anybody to it).
        self.foreign_units: set[str] = set()
        self._units_loaded_for: int | None = None
        self.pending: list[_NewRow] = []
        self.pending_units: list[dict[str, Any]] = []
        self.unit_ids: list[int] = []  # allocated, not yet given
        self.pending_keys: list[tuple[int, str]] = []
        self._positions_loaded = False
        self.struct_seat: dict[tuple[int, str], int] = {}
        self.vacant_seat: dict[tuple[int, str, str], list[int]] = defaultdict(list)
        self.acting: dict[int, tuple[int, str, Any]] = {}
        # The eselon a post-history row gives a struktural seat (the latest TMT wins): it fills the eselon
        # of a seat created from a file that has none (the Export Data ASN CSV).
        self.seat_eselon: dict[int, tuple[Any, str]] = {}
        self.history_names_eselon = False  # a rw-jabatan row named a seat's eselon (looked at every time)
        self.claimed_eselon: list[tuple[int | _NewRow, Any, str]] = []  # (seat, since, eselon) of a batch
        # Why reading these files again might not find what this run left (`_read`): a seat two of its rows
        # claim, or one it took from someone it had already read, moves on every reading; a record naming
        # keys Talenta derives keeps what his unit and post say, which this run may still change.
        self.unsettled = ""
        self.audit: list[AuditEntry] = []
        # Every row this import writes carries its stamp; a row it finds unchanged keeps the stamp of the
        # import that left it, and that stamp joins the ones a replay counts (siasn.stamps).
        self.stamp = time.time_ns()
        self.stamps_kept: set[int] = set()
        self.org_kept: set[int] = set()  # the stamps its instansi's units and posts keep
        self.first_rows: dict[str, list[dict]] = defaultdict(list)  # what a replay shows as samples
        self.today = timezone.localdate()  # no birth date after it

    # --- organisation ------------------------------------------------------------------------------
    def ensure_instansi(self, rec: SourceRecord) -> Instansi | None:
        if self.instansi is not None:
            return self.instansi
        bkn_id = (
            self.instansi_bkn_id
            or str(rec.data.get("instansiIndukId") or rec.data.get("instansiKerjaId") or "").strip()
        )
        if not bkn_id:
            return None
        inst = Instansi.objects.filter(bkn_id=bkn_id).first()
        if inst is None:
            ref = ReferenceItem.objects.filter(table="instansi", code=bkn_id).first()
            name = (ref.name if ref else "") or str(rec.data.get("instansiIndukNama") or bkn_id)
            kode = str(
                (ref.data if ref else {}).get("kodeCepat") or rec.data.get("instansiKerjaKodeCepat") or ""
            )
            upper = name.upper()
            kind = (
                Instansi.Kind.KOTA
                if "KOTA" in upper
                else Instansi.Kind.KABUPATEN
                if "KAB" in upper
                else Instansi.Kind.PROVINSI
                if "PROVINSI" in upper
                else Instansi.Kind.PUSAT
            )
            inst = Instansi.objects.create(bkn_id=bkn_id, name=name[:200], kode=kode[:16], kind=kind)
            self.report.counts["instansi"]["created"] += 1
        self.instansi = inst
        self.report.instansi_id = inst.pk
        return inst

    def _load_units(self) -> None:
        """The units of this import's instansi, by BKN unor id (loaded once the instansi is known)."""
        if self.instansi is None or self._units_loaded_for == self.instansi.pk:
            return
        self._units_loaded_for = self.instansi.pk
        for unor, pk, path, depth, opd, inst in Unit.objects.values_list(
            "bkn_unor_id", "id", "path", "depth", "opd_id", "instansi_id"
        ).iterator(5000):
            if inst != self.instansi.pk:
                if unor:
                    self.foreign_units.add(unor)
                continue
            self.unit_tree[pk] = (path, depth, opd)
            if unor:
                self.units[unor] = pk

    def foreign_unor(self, rec: SourceRecord, *keys: str) -> list[Problem]:
        """A row that names a unit (unor id) of another instansi is refused: nothing of this instansi may
        be attached to it. The message speaks of this instansi only, never confirming the other one."""
        self._load_units()
        problems = []
        for key in keys:
            value = str(rec.data.get(key) or "").strip()
            if value and value in self.foreign_units:
                text = _("%(key)s %(value)s is not a unit of this instansi") % {"key": key, "value": value}
                problems.append(Problem(key, value, "nip", {"text": text}))
        return problems

    def unit_for(self, unor_id: str, name: str, parent_id: str = "", parent_name: str = "") -> int | None:
        self._load_units()
        unor_id = (unor_id or "").strip()
        if unor_id in self.foreign_units:
            raise AssertionError("a foreign unit reached unit_for: foreign_unor() must refuse the row first")
        if not unor_id or unor_id.lower() == "null":
            return None
        if unor_id in self.units:
            return self.units[unor_id]
        parent = None
        if parent_id and parent_id != unor_id:
            parent = self.unit_for(parent_id, parent_name)
        # The id first, so the unit is written once, whole, with the step's other new units (`flush_units`):
        # not an INSERT and an UPDATE through the ORM each (a quarter of a CSV import's time at 12,000).
        if not self.unit_ids:
            # On SQLite an id is only known free once the ones before it are written: the units given so
            # far go in before the next ids are taken.
            self.flush_units()
            self.unit_ids = allocate_ids(Unit, UNIT_IDS)
        pk = self.unit_ids.pop(0)
        # Path, depth and OPD by the tree's one rule; the parent is always known first.
        path, depth, opd = Unit.place(pk, self.unit_tree[parent] if parent else None)
        self.pending_units.append(
            {
                "id": pk,
                "instansi_id": self.instansi.pk,
                "parent_id": parent,
                "opd_id": opd,
                "bkn_unor_id": unor_id[:64],
                "name": (name or unor_id)[:300],
                "kind": str(Unit.Kind.LAIN if parent else Unit.Kind.OPD),
                "path": path,
                "depth": depth,
                "siasn_stamp": self.stamp,  # as a new post (`_new_position`)
            }
        )
        self.unit_tree[pk] = (path, depth, opd)
        self.units[unor_id] = pk
        self.report.counts["unit"]["created"] += 1
        return pk

    def flush_units(self) -> None:
        """The new units into the table: before anything that refers to them is written or looked up
        (their ids are allocated: on SQLite only under the import's write lock, which no one else then
        allocates under; on PostgreSQL from the sequence)."""
        if self.pending_units:
            fast_insert(Unit, self.pending_units, with_pk=True)
            self.pending_units = []

    def _load_positions(self) -> None:
        if self._positions_loaded:
            return
        self._positions_loaded = True
        # Every struktural seat (one per unit and name) and the vacant other seats: what the organisation
        # has, not what the files hold, so memory follows the number of posts, not of rows.
        qs = Position.objects.filter(instansi=self.instansi).filter(
            Q(kind=Position.Kind.STRUKTURAL) | Q(holder__isnull=True)
        )
        # Newest first, so that the oldest seat of a name wins and is the first taken (`pop`), on every
        # database: seats of one name differ (critical, planned vacancy, succession plan).
        rows = qs.order_by("-pk").values_list("id", "unit_id", "name", "kind")
        for pk, unit_id, name, kind in rows.iterator(5000):
            if kind == Position.Kind.STRUKTURAL:
                self.struct_seat[(unit_id, name.upper())] = pk
            else:
                self.vacant_seat[(unit_id, name.upper(), kind)].append(pk)

    def seat(self, unit_id: int, post: dict[str, Any], *, defer: bool = False) -> int | _NewRow:
        """The struktural seat (one per unit and name), created when missing (`defer`: in the next flush)."""
        self._load_positions()
        key = (unit_id, post["name"].upper())
        if key not in self.struct_seat:
            self.struct_seat[key] = self._new_position(unit_id, post, defer=defer)
            if defer:
                self.pending_keys.append(key)
        return self.struct_seat[key]

    def _new_position(self, unit_id: int, post: dict[str, Any], *, defer: bool = False) -> int | _NewRow:
        values = {
            "instansi_id": self.instansi.pk,
            "unit_id": unit_id,
            "name": post["name"],
            "kind": post["kind"],
            "level": post["level"],
            "eselon": post["eselon"],
            "jf_code": post["jf_code"],
            "bkn_jabatan_id": post["bkn_jabatan_id"],
            "bup": post["bup"],
            "heads_unit": post["kind"] == Position.Kind.STRUKTURAL,
            # Stamped as it is written, not updated afterwards by `stamps.stamp_organisation` (a second
            # write of every new post); a later write of the import unstamps it, and that one restamps it.
            "siasn_stamp": self.stamp,
        }
        self.report.counts["position"]["created"] += 1
        if defer:
            p = _NewRow(values)
            self.pending.append(p)
            return p
        return Position.objects.create(**values).pk

    def flush_positions(self) -> None:
        self.flush_units()  # what the posts belong to, first
        if self.pending:
            for p, pk in zip(self.pending, allocate_ids(Position, len(self.pending)), strict=True):
                p.pk = p.id = pk
            fast_insert(Position, [p.__dict__ for p in self.pending], with_pk=True)
            self.pending = []
        # The seats remembered across batches keep their id, not the model object (a million of those
        # would be most of the import's memory).
        for key in self.pending_keys:
            self.struct_seat[key] = _pk(self.struct_seat[key])
        self.pending_keys = []

    # --- rows ----------------------------------------------------------------------------------------
    def reject(self, rec: SourceRecord, problems: list[Problem]) -> None:
        self.report.counts[rec.kind]["rejected"] += 1
        for p in problems:
            self.report.error_count += 1
            if len(self.report.errors) < MAX_STORED_ERRORS:
                row, col = rec.where(p.key)
                self.report.errors.append(RowError(rec.kind, rec.file, row, col, p.value, p.render(_, angka)))
        bucket = self.report.samples[rec.kind]["rejected"]
        if len(bucket) < SAMPLE_ROWS:
            bucket.append(
                {
                    "row": rec.where()[0],
                    "nip": str(rec.data.get("nipBaru") or ""),
                    "summary": problems[0].render(_, angka) if problems else "",
                }
            )

    def sample(self, kind: str, outcome: str, rec: SourceRecord, m: Mapped) -> None:
        self.report.counts[kind][outcome] += 1
        bucket = self.report.samples[kind][outcome]
        first = self.first_rows[kind]
        if len(bucket) < SAMPLE_ROWS or len(first) < SAMPLE_ROWS:
            v = m.values
            summary = v.get("name") or v.get("jabatan_name") or v.get("golongan") or v.get("year") or ""
            row = {"row": rec.where()[0], "nip": m.nip, "summary": str(summary)}
            if len(bucket) < SAMPLE_ROWS:
                bucket.append(row)
            if len(first) < SAMPLE_ROWS:
                first.append(row)

    def process(self, batch: list[SourceRecord]) -> None:
        for kind, group in itertools.groupby(batch, key=lambda r: r.kind):
            self.kinds_read.add(kind)
            recs = list(group)
            mapped = [
                to_model(KINDS[kind], r.data, self.refs, excel_guard=r.excel_guard, today=self.today)
                for r in recs
            ]
            for r, m in zip(recs, mapped, strict=True):
                if r.overflow:
                    m.problems.insert(0, _overflow_problem(r))
            # The rows written last (`_insert`) are in before this step looks anything up, or copies the
            # keys it has read through the raw cursor (`_Seen.flush`, which `_writer_idle` does not see).
            self.writer.join()
            if kind == "data-utama":
                self.people(recs, mapped)
            else:
                self.histories(kind, recs, mapped)
        # The audit entries of the batch go to the chain now: memory stays flat however much changes. (Its
        # queries wait for the writer, `_writer_idle`.)
        audit_bulk(self.audit)
        self.audit = []

    def _insert(self, model: type[models.Model], objs: list[dict[str, Any]]) -> None:
        """A step's new rows, its last write (core.bulk.BackgroundWriter). On PostgreSQL they are copied
        in a second thread through the import's own connection, so the server inserts and indexes them
        while this thread reads and maps the next rows: a first import spent about half its time waiting
        for the server. Nothing else uses the connection meanwhile: `process` waits for the writer before
        each step's queries, and `_read` before any other query (and on the way out, error or not)."""
        if objs:
            columns, rows = database_rows(model, objs)
            self.writer.start(lambda cursor: insert_rows(model, columns, rows, cursor=cursor))

    def _writer_idle(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        """`connection.execute_wrapper` during `_read`: a query waits for the writer (raising its error)."""
        self.writer.join()
        return execute(sql, params, many, context)

    def _diff(self, obj: models.Model, values: dict[str, Any], names: list[str]) -> dict[str, list[Any]]:
        changes = {}
        for n in names:
            before = getattr(obj, n)
            after = values[n]
            if before != after:
                changes[n] = [before, after]
        return changes

    def _audit(self, obj: models.Model, changes: dict[str, list[Any]], label: str) -> None:
        if "raw" in changes:
            before, after = changes.pop("raw")
            keys = sorted(set(before) | set(after))
            changes.update(
                {f"raw.{k}": [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}
            )
        self.audit.append(
            AuditEntry(
                at=timezone.now(),
                actor_username=getattr(self.actor, "username", "") or "system",
                actor_role=getattr(self.actor, "role", "") or "",
                instansi_id=self.instansi.pk if self.instansi else None,
                action="siasn.update",
                target_type=obj._meta.label_lower,
                target_id=str(obj.pk),
                target_repr=label[:300],
                changes=jsonable(changes),
            )
        )

    def _nip_warnings(self, here: str, m: Mapped) -> None:
        """RULES.md §7's NIP warnings (CPNS before 18, serial 000, sex or birth date disagreeing with the
        record) in the report's notes, the first NIP_WARNINGS_SHOWN of them; the profile shows each."""
        for w in m.warnings:
            self.nip_warning_count += 1
            if self.nip_warning_count <= NIP_WARNINGS_SHOWN:
                self.report.notes.append(f"{here}: {w}")
            elif self.nip_warning_count == NIP_WARNINGS_SHOWN + 1:
                self.report.notes.append(_("More NIP warnings: see each employee's profile."))

    def people(self, recs: list[SourceRecord], mapped: list[Mapped]) -> None:
        ok: list[tuple[SourceRecord, Mapped]] = []
        # Where each NIP and BKN person id was first read: earlier batches (the temporary table), this one.
        seen = self.seen.first(
            [f"n:{m.nip}" for m in mapped if m.nip] + [f"p:{m.bkn_id}" for m in mapped if m.bkn_id]
        )
        new: dict[str, str] = {}
        for rec, m in zip(recs, mapped, strict=True):
            problems = list(m.problems)
            here = _where(rec)
            self._nip_warnings(here, m)
            nip_first = seen.get(f"n:{m.nip}") or new.get(f"n:{m.nip}") if m.nip else None
            pid_first = seen.get(f"p:{m.bkn_id}") or new.get(f"p:{m.bkn_id}") if m.bkn_id else None
            if nip_first:
                problems.append(
                    Problem(
                        "nipBaru",
                        m.nip,
                        "nip",
                        {
                            "text": _("NIP %(nip)s appears twice: %(first)s and %(second)s")
                            % {"nip": m.nip, "first": nip_first, "second": here}
                        },
                    )
                )
            elif m.nip:
                new[f"n:{m.nip}"] = here
            if nip_first:
                pass  # the same person twice: the NIP error says it
            elif pid_first:
                problems.append(
                    Problem(
                        "id",
                        m.bkn_id,
                        "nip",
                        {
                            "text": _("BKN person id %(id)s appears twice: %(first)s and %(second)s")
                            % {"id": m.bkn_id, "first": pid_first, "second": here}
                        },
                    )
                )
            elif m.bkn_id:
                new[f"p:{m.bkn_id}"] = here
            inst = self.ensure_instansi(rec)
            if inst is None:
                problems.append(
                    Problem(
                        "instansiIndukId",
                        "",
                        "nip",
                        {"text": _("no instansi: give --instansi or instansiIndukId")},
                    )
                )
            else:
                rec_inst = str(rec.data.get("instansiIndukId") or "").strip()
                if rec_inst and rec_inst != inst.bkn_id:
                    problems.append(
                        Problem(
                            "instansiIndukId",
                            rec_inst,
                            "nip",
                            {
                                "text": _(
                                    "instansiIndukId %(got)s is not the instansi of this import (%(want)s)"
                                )
                                % {"got": rec_inst, "want": inst.bkn_id}
                            },
                        )
                    )
            if problems:
                self.reject(rec, problems)
            else:
                ok.append((rec, m))
        self.seen.add(new)
        if not ok:
            return
        nips = [m.nip for _, m in ok]
        pids = [m.bkn_id for _, m in ok if m.bkn_id]
        existing = list(
            Employee.objects.filter(Q(nip__any=nips) | Q(bkn_id__any=pids)).select_related(
                "position", "unit__parent"
            )
        )
        by_nip = {e.nip: e for e in existing}
        by_pid = {e.bkn_id: e for e in existing if e.bkn_id}
        names = _fields("data-utama")
        creates: list[_NewRow] = []
        updates: list[Employee] = []
        unstamped: list[int] = []  # unchanged, but not as an import left them (edited, or never stamped)
        seats: list[tuple[Employee | _NewRow, int | _NewRow | None]] = []
        for rec, m in ok:
            e = by_nip.get(m.nip) or (by_pid.get(m.bkn_id) if m.bkn_id else None)
            other = by_pid.get(m.bkn_id) if m.bkn_id else None
            if e is not None and other is not None and other.pk != e.pk:
                self.reject(
                    rec,
                    [
                        Problem(
                            "id",
                            m.bkn_id,
                            "nip",
                            {
                                "text": _("BKN person id %(id)s belongs to NIP %(other)s")
                                % {"id": m.bkn_id, "other": other.nip}
                            },
                        )
                    ],
                )
                continue
            if e is not None and e.instansi_id != self.instansi.pk:
                self.reject(
                    rec,
                    [
                        Problem(
                            "nipBaru",
                            m.nip,
                            "nip",
                            {"text": _(NOT_HERE) % {"who": m.nip}},
                        )
                    ],
                )
                continue
            d = rec.data
            if foreign := self.foreign_unor(rec, "unorId", "unorIndukId"):
                self.reject(rec, foreign)
                continue
            unit_id = self.unit_for(
                str(d.get("unorId") or ""),
                str(d.get("unorNama") or ""),
                str(d.get("unorIndukId") or ""),
                str(d.get("unorIndukNama") or ""),
            )
            values = {
                **m.values,
                "unit_id": unit_id,
                "bkn_id": m.bkn_id or (e.bkn_id if e else None),
                "nip": m.nip,
                "instansi_id": self.instansi.pk,
                "raw": m.raw,
            }
            post = post_of(d, self.refs) if unit_id else None
            if e is None:
                e = _NewRow({**values, "siasn_stamp": self.stamp})
                creates.append(e)
                seats.append((e, self._claim(unit_id, post, values.get("tmt_jabatan"))))
                self.sample("data-utama", "created", rec, m)
                continue
            values["raw"] = self._news(e, m.raw)
            if len(values["raw"]) != len(m.raw) and not self.unsettled:
                # What it keeps depends on his unit and post as they are now, which this import may change.
                self.unsettled = _(
                    "%(where)s names what Talenta derives from the person's unit and post (%(keys)s)"
                ) % {"where": _where(rec), "keys": ", ".join(sorted(set(m.raw) - set(values["raw"])))}
            changes = self._diff(e, values, names)
            post_changed = not self._post_matches(e, unit_id, post, values.get("tmt_jabatan"))
            if not (changes or post_changed):
                self._keep(e.pk, e.siasn_stamp, unstamped)
                self.sample("data-utama", "unchanged", rec, m)
                continue
            for n in changes:
                setattr(e, n, values[n])
            e.siasn_stamp = self.stamp
            updates.append(e)
            if post_changed:
                changes["position"] = [
                    str(e.position) if e.position_id else None,
                    post["name"] if post else None,
                ]
                seats.append((e, self._claim(unit_id, post, values.get("tmt_jabatan"))))
            self._audit(e, changes, str(e))
            self.sample("data-utama", "updated", rec, m)
        self.flush_positions()
        for seat, since, eselon in self.claimed_eselon:  # the seats' ids are known now
            self._eselon_named(_pk(seat), since, eselon)
        self.claimed_eselon = []
        if unstamped:
            Employee.objects.filter(pk__any=unstamped).update(siasn_stamp=self.stamp)
        # A seat holds one person. Whoever holds a seat claimed here (and whoever moves) leaves his seat
        # first, so the one-to-one constraint never sees two holders; two claims in one batch: the last wins.
        wanted = {id(e): _pk(p) for e, p in seats}
        last, claimant = {}, {}
        for e, p in seats:
            if p is not None:
                if _pk(p) in last and not self.unsettled:
                    self.unsettled = _("the rows of %(first)s and %(second)s claim the same post") % {
                        "first": claimant[_pk(p)].nip,
                        "second": e.nip,
                    }
                last[_pk(p)], claimant[_pk(p)] = id(e), e
        moving = [e.pk for e, _p in seats if e.pk]
        claimed = [pk for pk in last if pk]
        if not self.unsettled:
            # A seat made in this batch has no holder yet (two claims of it are `last`'s concern).
            self._check_unseated([p for _e, p in seats if isinstance(p, int)], moving)
        if moving or claimed:
            Employee.objects.filter(Q(pk__in=moving) | Q(position_id__in=claimed)).update(position=None)
        for e, _p in seats:
            pk = wanted[id(e)]
            e.position_id = pk if pk is not None and last.get(pk) == id(e) else None
        for e in updates:
            if e.position_id and last.get(e.position_id, id(e)) != id(e):
                e.position_id = None  # his seat went to someone else in this batch
        if updates:
            fast_update(Employee, updates, [*_attrs(names), "position", "siasn_stamp"])
        self._insert(Employee, [e.__dict__ for e in creates])

    def _check_unseated(self, claimed: list[int], moving: list[int]) -> None:
        """Whether a seat this batch claims is held by someone this import has already read: reading the
        files again, his row would take it back, and the claim would take it again (`unsettled`). A holder
        the files do not name simply leaves it, for good."""
        if not claimed:
            return
        holders = Employee.objects.filter(position_id__in=claimed).exclude(pk__any=moving)
        nips = [f"n:{n}" for n in holders.values_list("nip", flat=True)]
        if nips and (read := self.seen.first(nips)):
            key, where = min(read.items())
            self.unsettled = _("a post held by %(nip)s, read earlier (%(where)s), goes to another row") % {
                "nip": key[2:],
                "where": where,
            }

    def _keep(self, pk: int, stamp: int | None, unstamped: list[int]) -> None:
        """A row found unchanged: its stamp is counted as it is (no write), or, when the row is not as an
        import left it (edited since, or older than stamps), it is stamped now."""
        if stamp is not None and stamp > 0:
            self.stamps_kept.add(stamp)
        else:
            unstamped.append(pk)

    def _news(self, e: Employee, raw: dict[str, Any]) -> dict[str, Any]:
        """The raw keys of a record without those Talenta itself derives for the person (instansi, unit,
        post) and has not stored: our own export of a person SIASN never sent, read back, is not news."""
        known = derived_person_keys(e, self.instansi)
        return {k: v for k, v in raw.items() if k in e.raw or k not in known or known[k] != v}

    def _claim(
        self, unit_id: int | None, post: dict[str, Any] | None, since: Any = None
    ) -> int | _NewRow | None:
        """The seat a person's current post gives him: the unit's struktural seat, or a vacant JF or
        pelaksana seat of that name in the unit, or a new one. A struktural seat without an eselon gets
        the one the record names, as when he already holds it (`_post_matches`): the same files read
        again then find it as this import leaves it."""
        if post is None or unit_id is None:
            return None
        if post["kind"] == Position.Kind.STRUKTURAL:
            seat = self.seat(unit_id, post, defer=True)
            if post["eselon"] and not (isinstance(seat, _NewRow) and seat.eselon):
                self.claimed_eselon.append((seat, since, post["eselon"]))
            return seat
        self._load_positions()
        free = self.vacant_seat.get((unit_id, post["name"].upper(), post["kind"]))
        return free.pop() if free else self._new_position(unit_id, post, defer=True)

    def _post_matches(
        self, e: Employee, unit_id: int | None, post: dict[str, Any] | None, since: Any = None
    ) -> bool:
        """Whether the person already holds the seat his record's post gives him. A seat is its unit, name
        and kind (a struktural seat is one per unit and name, whatever its eselon): a struktural seat made
        from a file without eselons (the Export Data ASN CSV) gets the eselon this record names, as from a
        rw-jabatan row, and an eselon already known is never overwritten (issue #17: the same files again
        change nothing)."""
        if post is None:
            return e.position_id is None
        p = e.position
        if (
            p is None
            or p.unit_id != unit_id
            or p.name.upper() != post["name"].upper()
            or p.kind != post["kind"]
        ):
            return False
        if p.kind == Position.Kind.STRUKTURAL and not p.eselon and post["eselon"]:
            self._eselon_named(p.pk, since, post["eselon"])
        return True

    def _eselon_named(self, seat: int, since: Any, eselon: str) -> None:
        """A row names the eselon of a struktural seat: the latest TMT wins, at the end (`_fill_eselon`)."""
        known = self.seat_eselon.get(seat)
        if known is None or (since and (known[0] is None or since >= known[0])):
            self.seat_eselon[seat] = (since, eselon)

    def histories(self, kind: str, recs: list[SourceRecord], mapped: list[Mapped]) -> None:
        spec = KINDS[kind]
        Model = _model(kind)
        nips = {m.nip for m in mapped if m.nip}
        pids = {m.person_id for m in mapped if m.person_id}
        people = Employee.objects.filter(Q(nip__any=nips) | Q(bkn_id__any=pids)).values_list(
            "id", "nip", "bkn_id", "instansi_id", "name", "siasn_stamp"
        )
        by_nip, by_pid = {}, {}
        for row in people:
            by_nip[row[1]] = row
            if row[2]:
                by_pid[row[2]] = row
        ok: list[tuple[SourceRecord, Mapped, tuple]] = []
        # Each row's person (by NIP, else by BKN person id); a row typed without a riwayat id gets its
        # synthetic one before the duplicate check.
        persons = []
        for rec, m in zip(recs, mapped, strict=True):
            person = (by_nip.get(m.nip) if m.nip else None) or (
                by_pid.get(m.person_id) if m.person_id else None
            )
            persons.append(person)
            if not m.bkn_id and person is not None:
                m.bkn_id = synthetic_id(kind, person[1], "", rec.data)
        # Riwayat ids are unique per kind: where each was first read, in earlier batches and in this one.
        seen = {
            k[len(kind) + 3 :]: w
            for k, w in self.seen.first(f"h:{kind}:{m.bkn_id}" for m in mapped if m.bkn_id).items()
        }
        new: dict[str, str] = {}
        for rec, m, person in zip(recs, mapped, persons, strict=True):
            problems = list(m.problems)
            if person is None:
                key = spec.nip_key if m.nip else (spec.pid_key or spec.nip_key)
                problems.append(
                    Problem(
                        key,
                        m.nip or m.person_id,
                        "nip",
                        {
                            "text": _("employee %(who)s is neither in the file nor in Talenta")
                            % {"who": m.nip or m.person_id}
                        },
                    )
                )
            elif self.instansi is not None and person[3] != self.instansi.pk:
                problems.append(
                    Problem(
                        spec.nip_key or spec.pid_key,
                        m.nip or m.person_id,
                        "nip",
                        {"text": _(NOT_HERE) % {"who": m.nip or m.person_id}},
                    )
                )
            if kind == "rw-jabatan":
                problems += self.foreign_unor(rec, "unorId", "unorIndukId")
            first = (seen.get(m.bkn_id) or new.get(m.bkn_id)) if m.bkn_id else None
            if first:
                problems.append(
                    Problem(
                        spec.id_key,
                        m.bkn_id,
                        "nip",
                        {
                            "text": _("riwayat id %(id)s appears twice: %(first)s and %(second)s")
                            % {"id": m.bkn_id, "first": first, "second": _where(rec)}
                        },
                    )
                )
            elif m.bkn_id:
                new[m.bkn_id] = _where(rec)
            if problems:
                self.reject(rec, problems)
            else:
                if self.instansi is None and person is not None:
                    self.instansi = Instansi.objects.get(pk=person[3])
                    self.report.instansi_id = self.instansi.pk
                ok.append((rec, m, person))
        self.seen.add({f"h:{kind}:{k}": w for k, w in new.items()})
        if not ok:
            return
        names = _fields(kind)
        # The stored rows as plain attributes, not model instances (a re-import compares every row, and
        # building the models was a third of its time): only a changed row becomes a model, to be updated.
        columns = ["pk", "bkn_id", "siasn_stamp", "employee__instansi_id", *names]
        existing = {
            row[1]: SimpleNamespace(**dict(zip(columns, row, strict=True)))
            for row in Model.objects.filter(bkn_id__any=[m.bkn_id for _, m, _ in ok]).values_list(*columns)
        }
        creates, updates, unstamped = [], [], []
        # The people these rows belong to are part of what the import read: counted too (siasn.stamps).
        persons_unstamped: list[int] = []
        for pk, stamp in {person[0]: person[5] for _r, _m, person in ok}.items():
            if stamp != self.stamp:
                self._keep(pk, stamp, persons_unstamped)
        for rec, m, person in ok:
            o = existing.get(m.bkn_id)
            if o is not None and o.employee__instansi_id != person[3]:
                # A riwayat id of another instansi's record: never move that record to this person.
                text = _("riwayat id %(id)s cannot be written into this instansi") % {"id": m.bkn_id}
                self.reject(rec, [Problem(spec.id_key, m.bkn_id, "nip", {"text": text})])
                continue
            values = {**m.values, "employee_id": person[0], "raw": m.raw}
            if kind == "rw-jabatan":
                self._jabatan(rec, m, values)
            if o is not None and kind == "rw-jabatan" and values["position_id"] is None:
                values["position_id"] = o.position_id  # a seat link SIASN's row cannot say is kept
            if o is None:
                creates.append({"bkn_id": m.bkn_id, **values, "siasn_stamp": self.stamp})
                self.sample(kind, "created", rec, m)
                continue
            changes = self._diff(o, values, names)
            if not changes:
                self._keep(o.pk, o.siasn_stamp, unstamped)
                self.sample(kind, "unchanged", rec, m)
                continue
            obj = Model(
                pk=o.pk, bkn_id=o.bkn_id, **{n: values[n] if n in changes else getattr(o, n) for n in names}
            )
            obj.siasn_stamp = self.stamp
            updates.append(obj)
            self._audit(obj, changes, f"{spec.label} {person[1]}")
            self.sample(kind, "updated", rec, m)
        # A post-history row's new unit: in before the rows naming it are written (their keys are checked
        # as they are, `_read`).
        self.flush_units()
        if updates:
            fast_update(Model, updates, [*_attrs(names), "siasn_stamp"])
        if unstamped:
            Model.objects.filter(pk__any=unstamped).update(siasn_stamp=self.stamp)
        if persons_unstamped:
            Employee.objects.filter(pk__any=persons_unstamped).update(siasn_stamp=self.stamp)
        self._insert(Model, creates)

    def _jabatan(self, rec: SourceRecord, m: Mapped, values: dict[str, Any]) -> None:
        d = rec.data
        unit_id = self.unit_for(
            m.values.get("unor_id", ""),
            m.values.get("unit_name", ""),
            str(d.get("unorIndukId") or ""),
            str(d.get("unorIndukNama") or ""),
        )
        values["unit_id"] = unit_id
        values["position_id"] = None
        eselon = values.get("eselon") or ""
        acting = values.get("assignment") in (JabatanHistory.Assignment.PLT, JabatanHistory.Assignment.PLH)
        if unit_id and (eselon in jr.ESELON_LEVEL or acting):
            level = jr.level_for(eselon=eselon, jf_jenjang=None, kind=None)
            post = {
                # "Plt. Kepala Dinas X" acts in the seat "Kepala Dinas X".
                "name": ACTING_PREFIX.sub("", values["jabatan_name"]) if acting else values["jabatan_name"],
                "kind": str(Position.Kind.STRUKTURAL),
                "level": str(level),
                "eselon": eselon if eselon in jr.ESELON_LEVEL else "",
                "jf_code": "",
                "bkn_jabatan_id": "",
                "bup": jr.bup_age(level),
            }
            seat = _pk(self.seat(unit_id, post))
            values["position_id"] = seat
            if post["eselon"]:
                self._eselon_named(seat, values.get("tmt"), post["eselon"])
                self.history_names_eselon = True
            if acting:
                since = values.get("tmt")
                current = self.acting.get(seat)
                if current is None or (since and (current[2] is None or since >= current[2])):
                    self.acting[seat] = (values["employee_id"], values["assignment"].lower(), since)

    def finish(self) -> None:
        self.flush_units()
        self._fill_eselon()
        if self.acting:
            positions = list(Position.objects.filter(pk__in=list(self.acting)))
            changed = []
            for p in positions:
                emp, kind, since = self.acting[p.pk]
                if p.acting_since and since and p.acting_since > since:
                    continue  # Talenta already knows a later acting assignment
                if (p.acting_holder_id, p.acting_kind, p.acting_since) != (emp, kind, since):
                    p.acting_holder_id, p.acting_kind, p.acting_since = emp, kind, since
                    changed.append(p)
            Position.objects.bulk_update(
                changed, ["acting_holder", "acting_kind", "acting_since"], batch_size=1000
            )
            self.report.counts["position"]["updated"] += len(changed)

    def _fill_eselon(self) -> None:
        """Struktural seats without an eselon get it (and their level and BUP) from the latest post-history
        row that names one; an eselon already known is never overwritten. The rest are reported."""
        if self.seat_eselon:
            ids = list(self.seat_eselon)
            filled = []
            for i in range(0, len(ids), 5000):
                for p in Position.objects.filter(pk__in=ids[i : i + 5000], eselon=""):
                    p.eselon = self.seat_eselon[p.pk][1]
                    p.level = jr.ESELON_LEVEL[p.eselon]
                    p.bup = jr.bup_age(p.level)
                    filled.append(p)
            Position.objects.bulk_update(filled, ["eselon", "level", "bup"], batch_size=1000)
            self.report.counts["position"]["updated"] += len(filled)
        if self.instansi is not None:
            missing = Position.objects.filter(
                instansi=self.instansi, kind=Position.Kind.STRUKTURAL, eselon=""
            ).count()
            if missing:
                self.report.notes.append(
                    _(
                        "%(n)s struktural posts have no eselon (the Export Data ASN CSV does not carry it): "
                        "their level counts as pelaksana until a rw-jabatan file with eselonId is imported."
                    )
                    % {"n": missing}
                )

    def mark_discipline_checked(self) -> None:
        """The user said the import's rw-hukdis covers all its people (`hukdis_complete`): the people of its
        data-utama have had their discipline history checked today, sentences or none (profile
        completeness, RULES §6). Not inferred from the files: an empty rw-hukdis (our own export writes
        one) cannot tell "checked, clean" from "never checked"."""
        if self.instansi is None:
            return
        today = timezone.localdate()
        table = connection.ops.quote_name(Employee._meta.db_table)
        self.seen.flush()  # the NIPs read are asked of the table
        with connection.cursor() as c:
            c.execute(
                f"UPDATE {table} SET discipline_checked_at = %s WHERE instansi_id = %s AND nip IN "  # noqa: S608 - names from the model and a constant
                f"(SELECT substr(k, 3) FROM {self.seen.table} WHERE k LIKE 'n:%%')",
                [connection.ops.adapt_datefield_value(today), self.instansi.pk],
            )
            n = c.rowcount
        if n:
            self.report.notes.append(
                _("%(n)s people are recorded as having their discipline history (rw-hukdis) checked today.")
                % {"n": n}
            )

    def write_audit(self, summary: dict[str, Any], files: list[dict[str, Any]]) -> None:
        self.audit.append(import_entry(self.actor, self.instansi, summary, files))
        audit_bulk(self.audit)


def import_entry(
    actor: Any, instansi: Instansi | None, summary: dict[str, Any], files: list[dict[str, Any]]
) -> AuditEntry:
    """The audit trail's record of one import: who, which files, what it counted."""
    return AuditEntry(
        at=timezone.now(),
        actor_username=getattr(actor, "username", "") or "system",
        actor_role=getattr(actor, "role", "") or "",
        instansi_id=instansi.pk if instansi else None,
        action="siasn.import",
        target_type="siasn.importrun",
        target_id="",
        target_repr=", ".join(f["name"] for f in files)[:300],
        changes=jsonable(summary),
    )


def audit_bulk(entries: list[AuditEntry]) -> None:
    """Append many entries to the hash chain at once (one lock, one insert): core.audit's chain, in bulk."""
    if not entries:
        return
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    prev = head.last_hash
    for e in entries:
        e.prev_hash = prev
        e.hash = entry_hash(e, prev)
        prev = e.hash
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    head.last_hash = prev
    head.count += len(entries)
    head.save(update_fields=["last_hash", "count"])


class ImportRejected(JobError):
    def __init__(self, report: ImportReport) -> None:
        super().__init__(_("%(n)s rows rejected; nothing was written") % {"n": report.error_count})
        self.report = report


def siasn_import(
    *,
    paths: list[Path],
    fmt: str = "auto",
    instansi: Instansi | None = None,
    instansi_bkn_id: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    hukdis_complete: bool = False,
    user: Any = None,
    progress: Progress | None = None,
    run: ImportRun | None = None,
    replay: bool = True,
) -> ImportReport:
    """Import SIASN files. Returns the report; `report.written` says whether anything was kept.

    Files already imported, byte for byte, into rows nothing has changed since are answered from that
    import's record without being read (siasn.stamps); `replay=False` reads them anyway."""
    report = ImportReport(dry_run=dry_run, skip_invalid=skip_invalid)
    report.files = _digests(paths)
    refs = load_refs()
    skipped: list[str] = []
    try:
        srcs = sources([Path(p) for p in paths], fmt, skipped)
    except FormatError as e:
        report.errors.append(RowError("", "", "", "", "", str(e)))
        report.error_count += 1
        return _record(run, report, user)
    context = stamps.context_digest(
        refs_digest=refs.digest,
        fmt=fmt,
        instansi_id=instansi.pk if instansi is not None else None,
        instansi_bkn_id=instansi_bkn_id,
    )
    earlier = _replay_candidate(report.files, context) if replay and not hukdis_complete else None
    if progress is not None:
        progress.set_total(sum(src.size for src in srcs), unit="B")
    with transaction.atomic():
        if earlier is not None and _replay(report, earlier, user):
            if progress is not None:
                progress.update(sum(src.size for src in srcs), _("nothing changed since the last import"))
        else:
            imp = _Importer(
                refs=refs, report=report, instansi=instansi, instansi_bkn_id=instansi_bkn_id, actor=user
            )
            # The cycle collector paused while reading (core.bulk.gc_paused): the rows are plain
            # containers freed by reference counting; a first import of 100,000 people took 19 % less.
            with gc_paused():
                _read(
                    imp,
                    srcs,
                    context,
                    hukdis_complete=hukdis_complete,
                    progress=progress,
                    nothing=lambda: nothing_read(srcs, skipped, [Path(p) for p in paths]),
                )
    if report.written and not report.replayed:
        # The tables it wrote, not the whole database (0.51 s -> 0.41 s at 12,000 people).
        refresh_planner_statistics(only=stamps.stamped_models())
    if progress is not None:
        progress.finish(report.summary().replace("\n", "; ")[:200])
    return _record(run, report, user)


def _read(
    imp: _Importer,
    srcs: list[Source],
    context: str,
    *,
    hukdis_complete: bool,
    progress: Progress | None,
    nothing: Callable[[], FormatError],
) -> None:
    """Read every row of the files, in the caller's transaction, and keep them or roll everything back."""
    report = imp.report
    meter = Meter()
    rows = 0
    fatal = False
    imp.seen.create()
    try:
        with ExitStack() as stack:
            # The new rows' foreign keys checked as the writer copies them, not all at the commit (Django
            # defers them): that wait overlaps the reading too.
            for model in dict.fromkeys(_model(k) for k in KINDS):
                stack.enter_context(foreign_keys_immediate(model))
            stack.enter_context(imp.writer)
            stack.enter_context(connection.execute_wrapper(imp._writer_idle))
            for batch in _batched(records(srcs, meter), BATCH):
                imp.process(batch)
                rows += len(batch)
                if progress is not None:
                    progress.update(
                        meter.bytes, _("%(n)s rows read") % {"n": number_format(rows, force_grouping=True)}
                    )
        if rows == 0:  # not one record in the files: not a success that wrote nothing
            raise nothing()
        imp.finish()
        if hukdis_complete:
            imp.mark_discipline_checked()
    except FormatError as e:
        report.errors.append(RowError("", "", "", "", "", str(e)))
        report.error_count += 1
        fatal = True
    imp.seen.drop()
    if report.dry_run or fatal or report.rejected:
        transaction.set_rollback(True)
        return
    if report.changed:  # whatever the rows changed, the candidate pool reads it again
        mark_changed(instansi_id=imp.instansi.pk if imp.instansi is not None else None)
    if imp.instansi is not None:  # the units and posts as this import leaves them
        imp.org_kept = stamps.stamp_organisation(imp.instansi.pk, max(time.time_ns(), imp.stamp + 1))
    # What reading these files again, into the rows as this run leaves them, would report (siasn.stamps):
    # not after errors or a user's word about rw-hukdis; after a run that changed rows, not when a later
    # row may undo an earlier one (`unsettled`). A run that changed nothing is a fixed point as it stands.
    settled = not imp.unsettled or not report.changed
    if report.error_count == 0 and not hukdis_complete and settled:
        report.replay = _replay_record(imp, context)
    elif report.error_count == 0 and not hukdis_complete:
        # Why the same files, imported again, will be read row by row rather than answered from a record.
        report.notes.append(
            _(
                "Importing these files again will read every row, not answer from this import's record: "
                "%(why)s. The next import of them that changes nothing keeps a record."
            )
            % {"why": imp.unsettled}
        )
    imp.write_audit(
        {"counts": report.counts_dict(), "files": report.files, "errors": report.error_count}, report.files
    )
    report.written = True


# --- re-importing what nothing has changed since (siasn.stamps) ----------------------------------------


def _replay_record(imp: _Importer, context: str) -> dict[str, Any]:
    """What a re-import of the same files needs to answer without reading them, or {} when it has no
    instansi."""
    if imp.instansi is None:
        return {}
    # The rows of these files carry this import's stamp, or, found unchanged, the stamp they had.
    counted = sorted({imp.stamp, *imp.stamps_kept, *imp.org_kept})
    report = imp.report
    # The counts a full re-import gives: every row read is found unchanged; no instansi, unit or post is
    # created; the posts a rw-jabatan file names are looked at again (0 updated).
    counts = {
        kind: {"created": 0, "updated": 0, "unchanged": c["created"] + c["updated"] + c["unchanged"],
               "rejected": 0}
        for kind, c in report.counts_dict().items()
        if kind in KINDS
    }  # fmt: skip
    if imp.acting or imp.history_names_eselon:
        counts["position"] = dict.fromkeys(OUTCOMES, 0)
    return {
        "stamps": counted,
        "context": context,
        "instansi": imp.instansi.pk,
        "instansi_digest": stamps.instansi_digest(imp.instansi),
        "tables": stamps.stamped_counts(counted),
        "organisation": stamps.organisation_counts(imp.instansi.pk, counted),
        "counts": counts,
        "samples": {kind: {"unchanged": rows} for kind, rows in imp.first_rows.items()},
        "notes": list(report.notes),
        "finished_at": timezone.now().isoformat(),
    }


def _replay_candidate(files: list[dict[str, Any]], context: str) -> ImportRun | None:
    """The latest import of exactly these files (names, sizes, SHA-256) in the same context."""
    runs = ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED, replay__context=context)
    runs = runs.order_by("-id")
    for run in runs.only("id", "files", "replay")[:20]:
        if run.files == files and run.replay:
            return run
    return None


def _replay(report: ImportReport, earlier: ImportRun, user: Any) -> bool:
    """Answer from `earlier`'s record when every row it left is still as it left it; False: read the files."""
    r = earlier.replay
    inst = Instansi.objects.filter(pk=r["instansi"]).first()
    if inst is None or stamps.instansi_digest(inst) != r["instansi_digest"]:
        return False
    if not stamps.triggers_present():
        return False
    if stamps.organisation_counts(inst.pk, r["stamps"]) != r["organisation"]:
        return False
    if stamps.stamped_counts(r["stamps"]) != r["tables"]:
        return False
    for kind, c in r["counts"].items():
        report.counts[kind].update(c)
    for kind, by_outcome in r["samples"].items():
        report.samples[kind].update(by_outcome)
    when = waktu(r["finished_at"])
    report.notes = [
        *r["notes"],
        _(
            "These files are exactly those of the import of %(when)s, and no row that import left has "
            "changed since: the rows were not read again, and each counts as unchanged."
        )
        % {"when": when},
    ]
    report.instansi_id = inst.pk
    report.replay = r
    report.replayed = True
    if not report.dry_run:
        summary = {"counts": report.counts_dict(), "files": report.files, "errors": 0, "replayed": True}
        audit_bulk([import_entry(user, inst, summary, report.files)])
        report.written = True
    return True


def _record(run: ImportRun | None, report: ImportReport, user: Any) -> ImportReport:
    """Write the ImportRun (after the import's own transaction: a rejected import is recorded too)."""
    if run is None:
        run = ImportRun(
            user=user if getattr(user, "pk", None) else None,
            username=getattr(user, "username", "") or "system",
        )
    run.files = report.files
    run.dry_run = report.dry_run
    run.skip_invalid = report.skip_invalid
    run.counts = report.counts_dict()
    run.samples = report.samples_dict()
    run.errors = [e.as_dict() for e in report.errors]
    run.error_count = report.error_count
    run.notes = report.notes
    run.replay = report.replay
    if report.instansi_id and Instansi.objects.filter(pk=report.instansi_id).exists():
        run.instansi_id = report.instansi_id
    elif report.instansi_id:
        run.instansi_id = None
    if report.dry_run:
        run.status = ImportRun.Status.PREVIEW
    elif report.written:
        run.status = ImportRun.Status.SUCCEEDED
    else:
        run.status = ImportRun.Status.REJECTED
    run.message = report.summary()
    run.finished_at = timezone.now()
    run.save()
    report.run_id = run.pk  # type: ignore[attr-defined]
    if run.status == ImportRun.Status.PREVIEW and run.user_id and run.instansi_id:
        _notify_preview(run)
    return report


def _notify_preview(run: ImportRun) -> None:
    """Hand the checked import back to who uploaded it: it waits for his confirmation."""
    from django.urls import reverse

    from talenta.accounts import notifications

    names = ", ".join(str(f.get("name", "")) for f in (run.files or []) if isinstance(f, dict))
    notifications.notify(
        users=[run.user],
        kind=notifications.Kind.IMPORT,
        params={"files": names[:200]},
        url=reverse("siasn:run", args=[run.pk]),
    )


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name)[:120] or "berkas"
