"""SECURITY.md, tested: the anonymous URL sweep, the wrong-actor matrix, headers, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kring.accounts.models import Role, User
from kring.core.middleware import PUBLIC_URL_NAMES
from tests.conftest import client_for, make_grant, make_organisation, make_user

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


def sample_kwargs(route: str) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    for part in route.split("<")[1:]:
        spec = part.split(">")[0]
        converter, _, name = spec.rpartition(":")
        kwargs[name] = 1 if converter == "int" else "x1"
    return kwargs


def test_it_sends_anonymous_visitors_to_login_on_every_non_public_page() -> None:
    client = Client()
    checked = 0
    for name, route in all_patterns():
        url = reverse(name, kwargs=sample_kwargs(route))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if name in PUBLIC_URL_NAMES:
                assert response.status_code in (200, 302, 405, 410), (name, method)
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


# Object URLs and who owns them. A new URL with an object id must be added here (see the
# completeness test below), so the wrong-actor matrix grows with the application.
@pytest.fixture
def world() -> dict[str, User]:
    org = make_organisation()
    other_org = make_organisation()
    owner = make_user(Role.JOBSEEKER, organisation=org)
    coach = make_user(Role.COACH, organisation=org)
    make_grant(owner, coach)
    return {
        "owner": owner,
        "coach": coach,
        "other_jobseeker": make_user(Role.JOBSEEKER, organisation=org),
        "coach_without_grant": make_user(Role.COACH, organisation=org),
        "other_org_coach": make_user(Role.COACH, organisation=other_org),
        "admin": make_user(Role.ADMIN, organisation=org),
        "other_org_admin": make_user(Role.ADMIN, organisation=other_org),
    }


def object_urls(world: dict[str, User]) -> dict[str, tuple[str, list[str]]]:
    """Return url name → (url, wrong actors) for every URL that names an object."""
    from kring.accounts.models import AccessGrant, ApiToken
    from kring.accounts.services import api_token_create

    owner = world["owner"]
    grant = AccessGrant.objects.get(jobseeker=owner)
    token, _secret = api_token_create(user=owner)
    assert isinstance(token, ApiToken)
    everyone_else = [k for k in world if k != "owner"]
    urls = {
        "jobseeker_detail": (
            reverse("jobseeker_detail", args=[owner.pk]),
            [
                "other_jobseeker",
                "coach_without_grant",
                "other_org_coach",
                "admin",
                "other_org_admin",
            ],
        ),
        "access_revoke": (reverse("access_revoke", args=[grant.pk]), everyone_else),
        "api_token_revoke": (reverse("api_token_revoke", args=[token.pk]), everyone_else),
        "coach_deactivate": (
            reverse("coach_deactivate", args=[world["coach"].pk]),
            ["other_org_admin"],
        ),
    }
    return urls | extra_object_urls(world)


def extra_object_urls(world: dict[str, User]) -> dict[str, tuple[str, list[str]]]:
    """Hook for later apps: their object URLs join the matrix here."""
    try:
        from tests.network.matrix import network_object_urls
    except ImportError:
        return {}
    return network_object_urls(world)


def test_it_answers_404_to_every_wrong_actor_on_every_object_url(world: dict[str, User]) -> None:
    urls = object_urls(world)
    for name, (url, wrong_actors) in urls.items():
        for actor in wrong_actors:
            client = client_for(world[actor])
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                # 405 only where the URL does not take this method at all (POST-only actions).
                assert response.status_code in (404, 405), (
                    name,
                    actor,
                    method,
                    response.status_code,
                )
                if response.status_code == 405:
                    assert method == "get", (name, actor)
    assert world["coach"].is_active


def test_it_covers_every_object_url_in_the_matrix(world: dict[str, User]) -> None:
    covered = set(object_urls(world))
    with_ids = {
        name for name, route in all_patterns() if "<int:" in route and name not in PUBLIC_URL_NAMES
    }
    assert with_ids <= covered, f"add these URLs to the wrong-actor matrix: {with_ids - covered}"


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
    user = make_user()
    assert user.password.startswith("argon2$argon2id$")
