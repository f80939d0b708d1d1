"""axe-core (vendored from npm, injected by the test only) on every page each role reaches from its menu
and sub-menus, at 1280 px, and the main pages at 390 px: no serious or critical violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import AXE_RUN, login

pytestmark = [pytest.mark.slow, pytest.mark.one_database]

AXE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "talenta"
    / "core"
    / "static"
    / "vendor"
    / "axe-core"
    / "axe.min.js"
)
ROLES = ["admin", "analis", "komite", "pimpinan", "kepala-opd", "pegawai", "auditor"]
SKIP = re.compile(
    r"(keluar|logout|ekspor|export|\.xlsx|\.csv|\.pdf|\.zip|/api/|/static/|/i18n/|unduh|/bahasa|#)"
)
PAGES_PER_ROLE = 25


@pytest.fixture
def demo(transactional_db):
    from talenta.demo.generator import generate

    summary = generate(size=300, seed=2026)
    return {username: password for username, password, _role, _scope in summary.accounts}


def serious(page) -> list[str]:
    if not AXE.exists():
        pytest.skip("axe-core is not vendored (make static)")
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(AXE_RUN)
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav a[href], .tl-nav a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h for h in hrefs if h and h.startswith("/") and not SKIP.search(h)]


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_axe_violation_on_any_page_of_the_role(page, demo, role):
    login(page, role, demo[role])
    queue, seen, shapes, found = (
        [page.url.replace(page.url.split("/", 3)[0] + "//" + page.url.split("/")[2], "") or "/"],
        set(),
        set(),
        {},
    )
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen or shape(path) in shapes:
            continue
        seen.add(path)
        shapes.add(shape(path))
        response = page.goto(path)
        if response is None or response.status >= 400:
            continue
        # goto() has waited for the load event; no page loads a fragment by itself (htmx loads on a click or
        # a poll), so axe runs on the whole page without waiting for 500 ms of network silence.
        if problems := serious(page):
            found[path] = problems
        queue.extend(h for h in links(page) if h not in seen)
    assert not found, "\n".join(f"{p}: {v}" for p, v in found.items())


@pytest.mark.parametrize("role", ["analis", "pegawai"])
def test_no_serious_axe_violation_on_a_phone_and_nothing_wider_than_the_screen(phone_page, demo, role):
    login(phone_page, role, demo[role])
    assert serious(phone_page) == []
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{phone_page.url} is {width} px wide on a 390 px phone"
