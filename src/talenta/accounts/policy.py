"""Who may do what: the one policy table of Talenta.

Every action a user can take (open a screen, call an endpoint, run a service, see a button) has a name
here and the roles allowed to take it, and, where a workflow applies, the stages at which it may be taken.
Views declare `@allows("action")`, API operations `auth=access("action")`, services call
`require(user, "action")`, templates ask `{% if user|can:"action" %}`. No other module names a role:
what a user may *see* of an allowed screen is the scope functions' business (`accounts/scope.py`).

A role's scope kind (instansi-wide, a unit subtree, only himself) is part of the role definition
(`accounts/roles.py`); the access matrix test (`tests/access/`) is generated from this table and the URL
and API registries, and fails on a route or service action that names no policy."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from talenta.accounts.roles import Role

ADMIN, ANALIS, KOMITE, PIMPINAN = Role.ADMIN, Role.ANALIS, Role.KOMITE, Role.PIMPINAN
KEPALA_OPD, PEGAWAI, AUDITOR = Role.KEPALA_OPD, Role.PEGAWAI, Role.AUDITOR

EVERYONE = frozenset(Role)
STAFF = EVERYONE - {PEGAWAI}
BKD = frozenset({ADMIN, ANALIS, KOMITE, PIMPINAN, AUDITOR})  # instansi-wide readers
MANAGE = frozenset({ADMIN, ANALIS})  # data stewards: imports, campaigns, mapping runs


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    stages: frozenset[str] | None = None  # the workflow stages at which the action may be taken

    def allows(self, role: str | None, stage: str | None = None) -> bool:
        if not role or role not in self.roles:
            return False
        return self.stages is None or stage is None or stage in self.stages


def _r(roles: Iterable[Role], stages: Iterable[str] | None = None) -> Rule:
    return Rule(frozenset(str(r) for r in roles), None if stages is None else frozenset(stages))


POLICY: dict[str, Rule] = {
    # ---------------------------------------------------------------------------- home, own account
    "home.view": _r(EVERYONE),
    "account.self": _r(EVERYONE),  # own tokens, own password, language
    "api.docs": _r(EVERYONE),
    "job.view": _r(EVERYONE),  # a job is further scoped to its owner or its kind's readers
    # ------------------------------------------------------------------------------ users and audit
    "users.manage": _r({ADMIN}),
    "audit.view": _r({ADMIN, AUDITOR}),
    "audit.evidence": _r({ADMIN, AUDITOR}),  # ids, hashes, raw values
    # ------------------------------------------------- placement rules and data quality (issue 12, 13)
    "placement.requirements.edit": _r({ADMIN}),  # the instansi's requirement tables, merit exception
    "placement.data_quality.view": _r(MANAGE),  # records that contradict a rule (check-data)
}


def rule(action: str) -> Rule:
    """The rule of `action`; an unknown action is a programming error, never an open door."""
    try:
        return POLICY[action]
    except KeyError:
        raise LookupError(f"no access policy for action {action!r}: add it to accounts/policy.py") from None


def roles_for(action: str) -> frozenset[str]:
    return rule(action).roles


def active(user: Any) -> bool:
    """Signed in, active, with a role and an instansi: the precondition of every non-public action."""
    return bool(
        user
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role
        and user.instansi_id
    )


def can(user: Any, action: str, *, stage: str | None = None) -> bool:
    return active(user) and rule(action).allows(user.role, stage)


def require(user: Any, action: str, *, stage: str | None = None) -> None:
    """For services: raise PermissionDenied unless `user` may take `action` (at `stage`)."""
    if not can(user, action, stage=stage):
        raise PermissionDenied


def allows(action: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view any of whose users must be allowed `action`: anonymous → login page, otherwise 403."""
    allowed = roles_for(action)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not can(user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        wrapper.action = action  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Declare a view open to anyone, signed in or not (login, language switch, health check).

    The access matrix test refuses any route that is neither `public` nor `allows(...)`."""
    view.access_public = True  # type: ignore[attr-defined]
    return view
