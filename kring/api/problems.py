"""The API's error contract: RFC 9457 problem details, and how the OpenAPI document declares them.

Every error the API answers is `application/problem+json` with the `Problem` schema. Each
operation declares the errors it can answer itself (`problems(403, 404, 409, 429)`); the errors
the API machinery answers for any operation (401, 422, and for a body 400, 413 and 415) are added
to every operation by `declare_shared_problems`, so no operation can forget them.

Integers that come in are bounded here too (`Id`, `Count`): a number past what the database
holds must be refused as input (422), not reach a query and end in a 500.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field

# Primary keys are BigAutoField (64-bit signed); counters such as `version` are
# PositiveIntegerField (32-bit signed on PostgreSQL).
ID_MAX = 2**63 - 1
COUNT_MAX = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]


class Problem(Schema):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description='always "about:blank": the status and title say it all')
    title: str
    status: int
    detail: str = ""
    instance: str = Field(default="", description="the path that was asked for")
    errors: Any = Field(
        default=None, description="422: what is wrong, per field (a list or a mapping)"
    )
    current: dict[str, Any] | None = Field(
        default=None, description="409: the object as it is now, to show or merge"
    )
    line: int | None = Field(default=None, description="422 on a file: the line, when known")


PROBLEM_MEDIA_TYPE = "application/problem+json"

PROBLEM_TEXT = {
    400: "The body cannot be read: not valid JSON, or a broken multipart form",
    401: "Not signed in: send a valid Bearer token (or a browser session)",
    403: "Not allowed: your role cannot do this, or the CSRF token of a browser session is missing",
    404: "Not found, or not yours to see",
    409: "Someone changed it first; `current` holds it as it is now",
    413: "The body is too large",
    415: "The body has a Content-Type this operation does not take",
    422: "Invalid input: `errors` says which fields (for a file, `line` names the line)",
    429: "Too many requests; try again later",
}

UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def problem_response(status: int) -> dict[str, Any]:
    """Return the OpenAPI response object of one problem status."""
    return {
        "description": PROBLEM_TEXT[status],
        "content": {PROBLEM_MEDIA_TYPE: {"schema": Problem.model_json_schema()}},
    }


def problems(*codes: int, extra: dict[int, Any] | None = None) -> dict[str, Any]:
    """Return `openapi_extra` declaring the problems an operation answers itself, and `extra`."""
    responses: dict[int, Any] = {code: problem_response(code) for code in codes}
    responses.update(extra or {})
    return {"responses": responses}


def shared_problem_codes(method: str, operation: dict[str, Any]) -> set[int]:
    """Return the statuses the API machinery can answer for this operation of the document."""
    codes = {401, 422}  # every operation needs a sign-in; any input may be refused
    if method.lower() in UNSAFE_METHODS:
        codes.add(403)  # a browser session without its CSRF token
    if "requestBody" in operation:
        codes |= {400, 413, 415}
    if any(parameter.get("in") == "path" for parameter in operation.get("parameters", [])):
        codes.add(404)
    return codes


def declare_shared_problems(document: dict[str, Any]) -> None:
    """Add the shared problem statuses to every operation of an OpenAPI document, in place."""
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in sorted(shared_problem_codes(method, operation)):
                if code not in responses and str(code) not in responses:
                    responses[code] = problem_response(code)
