"""Every login, logout and login failure leaves an audit entry, with the client's IP."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from talenta.core.audit import audit_record


def client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a client-supplied X-Forwarded-For would let anyone write any IP into the log.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@receiver(user_logged_in, dispatch_uid="talenta_audit_login")
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", target=user, ip=client_ip(request))


@receiver(user_logged_out, dispatch_uid="talenta_audit_logout")
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", target=user, ip=client_ip(request))


@receiver(user_login_failed, dispatch_uid="talenta_audit_login_failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    # `credentials` is already cleansed by Django (password masked); we keep only the username.
    username = str(credentials.get("username", ""))[:150]
    known = get_user_model().objects.filter(username=username).only("pk", "instansi_id").first()
    audit_record(
        actor=None,
        action="auth.login_failed",
        target_type="accounts.user",
        target_id=str(known.pk) if known else "",
        target_repr=username,
        instansi_id=known.instansi_id if known else None,
        changes={"username": username, "locked_out": bool(getattr(request, "axes_locked_out", False))},
        ip=client_ip(request),
    )
