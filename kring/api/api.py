"""Kring's JSON API (/api/v1/): the same services and access rules as the pages.

Errors are RFC 9457 problem details (application/problem+json).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import BODY_CONTENT_TYPES, OpenAPISchema
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from kring.accounts.models import User
from kring.accounts.services import user_for_api_token
from kring.api.problems import declare_shared_problems
from kring.core import safejson
from kring.core.errors import NotFound, VersionConflict
from kring.core.ratelimit import RateLimited
from kring.meetings.models import CircleMeeting
from kring.network.moments import MomentError
from kring.offers.models import Offer, Referral
from kring.plan.models import Ask


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """The pages' session cookie; its CSRF token is checked only when it signs someone in.

    ninja's SessionAuth checks CSRF first, so a change sent with a wrong token and no session
    answered 403 "CSRF check Failed" instead of 401.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


class KringAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares the problems every operation can answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_shared_problems(document)
        return document


class BoundedJSONParser(Parser):
    """Request bodies through the one JSON loader that bounds nesting depth (kring.core.safejson).

    Without it a body of 200,000 nested lists reaches the stack limit inside `json.loads`.
    django-ninja turns any parser error into an HttpError; on_http_error answers 422 when
    the cause was depth.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        _refuse_an_undeclared_media_type(request)
        body = safejson.loads(request.body)
        _refuse_nul(body)
        return cast(dict[str, Any], body)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        _refuse_an_undeclared_media_type(request)
        _refuse_nul([*data.keys(), *(value for _key, values in data.lists() for value in values)])
        return super().parse_querydict(data, list_fields, request)


class NulCharacter(ValueError):
    """A text in the request holds U+0000, which no field can store (PostgreSQL refuses it)."""


def _refuse_nul(data: Any) -> None:
    """Raise NulCharacter when any key or text in the parsed `data` contains U+0000.

    The pages' form fields refuse it (Django's ProhibitNullCharactersValidator); the API
    refuses it here, once for every operation, before a service could try to store it.
    """
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise NulCharacter
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


class UnsupportedMediaType(Exception):
    """The request's body has a Content-Type its operation does not declare."""

    def __init__(self, media_types: set[str]) -> None:
        super().__init__(f"Send the body as {' or '.join(sorted(media_types))}.")


def _refuse_an_undeclared_media_type(request: HttpRequest) -> None:
    media_types: set[str] | None = getattr(request, "kring_refused_media_types", None)
    if media_types:
        raise UnsupportedMediaType(media_types)


