"""Issue #14: a malformed query parameter answers 400 or 422 with a message, never 500. Every GET route
(screens and API), as a role that may use it, with every query parameter its module reads and a set of
malformed values, all at once, and one at a time each parameter the route reads.

Which names a route reads is seen, not guessed: the request's `GET` notes every name the code asks for. A
name the route never asks for (with no parameter, nor with all of them) changes nothing when it is alone,
so trying it alone is the request without parameters again; the code that lists the query (`items()`,
`copy()`, `urlencode()` …) counts as reading every name."""

from __future__ import annotations

import inspect
import re
import sys
from urllib.parse import urlencode

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.test import Client
from django.urls import resolve, reverse
from django.utils.functional import cached_property

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


EVERY = "*"  # the code listed the whole query


class _Noted(QueryDict):
    """A request's GET that notes the names asked for in `read` (EVERY when the query is listed)."""

    read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)


def _listed(name):
    """A method of QueryDict that lists the query: it reads every name."""

    def method(self, *args, **kwargs):
        self.read.add(EVERY)
        return getattr(QueryDict, name)(self, *args, **kwargs)

    return method


for _name in ("keys", "values", "items", "lists", "dict", "copy", "urlencode", "__iter__", "__len__",
              "__copy__", "__deepcopy__", "__getstate__"):  # fmt: skip
    setattr(_Noted, _name, _listed(_name))


@pytest.fixture
def reads(monkeypatch) -> set[str]:
    """The names every request of the test asked its GET for."""
    read: set[str] = set()
    monkeypatch.setattr(_Noted, "read", read)

    def noted_get(request):
        raw = request.environ.get("QUERY_STRING", "").encode("iso-8859-1")
        return _Noted(raw, encoding=request._encoding)

    prop = cached_property(noted_get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)
    return read


def _ids(routes):
    return [r.name for r in routes]


@pytest.mark.parametrize("route", ROUTES, ids=_ids(ROUTES))
def test_no_malformed_query_parameter_is_a_server_error(route, reads):
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

        # First without parameters and with all at once, which shows the names the route reads; then each
        # name it read alone.
        tries = [{}] + [{n: v for n in names} for v in BAD]
        done = 0
        while done < len(tries):
            query = tries[done]
            response = client.get(f"{url}?{urlencode(query)}", headers=headers)
            if response.status_code >= 500:
                failures.append(f"{route.name} as {role} ?{urlencode(query)[:120]} → {response.status_code}")
            done += 1
            if done == len(BAD) + 1:
                alone = set(names) | reads if EVERY in reads or route.api else reads
                tries += [{n: v} for n in sorted(alone - {EVERY}) for v in BAD[:3]]
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
