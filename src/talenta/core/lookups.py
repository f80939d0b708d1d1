"""`field__any=[...]`: membership in a list sent as ONE parameter where the database can take an array.

On PostgreSQL `col = ANY(%s)` with the list as one array parameter: a query with thousands of keys (the
SIASN import looks up 2,000 NIPs per batch) is not a statement with thousands of placeholders, which the
driver would have to split and adapt one by one. On SQLite `col IN (SELECT value FROM json_each(%s))` with
the list as one JSON text, for the same reason (and Django's `IN` compiles every value twice). Elsewhere it
is Django's own `IN (...)`.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Field
from django.db.models.lookups import In, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return [self.lhs.output_field.get_prep_value(v) for v in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if connection.vendor not in ("postgresql", "sqlite"):
            return In(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [self.lhs.output_field.get_db_prep_value(v, connection, prepared=True) for v in self.rhs]
        if connection.vendor == "sqlite":
            return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(values)]  # noqa: S608 - the compiled column, values as one parameter
        element = _pg_element(self.lhs.output_field.cast_db_type(connection) or "")
        sql, params = pg_any(lhs, values, element)
        return sql, [*lhs_params, *params]


def pg_any(lhs: str, values: list[Any], element: str) -> tuple[str, list[Any]]:
    """PostgreSQL: `lhs = ANY(...)` of `values` (of the type `element`: "text", "bigint", or "" for an
    array parameter), for raw SQL too. Django binds parameters on the client: an array parameter is quoted
    element by element in Python, a JSON text in one piece (a tenth of the PostgreSQL import's time at
    2,000 keys a query); the server unpacks it into the same array. Never cast to varchar(n): that
    truncates. A text holding NUL cannot go as JSON (jsonb refuses `\\u0000`): it goes as an array."""
    text = json.dumps(values, ensure_ascii=False) if element else ""
    if element and "\\u0000" not in text:
        return f"{lhs} = ANY(ARRAY(SELECT jsonb_array_elements_text(%s::jsonb))::{element}[])", [text]
    return f"{lhs} = ANY(%s)", [values]


def _pg_element(db_type: str) -> str:
    """The array element type a list of this column's values is unpacked to, or "" (sent as an array)."""
    t = db_type.lower()
    if t.startswith(("varchar", "character varying", "text", "char")):
        return "text"
    if t in ("integer", "bigint", "smallint"):
        return "bigint"
    return ""


def register() -> None:
    Field.register_lookup(AnyOf)
