"""The SIASN import's set-based path (issue #17): a batch of history rows mapped, checked and written by
one SQL statement, not row by row in Python.

`rules.fields.to_model` stays the one place that says what a SIASN value means. This module only
accelerates it: its SQL accepts a value only in the forms where the mapping is certain and plain (a text
already stripped, a code of letters and digits that the reference table holds exactly, a date written
dd-mm-yyyy or as BKN's ISO midnight that the calendar has, a whole number of up to nine digits). A row
with any other value, or one the rules would refuse, is not written here: it goes through `to_model` and
the row-by-row import as before, which names its problems. So the errors, the all-or-nothing default,
`--skip-invalid` and the round trip stay exactly what they were; the test
`tests/siasn/test_setbased.py` imports the same files both ways and compares every column, every error
and every count.

What the caller settles in Python first, with the row-by-row code's own functions: each row's riwayat id
and person, the person's instansi, the ids already read and the ids the batch holds twice. Only rows that
are new to Talenta are written here (an id already stored is compared and updated row by row).

The rows go to the database as one JSON text per batch, `[[employee id, riwayat id, record], ...]`,
unpacked by `jsonb_array_elements` (PostgreSQL) or `json_each` (SQLite); `INSERT ... SELECT ... RETURNING`
says which were written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models

from talenta.people.rules import performance as perf
from talenta.siasn.rules.fields import KINDS, LEADERSHIP_KIND, F, Kind, Refs

# The history kinds written here. rw-jabatan (units, seats and the current post) and rw-hukdis (a level
# from the reference table, the discipline check) keep the row-by-row path.
KINDS_SET = ("rw-golongan", "rw-pendidikan", "rw-diklat", "rw-kursus", "rw-skp22", "rw-penghargaan")
# Keys `rules.fields._finish` takes out of a kind's raw besides its modelled keys.
RAW_DROPPED = {"rw-skp22": ("hasilKinerja", "perilakuKerja", "kuadranKinerja")}
# A name `_finish` takes from the reference table when the record leaves it empty (marking raw): the code's
# field, the table, and whether a name is then required.
NAMED_FROM_REF = {
    "rw-diklat": ("latihan_struktural", "latihanStruktural", False),
    "rw-penghargaan": ("penghargaan", "penghargaan", True),
}


def enabled() -> bool:
    return bool(getattr(settings, "SIASN_SET_BASED", True))


class _Dialect:
    """The few SQL forms that differ between PostgreSQL and SQLite, and the batch unpacked once, level by
    level, so that no value is taken from the record or parsed twice (SQLite parses a JSON text at each
    call; PostgreSQL evaluates a repeated expression each time):

    b   emp, bkn, d (the record), from the batch's JSON;
    s0  for each key a field reads, its JSON type jt<i> and value jv<i>;
    s   t<i>, the type as the checks need it ('string', 'int': a whole number of at most 15 digits,
        'null' when absent, else the JSON type) and x<i>, the value as text; for a date, f<i>: 1 for
        dd-mm-yyyy, 2 for BKN's yyyy-mm-ddT00:00:00Z, 0 for anything else;
    p   for a date, its year y<i>, month mo<i> and day dd<i>."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"
        self.keys: dict[str, int] = {}
        self.dates: set[int] = set()
        self.mat = "MATERIALIZED "

    def _col(self, key: str) -> int:
        _lit(key)  # checked
        return self.keys.setdefault(key, len(self.keys))

    def typ(self, key: str) -> str:
        return f"t{self._col(key)}"

    def text(self, key: str) -> str:
        return f"x{self._col(key)}"

    def date_parts(self, key: str) -> tuple[str, str, str, str]:
        i = self._col(key)
        self.dates.add(i)
        return f"f{i}", f"y{i}", f"mo{i}", f"dd{i}"

    def _typ(self, jt: str, jv: str) -> str:
        if self.pg:
            return (
                f"(CASE {jt} WHEN 'string' THEN 'string' "
                f"WHEN 'number' THEN CASE WHEN {jv} ~ '^(0|-?[1-9][0-9]{{0,14}})$' THEN 'int' "
                f"ELSE 'number' END ELSE coalesce({jt}, 'null') END)"
            )
        return (
            f"(CASE {jt} WHEN 'text' THEN 'string' "
            f"WHEN 'integer' THEN CASE WHEN typeof({jv}) = 'integer' "
            f"AND {jv} BETWEEN -999999999999999 AND 999999999999999 THEN 'int' "
            f"ELSE 'number' END ELSE coalesce({jt}, 'null') END)"
        )

    def _format(self, jt: str, jv: str) -> str:
        string = "'string'" if self.pg else "'text'"
        dmy = self.matches(jv, r"^[0-9]{2}-[0-9]{2}-[0-9]{4}$", "[0-9][0-9]-[0-9][0-9]-[0-9][0-9][0-9][0-9]")
        iso = self.matches(
            jv,
            r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00Z$",
            "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T00:00:00Z",
        )
        return f"(CASE WHEN {jt} IS DISTINCT FROM {string} THEN 0 WHEN {dmy} THEN 1 WHEN {iso} THEN 2 ELSE 0 END)"

    def batch(self) -> str:
        """The WITH clause unpacking the batch (its one parameter) into `p`."""
        if self.pg:
            b = "SELECT (r->>0)::bigint AS emp, r->>1 AS bkn, r->2 AS d FROM jsonb_array_elements(%s::jsonb) AS r"
            s0 = [
                f"jsonb_typeof(d->{_lit(k)}) AS jt{i}, d->>{_lit(k)} AS jv{i}" for k, i in self.keys.items()
            ]
        else:
            b = (
                "SELECT json_extract(value, '$[0]') AS emp, json_extract(value, '$[1]') AS bkn, "
                "json_extract(value, '$[2]') AS d FROM json_each(%s)"
            )
            s0 = []
            for k, i in self.keys.items():
                path = _lit(f'$."{k}"')
                s0.append(f"json_type(d, {path}) AS jt{i}, json_extract(d, {path}) AS jv{i}")
        s = []
        for i in self.keys.values():
            jt, jv = f"jt{i}", f"jv{i}"
            s.append(f"{self._typ(jt, jv)} AS t{i}, {jv if self.pg else f'CAST({jv} AS TEXT)'} AS x{i}")
            if i in self.dates:
                s.append(f"{self._format(jt, jv)} AS f{i}")
        p = []
        for i in sorted(self.dates):
            for name, (at_dmy, at_iso, width) in (("y", (7, 1, 4)), ("mo", (4, 6, 2)), ("dd", (1, 9, 2))):
                p.append(
                    f"(CASE f{i} WHEN 1 THEN {self.integer(f'substr(x{i}, {at_dmy}, {width})')} "
                    f"WHEN 2 THEN {self.integer(f'substr(x{i}, {at_iso}, {width})')} END) AS {name}{i}"
                )
        return (
            f"WITH b AS {self.mat}({b}), "
            f"s0 AS {self.mat}(SELECT b.*, {', '.join(s0)} FROM b), "
            f"s AS {self.mat}(SELECT emp, bkn, d, {', '.join(s)} FROM s0), "
            f"p AS {self.mat}(SELECT {', '.join(['s.*', *p])} FROM s)"
        )

    def plain(self, x: str) -> str:
        """x is not empty, starts and ends with a printable ASCII character other than the space, and is not
        "null": `clean_text` gives it back as it is."""
        if self.pg:
            return (
                f"(ascii(left({x}, 1)) BETWEEN 33 AND 126 AND ascii(right({x}, 1)) BETWEEN 33 AND 126 "
                f"AND lower({x}) <> 'null')"
            )
        return (
            f"(unicode(substr({x}, 1, 1)) BETWEEN 33 AND 126 "
            f"AND unicode(substr({x}, -1, 1)) BETWEEN 33 AND 126 AND lower({x}) <> 'null')"
        )

    def length(self, x: str) -> str:
        return f"char_length({x})" if self.pg else f"length({x})"

    def matches(self, x: str, regex: str, glob: str) -> str:
        pattern = regex if self.pg else glob
        if "'" in pattern:  # pragma: no cover - the patterns are this module's
            raise ValueError(pattern)
        return f"({x} ~ '{pattern}')" if self.pg else f"({x} GLOB '{pattern}')"

    def code_chars(self, x: str) -> str:
        """Only letters, digits, '.', '_' and '-': no blank, no Excel guard, nothing `parse_code` changes."""
        if self.pg:
            return f"({x} ~ '^[A-Za-z0-9._-]+$')"
        return f"({x} <> '' AND {x} NOT GLOB '*[^A-Za-z0-9._-]*')"

    def digits(self, x: str, most: int) -> str:
        if self.pg:
            return f"({x} ~ '^[0-9]{{1,{most}}}$')"
        return f"({x} <> '' AND {x} NOT GLOB '*[^0-9]*' AND length({x}) <= {most})"

    def one_of(self, x: str, values: list[str], params: list[Any]) -> str:
        params.append(list(values) if self.pg else json.dumps(list(values)))
        if self.pg:
            return f"({x} = ANY(%s::text[]))"
        return f"({x} IN (SELECT value FROM json_each(%s)))"  # noqa: S608 - x is SQL built here

    def integer(self, x: str) -> str:
        return f"CAST({x} AS integer)" if self.pg else f"CAST({x} AS INTEGER)"

    def date(self, y: str, m: str, d: str, x: str, fmt: str) -> str:
        if self.pg:
            return f"make_date({y}, {m}, {d})"
        # SQLite keeps a date as its ISO text.
        return f"(CASE {fmt} WHEN 2 THEN substr({x}, 1, 10) ELSE substr({x}, 7, 4) || '-' || substr({x}, 4, 2) || '-' || substr({x}, 1, 2) END)"

    def raw(self, record: str, dropped: list[str], params: list[Any]) -> str:
        if self.pg:
            params.append(dropped)
            return f"({record} - %s::text[])"
        paths = ", ".join(_lit(f'$."{k}"') for k in dropped)
        return f"json_remove({record}, {paths})"

    def flagged(self, raw: str, cond: str, flag: str) -> str:
        """raw with {flag: true} where cond holds (added last, or set in place), as `_finish` marks it."""
        if self.pg:
            return f"({raw} || CASE WHEN {cond} THEN jsonb_build_object({_lit(flag)}, true) ELSE '{{}}'::jsonb END)"
        return f"(CASE WHEN {cond} THEN json_set({raw}, {_lit(f'$.{chr(34)}{flag}{chr(34)}')}, json('true')) ELSE {raw} END)"


