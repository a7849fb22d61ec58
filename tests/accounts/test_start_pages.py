"""Start pages of staff: an admin without an organisation gets a page that says why, not a
redirect loop; the coach's start page is the caseload (kring.coaching)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role, User
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def admin_without_organisation() -> User:
    admin = make_user(Role.ADMIN, name="Anouk")
    User.objects.filter(pk=admin.pk).update(organisation=None)
    admin.refresh_from_db()
    return admin


def english(user: User) -> Client:
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("start", ["home", "organisation_coaches", "organisation_intake_text"])
def test_it_tells_an_admin_without_an_organisation_what_is_wrong_instead_of_looping(
    start: str,
) -> None:
    client = english(admin_without_organisation())
    # A loop would end in RedirectCycleError (or too many redirects) here.
    response = client.get(reverse(start), follow=True)
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/no_organisation.html"
    page = response.content.decode()
    assert "Your account is not linked to an organisation" in page
    assert "Ask the person who manages Kring" in page


def test_it_tells_it_in_dutch() -> None:
    client = client_for(admin_without_organisation())
    page = client.get(reverse("home")).content.decode()
    assert "Je account hoort niet bij een organisatie" in page


def test_it_sends_an_admin_of_an_organisation_to_the_coaches_page() -> None:
    response = english(make_user(Role.ADMIN)).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation_coaches")


def test_it_shows_a_coach_the_caseload_as_start_page() -> None:
    response = english(make_user(Role.COACH)).get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "coaching/caseload.html"
