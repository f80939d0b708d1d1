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
from talenta.core.decorators import public

ADMIN, ANALIS, KOMITE, PIMPINAN = Role.ADMIN, Role.ANALIS, Role.KOMITE, Role.PIMPINAN
KEPALA_OPD, PEGAWAI, AUDITOR = Role.KEPALA_OPD, Role.PEGAWAI, Role.AUDITOR
REGIONAL = Role.REGIONAL

# The roles of one instansi. The regional oversight role reads the region through its own actions only
# (region.*, mutasi.view): it is given no screen of one instansi's daily work, and no writing action.
EVERYONE = frozenset(Role) - {REGIONAL}
SIGNED_IN = EVERYONE | {REGIONAL}
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
    "home.view": _r(SIGNED_IN),
    "home.dashboard": _r(STAFF),  # the figures of the instansi (or of his unit); a Pegawai gets his profile
    "nav.my-profile": _r({PEGAWAI}),  # the menu's "Profil saya" instead of the lists
    "account.self": _r(SIGNED_IN),  # own tokens, own password, language
    "api.docs": _r(SIGNED_IN),
    "job.view": _r(SIGNED_IN),  # a job is further scoped: its owner, or who may take its kind's action
    # His own notifications (what is handed to him), mark as read; nothing is handed to the regional role.
    "notifications.view": _r(EVERYONE),
    # ------------------------------------------------------------------------------ users and audit
    "users.manage": _r({ADMIN}),
    "audit.view": _r({ADMIN, AUDITOR}),
    # -------------------------------------------------------------------------------------- ASN data
    "people.view": _r(STAFF),  # lists of employees, units and posts (within the scope)
    "people.export": _r(STAFF),
    "people.profile": _r(EVERYONE),  # one employee's profile (a Pegawai: his own)
    "people.api": _r(EVERYONE),  # the read API of instansi, units, posts, employees (scoped)
    "siasn.manage": _r(MANAGE),  # imports, exports, templates
    # -------------------------------------------------------------------------------------- profiling
    "profiling.view": _r(STAFF),
    "profiling.manage": _r(MANAGE),
    "profiling.competency": _r(EVERYONE),  # one employee's competency against a post (scoped)
    "profiling.assessments": _r(EVERYONE),  # one employee's assessments (scoped)
    # --------------------------------------------------------------------------------- talent mapping
    "talent.view": _r(STAFF),  # periods, nine-box, charts, succession (scoped)
    "talent.period.manage": _r(MANAGE),
    "talent.period.replay": _r(BKD),
    "talent.calibration.view": _r(BKD),  # meeting, minutes, computed-vs-final differences
    "talent.calibrate": _r({KOMITE}),
    "talent.period.drafts": _r(STAFF),  # results of a period not yet final (a Pegawai: final only)
    "talent.succession.manage": _r(MANAGE),
    "talent.pools": _r(BKD),
    "talent.retirement": _r(STAFF),
    "talent.card": _r(EVERYONE),  # one employee's mapping card (a Pegawai: his own)
    "talent.idp.view": _r(EVERYONE),
    "talent.idp.manage": _r(MANAGE),  # generate and edit development plans
    "talent.idp.update": _r({ADMIN, ANALIS, PEGAWAI, KEPALA_OPD}),
    "talent.idp.progress": _r({PEGAWAI}),  # on his own plan
    "talent.idp.comment": _r({KEPALA_OPD}),  # on the plans of his unit
    # -------------------------------------------------------------------------------------- placement
    "placement.vacancies": _r(BKD | {KEPALA_OPD}),
    "placement.view": _r(BKD),  # processes, rankings, candidacies, decisions, batches
    "placement.process.open": _r(MANAGE),
    "placement.propose": _r({ANALIS}, stages={"open", "proposed"}),
    "placement.recommend": _r({KOMITE}, stages={"proposed"}),
    "placement.decide": _r({PIMPINAN}, stages={"recommended"}),
    "placement.plan.view": _r(BKD),
    "placement.plan.compute": _r({ANALIS, KOMITE, PIMPINAN, AUDITOR}),
    "placement.plan.create": _r({ANALIS, KOMITE}),
    "placement.batch.create": _r({PIMPINAN}),
    "placement.batch.apply": _r({ADMIN, ANALIS, PIMPINAN}),
    "placement.fairness": _r({KOMITE, AUDITOR}),
    "placement.requirements.view": _r(BKD),
    "placement.requirements.edit": _r({ADMIN}),  # the instansi's requirement tables, merit exception
    "placement.data_quality.view": _r(MANAGE),  # records that contradict a rule (check-data)
    # --------------------------------------------------------- merit-system self-assessment (issue #19)
    "merit.view": _r(BKD),
    "merit.answer": _r(MANAGE, stages={"draft"}),  # create, compute, answer, evidence, submit
    # The Kepala BKD (Admin) or the PPK's side (Pimpinan) confirms what the analysts submitted; the
    # service also refuses the person who submitted it (four eyes).
    "merit.review": _r({ADMIN, PIMPINAN}, stages={"submitted"}),
    "merit.questionnaire": _r({ADMIN}),  # import a questionnaire version
    "placement.shared-ranking": _r(BKD),  # a vacancy ranked with the region's shared pools (issue #18)
    # ------------------------------------------------------- the region: sharing, mutasi, oversight (#18)
    "talent.sharing.manage": _r({ADMIN}),  # what the instansi shares of its pool with its region
    "talent.shared-pools": _r(BKD),  # the pools the other instansi of the region share
    # PP 11/2017 Pasal 190: the receiving BKD proposes, the releasing PPK agrees, BKN's consideration is
    # recorded (by the province's BKD), the Governor decides, the receiving BKD installs. Which instansi
    # each step belongs to is checked by the service (placement/mutasi.py).
    "mutasi.view": _r(BKD | {REGIONAL}),
    "mutasi.propose": _r({ANALIS}),
    "mutasi.release": _r({PIMPINAN}, stages={"proposed"}),
    "mutasi.consider": _r({ADMIN, ANALIS}, stages={"released"}),
    "mutasi.decide": _r({PIMPINAN}, stages={"bkn_considered"}),
    "mutasi.install": _r({ADMIN, ANALIS}, stages={"decided"}),
    "region.oversight": _r({REGIONAL}),  # the instansi of the region side by side, with drill-down
    "region.export": _r({REGIONAL}),
}

# Which action lets a user see a background job of each kind besides its owner (core.Job.kind).
JOB_KINDS: dict[str, str] = {
    "siasn.import": "siasn.manage",
    "siasn.export": "siasn.manage",
    "profiling.import": "profiling.manage",
    "talent.map": "talent.period.manage",
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
    allowed = rule(action)  # an unknown action raises even for an anonymous user
    return active(user) and allowed.allows(user.role, stage)


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


# Open to anyone: defined in core (whose health check needs it), named here with the rest of the policy.
public = public