def _lit(s: str) -> str:
    """A quoted SQL literal of a key from rules.fields (letters and digits: checked)."""
    if not all(
        ch.isalnum() or ch in '$."_' for ch in s
    ):  # pragma: no cover - a key added with odd characters
        raise ValueError(f"key {s!r} cannot be a literal")
    return "'" + s + "'"


@dataclass
class _Field:
    ok: str  # SQL: true only when to_model maps this value without a problem, to `value`
    value: str  # SQL: the column's value
    params_ok: list[Any]
    params_value: list[Any]


def _field(sql: _Dialect, kind: Kind, f: F, refs: Refs) -> _Field:
    """One field's check and value, as `to_model` (rules/fields.py) reads it in the plain forms."""
    pv: list[Any] = []
    po: list[Any] = []
    t, x = sql.typ(f.key), sql.text(f.key)
    # The first key present wins in to_model: here the field's own key must be there (a row sent with
    # only an alias takes the row-by-row path).
    present = f"{t} <> 'null'" if f.aliases else "TRUE"
    if f.type in ("text", "code"):
        long_ok = f"{sql.length(x)} <= {f.max_length}" if f.max_length else "TRUE"
        chars = sql.plain(x) if f.type == "text" else sql.code_chars(x) + f" AND lower({x}) <> 'null'"
        known = refs.codes.get(f.ref) if f.type == "code" and f.ref else None
        in_ref = sql.one_of(x, sorted(known), po) if known is not None else "TRUE"
        filled = f"(({t} = 'string' AND {chars}) OR {t} = 'int') AND {long_ok} AND {in_ref}"
        empty = f"({t} = 'null' OR ({t} = 'string' AND {x} = ''))"
        ok = filled if f.required else f"({empty} OR ({filled}))"
        value = f"(CASE WHEN {t} = 'null' THEN '' ELSE {x} END)"
        return _Field(ok, value, po, pv)
    if f.type in ("date", "isodate"):
        fmt, y, m, d = sql.date_parts(f.key)
        last = (
            f"(CASE WHEN {m} IN (4, 6, 9, 11) THEN 30 WHEN {m} = 2 THEN CASE WHEN ({y} %% 4 = 0 AND "
            f"{y} %% 100 <> 0) OR {y} %% 400 = 0 THEN 29 ELSE 28 END ELSE 31 END)"
        )
        # Years before 1000 (BKN's 01-01-0001 for "no date" among them) go row by row.
        valid = (
            f"({fmt} > 0 AND {y} BETWEEN 1000 AND 9999 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {last})"
        )
        empty = f"({t} = 'null' OR ({t} = 'string' AND {x} = ''))"
        ok = f"({empty} OR {valid})"
        # The CASE keeps an invalid date from reaching make_date, which would fail the statement.
        value = f"(CASE WHEN {valid} THEN {sql.date(y, m, d, x, fmt)} END)"
        return _Field(f"({present} AND {ok})" if f.aliases else ok, value, po, pv)
    if f.type in ("int", "num"):
        number = f"(({t} = 'string' OR {t} = 'int') AND {sql.digits(x, 9)})"
        empty = f"({t} = 'null' OR ({t} = 'string' AND {x} = ''))"
        ok = number if f.required else f"({empty} OR {number})"
        value = f"(CASE WHEN {number} THEN {sql.integer(x)} END)"
        return _Field(ok, value, po, pv)
    if f.type in ("rating", "predikat"):
        if f.type == "rating":
            known = refs.codes.get(f.ref) or frozenset(perf.RATING_BY_BKN_CODE)
            table = {c: v for c, v in perf.RATING_BY_BKN_CODE.items() if c in known}
        else:
            table = dict(perf.PREDIKAT_BY_BKN_CODE)
        ok = f"({present} AND ({t} = 'string' OR {t} = 'int') AND {sql.one_of(x, sorted(table), po)})"
        whens = " ".join(["WHEN %s THEN %s"] * len(table))
        for c, v in sorted(table.items()):
            pv += [c, v]
        return _Field(ok, f"(CASE {x} {whens} END)", po, pv)
    raise AssertionError(f.type)  # pragma: no cover - a type added to rules.fields without a form here


