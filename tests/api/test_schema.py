"""Schemathesis against the live app (a real HTTP server) with a bearer token: every operation of the
OpenAPI spec, with generated parameters, must answer as documented and never with a server error."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import HealthCheck, settings

from talenta.accounts.services import token_create
from tests.access.world import build_world

pytestmark = pytest.mark.slow


@pytest.fixture
def token(transactional_db):
    world = build_world()
    return token_create(user=world.a.users["kepala-opd"], name="schemathesis").secret


import talenta.api.urls  # noqa: E402,F401  (mounts the routers on the api)
from talenta.api.api import api  # noqa: E402

# Through JSON: the spec holds lazy translation strings (field titles) that a validator cannot take.
SPEC = json.loads(json.dumps(api.get_openapi_schema(path_params={}), cls=DjangoJSONEncoder))
schema = schemathesis.openapi.from_dict(SPEC)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, live_server, token):
    case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Bearer {token}"})
