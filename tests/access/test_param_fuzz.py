"""Issue #14: a malformed query parameter answers 400 or 422 with a message, never 500. Every GET route
(screens and API), as a role that may use it, with every query parameter its module reads and a set of
malformed values, one at a time and all at once."""

from __future__ import annotations

import inspect
import re
import sys
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import resolve, reverse

from talenta.accounts.services import token_create
from tests.access.registry import load_samples
from tests.access.routes import PUBLIC, all_routes
from tests.access.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SAMPLES = load_samples()
ROUTES = [r for r in all_routes() if r.method == "GET" and r.policy not in (None, PUBLIC)]
ROLES = ("analis", "admin", "komite", "pimpinan", "auditor", "kepala-opd", "pegawai")
# Names every screen reads somewhere (filters, pagers), besides those found in the view's module.
COMMON = (
    "page",
    "q",
    "opd",
    "unit",
    "campaign",
    "compare",
    "bulan",
    "top",
    "target",
    "months",
    "on",
    "limit",
)
BAD = ("x", "-1", "99999999999999999999999", "1.5", "2026-13-45", "\x00", "' OR '1'='1", "9" * 400)
_READS = re.compile(
    r"""GET(?:\.get|\.getlist)?[\[(]\s*["']([A-Za-z_]+)["']|_param\(request,\s*["']([A-Za-z_]+)"""
)


def _params(url: str) -> list[str]:
    names = set(COMMON)
    func = resolve(url.split("?")[0]).func
    module = sys.modules.get(getattr(func, "__module__", ""))
    if module is not None and not module.__name__.startswith("ninja"):
        for a, b in _READS.findall(inspect.getsource(module)):
            names.add(a or b)
    return sorted(names)


def _ids(routes):
    return [r.name for r in routes]


@pytest.mark.parametrize("route", ROUTES, ids=_ids(ROUTES))
def test_no_malformed_query_parameter_is_a_server_error(route):
    world = build_world()
    failures = []
    for role in ROLES:
        user = world.a.users[role]
        if role not in route.policy:
            continue
        kwargs = {}
        if route.params:
            sample = SAMPLES.get(route.name)
            kwargs = sample.build(world, user, "own") if sample else None
            if kwargs is None:
                continue
        client, headers = Client(raise_request_exception=False), {}
        if route.api:
            headers = {"Authorization": f"Bearer {token_create(user=user, name='fuzz').secret}"}
        else:
            client.force_login(user)
        url = reverse(route.url_name, kwargs=kwargs or None)
        names = _params(url)
        tries = [{n: v for n in names} for v in BAD]
        tries += [{n: v} for n in names for v in BAD[:3]]
        for query in tries:
            response = client.get(f"{url}?{urlencode(query)}", headers=headers)
            if response.status_code >= 500:
                failures.append(f"{route.name} as {role} ?{urlencode(query)[:120]} → {response.status_code}")
        break  # one role that may use the route is enough
    assert not failures, "\n".join(failures[:20])


def test_a_malformed_parameter_answers_400_naming_it(client):
    world = build_world()
    user = world.a.users["analis"]
    client.force_login(user)
    response = client.get(reverse("placement:vacancies") + "?bulan=dua-tahun")
    assert response.status_code == 400
    assert "bulan" in response.text and "bilangan bulat" in response.text
    token = token_create(user=user, name="t").secret
    response = client.get(
        "/api/v1/penempatan/vacancies?months=x", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422 and "months" in response.text


def test_a_malformed_form_value_shows_a_sentence_not_the_exception(client):
    world = build_world()
    client.force_login(world.a.users["analis"])
    response = client.post(reverse("placement:process-open"), {"as_of": "31/01/2026"}, follow=True)
    assert "2026-01-31" in response.text
    assert "isoformat" not in response.text and "Invalid" not in response.text
