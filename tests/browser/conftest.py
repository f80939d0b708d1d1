"""Playwright (Python) against a live server, in Debian's chromium, kept off the network."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-default-browser-check",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# axe-core's rules for WCAG 2 A and AA and its best practices. Only violations are wanted: without
# `resultTypes` axe also builds a selector and an HTML snippet for every node that passes each rule, which
# took about 45 % of its time on the demo's pages (an analis's 25 pages: 8.0-9.4 s against 13.8-16.8 s).
AXE_RUN = (
    "async () => await axe.run(document, "
    "{runOnly: ['wcag2a', 'wcag2aa', 'best-practice'], resultTypes: ['violations']})"
)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID", base_url=live_server.url
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="id-ID",
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def server_quiet(monkeypatch):
    """A lock the live server holds while it answers a request. On SQLite the test database is in memory
    and the server's thread shares the test's connection, so the test's own database work (running a job
    while the page polls for it) must not interleave with a request: `with server_quiet: ...`."""
    import threading

    from django.core.handlers.wsgi import WSGIHandler

    lock = threading.RLock()
    answer = WSGIHandler.__call__

    def answer_alone(self, environ, start_response):
        with lock:
            return answer(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", answer_alone)
    return lock


def login(page, username: str, password: str) -> None:
    page.goto("/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # Wait for the page the login lands on (its load event), not for 500 ms of network silence.
    with page.expect_navigation():
        page.click("#login-button")
    if "/akun/2fa/" in page.url:
        pass_two_factor(page, username)


def pass_two_factor(page, username: str) -> None:
    """Admin and Pimpinan: enrol with the secret the page shows (first login), or type the current code."""
    import base64

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if "/akun/2fa/daftar/" in page.url:
        secret = page.inner_text("#otp-secret").replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        drift = 0
    else:
        key = TOTPDevice.objects.get(user__username=username, confirmed=True).bin_key
        drift = 1  # the enrolment used this 30-second step's code; a code is accepted once
    page.fill("#id_token", f"{totp(key, drift=drift):06d}")
    with page.expect_navigation():
        page.click("#otp-submit")
    if page.locator("#otp-continue").count():
        with page.expect_navigation():
            page.click("#otp-continue")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