api = KringAPI(
    title="Kring API",
    version="1",
    description=(
        "Kring's JSON API. Authenticate with `Authorization: Bearer <token>` "
        "(make a token on the API keys page or with `manage.py create_api_token`), "
        "or with the browser session (CSRF token required for changes)."
    ),
    urls_namespace="api",
    docs_url=None,  # the interactive docs load scripts from another origin; the schema is enough
    auth=[BearerToken(), BrowserSession()],
    parser=BoundedJSONParser(),
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


def _body_media_types(operation: Any) -> set[str]:
    """Return the Content-Types the OpenAPI document gives for an operation's request body.

    The same rule as ninja's document: one kind of body parameter gives its own media type,
    a file next to other fields a multipart form.
    """
    sources = [
        model.__ninja_param_source__
        for model in operation.models
        if model.__ninja_param_source__ in BODY_CONTENT_TYPES
    ]
    if not sources:
        return set()
    if len(sources) == 1:
        return {BODY_CONTENT_TYPES[sources[0]]}
    return {BODY_CONTENT_TYPES["file"]}


def _sends_a_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True


def declared_body_only(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an operation so a body of another Content-Type than declared answers 415.

    ninja reads any body as JSON whatever its Content-Type, and hands a multipart form
    without a boundary to Django's parser, whose error is not the API's (a 500). Only the
    operation knows its media types, so the check is decided here, before the body is read;
    the parser raises it once authentication has run, so a stranger still gets 401 first.
    A request without a body goes on to the usual 422.
    """
    media_types = _body_media_types(run.__self__)  # type: ignore[attr-defined]  # bound Operation.run
    if not media_types:
        return run

    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sent = (request.content_type or "").lower()
        if (sent or _sends_a_body(request)) and sent not in media_types:
            request.kring_refused_media_types = media_types  # type: ignore[attr-defined]
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(declared_body_only, mode="view")


@api.exception_handler(UnsupportedMediaType)
def on_unsupported_media_type(request: HttpRequest, exc: UnsupportedMediaType) -> HttpResponse:
    return problem(request, 415, "Unsupported media type", str(exc))


@api.exception_handler(SuspiciousOperation)
def on_unreadable_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # Django refuses a request it will not parse (too many fields or files) while ninja reads it.
    return problem(request, 400, "Cannot parse request body", str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(request, 413, "Request body too large", str(exc))


@api.exception_handler(MultiPartParserError)
def on_broken_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return problem(request, 400, "Cannot parse request body", str(exc))


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem(
        request, 422, "Invalid input", "Some fields are missing or wrong.", errors=exc.errors
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return problem(request, 422, "Invalid input", "; ".join(exc.messages), errors=errors)


@api.exception_handler(MomentError)
def on_unreadable_moment(request: HttpRequest, exc: MomentError) -> HttpResponse:
    # Moments stored before their data was checked (kring.network.moments) may be damaged.
    return problem(
        request,
        422,
        "Moment cannot be read",
        f"The data stored in this moment is damaged or incomplete: {exc}. "
        "Delete the moment or choose another.",
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(request, 401, "Not signed in", "Send a valid Bearer token.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: Http404 | NotFound) -> HttpResponse:
    return problem(request, 404, "Not found")


@api.exception_handler(VersionConflict)
def on_version_conflict(request: HttpRequest, exc: VersionConflict) -> HttpResponse:
    # `current` is sent in the schema of the object that changed: an ask or a contact.
    if isinstance(exc.current, Ask):
        current = _plan.ask_out(exc.current)
    elif isinstance(exc.current, Offer | Referral):
        current = _offers.conflict_out(exc.current)
    elif isinstance(exc.current, CircleMeeting):
        current = _meetings.meeting_out(exc.current)
    else:
        current = _network.ContactOut.from_orm(exc.current).model_dump(mode="json")
    return problem(request, 409, "Version conflict", exc.message, current=current)


@api.exception_handler(PermissionError)
def on_permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return problem(request, 403, "Not allowed", "Your role cannot do this.")


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    # The services count per action and actor, so this is the same limit the pages apply.
    return problem(request, 429, "Too many requests", "Try again later.")


@api.exception_handler(NulCharacter)
def on_nul_character(request: HttpRequest, exc: NulCharacter) -> HttpResponse:
    # From the query string directly; from a body wrapped in ninja's HttpError (below).
    return problem(request, 422, "Invalid input", "Text may not contain NUL characters.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, UnsupportedMediaType):  # ninja wraps the parser's errors
        return on_unsupported_media_type(request, exc.__cause__)
    if isinstance(exc.__cause__, NulCharacter):
        return on_nul_character(request, exc.__cause__)
    if isinstance(exc.__cause__, safejson.JSONTooDeep):
        return problem(
            request,
            422,
            "Invalid input",
            f"The JSON body nests lists and objects more than {exc.__cause__.limit} levels deep.",
        )
    return problem(request, exc.status_code, str(exc))


from kring.api import accounts as _accounts  # noqa: E402  (registers the routers)

api.add_router("/", _accounts.router)

from kring.api import network as _network  # noqa: E402

api.add_router("/", _network.router)

from kring.api import insights as _insights  # noqa: E402

api.add_router("/", _insights.router)

from kring.api import exchange as _exchange  # noqa: E402

api.add_router("/", _exchange.router)

from kring.api import plan as _plan  # noqa: E402

api.add_router("/", _plan.router)

from kring.api import coaching as _coaching  # noqa: E402

api.add_router("/", _coaching.router)

from kring.api import offers as _offers  # noqa: E402

api.add_router("/", _offers.router)

from kring.api import progress as _progress  # noqa: E402

api.add_router("/", _progress.router)

from kring.api import meetings as _meetings  # noqa: E402

api.add_router("/", _meetings.router)

from kring.api import intake as _intake  # noqa: E402

api.add_router("/", _intake.router)

from kring.api import results as _results  # noqa: E402

api.add_router("/", _results.router)
