"""Schemathesis against the live app (a real HTTP server) with a bearer token: every operation of the
OpenAPI spec, with generated parameters, must answer as documented and never with a server error."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from talenta.accounts.services import token_create
from tests.access.world import build_world

pytestmark = pytest.mark.slow


# A head of unit (the narrowest reader) and an analis (who reaches the placement operations' bodies).
@pytest.fixture(params=["kepala-opd", "analis"])
def token(request, transactional_db):
    world = build_world()
    return token_create(user=world.a.users[request.param], name="schemathesis").secret


import talenta.api.urls  # noqa: E402,F401  (mounts the routers on the api)
from talenta.api.api import api  # noqa: E402

# Through JSON: the spec holds lazy translation strings (field titles) that a validator cannot take.
SPEC = json.loads(json.dumps(api.get_openapi_schema(path_params={}), cls=DjangoJSONEncoder))
schema = schemathesis.openapi.from_dict(SPEC)


# One pytest test per operation, each with its own node id ("GET /api/v1/units"): schemathesis's own
# parametrize gives all of them one id, and pytest-xdist then runs only one of them.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_conforms_to_its_schema(operation, live_server, token):
    @given(case=operation.as_strategy())
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    def conforms(case):
        case.call_and_validate(
            base_url=live_server.url,
            headers={"Authorization": f"Bearer {token}"},
            # A schema cannot say every business rule (an empty position list, a unit of another
            # instansi); those answer the documented 422 with a message, which this check would call
            # "valid data rejected". Every other check (no 5xx, documented statuses and bodies) runs.
            excluded_checks=[positive_data_acceptance],
        )

    conforms()


def test_the_spec_has_no_duplicate_status_codes():
    # Swagger UI (js-yaml) refuses a spec with a key twice, e.g. 401 and "401" serialised alike.
    for path, operations in api.get_openapi_schema(path_params={})["paths"].items():
        for method, operation in operations.items():
            codes = [str(k) for k in operation["responses"]]
            assert len(codes) == len(set(codes)), f"{method} {path}: {codes}"
