"""Domain errors from the services become 404, 409 and 429 pages in one place (core.errors)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from kring.accounts.models import User
from kring.core.errors import NotFound, VersionConflict
from kring.core.middleware import DomainErrorMiddleware
from kring.core.ratelimit import RateLimited
from tests.conftest import client_for, make_user
from tests.network.helpers import make_contact

pytestmark = pytest.mark.django_db


def _answer(user: User, error: Exception) -> HttpResponse:
    def view(request: HttpRequest) -> HttpResponse:
        raise AssertionError("not reached")

    request = RequestFactory().get("/")
    request.user = user
    response = DomainErrorMiddleware(view).process_exception(request, error)
    assert response is not None
    return response


def test_it_answers_404_when_a_service_finds_nothing(jobseeker: User) -> None:
    other = make_contact(make_user())
    url = reverse("network:contact_move", args=[jobseeker.pk, other.pk])
    response = client_for(jobseeker).post(url, {"ring": 2, "quadrant": "family", "version": 1})
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_it_answers_409_with_the_services_words(jobseeker: User) -> None:
    contact = make_contact(jobseeker)
    response = _answer(jobseeker, VersionConflict(contact, "Someone else saved first."))
    assert response.status_code == 409
    assert "Someone else saved first." in response.content.decode()


def test_it_answers_404_and_429_for_the_other_domain_errors(jobseeker: User) -> None:
    assert _answer(jobseeker, NotFound()).status_code == 404
    assert _answer(jobseeker, RateLimited("import")).status_code == 429
