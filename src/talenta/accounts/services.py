"""Writes on users and API tokens: keyword-only, atomic, audited."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talenta.accounts.models import ApiToken, User
from talenta.accounts.roles import Reach, Role, reach
from talenta.core.audit import audit_record
from talenta.people.models import Employee, Instansi, Unit

TOKEN_PREFIX = "tal"  # noqa: S105 (a public marker of our tokens, not a secret)


# ---------------------------------------------------------------------------------------------- tokens


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the full `tal_<prefix>_<secret>` string, shown once and never stored


@transaction.atomic
def token_create(
    *, user: User, name: str, days: int | None = None, by: Any = None, ip: str | None = None
) -> NewToken:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("A token needs a name."), code="token_name")
    if days is not None and days < 1:
        raise ValidationError(_("A token must be valid for at least 1 day."), code="token_days")
    # Every token expires (ASVS 3.5): the default when none is given, never more than the maximum.
    days = days or settings.API_TOKEN_DEFAULT_DAYS
    if days > settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            _("A token may be valid for at most %(n)d days.") % {"n": settings.API_TOKEN_MAX_DAYS},
            code="token_days",
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # 2^32 prefixes: a clash is rare, never fatal
        prefix = secrets.token_hex(4)
    full = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.now() + timedelta(days=days)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, hashed=token_hash(full), expires_at=expires_at
    )
    audit_record(
        actor=by or user,
        action="token.create",
        target=token,
        target_repr=f"{user.username}: {token}",
        instansi_id=user.instansi_id,
        changes={"user": user.username, "name": token.name, "prefix": prefix, "expires_at": expires_at},
        ip=ip,
    )
    return NewToken(token, full)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Any = None, ip: str | None = None) -> bool:
    """Revoke one token. Returns False if it was already revoked (nothing written)."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=by,
        action="token.revoke",
        target=token,
        target_repr=f"{token.user.username}: {token}",
        instansi_id=token.user.instansi_id,
        changes={"user": token.user.username, "prefix": token.prefix},
        ip=ip,
    )
    return True


def token_authenticate(raw: str, *, now: datetime | None = None) -> User | None:
    """The active user owning an unexpired, unrevoked token, or None."""
    parts = (raw or "").strip().split("_")
    if len(parts) < 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit", "user__employee")
        .filter(hashed=token_hash(raw.strip()))
        .first()
    )
    now = now or timezone.now()
    if token is None or not token.is_active_at(now) or not token.user.is_active:
        return None
    # Record use at most once a minute: a busy client must not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# ----------------------------------------------------------------------------------------------- users


def generate_password() -> str:
    # 16 url-safe characters ≈ 96 bits; passes every validator in AUTH_PASSWORD_VALIDATORS.
    while True:
        pw = secrets.token_urlsafe(12)
        if any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw):
            return pw


