"""The role × route matrix: every route of the project, every role, from the declared policies.

Adding a route without `policy.allows`/`policy.public` (web) or `auth=access("action")` (API) fails
`test_every_route_declares_its_policy`; a route with parameters but no sample in tests/access/samples_*.py
fails `test_every_route_with_parameters_has_a_sample`. Each route then gets one test that runs every
viewer (the seven roles of instansi A, the Admin of instansi B, and anonymous) against it, including the
IDOR cases: another person's, another unit's and another instansi's object answer 404."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import path, reverse

from talenta.accounts.policy import allows, public
from talenta.accounts.roles import INSTANSI_WIDE, Role
from talenta.accounts.services import token_create
from talenta.core.models import AuditEntry
from tests.access.registry import CASES, load_samples, visible
from tests.access.routes import PUBLIC, Route, all_routes
from tests.access.world import build_world

ROUTES = all_routes()
SAMPLES = load_samples()
VIEWERS = [f"a-{r.value}" for r in Role] + ["b-admin", "anonymous"]


def _ids(routes: list[Route]) -> list[str]:
    return [r.name for r in routes]


def test_every_route_declares_its_policy():
    undeclared = [r.name for r in ROUTES if r.policy is None]
    assert not undeclared, f"routes without an access policy (allows/public/access): {undeclared}"


def test_every_route_with_parameters_has_a_sample():
    missing = [r.name for r in ROUTES if r.params and r.policy != PUBLIC and r.name not in SAMPLES]
    assert not missing, f"register a sample in tests/access/samples_<app>.py for: {missing}"


def test_an_undeclared_route_is_caught():
    def view(request):
        raise AssertionError

    def naked(request):  # a view someone forgot to protect
        raise AssertionError

    routes = all_routes(
        [
            path("x/", naked, name="naked"),
            path("y/", public(view), name="open"),
            path("z/", allows("users.manage")(view), name="admin"),
        ]
    )
    assert {r.name: r.policy for r in routes} == {
        "naked": None,
        "open": PUBLIC,
        "admin": frozenset({"admin"}),
    }


def test_the_matrix_covers_the_api_and_the_screens():
    names = set(_ids(ROUTES))
    assert {"accounts:user-edit", "accounts:audit-log", "GET /api/v1/employees/{employee_id}"} <= names


# ------------------------------------------------------------------------------------------ helpers


def _viewer(world: Any, name: str) -> Any:
    if name == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    side = world.b if name.startswith("b-") else world.a
    return side.users[name.split("-", 1)[1]]


def _leak_markers(world: Any, viewer: Any) -> list[str]:
    """NIPs the viewer must never see in any answer, from the scope rules of issue #4."""
    side, other = world.side(viewer), world.other(viewer)
    hidden = [e.nip for e in (other.employee, other.colleague, other.outsider)]
    if viewer.role != Role.PEGAWAI and viewer.role not in INSTANSI_WIDE:
        hidden.append(side.outsider.nip)  # Kepala OPD
    if viewer.role == Role.PEGAWAI:
        hidden += [side.colleague.nip, side.outsider.nip]
    return hidden


def _request(client: Client, route: Route, url: str, headers: dict[str, str]) -> Any:
    if route.api:
        return client.generic(route.method, url, headers=headers)
    response = client.get(url)
    if response.status_code == 405:  # a POST-only action
        response = client.post(url, {})
    return response


def _check(route: Route, viewer_name: str, viewer: Any, case: str, kwargs: dict, response: Any) -> str | None:
    status = response.status_code
    where = f"{route.name} as {viewer_name} ({case}, {kwargs}) → {status}"
    # /readyz answers 503 when not ready (here: no background worker has reported): its answer, not a crash.
    if status >= 500 and not (route.name == "ops:readyz" and status == 503):
        return where + ": server error"
    if route.policy == PUBLIC:
        return None
    if not viewer.is_authenticated:
        if route.api:
            return None if status == 401 else where + ": expected 401"
        login = reverse("accounts:login")
        ok = status == 302 and response["Location"].startswith(login)
        return None if ok else where + ": expected a redirect to the login page"
    if viewer.role not in route.policy:
        return None if status == 403 else where + ": expected 403 (role not allowed)"
    sample = SAMPLES.get(route.name)
    if sample is not None and sample.objects and not visible(sample, viewer.role, case):
        return None if status == 404 else where + ": expected 404 (object outside the viewer's scope)"
    return None if status not in (401, 403, 404) else where + ": expected access"


# --------------------------------------------------------------------------------------------- matrix


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if r.policy is not None],
    ids=_ids([r for r in ROUTES if r.policy is not None]),
)
@pytest.mark.django_db
def test_route_matrix(route: Route):
    world = build_world()
    failures = []
    for viewer_name in VIEWERS:
        viewer = _viewer(world, viewer_name)
        client, headers = Client(), {}
        if viewer.is_authenticated:
            if route.api:
                headers = {"Authorization": f"Bearer {token_create(user=viewer, name='matrix').secret}"}
            else:
                client.force_login(viewer)
        markers = _leak_markers(world, viewer) if viewer.is_authenticated else []
        cases = CASES if route.params else ("own",)
        for case in cases:
            if route.params:
                sample = SAMPLES.get(route.name)
                kwargs = sample.build(world, viewer, case) if sample else None
                if kwargs is None:
                    continue
            else:
                kwargs = {}
            url = reverse(route.url_name, kwargs=kwargs)
            written = AuditEntry.objects.count()
            response = _request(client, route, url, headers)
            if problem := _check(route, viewer_name, viewer, case, kwargs, response):
                failures.append(problem)
            elif response.status_code in (401, 403, 404) and AuditEntry.objects.count() != written:
                failures.append(
                    f"{route.name} as {viewer_name} ({case}) was refused but wrote an audit entry"
                )
            elif response.status_code == 200 and not getattr(response, "streaming", False):
                body = response.content.decode(errors="replace")
                leaked = [m for m in markers if m in body]
                if leaked:
                    failures.append(
                        f"{route.name} as {viewer_name} ({case}) shows out-of-scope NIPs {leaked}"
                    )
                title = re.search(r"<title>(.*?)</title>", body, re.S)
                if title and "<" in title.group(1):
                    failures.append(f"{route.name}: markup inside <title>: {title.group(1)[:80]!r}")
    assert not failures, "\n".join(failures)
