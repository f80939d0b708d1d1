"""The JSON API at /api/v1/: one NinjaAPI, routers mounted from `talenta.api.urls.ROUTERS`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from talenta.accounts.policy import allows
from talenta.api.auth import BearerToken, Session
from talenta.core.jobs import TooManyJobs

# Every operation can answer these (no or a bad token, a role that may not call it, an id outside the
# caller's scope, a malformed parameter or a refused change); the spec says so for all of them, so a
# client (and the schemathesis test) can rely on it. Body: ninja's {"detail"} or our {"message", "errors"}.
ERROR_STATUSES = {
    "400": "Bad Request",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "Not Found",
    "413": "Content Too Large",
    "422": "Unprocessable Entity",
    "429": "Too Many Requests",
}
PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}, {"type": "null"}]
        },
        "message": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "errors": {"anyOf": [{"type": "object"}, {"type": "null"}]},
    },
}


class TalentaAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault("Problem", PROBLEM_SCHEMA)
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                declared = {
                    str(k) for k in responses
                }  # ninja's keys are ints: "401" next to 401 is a duplicate
                for status, text in ERROR_STATUSES.items():
                    if status not in declared:
                        responses[int(status)] = {"description": text, "content": problem}
        return schema


api = TalentaAPI(
    title="Talenta API",
    version="1",
    description="Read access to Talenta with the caller's role and scope (Authorization: Bearer <token>).",
    urls_namespace="api",
    # Operations must declare their own roles (auth=access(...)); this default only authenticates.
    auth=[BearerToken(), Session()],
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_decorator=allows("api.docs"),
)


@api.exception_handler(TooManyJobs)
def too_many_jobs(request: HttpRequest, exc: TooManyJobs) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=429)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"message": " ".join(exc.messages), "errors": errors}, status=422)
