"""What a user may see, in one place: the tenant boundary.

Every tenant-owned model is registered here (or, for the apps above accounts, in their `AppConfig.ready`)
with the lookups that lead from one of its rows to its instansi, to the unit whose subtree decides what a
Kepala OPD sees, and to the employee whose own record a Pegawai sees. `visible(user, Model)` is then the
only way a view, an endpoint, a document or an export reads tenant rows: another instansi's rows, and rows
outside the user's reach, are simply absent, so a lookup by id answers 404, never 403 (which would
confirm the id exists). What a user may *do* is the policy table's business (accounts/policy.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from talenta.accounts import policy
from talenta.accounts.models import Notification
from talenta.accounts.roles import Reach, reach
from talenta.core.models import AuditEntry, Job
from talenta.people import models as people
from talenta.people.models import Employee, Instansi, Position, Unit

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Owner:
    """The lookups from a row of a tenant model to its owners (Django lookup paths)."""

    instansi: str  # to the instansi id: "instansi_id", "process__instansi_id"
    unit: str | None = None  # to a Unit, for a unit's reach: "unit", "employee__unit"; "" = the row is a Unit
    employee: str | None = None  # to the Employee, for a Pegawai's reach: "employee", "" = the row is one
    # A Pegawai also sees the row when it belongs to his own unit (his unit, his unit's posts).
    own_unit: bool = False
    # A container of the whole instansi (a mapping period, a campaign): every reach sees it, and what it
    # holds (results, participants) is scoped row by row.
    whole_instansi: bool = False
    # Further lookups to an instansi id for a row that belongs to several instansi at once (a mutasi is the
    # receiving, the releasing and the deciding province's): each of them sees it (issue #18).
    shared: tuple[str, ...] = ()

    def instansi_paths(self) -> tuple[str, ...]:
        return (self.instansi, *self.shared)


_REGISTRY: dict[type[Model], Owner] = {}


def register(model: type[Model], owner: Owner) -> None:
    if model in _REGISTRY and _REGISTRY[model] != owner:
        raise ValueError(f"{model.__name__} registered twice with different owners")
    _REGISTRY[model] = owner


def registered() -> dict[type[Model], Owner]:
    return dict(_REGISTRY)


def owner_of(model: type[Model]) -> Owner:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(
            f"{model.__name__} has no scope: register it (accounts/scope.py or its app's ready())"
        ) from None


def _join(prefix: str, rest: str) -> str:
    return f"{prefix}__{rest}" if prefix else rest


def _filter(qs: QuerySet[M], cond: Q, owner: Owner) -> QuerySet[M]:
    """`qs` filtered by `cond`; through a subquery of ids when a shared lookup may cross a to-many
    relation (a campaign's partners), so that a row is never repeated."""
    if not owner.shared:
        return qs.filter(cond)
    return qs.filter(pk__in=qs.model._default_manager.filter(cond).values("pk"))


def visible(user: Any, model_or_qs: type[M] | QuerySet[M]) -> QuerySet[M]:
    """The rows of a tenant model that `user` may see (any role: reach decides, the policy decides the
    rest). An unregistered model is a programming error, never an open door."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    owner = owner_of(qs.model)
    if not policy.active(user):
        return qs.none()
    kind = reach(user.role)
    if kind == Reach.REGION:
        # Read-only across the region: every instansi of the user's region, all of their rows.
        region_id = user.instansi.region_id
        if region_id is None:
            return qs.filter(**{owner.instansi: user.instansi_id})
        # The lookups to an instansi id (some are plain integer columns, as the audit trail's) take the
        # region's instansi ids: one small query, and no second set of lookups to maintain.
        ids = list(Instansi.objects.filter(region_id=region_id).values_list("pk", flat=True))
        cond = Q()
        for path in owner.instansi_paths():
            cond |= Q(**{f"{path}__in": ids})
        return _filter(qs, cond, owner)
    cond = Q()
    for path in owner.instansi_paths():
        cond |= Q(**{path: user.instansi_id})
    qs = _filter(qs, cond, owner)
    if kind == Reach.INSTANSI or owner.whole_instansi:
        return qs
    if kind == Reach.UNIT and owner.unit is not None and user.unit_id:
        return qs.filter(**{_join(owner.unit, "path__startswith"): user.unit.path})
    if kind == Reach.SELF and user.employee_id:
        cond = Q(pk__in=[]) if owner.employee is None else Q(**{owner.employee or "pk": user.employee_id})
        if owner.own_unit and owner.unit is not None and user.employee.unit_id:
            cond |= Q(**{owner.unit or "pk": user.employee.unit_id})
        return qs.filter(cond)
    return qs.none()


# ---------------------------------------------------------------------------------- core and people
register(Instansi, Owner(instansi="pk"))
register(Unit, Owner(instansi="instansi_id", unit="", own_unit=True))
register(Employee, Owner(instansi="instansi_id", unit="unit", employee=""))
register(Position, Owner(instansi="instansi_id", unit="unit"))
for _history in (
    people.GolonganHistory,
    people.JabatanHistory,
    people.EducationHistory,
    people.LeadershipTraining,
    people.Training,
    people.SkpHistory,
    people.DisciplineHistory,
    people.AwardHistory,
):
    register(_history, Owner(instansi="employee__instansi_id", unit="employee__unit", employee="employee"))
register(AuditEntry, Owner(instansi="instansi_id"))  # instansi-wide readers only (audit.view)
register(Job, Owner(instansi="instansi_id"))
# A notification is its recipient's alone: notifications.for_user narrows this to the user himself.
register(Notification, Owner(instansi="instansi_id", unit="user__unit", employee="user__employee"))


def instansi_for(user: Any) -> QuerySet[Instansi]:
    """The user's own instansi (the one he acts for)."""
    if not policy.active(user):
        return Instansi.objects.none()
    return Instansi.objects.filter(pk=user.instansi_id)


def region_instansi(user: Any) -> QuerySet[Instansi]:
    """The instansi of the user's region (his own alone when it has no region). What he may see of each
    is still `visible`'s business: this is the list of names, for sharing and oversight."""
    if not policy.active(user):
        return Instansi.objects.none()
    region_id = user.instansi.region_id
    if region_id is None:
        return Instansi.objects.filter(pk=user.instansi_id)
    return Instansi.objects.filter(region_id=region_id)


def units_for(user: Any) -> QuerySet[Unit]:
    return visible(user, Unit)


def employees_for(user: Any) -> QuerySet[Employee]:
    return visible(user, Employee)


def positions_for(user: Any) -> QuerySet[Position]:
    return visible(user, Position)


def audit_for(user: Any) -> QuerySet[AuditEntry]:
    return visible(user, AuditEntry) if policy.can(user, "audit.view") else AuditEntry.objects.none()


def jobs_for(user: Any) -> QuerySet[Job]:
    """A background job: its owner sees it; so does whoever may take the action of its kind (a SIASN
    export of the instansi is for the stewards of the data, not for every user of the instansi)."""
    if not policy.active(user):
        return Job.objects.none()
    kinds = [k for k, action in policy.JOB_KINDS.items() if policy.can(user, action)]
    return Job.objects.filter(instansi_id=user.instansi_id).filter(
        Q(created_by=user.get_username()) | Q(kind__in=kinds)
    )


# Kept while the views move to `policy.allows`/`policy.public` (same objects, one place).
public = policy.public
