from __future__ import annotations

from django.core.exceptions import BadRequest
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from talenta.core.decorators import public


@public
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as c:
        c.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A malformed parameter (core.hardening.int_param): say which, never the exception's own text.
    message = exception.args[0] if isinstance(exception, BadRequest) and exception.args else ""
    return render(request, "core/error.html", {"code": 400, "message": message}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 403}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 404}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors may fail here: a minimal, self-contained page (the database may be down).
    from django.template.loader import get_template

    try:
        return render(request, "core/error.html", {"code": 500}, status=500)
    except Exception:
        return HttpResponse(get_template("core/error_500_plain.html").render(), status=500)