def _resolve_scope(
    *,
    role: str,
    instansi: Instansi,
    unit: Unit | None,
    employee: Employee | None,
    operator: bool,
    current_role: str | None = None,
) -> tuple[Unit | None, Employee | None]:
    if role not in Role.values:
        raise ValidationError(
            _("Unknown role %(role)s. Use one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            code="role",
        )
    if reach(role) == Reach.REGION and role != current_role and not operator:
        # A regional user reads every instansi of the region: an instansi's own Admin cannot hand that
        # out (to someone else or to himself); the deployment's operator does, on the command line.
        raise ValidationError(
            _(
                "Only the deployment's operator can give the role %(role)s, with the command "
                "talenta user create --role regional."
            )
            % {"role": Role(role).label},
            code="role_operator_only",
        )
    if unit is not None and unit.instansi_id != instansi.pk:
        raise ValidationError(
            _("Unit %(unit)s is not a unit of this instansi.") % {"unit": unit.name}, code="unit_instansi"
        )
    if employee is not None and employee.instansi_id != instansi.pk:
        raise ValidationError(
            _("Employee %(nip)s is not an employee of this instansi.") % {"nip": employee.nip},
            code="employee_instansi",
        )
    if reach(role) == Reach.UNIT and unit is None:
        raise ValidationError(_("A Kepala OPD needs a unit (--unit)."), code="unit_required")
    if reach(role) == Reach.SELF and employee is None:
        raise ValidationError(
            _("A Pegawai needs an employee record (--employee NIP)."), code="employee_required"
        )
    if employee is not None:
        other = User.objects.filter(employee=employee).first()
        if other is not None:
            raise ValidationError(
                _("Employee %(nip)s already has the account %(username)s.")
                % {"nip": employee.nip, "username": other.username},
                code="employee_taken",
            )
    # Scope fields only mean something for the roles that use them.
    return (unit if reach(role) == Reach.UNIT else None), employee


def _user_state(user: User) -> dict[str, Any]:
    return {
        "role": user.role,
        "unit": user.unit_id,
        "employee": user.employee.nip if user.employee_id else None,
        "is_active": user.is_active,
        "full_name": user.get_full_name(),
        "email": user.email,
    }


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    instansi: Instansi,
    unit: Unit | None = None,
    employee: Employee | None = None,
    full_name: str = "",
    email: str = "",
    by: Any = None,
    ip: str | None = None,
    operator: bool = False,
) -> tuple[User, str]:
    """Create a user with a generated password; returns (user, password). The password is shown once.
    `operator`: the deployment's operator (the command line), who alone gives a role reaching beyond the
    instansi."""
    username = (username or "").strip()
    if not username:
        raise ValidationError(_("A username is required."), code="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The username %(u)s is taken.") % {"u": username}, code="username_taken")
    unit, employee = _resolve_scope(
        role=role, instansi=instansi, unit=unit, employee=employee, operator=operator
    )
    first, _sep, last = full_name.strip().partition(" ")
    user = User(
        username=username,
        role=role,
        instansi=instansi,
        unit=unit,
        employee=employee,
        first_name=first[:150],
        last_name=last[:150],
        email=email,
    )
    password = generate_password()
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True  # whoever handed the password over knows it
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=by,
        action="user.create",
        target=user,
        instansi_id=instansi.pk,
        changes={k: [None, v] for k, v in _user_state(user).items()},
        ip=ip,
    )
    return user, password


@transaction.atomic
def user_update(
    *,
    user: User,
    role: str,
    unit: Unit | None = None,
    employee: Employee | None = None,
    full_name: str | None = None,
    email: str | None = None,
    by: Any = None,
    ip: str | None = None,
    operator: bool = False,
) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _user_state(user)
    if employee is not None and employee.pk == user.employee_id:
        user.employee = None  # not "taken" by himself
    unit, employee = _resolve_scope(
        role=role,
        instansi=user.instansi,
        unit=unit,
        employee=employee,
        operator=operator,
        current_role=user.role,
    )
    user.role, user.unit, user.employee = role, unit, employee
    if full_name is not None:
        first, _sep, last = full_name.strip().partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
    if email is not None:
        user.email = email
    user.full_clean(exclude=["password"])
    user.save()
    after = _user_state(user)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        audit_record(actor=by, action="user.update", target=user, changes=changes, ip=ip)
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: Any = None, ip: str | None = None) -> User:
    if by is not None and by.pk == user.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."), code="self_deactivate")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # A deactivated user's tokens die with the account.
        for token in user.api_tokens.filter(revoked_at__isnull=True):
            token_revoke(token=token, by=by, ip=ip)
    audit_record(
        actor=by,
        action="user.activate" if active else "user.deactivate",
        target=user,
        changes={"is_active": [not active, active]},
        ip=ip,
    )
    return user


@transaction.atomic
@transaction.atomic
def user_reset_password(*, user: User, by: Any = None, ip: str | None = None) -> str:
    """A new generated password, to be changed at the next login. The user's API tokens are revoked and
    his sessions end (a new password hash invalidates them: Django checks it on every request)."""
    password = generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _end_sessions(user)
    audit_record(
        actor=by, action="user.reset_password", target=user, ip=ip, changes={"tokens_revoked": revoked}
    )
    return password


def _end_sessions(user: User) -> None:
    """Every session of `user` ends, in the database and in the cache in front of it (cached_db)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ids = [s.pk for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    for key in ids:
        store(session_key=key).delete()


@transaction.atomic
def password_change(*, user: User, password: str, ip: str | None = None) -> None:
    """The user's own new password (already validated by the form)."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=user, action="user.password_change", target=user, ip=ip)
