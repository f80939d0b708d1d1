"""Object-level access, in one place. Every view and API endpoint asks these functions what a user may
see; nothing filters by role on its own. Another instansi's or another person's object is simply absent
from the queryset, so a lookup by id answers 404, never 403 (which would confirm the id exists)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from talenta.accounts.roles import INSTANSI_WIDE, Role
from talenta.people.models import Employee, Instansi, Position, Unit


def _no_access(user: Any) -> bool:
    return not (user and user.is_authenticated and user.is_active and user.role and user.instansi_id)


def instansi_for(user: Any) -> QuerySet[Instansi]:
    if _no_access(user):
        return Instansi.objects.none()
    return Instansi.objects.filter(pk=user.instansi_id)


def units_for(user: Any) -> QuerySet[Unit]:
    if _no_access(user):
        return Unit.objects.none()
    qs = Unit.objects.filter(instansi_id=user.instansi_id)
    if user.role in INSTANSI_WIDE:
        return qs
    if user.role == Role.KEPALA_OPD and user.unit_id:
        return qs.filter(path__startswith=user.unit.path)
    if user.role == Role.PEGAWAI and user.employee_id:
        return qs.filter(pk=user.employee.unit_id)
    return qs.none()


def employees_for(user: Any) -> QuerySet[Employee]:
    if _no_access(user):
        return Employee.objects.none()
    qs = Employee.objects.filter(instansi_id=user.instansi_id)
    if user.role in INSTANSI_WIDE:
        return qs
    if user.role == Role.KEPALA_OPD and user.unit_id:
        return qs.filter(unit__path__startswith=user.unit.path)
    if user.role == Role.PEGAWAI and user.employee_id:
        return qs.filter(pk=user.employee_id)
    return qs.none()


def positions_for(user: Any) -> QuerySet[Position]:
    if _no_access(user):
        return Position.objects.none()
    qs = Position.objects.filter(instansi_id=user.instansi_id)
    if user.role in INSTANSI_WIDE:
        return qs
    if user.role == Role.KEPALA_OPD and user.unit_id:
        return qs.filter(unit__path__startswith=user.unit.path)
    return qs.none()


def role_required(*roles: Role | str) -> Callable:
    """Refuse (403) a request whose user has none of `roles`, before anything else runs."""
    allowed = frozenset(str(r) for r in roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if _no_access(user) or user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Declare a view open to anyone, signed in or not (login, language switch, health check).

    The access matrix test refuses any route that is neither `public` nor `role_required`."""
    view.access_public = True  # type: ignore[attr-defined]
    return view


ALL_ROLES: tuple[Role, ...] = tuple(Role)
