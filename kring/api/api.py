"""Kring's JSON API (/api/v1/): the same services and access rules as the pages.

Errors are RFC 9457 problem details (application/problem+json).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from kring.accounts.models import User
from kring.accounts.services import user_for_api_token
from kring.core.ratelimit import RateLimited


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Kring API",
    version="1",
    description=(
        "Kring's JSON API. Authenticate with `Authorization: Bearer <token>` "
        "(make a token on the API keys page or with `manage.py create_api_token`), "
        "or with the browser session (CSRF token required for changes)."
    ),
    urls_namespace="api",
    docs_url=None,  # the interactive docs load scripts from another origin; the schema is enough
    auth=[BearerToken(), django_auth],
)


def problem(
    request: HttpRequest, status: int, title: str, detail: str = "", **extra: object
) -> HttpResponse:
    """Return an RFC 9457 problem details response."""
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    body.update(extra)
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem(
        request, 422, "Invalid input", "Some fields are missing or wrong.", errors=exc.errors
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return problem(request, 422, "Invalid input", "; ".join(exc.messages), errors=errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(request, 401, "Not signed in", "Send a valid Bearer token.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found")


@api.exception_handler(PermissionError)
def on_permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return problem(request, 403, "Not allowed", "Your role cannot do this.")


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    # The services count per action and actor, so this is the same limit the pages apply.
    return problem(request, 429, "Too many requests", "Try again later.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


from kring.api import accounts as _accounts  # noqa: E402  (registers the routers)

api.add_router("/", _accounts.router)

from kring.api import network as _network  # noqa: E402

api.add_router("/", _network.router)

from kring.api import insights as _insights  # noqa: E402

api.add_router("/", _insights.router)

from kring.api import exchange as _exchange  # noqa: E402

api.add_router("/", _exchange.router)
