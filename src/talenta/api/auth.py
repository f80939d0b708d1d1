"""API authentication and the per-operation role policy.

Every operation declares who may call it with `auth=access(*roles)`. The check runs inside ninja's
authentication step, so a role that may not call an operation gets 403 before any parameter is parsed
or validated. The callbacks carry `allowed_roles`; the access matrix test fails on an operation whose
auth does not declare them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from talenta.accounts import policy
from talenta.accounts.roles import Role
from talenta.accounts.services import token_authenticate


def _admit(user: Any, allowed: frozenset[str] | None) -> Any:
    if user is None or not user.is_active:
        return None
    if allowed is not None and not (user.role in allowed and user.instansi_id):
        raise HttpError(403, "Forbidden")
    return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer tal_<prefix>_<secret>`; unknown, expired or revoked tokens answer 401."""

    def __init__(self, allowed_roles: frozenset[str] | None = None) -> None:
        super().__init__()
        self.allowed_roles = allowed_roles

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = _admit(token_authenticate(token), self.allowed_roles)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The browser's session (the docs page, htmx); ninja enforces CSRF on unsafe methods."""

    def __init__(self, allowed_roles: frozenset[str] | None = None) -> None:
        super().__init__()
        self.allowed_roles = allowed_roles

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _admit(super().authenticate(request, key), self.allowed_roles)


def access(*roles: Role | str) -> list[Any]:
    """The `auth=` of an operation: `access("placement.decide")` names an action of the policy table
    (accounts/policy.py), and only the roles it allows may call the operation."""
    if len(roles) == 1 and isinstance(roles[0], str) and "." in roles[0]:
        allowed = policy.roles_for(roles[0])
    else:
        allowed = frozenset(str(r) for r in roles)
    return [BearerToken(allowed), Session(allowed)]
