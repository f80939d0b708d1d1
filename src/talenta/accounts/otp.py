"""Two-factor authentication (TOTP, django-otp): required for the roles in OTP_REQUIRED_ROLES (Admin and
Pimpinan), optional for the others; ten single-use recovery codes at enrolment.

A session is "verified" once a code was checked in it (`otp_verified`); SessionGuardMiddleware sends an
unverified session of a user who must (or chose to) use 2FA to enrolment or verification first, for the
screens and for the API's session use. Bearer tokens are created inside a verified session."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from talenta.core.audit import audit_record

RECOVERY_CODES = 10


def otp_required(user: Any) -> bool:
    return getattr(user, "role", "") in settings.OTP_REQUIRED_ROLES


def otp_enrolled(user: Any) -> bool:
    return user_has_device(user, confirmed=True)


def otp_verified(request: Any, device: Any) -> None:
    """Mark this session as verified with `device`: the one function the login flow (and the tests'
    force_login) calls."""
    otp_login(request, device)


def totp_pending(user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device (its secret shown at enrolment), created once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in (base32, in groups of four)."""
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def totp_uri(device: TOTPDevice, user: Any) -> str:
    secret = totp_secret(device).replace(" ", "")
    return f"otpauth://totp/Talenta:{user.username}?secret={secret}&issuer=Talenta&digits=6&period=30"


def qr_svg_data_uri(text: str) -> str:
    """The QR code as an inline SVG data URI, rendered here (no CDN, no outside service)."""
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=5)


@transaction.atomic
def totp_confirm(*, user: Any, device: TOTPDevice, token: str, ip: str | None = None) -> list[str] | None:
    """Confirm enrolment with a first code; returns the new recovery codes, or None for a wrong code."""
    if not device.verify_token(token.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = recovery_codes_create(user=user)
    audit_record(actor=user, action="user.otp_enrol", target=user, ip=ip)
    return codes


def recovery_codes_create(*, user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Kode pemulihan", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def otp_match(user: Any, token: str) -> Any:
    """The device (TOTP or a recovery code, used up) that accepts `token`, or None."""
    token = token.replace(" ", "").strip()
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):  # a recovery code works once
            return device
    return None