@dataclass
class Statement:
    """A kind's INSERT: the SQL with `%s` for the batch, and the parameters around it."""

    sql: str
    head: list[Any]  # the parameters of the fields' checks and values (after the batch's)
    before: list[Any]  # of the values written (after the stamp's)
    after: list[Any]  # of the checks


_CACHE: dict[tuple[str, str, str], Statement] = {}


def statement(kind: str, refs: Refs, model: type[models.Model]) -> Statement:
    """The INSERT for `kind` with these reference tables (kept per process): the batch unpacked (`b`, `s`),
    each field checked and mapped once (`m`: `v<j>` its value, `k<j>` whether to_model would take it
    as it is), then the rows whose every field is so written, RETURNING their riwayat ids."""
    key = (connection.vendor, kind, refs.digest)
    if key in _CACHE:
        return _CACHE[key]
    spec = KINDS[kind]
    sql = _Dialect(connection.vendor)
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    head: list[Any] = []  # the parameters of `m`
    fields_sql, mapped = [], {}
    for j, f in enumerate(spec.fields):
        fs = _field(sql, spec, f, refs)
        fields_sql.append(f"{fs.value} AS v{j}, {fs.ok} AS k{j}")
        head += [*fs.params_value, *fs.params_ok]
        mapped[f.field] = f"m.v{j}"
    checks = [f"m.k{j}" for j in range(len(spec.fields))]
    before: list[Any] = []  # the parameters of the values written, after the stamp's
    after: list[Any] = []  # of the checks
    raw = sql.raw("m.d", sorted(spec.keys | set(RAW_DROPPED.get(kind, ()))), before)
    name = mapped.get("name", "")
    if kind in NAMED_FROM_REF:
        code_field, ref_table, required = NAMED_FROM_REF[kind]
        names = sorted((c, n[:200]) for c, n in refs.names.get(ref_table, {}).items())
        code = mapped[code_field]
        raw = sql.flagged(raw, f"{name} = ''", "__nama_dari_referensi")
        from_ref, ref_p = "''", []
        if names:
            from_ref = f"(CASE {code} {' '.join(['WHEN %s THEN %s'] * len(names))} ELSE '' END)"
            ref_p = [x for pair in names for x in pair]
        name = f"(CASE WHEN {name} <> '' THEN {name} ELSE {from_ref} END)"
        if required:
            checks.append(f"{name} <> ''")
            after += ref_p
    values = {"employee_id": "m.emp", "bkn_id": "m.bkn", "siasn_stamp": "%s", "raw": raw}
    for f in spec.fields:
        column = model._meta.get_field(f.field).column
        values[column] = name if f.field == "name" and kind in NAMED_FROM_REF else mapped[f.field]
        if f.field == "name" and kind in NAMED_FROM_REF:
            before += ref_p
    if kind == "rw-diklat":
        whens = " ".join(["WHEN %s THEN %s"] * len(LEADERSHIP_KIND))
        values["kind"] = f"(CASE {mapped['latihan_struktural']} {whens} ELSE 'other' END)"
        before += [x for pair in LEADERSHIP_KIND.items() for x in pair]
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column in values:
            continue
        if not f.has_default() and not f.null:  # pragma: no cover - a column added without a default
            raise AssertionError(f"{model.__name__}.{f.name} has no value in the set-based import")
        values[f.column] = "%s"
        before.append(f.get_db_prep_save(f.get_default(), connection))
    # Quoted names from the model and SQL built here from rules.fields; every value is a parameter.
    checks.append(f"NOT EXISTS (SELECT 1 FROM {table} AS x WHERE x.bkn_id = m.bkn)")  # noqa: S608
    text = (
        f"{sql.batch()}, m AS {sql.mat}(SELECT emp, bkn, d, {', '.join(fields_sql)} FROM p) "
        f"INSERT INTO {table} ({', '.join(q(c) for c in values)}) "
        f"SELECT {', '.join(values.values())} FROM m WHERE {' AND '.join(checks)} RETURNING bkn_id"  # noqa: S608
    )
    st = Statement(text, head, before, after)
    _CACHE[key] = st
    return st


class NotJson(ValueError):
    """A batch holding a value JSON cannot carry (NaN, an infinity): it goes row by row."""


_dumps: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def insert(kind: str, refs: Refs, model: type[models.Model], stamp: int, rows: list[list[Any]]) -> set[str]:
    """Write the rows `[employee id, riwayat id, record]` whose every value is in a plain form; the riwayat
    ids written. The caller has checked the persons and that the ids are new to this import and unique
    in the batch; a row whose id Talenta already holds is not written. Raises NotJson when the batch
    cannot be sent as JSON (a NaN), in which case nothing was written."""
    if not rows:
        return set()
    st = statement(kind, refs, model)
    try:
        batch = _dumps(rows)
    except ValueError as e:
        raise NotJson(str(e)) from None
    with connection.cursor() as c:
        c.execute(st.sql, [batch, *st.head, stamp, *st.before, *st.after])
        return {r[0] for r in c.fetchall()}
