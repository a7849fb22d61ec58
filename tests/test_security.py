"""SECURITY.md, tested: the anonymous URL sweep, the wrong-actor matrix, headers, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kring import settings as production_settings
from kring.accounts.models import Role, Scope, User
from kring.core.middleware import PUBLIC_URL_NAMES
from tests.conftest import TEST_PASSWORD, client_for, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def all_patterns() -> list[tuple[str, str]]:
    """Return (namespaced name, route) for every named page pattern outside the API and admin."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in ("api", "admin"):
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


# Public URLs that carry their own credential (a secret in the path).
SECRET_URL_NAMES = {"plan:calendar_feed"}
SAMPLES: dict[str, object] = {"int": 1, "uuid": "00000000-0000-4000-8000-000000000000"}


def sample_kwargs(route: str) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    for part in route.split("<")[1:]:
        spec = part.split(">")[0]
        converter, _, name = spec.rpartition(":")
        kwargs[name] = SAMPLES.get(converter, "x1")
    return kwargs


def test_it_sends_anonymous_visitors_to_login_on_every_non_public_page() -> None:
    client = Client()
    checked = 0
    for name, route in all_patterns():
        url = reverse(name, kwargs=sample_kwargs(route))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if name in PUBLIC_URL_NAMES:
                # A URL whose secret is the credential answers a wrong secret with 404.
                allowed = (200, 302, 405, 410) + ((404,) if name in SECRET_URL_NAMES else ())
                assert response.status_code in allowed, (name, method)
                if response.status_code == 302:
                    assert not response["Location"].startswith(reverse("login")), name
            else:
                assert response.status_code == 302, (name, method, response.status_code)
                assert response["Location"].startswith(reverse("login")), (name, method)
            checked += 1
    assert checked > 20


def test_it_keeps_the_public_allow_list_small() -> None:
    names = {name for name, _route in all_patterns()}
    assert names | {"set_language"} >= PUBLIC_URL_NAMES
    assert {"home", "access", "jobseeker_detail"}.isdisjoint(PUBLIC_URL_NAMES)


def test_it_requires_a_token_on_every_api_operation() -> None:
    client = Client()
    schema = client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in schema["paths"].items():
        concrete = "/".join("1" if seg.startswith("{") else seg for seg in path.split("/"))
        for method in operations:
            response = client.generic(method.upper(), concrete, "{}", "application/json")
            assert response.status_code == 401, (method, concrete, response.status_code)
            assert response["Content-Type"] == "application/problem+json"
            checked += 1
    assert checked >= 5


# The wrong-actor matrix is built from the URL patterns themselves: every pattern that names an
# object is tried by every actor who must not reach it, so a new URL joins the matrix by itself.
# A URL kwarg without a sample value below fails the completeness test.
ALL_BUT_OWNER_AND_COACH = [
    "other_jobseeker",
    "coach_without_grant",
    "other_org_coach",
    "admin",
    "other_org_admin",
]


@pytest.fixture
def world() -> dict[str, User]:
    org = make_organisation()
    other_org = make_organisation()
    owner = make_user(Role.JOBSEEKER, organisation=org)
    coach = make_user(Role.COACH, organisation=org)
    view_coach = make_user(Role.COACH, organisation=org)
    make_grant(owner, coach)
    make_grant(owner, view_coach, Scope.VIEW)
    return {
        "owner": owner,
        "coach": coach,
        "view_coach": view_coach,
        "other_jobseeker": make_user(Role.JOBSEEKER, organisation=org),
        "coach_without_grant": make_user(Role.COACH, organisation=org),
        "other_org_coach": make_user(Role.COACH, organisation=other_org),
        "admin": make_user(Role.ADMIN, organisation=org),
        "other_org_admin": make_user(Role.ADMIN, organisation=other_org),
    }


def objects_of(user: User) -> dict[str, object]:
    """Make one of each kind of object for `user` and return URL kwarg → value."""
    from kring.meetings import services as meetings
    from kring.network import services as network
    from kring.network.prompts import PROMPTS
    from kring.offers.models import Offer, Referral
    from kring.plan import services as plan

    first = network.contact_create(jobseeker=user, label="Eerste", quadrant="family", ring=1)
    second = network.contact_create(jobseeker=user, label="Tweede", quadrant="friends", ring=2)
    network.tie_set(jobseeker=user, first_id=first.pk, second_id=second.pk)
    snapshot = network.snapshot_create(actor=user, jobseeker=user, name="Moment")
    meeting = meetings.meeting_create(jobseeker=user, actor=user, question="Welk werk?")
    invitee = meetings.invitee_add(
        jobseeker=user, actor=user, meeting_id=meeting.pk, contact_id=second.pk
    )
    item = meetings.item_add(
        jobseeker=user,
        actor=user,
        meeting_id=meeting.pk,
        who="jobseeker",
        task="Cv maken",
        due_on=timezone.localdate(),
    )
    ask = plan.ask_create(
        jobseeker=user,
        actor=user,
        contact_id=first.pk,
        kind="job_leads",
        how="phone",
        asked_on=timezone.localdate(),
    )
    assert user.organisation is not None
    offer = Offer.objects.create(
        organisation=user.organisation,
        name="Jobclub",
        kind="job_club",
        contact_route="Via je coach.",
        description="Samen zoeken naar werk.",
    )
    referral = Referral.objects.create(
        jobseeker=user, offer=offer, offer_name=offer.name, referred_on=timezone.localdate()
    )
    return {
        "jobseeker_id": user.pk,
        "contact_id": first.pk,
        "offer_id": offer.pk,
        "referral_id": referral.pk,
        "snapshot_id": snapshot.pk,
        "ask_id": ask.pk,
        "meeting_id": meeting.pk,
        "invitee_id": invitee.pk,
        "item_id": item.pk,
        "key": PROMPTS[0].key,
        "instrument": "loneliness",
        "kind": "graphml",
        "preview_id": "00000000-0000-4000-8000-000000000000",
    }


