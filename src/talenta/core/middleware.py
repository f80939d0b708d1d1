"""Bahasa Indonesia first: the language is the user's explicit choice (the language switch's cookie),
else Indonesian, whatever language the browser prefers. Django's own LocaleMiddleware would follow the
browser's Accept-Language, and most office browsers send en-US."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class HtmxVaryMiddleware:
    """Every page answers a full page or an htmx fragment from the same URL, so every response varies on
    HX-Request: otherwise the browser's back button restores the cached fragment of `/pegawai/?q=…` as if it
    were the page (unstyled). Fragments are also never stored by the browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ["HX-Request"])
        if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
            add_never_cache_headers(response)
        return response
