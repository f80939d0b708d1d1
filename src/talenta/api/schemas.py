"""What every request body of the API shares.

PostgreSQL text cannot hold the NUL character: a body whose text carried one reached the database and
answered 500 (schemathesis sent `"\\u0000"` as a position identifier of POST /penempatan/plans). A body is
refused instead, 422 with the field named, before any view runs (`Input`); so is one holding a lone
surrogate or NaN or an infinity, which no database stores either (core.storable). Query strings are cleaned
instead: a filter with `%00` finds what the rest of it finds rather than failing (`QueryInput`)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator

from talenta.core.hardening import fits_bigint
from talenta.core.storable import NUL, refusal, unstorable


def out_of_range(value: Any) -> bool:
    """Whether `value`, or any whole number inside its lists and dicts, is past a 64-bit integer: such an id
    reached the database and answered 500 (SQLite's driver cannot bind it; PostgreSQL refuses it)."""
    if type(value) is int:
        return not fits_bigint(value)
    if isinstance(value, dict):
        return any(out_of_range(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(out_of_range(v) for v in value)
    return False


class Input(Schema):
    """A request body: nothing in it a database cannot store (a NUL character, a lone surrogate, NaN or an
    infinity, a whole number past 64 bits)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if reason := unstorable(value):
            raise ValueError(refusal(reason))
        if out_of_range(value):
            raise ValueError(refusal("integer"))
        return value


class QueryInput(Schema):
    """A list's filters from the query string: a NUL character is dropped."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return value.replace(NUL, "") if isinstance(value, str) else value
