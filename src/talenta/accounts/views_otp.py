"""Two-factor enrolment and verification screens (accounts/otp.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from talenta.accounts import otp
from talenta.accounts.policy import allows
from talenta.accounts.signals import client_ip
from talenta.core.audit import audit_record


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@allows("account.self")
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: the secret and its QR code, then a first code confirms it and shows recovery codes."""
    if otp.otp_enrolled(request.user) and not request.user.is_verified():
        return redirect("accounts:otp-verify")
    device = otp.totp_pending(request.user)
    error = ""
    if request.method == "POST":
        codes = otp.totp_confirm(
            user=request.user, device=device, token=request.POST.get("token", ""), ip=client_ip(request)
        )
        if codes is not None:
            otp.otp_verified(request, device)
            return render(request, "accounts/otp_recovery.html", {"codes": codes, "next": _next(request)})
        error = _("The code is not right. Check the time on your phone and type the current code.")
    uri = otp.totp_uri(device, request.user)
    ctx = {
        "secret": otp.totp_secret(device),
        "qr": otp.qr_svg_data_uri(uri),
        "error": error,
        "required": otp.otp_required(request.user),
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", ctx, status=422 if error else 200)


@allows("account.self")
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a code from the authenticator app, or a recovery code."""
    if not otp.otp_enrolled(request.user):
        return redirect("accounts:otp-setup")
    error = ""
    if request.method == "POST":
        device = otp.otp_match(request.user, request.POST.get("token", ""))
        if device is not None:
            otp.otp_verified(request, device)
            if device.__class__.__name__ == "StaticDevice":
                audit_record(actor=request.user, action="user.otp_recovery_used", target=request.user)
                messages.warning(request, _("You used a recovery code; each works once."))
            return redirect(_next(request))
        error = _("The code is not right. Type the current 6-digit code or a recovery code.")
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": _next(request)},
        status=422 if error else 200,
    )
