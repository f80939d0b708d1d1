"""Every route of the project, found by walking Django's URL resolver, with its declared access policy.

A web view declares its action with `policy.allows(...)` (sets `action` and `allowed_roles`) or
`policy.public`; an API operation with `auth=access(action)` (its auth callbacks carry both)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = "public"


@dataclass(frozen=True)
class Route:
    name: str  # "accounts:user-edit", or for the API "GET /api/v1/employees/{employee_id}"
    url_name: str  # for reverse()
    route: str  # "akun/pengguna/<int:pk>/"
    params: tuple[str, ...]
    policy: frozenset[str] | str | None  # roles, PUBLIC, or None when undeclared
    api: bool = False
    method: str = "GET"
    action: str | None = None  # the policy table's action (accounts/policy.py)

    @property
    def key(self) -> str:
        return self.name


def _walk(patterns: Iterable[Any], prefix: str = "", ns: tuple[str, ...] = ()) -> Iterator[tuple]:
    for p in patterns:
        if isinstance(p, URLResolver):
            sub_ns = (*ns, p.namespace) if p.namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ":".join((*ns, p.name)) if p.name else None, p


def _policy(callback: Any) -> frozenset[str] | str | None:
    roles = getattr(callback, "allowed_roles", None)
    if roles is not None:
        return frozenset(roles)
    return PUBLIC if getattr(callback, "access_public", False) else None


def _ninja_path_view(callback: Any) -> Any:
    if "PathView.get_view" not in getattr(callback, "__qualname__", ""):
        return None
    return inspect.getclosurevars(callback).nonlocals.get("self")


def _op_policy(operation: Any) -> frozenset[str] | None:
    declared = {getattr(cb, "allowed_roles", None) for cb in operation.auth_callbacks}
    if len(declared) != 1 or None in declared:
        return None  # undeclared, or callbacks that disagree
    return frozenset(declared.pop())


def _op_action(operation: Any) -> str | None:
    actions = {getattr(cb, "action", None) for cb in operation.auth_callbacks}
    return actions.pop() if len(actions) == 1 else None


def all_routes(patterns: Iterable[Any] | None = None) -> list[Route]:
    if patterns is None:
        patterns = get_resolver().url_patterns
    routes = []
    for route, url_name, p in _walk(patterns):
        params = (
            tuple(p.pattern.converters)
            if hasattr(p.pattern, "converters")
            else tuple(p.pattern.regex.groupindex)
        )
        path_view = _ninja_path_view(p.callback)
        if path_view is None:
            routes.append(
                Route(
                    url_name or f"<unnamed {route}>",
                    url_name or "",
                    route,
                    params,
                    _policy(p.callback),
                    action=getattr(p.callback, "action", None),
                )
            )
            continue
        template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for op in path_view.operations:
            for method in op.methods:
                if any(r.name == f"{method} {template}" for r in routes):
                    continue  # ninja mounts a path once per operation: each carries every operation
                routes.append(
                    Route(
                        f"{method} {template}",
                        url_name or "",
                        route,
                        params,
                        _op_policy(op),
                        api=True,
                        method=method,
                        action=_op_action(op),
                    )
                )
    return routes