def object_routes() -> list[tuple[str, str, list[str]]]:
    """Return (url name, route, kwarg names) for every non-public pattern with kwargs."""
    routes = []
    for name, route in all_patterns():
        if "<" not in route or name in PUBLIC_URL_NAMES:
            continue
        kwargs = [part.split(">")[0].rpartition(":")[2] for part in route.split("<")[1:]]
        routes.append((name, route, kwargs))
    return routes


def matrix(world: dict[str, User]) -> list[tuple[str, str, list[str]]]:
    """Return (name, url, wrong actors) for every object URL, using the owner's real objects."""
    from kring.accounts.models import AccessGrant
    from kring.accounts.services import api_token_create

    owner = world["owner"]
    values = objects_of(owner)
    token, _secret = api_token_create(user=owner)
    grant = AccessGrant.objects.filter(jobseeker=owner).first()
    assert grant is not None, "the world gives the owner a grant"
    values |= {
        "grant_id": grant.pk,
        "token_id": token.pk,
        "coach_id": world["coach"].pk,
    }
    everyone_else = [k for k in world if k != "owner"]
    rows = []
    for name, _route, kwargs in object_routes():
        missing = [k for k in kwargs if k not in values]
        assert not missing, f"{name}: give the matrix a sample value for {missing}"
        url = reverse(name, kwargs={k: values[k] for k in kwargs})
        if "jobseeker_id" in kwargs:
            wrong = ALL_BUT_OWNER_AND_COACH
        elif "coach_id" in kwargs:
            wrong = [k for k in world if k != "admin"]
        elif name == "offers:detail":
            # The organisation's list of places: every member reads it, nobody else.
            wrong = ["other_org_coach", "other_org_admin"]
        elif "offer_id" in kwargs:
            wrong = [k for k in everyone_else if k != "admin"]  # only its admin changes it
        else:
            wrong = everyone_else
        rows.append((name, url, wrong))
    return rows


def assert_hidden(client: Client, url: str, label: object) -> None:
    statuses = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
    # 405 (a method this URL never takes) says nothing about the object; a 404 must appear.
    assert set(statuses.values()) <= {404, 405}, (label, statuses)
    assert 404 in statuses.values(), (label, statuses)


def test_it_answers_404_to_every_wrong_actor_on_every_object_url(world: dict[str, User]) -> None:
    rows = matrix(world)
    assert len(rows) > 20
    for name, url, wrong_actors in rows:
        for actor in wrong_actors:
            assert_hidden(client_for(world[actor]), url, (name, actor))


def test_it_refuses_changes_by_a_coach_with_a_view_grant(world: dict[str, User]) -> None:
    client = client_for(world["view_coach"])
    for name, url, _wrong in matrix(world):
        if f"/jobseekers/{world['owner'].pk}/" in url:
            status = client.post(url).status_code
            assert status in (404, 405), (name, status)


def test_it_never_serves_another_job_seekers_object_under_your_own_id(
    world: dict[str, User],
) -> None:
    owner, other = world["owner"], world["other_jobseeker"]
    mine = objects_of(owner)
    theirs = objects_of(other)
    client = client_for(owner)
    for name, _route, kwargs in object_routes():
        foreign = [
            k
            for k in ("contact_id", "snapshot_id", "ask_id", "meeting_id", "referral_id")
            if k in kwargs
        ]
        if not foreign or "jobseeker_id" not in kwargs:
            continue
        values = {k: mine[k] for k in kwargs} | {k: theirs[k] for k in foreign}
        assert_hidden(client, reverse(name, kwargs=values), name)


def test_it_sends_security_headers(jobseeker: User) -> None:
    response = client_for(jobseeker).get(reverse("home"))
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_it_has_no_inline_scripts_or_styles_in_pages(jobseeker: User) -> None:
    body = client_for(jobseeker).get(reverse("home")).content.decode()
    assert "<script>" not in body
    assert " style=" not in body
    assert " onclick=" not in body


def test_it_reports_health() -> None:
    response = Client().get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "kring.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"ALLOWED_HOSTS": "kring.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kring.example.org", "DEBUG": "1"}, "DEBUG"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_it_refuses_to_start_in_production_with_an_insecure_setting(
    env: dict[str, str], problem: str
) -> None:
    result = run_settings({"KRING_ENV": "production", **env})
    assert result.returncode != 0
    assert problem in result.stderr


def test_it_starts_in_production_with_safe_settings() -> None:
    result = run_settings(
        {"KRING_ENV": "production", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "kring.example.org"}
    )
    assert result.returncode == 0, result.stderr


def test_it_hashes_passwords_with_argon2() -> None:
    # The suite hashes with MD5 for speed (tests/conftest.py); here the production list is back.
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        user = make_user()
        assert user.password.startswith("argon2$argon2id$")
        assert user.check_password(TEST_PASSWORD)
