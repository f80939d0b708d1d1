"""What every request body of the API shares.

PostgreSQL text cannot hold the NUL character: a body whose text carried one reached the database and
answered 500 (schemathesis sent `"\\u0000"` as a position identifier of POST /penempatan/plans). A body is
refused instead, 422 with the field named, before any view runs (`Input`). Query strings are cleaned
instead: a filter with `%00` finds what the rest of it finds rather than failing (`QueryInput`)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator

NUL = "\x00"


def has_nul(value: Any) -> bool:
    """Whether `value`, or any text inside its lists and dicts, holds a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class Input(Schema):
    """A request body: no text in it may hold a NUL character."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError("teks tidak boleh berisi karakter NUL (0x00)")
        return value


class QueryInput(Schema):
    """A list's filters from the query string: a NUL character is dropped."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return value.replace(NUL, "") if isinstance(value, str) else value
