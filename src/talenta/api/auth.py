"""API authentication and the per-operation action of the policy table.

Every operation declares its action with `auth=access("placement.decide")` (accounts/policy.py). The check
runs inside ninja's authentication step, so a role that may not take the action gets 403 before any
parameter is parsed or validated. The callbacks carry `action` and `allowed_roles`; the access matrix test
fails on an operation whose auth declares none."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from talenta.accounts import policy
from talenta.accounts.services import token_authenticate


def _admit(user: Any, action: str | None) -> Any:
    if user is None or not user.is_active:
        return None
    if action is not None and not policy.can(user, action):
        raise HttpError(403, "Forbidden")
    return user


def caller(request: HttpRequest) -> Any:
    """The user an operation runs for (a bearer token's or the session's); `access` has checked him."""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "is_authenticated", False) else request.user


class BearerToken(HttpBearer):
    """`Authorization: Bearer tal_<prefix>_<secret>`; unknown, expired or revoked tokens answer 401."""

    def __init__(self, action: str | None = None) -> None:
        super().__init__()
        self.action = action
        self.allowed_roles = policy.roles_for(action) if action else None

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = _admit(token_authenticate(token), self.action)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The browser's session (the docs page, htmx); ninja enforces CSRF on unsafe methods."""

    def __init__(self, action: str | None = None) -> None:
        super().__init__()
        self.action = action
        self.allowed_roles = policy.roles_for(action) if action else None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _admit(super().authenticate(request, key), self.action)


def access(action: str) -> list[Any]:
    """The `auth=` of an operation: only users whom the policy table allows `action` may call it."""
    policy.rule(action)  # an unknown action fails at import time, not at the first request
    return [BearerToken(action), Session(action)]
