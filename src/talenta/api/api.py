"""The JSON API at /api/v1/: one NinjaAPI, routers mounted from `talenta.api.urls.ROUTERS`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from talenta.accounts.policy import allows
from talenta.api.auth import BearerToken, Session

api = NinjaAPI(
    title="Talenta API",
    version="1",
    description="Read access to Talenta with the caller's role and scope (Authorization: Bearer <token>).",
    urls_namespace="api",
    # Operations must declare their own roles (auth=access(...)); this default only authenticates.
    auth=[BearerToken(), Session()],
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_decorator=allows("api.docs"),
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"message": " ".join(exc.messages), "errors": errors}, status=422)
