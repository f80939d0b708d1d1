"""Session rules of ASVS L2 that Django does not have: an idle timeout besides the absolute one
(SESSION_COOKIE_AGE), and a generated or reset password changed before anything else is done."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from talenta.accounts.otp import otp_enrolled, otp_required

LAST_SEEN = "talenta_last_seen"
OTP_ENROLLED = "talenta_otp_enrolled"
# Where a user who must change his password may still go.
_OPEN_PREFIXES = ("/static/", "/i18n/")


@receiver(user_logged_in, dispatch_uid="talenta_session_start")
def _session_start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At login: the idle clock starts and whether the user has a 2FA device is looked up once."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
        request.session[OTP_ENROLLED] = otp_enrolled(user)


class SessionGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - int(last) > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "session expired"}, status=401)
                messages.info(
                    request,
                    _("You were signed out after %(n)d minutes without activity.")
                    % {"n": settings.SESSION_IDLE_MINUTES},
                )
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if last is None or now - int(last) >= 30:  # one session write per half minute at most
                request.session[LAST_SEEN] = now
            if (
                not self._open(request)
                and not user.is_verified()
                and (otp_required(user) or self._enrolled(request))
            ):
                # 2FA first: until a code was checked in this session, nothing else (screens or API).
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "two-factor verification required"}, status=401)
                target = "accounts:otp-verify" if otp_enrolled(user) else "accounts:otp-setup"
                return redirect(f"{reverse(target)}?next={request.path}")
            if getattr(user, "must_change_password", False) and not self._open(request):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "change your password first"}, status=403)
                return redirect("accounts:password-change")
        return self.get_response(request)

    @staticmethod
    def _enrolled(request: HttpRequest) -> bool:
        # Looked up once per session (enrolling verifies the session that does it): no query per request.
        if OTP_ENROLLED not in request.session:
            request.session[OTP_ENROLLED] = otp_enrolled(request.user)
        return request.session[OTP_ENROLLED]

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        allowed = (
            reverse("accounts:password-change"),
            reverse("accounts:logout"),
            reverse("accounts:otp-setup"),
            reverse("accounts:otp-verify"),
        )
        return request.path in allowed or request.path.startswith(_OPEN_PREFIXES)
