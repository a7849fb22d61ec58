"""Audit completeness: each URL that touches a job seeker's data writes exactly one entry.

The sweep takes every page under /jobseekers/<jobseeker_id>/ from the URL resolver and every
API operation with {jobseeker_id} in its path from the OpenAPI document, so a new URL joins it
by itself. For each it checks, on the access log, what docs/security.md promises:

1. a coach with an edit grant: exactly one access entry about the job seeker, allowed (a change
   of access rights adds its grant events, see GRANT_EVENTS);
2. a coach of the same organisation without a grant: 404 and exactly one entry, denied;
3. a coach with a view grant who tries a change: 404 and exactly one entry, denied;
4. the job seeker on their own data: no entry, except one for an export (data leaves Kring).

A request refused before the view runs (405 for a method the URL never takes) touches no data
and writes nothing; the sweep checks that too.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, NamedTuple

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry, Action, Result
from tests.conftest import api_client_for, client_for, make_grant, make_organisation, make_user
from tests.test_security import object_routes, objects_of

pytestmark = pytest.mark.django_db

# Pages under /jobseekers/<jobseeker_id>/ that touch no job seeker data and so write nothing.
# Keep it short: each name needs a reason.
PAGES_WITHOUT_DATA: dict[str, str] = {}

PAGES = sorted(
    (name, kwargs) for name, _route, kwargs in object_routes() if "jobseeker_id" in kwargs
)


def _api_schema() -> dict[str, Any]:
    from kring.api.api import api

    return dict(api.get_openapi_schema(path_prefix="/api/v1/"))


class Operation(NamedTuple):
    method: str
    path: str
    spec: dict[str, Any]


def _api_operations() -> list[Operation]:
    schema = _api_schema()
    return [
        Operation(method.upper(), path, spec)
        for path, operations in schema["paths"].items()
        if "{jobseeker_id}" in path
        for method, spec in operations.items()
    ]


OPERATIONS = _api_operations()
COMPONENTS: dict[str, Any] = _api_schema().get("components", {}).get("schemas", {})


class World(NamedTuple):
    owner: User
    edit_coach: User
    view_coach: User
    stranger: User  # a coach of the same organisation without a grant
    values: dict[str, object]  # URL kwarg → one of the owner's objects


@pytest.fixture
def world() -> World:
    from kring.coaching.services import note_create
    from kring.network.models import Tie

    org = make_organisation()
    owner = make_user(Role.JOBSEEKER, organisation=org)
    edit_coach = make_user(Role.COACH, organisation=org)
    view_coach = make_user(Role.COACH, organisation=org)
    make_grant(owner, edit_coach)
    make_grant(owner, view_coach, Scope.VIEW)
    values = objects_of(owner)
    tie = Tie.objects.get(owner=owner)
    note = note_create(jobseeker=owner, author=edit_coach, text="Eerste gesprek.")
    values |= {"tie_id": tie.pk, "note_id": note.pk}
    stranger = make_user(Role.COACH, organisation=org)
    return World(owner, edit_coach, view_coach, stranger, values)


# Changes of access rights, written by the accounts services, one per grant that changes: they
# answer "who may look", not "who looked", and come on top of the request's access entry.
GRANT_EVENTS = {Action.GRANT, Action.GRANT_CHANGE, Action.REVOKE}


# The check --------------------------------------------------------------------------------


class Request(NamedTuple):
    method: str
    url: str
    data: Any = None
    content_type: str | None = None


def entries_of(client: Client, request: Request, subject: User) -> tuple[int, list[AccessLogEntry]]:
    """Send `request`; return its status and the access-log entries it wrote, oldest first."""
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if request.content_type is None:  # a page: a form post, or a GET
        method = getattr(client, request.method.lower())
        response = method(request.url, request.data or {})
    else:
        response = client.generic(
            request.method, request.url, request.data or "", request.content_type
        )
    written = list(AccessLogEntry.objects.filter(id__gt=last).order_by("id"))
    assert all(entry.subject_id == subject.pk for entry in written), (request, written)
    return response.status_code, written


def audit_problem(
    client: Client,
    request: Request,
    *,
    actor: User,
    subject: User,
    result: str,
    statuses: tuple[int, ...] = (),
) -> str | None:
    """Return what is wrong with the access log after `actor` sends `request` (None: right).

    Right is: exactly one access entry, about `subject`, by `actor`, with `result`, and (when
    `statuses` names any) one of those statuses. A 500 is always wrong. An allowed change of
    access rights also writes its grant events; a denied request writes nothing else.
    """
    status, written = entries_of(client, request, subject)
    label = f"{request.method} {request.url} by {actor.role} {actor.pk}"
    if status >= 500 or (statuses and status not in statuses):
        return f"{label}: answered {status}, expected one of {statuses or '< 500'}"
    summary = [(entry.action, entry.result, entry.object_type) for entry in written]
    accesses = [entry for entry in written if entry.action not in GRANT_EVENTS]
    if len(accesses) != 1 or (result == Result.DENIED and len(written) != 1):
        return f"{label}: wrote {summary}, expected one access entry"
    (entry,) = accesses
    if entry.result != result or entry.actor_id != actor.pk:
        return f"{label}: wrote {summary} by actor {entry.actor_id}, expected {result}"
    return None


def own_problem(client: Client, request: Request, owner: User) -> str | None:
    """Return what is wrong with the log after the job seeker sends `request` on their data.

    Their own reads and changes are not someone else's access: no access entry. An export
    is: data leaves Kring, so it writes exactly one entry. Grant events (they withdraw their
    consent) are written as always.
    """
    status, written = entries_of(client, request, owner)
    label = f"{request.method} {request.url} by the job seeker"
    if status >= 500:
        return f"{label}: answered {status}"
    accesses = [entry for entry in written if entry.action not in GRANT_EVENTS]
    if not accesses or (len(accesses) == 1 and accesses[0].action == Action.EXPORT):
        return None
    return f"{label}: wrote {[(e.action, e.object_type) for e in written]}"


def refused_method(client: Client, request: Request, subject: User) -> bool:
    """Whether the URL never takes this method: 405, before any data is touched (no entry)."""
    status, written = entries_of(client, request, subject)
    assert status != 405 or not written, (request, "a 405 wrote to the access log")
    return status == 405


# Pages --------------------------------------------------------------------------------------


def page_request(name: str, kwargs: list[str], method: str, world: World) -> Request | None:
    """The request `method` on the page with the owner's objects; None if the page refuses it.

    Whether the page takes the method is asked as the coach without a grant: whatever the
    page does, that coach changes nothing.
    """
    url = reverse(name, kwargs={key: world.values[key] for key in kwargs})
    request = Request(method, url)
    return None if refused_method(client_for(world.stranger), request, world.owner) else request


# Every page with each method it might take: a GET reads, a POST (an empty form) changes.
PAGE_CASES = [(name, kwargs, method) for name, kwargs in PAGES for method in ("GET", "POST")]
PAGE_CASE_IDS = [f"{method} {name}" for name, _kwargs, method in PAGE_CASES]


@pytest.mark.parametrize(("name", "kwargs", "method"), PAGE_CASES, ids=PAGE_CASE_IDS)
def test_it_logs_one_allowed_entry_per_page_for_a_coach_with_an_edit_grant(
    world: World, name: str, kwargs: list[str], method: str
) -> None:
    request = page_request(name, kwargs, method, world)
    if request is None or name in PAGES_WITHOUT_DATA:
        return
    client = client_for(world.edit_coach)
    problem = audit_problem(
        client, request, actor=world.edit_coach, subject=world.owner, result=Result.ALLOWED
    )
    assert problem is None, problem


@pytest.mark.parametrize(("name", "kwargs", "method"), PAGE_CASES, ids=PAGE_CASE_IDS)
def test_it_logs_one_denied_entry_per_page_for_a_coach_without_a_grant(
    world: World, name: str, kwargs: list[str], method: str
) -> None:
    request = page_request(name, kwargs, method, world)
    if request is None or name in PAGES_WITHOUT_DATA:
        return
    problem = audit_problem(
        client_for(world.stranger),
        request,
        actor=world.stranger,
        subject=world.owner,
        result=Result.DENIED,
        statuses=(404,),
    )
    assert problem is None, problem


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _kwargs in PAGES])
def test_it_logs_one_denied_entry_per_page_change_by_a_coach_with_a_view_grant(
    world: World, name: str, kwargs: list[str]
) -> None:
    request = page_request(name, kwargs, "POST", world)
    if request is None:
        return  # a page that only shows: a POST is 405 for everyone and writes nothing
    problem = audit_problem(
        client_for(world.view_coach),
        request,
        actor=world.view_coach,
        subject=world.owner,
        result=Result.DENIED,
        statuses=(404,),  # the door: 404, never 403
    )
    assert problem is None, problem


@pytest.mark.parametrize(("name", "kwargs", "method"), PAGE_CASES, ids=PAGE_CASE_IDS)
def test_it_logs_only_exports_of_the_job_seekers_own_pages(
    world: World, name: str, kwargs: list[str], method: str
) -> None:
    request = page_request(name, kwargs, method, world)
    if request is None:
        return
    problem = own_problem(client_for(world.owner), request, world.owner)
    assert problem is None, problem


# API operations ------------------------------------------------------------------------------


# A value for each pattern a required string of an operation must match.
PATTERN_SAMPLES = {r"^[a-z_]+:[a-z_]+(:[0-9a-z_]+)?$": "ask:job_leads"}


def sample(schema: dict[str, Any]) -> Any:
    """Return the smallest value that `schema` (OpenAPI, as ninja writes it) accepts."""
    if "$ref" in schema:
        return sample(COMPONENTS[schema["$ref"].rsplit("/", 1)[1]])
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [option for option in schema[key] if option.get("type") != "null"]
            return sample(options[0]) if options else None
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {key: sample(properties[key]) for key in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}))] * schema.get("minItems", 0)
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if "pattern" in schema:
        assert schema["pattern"] in PATTERN_SAMPLES, f"give the sweep a sample for {schema}"
        return PATTERN_SAMPLES[schema["pattern"]]
    if schema.get("format") == "date":
        return datetime.date.today().isoformat()
    if schema.get("format") == "date-time":
        return datetime.datetime.now(tz=datetime.UTC).isoformat()
    return "x" * max(schema.get("minLength", 1), 1)


def api_request(operation: Operation, world: World) -> Request:
    """A request the operation's schema accepts, on the owner's real objects."""
    path = operation.path
    for key, value in world.values.items():
        path = path.replace(f"{{{key}}}", str(value))
    assert "{" not in path, f"{operation.path}: give the sweep a sample value"
    query = [
        f"{parameter['name']}={sample(parameter['schema'])}"
        for parameter in operation.spec.get("parameters", [])
        if parameter["in"] == "query" and parameter.get("required")
    ]
    if query:
        path += "?" + "&".join(query)
    content = operation.spec.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        # The test client encodes a dict with a file as multipart itself.
        upload = SimpleUploadedFile("contacts.vcf", b"BEGIN:VCARD\r\nFN:Ans\r\nEND:VCARD\r\n")
        return Request(operation.method, path, {"file": upload}, content_type=None)
    body = content.get("application/json", {}).get("schema")
    return Request(
        operation.method,
        path,
        json.dumps(sample(body)) if body else "",
        content_type="application/json",
    )


OPERATION_IDS = [f"{operation.method} {operation.path}" for operation in OPERATIONS]
READS = [operation for operation in OPERATIONS if operation.method == "GET"]
CHANGES = [operation for operation in OPERATIONS if operation.method != "GET"]


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_it_logs_one_allowed_entry_per_operation_for_a_coach_with_an_edit_grant(
    world: World, operation: Operation
) -> None:
    problem = audit_problem(
        api_client_for(world.edit_coach),
        api_request(operation, world),
        actor=world.edit_coach,
        subject=world.owner,
        result=Result.ALLOWED,
    )
    assert problem is None, problem


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_it_logs_one_denied_entry_per_operation_for_a_coach_without_a_grant(
    world: World, operation: Operation
) -> None:
    problem = audit_problem(
        api_client_for(world.stranger),
        api_request(operation, world),
        actor=world.stranger,
        subject=world.owner,
        result=Result.DENIED,
        statuses=(404,),
    )
    assert problem is None, problem


@pytest.mark.parametrize("operation", CHANGES, ids=[f"{o.method} {o.path}" for o in CHANGES])
def test_it_logs_one_denied_entry_per_change_by_a_coach_with_a_view_grant(
    world: World, operation: Operation
) -> None:
    problem = audit_problem(
        api_client_for(world.view_coach),
        api_request(operation, world),
        actor=world.view_coach,
        subject=world.owner,
        result=Result.DENIED,
        statuses=(404,),  # the door: 404, never 403
    )
    assert problem is None, problem


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_it_logs_only_exports_of_the_job_seekers_own_operations(
    world: World, operation: Operation
) -> None:
    problem = own_problem(api_client_for(world.owner), api_request(operation, world), world.owner)
    assert problem is None, problem


# The sweep can fail --------------------------------------------------------------------------


def test_it_covers_every_page_and_operation_on_a_job_seekers_data() -> None:
    assert len(PAGES) >= 60
    assert len(OPERATIONS) >= 60
    assert {"network:map", "exchange:export", "coaching:notes"} <= {name for name, _ in PAGES}
    # The allow-list names real pages only: a page that is gone leaves it.
    assert set(PAGES_WITHOUT_DATA) <= {name for name, _kwargs in PAGES}


def test_it_reports_a_page_that_writes_no_entry(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kring.core.audit import log_access as real

    def silent_on_the_map(**kwargs: Any) -> object:
        match = getattr(kwargs.get("request"), "resolver_match", None)
        if match is not None and match.view_name == "network:map":
            return None
        return real(**kwargs)

    monkeypatch.setattr("kring.accounts.access.log_access", silent_on_the_map)
    the_map = page_request("network:map", ["jobseeker_id"], "GET", world)
    table = page_request("network:table", ["jobseeker_id"], "GET", world)
    assert the_map is not None and table is not None

    def by_coach(request: Request) -> str | None:
        client = client_for(world.edit_coach)
        return audit_problem(
            client, request, actor=world.edit_coach, subject=world.owner, result=Result.ALLOWED
        )

    def by_stranger(request: Request) -> str | None:
        client = client_for(world.stranger)
        return audit_problem(
            client, request, actor=world.stranger, subject=world.owner, result=Result.DENIED
        )

    assert "wrote [], expected one access entry" in str(by_coach(the_map))
    assert "wrote [], expected one access entry" in str(by_stranger(the_map))
    assert by_coach(table) is None
    assert by_stranger(table) is None


def test_it_reports_an_operation_that_writes_two_entries(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kring.core.audit import log_access as real

    def twice_on_contacts(**kwargs: Any) -> object:
        request = kwargs.get("request")
        if request is not None and request.path.endswith("/contacts"):
            real(**kwargs)
        return real(**kwargs)

    monkeypatch.setattr("kring.accounts.access.log_access", twice_on_contacts)
    (contacts,) = [o for o in READS if o.path.endswith("/contacts")]
    problem = audit_problem(
        api_client_for(world.edit_coach),
        api_request(contacts, world),
        actor=world.edit_coach,
        subject=world.owner,
        result=Result.ALLOWED,
    )
    assert problem is not None and "expected one access entry" in problem
