"""The id of the request being served, for logs and audit entries (set by `talenta.ops` middleware;
empty in commands and background jobs unless they set one)."""

from __future__ import annotations

import contextvars

_current: contextvars.ContextVar[str] = contextvars.ContextVar("talenta_request_id", default="")


def current_request_id() -> str:
    return _current.get()


def set_request_id(value: str) -> contextvars.Token[str]:
    return _current.set(value)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _current.reset(token)
