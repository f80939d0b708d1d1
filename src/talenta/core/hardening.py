"""Request-level controls of issue #14: a cap on the request body, `Cache-Control: no-store` on what an
authenticated user receives, a Permissions-Policy, and the helpers that turn a malformed query parameter
into a 400 with a message instead of a server error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1  # bigint: a larger id is a malformed parameter, not a database error
# Nothing of Talenta uses these browser features; a page that someone manages to inject cannot either.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)


class RequestSizeMiddleware:
    """Refuse a request whose declared body is over UPLOAD_MAX_REQUEST_BYTES before reading it (413).
    Django's WSGI handler reads no more than Content-Length, so the declared length is the one to check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        if length > limit:
            message = _("The upload is %(size)s; at most %(max)s is accepted in one request.") % {
                "size": filesizeformat(length),
                "max": filesizeformat(limit),
            }
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return render(request, "core/error.html", {"code": 413, "message": message}, status=413)
        return self.get_response(request)


class PrivateResponseMiddleware:
    """What an authenticated user receives (pages, exports, API answers) is never kept by a browser or
    proxy cache: `Cache-Control: no-store`. Every answer carries the Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        private = getattr(user, "is_authenticated", False) or "HTTP_AUTHORIZATION" in request.META
        if private and not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store"
        return response


def fits_bigint(n: int) -> bool:
    """Whether a whole number is one both databases take as an id or a bigint (−2^63 to 2^63 − 1)."""
    return -MAX_ID - 1 <= n <= MAX_ID


def is_digits(text: str) -> bool:
    """Only the ASCII digits 0-9 (str.isdigit also accepts "¹" or "٣", which int() then refuses)."""
    return text.isascii() and text.isdigit()


def as_id(raw: object) -> int | None:
    """A row id given as text (a form field, a path part): a whole number from 1 to 2^63 - 1 written in
    ASCII digits, else None (the caller answers 404 or ignores it, never a 500)."""
    text = str(raw if raw is not None else "").strip()
    if not is_digits(text) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def int_param(request: HttpRequest, name: str, default: int | None, lo: int, hi: int) -> int | None:
    """The query parameter `name` as an int in [lo, hi]; absent or empty gives `default`; anything else
    is a 400 with a message (core.views.error_400 renders it)."""
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise BadRequest(
            _("The parameter %(name)s must be a whole number from %(lo)d to %(hi)d.")
            % {"name": name, "lo": lo, "hi": hi}
        )
    return value


def int_list_param(request: HttpRequest, name: str, lo: int = 0, hi: int = 2**63 - 1) -> list[int]:
    """All values of the query parameter `name` (repeated or comma separated) as ints; else a 400."""
    out = []
    for raw in request.GET.getlist(name):
        for part in raw.split(","):
            if part.strip():
                try:
                    value = int(part)
                except ValueError:
                    value = None
                if value is None or not lo <= value <= hi:
                    raise BadRequest(
                        _("The parameter %(name)s must be a list of whole numbers.") % {"name": name}
                    )
                out.append(value)
    return out


def date_param(request: HttpRequest, name: str, default: date | None = None) -> date | None:
    """The query parameter `name` as an ISO date (YYYY-MM-DD) between 1900 and 2200; else a 400."""
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None or not 1900 <= value.year <= 2200:
        raise BadRequest(_("The parameter %(name)s must be a date like 2026-01-31.") % {"name": name})
    return value


def user_errors(exc: Exception) -> list[str]:
    """What a user may read about a refused input: a ValidationError's own messages; for anything else
    (a ValueError from a date or a number) a plain sentence, never the exception's text."""
    messages = getattr(exc, "messages", None)
    if messages:
        return list(messages)
    return [_("A date or number in the form is not valid: use a date like 2026-01-31 and whole numbers.")]
