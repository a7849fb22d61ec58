"""Moments (snapshots): checked on every write, readable (or clearly not) on every read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.network import moments, services
from kring.network.models import Snapshot
from kring.network.moments import MAX_MOMENTS, MomentError, check_moment
from tests.conftest import api_client_for, client_for
from tests.network.helpers import make_contact, make_tie

pytestmark = pytest.mark.django_db

DEMO_JOBSEEKERS = ("sanne@demo.kring.test", "karim@demo.kring.test", "joke@demo.kring.test")


def good_data() -> dict[str, Any]:
    return {
        "contacts": [
            {"id": 1, "label": "Anna", "quadrant": "family", "ring": 1, "isco_code": ""},
            {"id": 2, "label": "Bram", "quadrant": "friends", "ring": 3, "sector": ""},
        ],
        "ties": [[1, 2, 1]],
    }


def damaged(kind: str) -> Any:
    data = good_data()
    if kind == "dangling tie":
        data["ties"].append([1, 999, 1])
    elif kind == "ring 99":
        data["contacts"][0]["ring"] = 99
    elif kind == "quadrant nowhere":
        data["contacts"][0]["quadrant"] = "nowhere"
    elif kind == "no label":
        del data["contacts"][0]["label"]
    elif kind == "no quadrant":
        del data["contacts"][0]["quadrant"]
    elif kind == "not an object":
        return [1, 2, 3]
    elif kind == "contacts not a list":
        data["contacts"] = "Anna"
    return data


DAMAGE = [
    "dangling tie",
    "ring 99",
    "quadrant nowhere",
    "no label",
    "no quadrant",
    "not an object",
    "contacts not a list",
]


def store(owner: User, data: Any, name: str = "Oud moment") -> Snapshot:
    """A moment written straight to the database, as one stored before the checks could be."""
    return Snapshot.objects.create(owner=owner, name=name, taken_at=timezone.now(), data=data)


def test_it_accepts_a_moment_as_the_app_saves_it(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna", isco_code="2221", occupation="Verpleegkundige")
    make_tie(anna, make_contact(jobseeker, "Bram"))
    snapshot = services.snapshot_create(actor=jobseeker, jobseeker=jobseeker)
    assert check_moment(snapshot.data) is snapshot.data


@pytest.mark.parametrize("kind", DAMAGE)
def test_it_refuses_damaged_moment_data(kind: str) -> None:
    with pytest.raises(MomentError):
        check_moment(damaged(kind))


def test_it_seeds_demo_moments_whose_pages_and_indicators_answer() -> None:
    call_command("seed_demo", quiet=True)
    seen = 0
    for email in DEMO_JOBSEEKERS:
        jobseeker = User.objects.get(email=email)
        client, api = client_for(jobseeker), api_client_for(jobseeker)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        # The default view compares the newest moment with now.
        page = client.get(reverse("insight_compare", args=[jobseeker.pk]))
        assert page.status_code == 200, email
        assert b"cannot be read" not in page.content
        for snapshot in Snapshot.objects.filter(owner=jobseeker):
            seen += 1
            check_moment(snapshot.data)
            url = f"/api/v1/jobseekers/{jobseeker.pk}/snapshots/{snapshot.pk}/indicators"
            assert api.get(url).status_code == 200, email
            detail = client.get(reverse("network:snapshot", args=[jobseeker.pk, snapshot.pk]))
            assert detail.status_code == 200 and b"cannot be read" not in detail.content
    assert seen >= 1


@pytest.mark.parametrize("kind", DAMAGE)
def test_it_shows_a_damaged_moment_as_unreadable_on_every_page(jobseeker: User, kind: str) -> None:
    make_contact(jobseeker, "Anna")
    good = services.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Goed")
    bad = store(jobseeker, damaged(kind))
    client = client_for(jobseeker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = [
        reverse("network:snapshot", args=[jobseeker.pk, bad.pk]),
        reverse("network:compare", args=[jobseeker.pk]) + f"?a={good.pk}&b={bad.pk}",
        reverse("insight_compare", args=[jobseeker.pk]) + f"?a={bad.pk}&b=now",
        reverse("insight_compare", args=[jobseeker.pk]) + f"?a={good.pk}&b={bad.pk}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"cannot be read" in response.content, url
    # The newest moment is the default of "Vergelijk met een opgeslagen moment".
    default = client.get(reverse("insight_compare", args=[jobseeker.pk]))
    assert default.status_code == 200 and b"cannot be read" in default.content
    assert client.get(reverse("network:snapshots", args=[jobseeker.pk])).status_code == 200


@pytest.mark.parametrize("kind", DAMAGE)
def test_it_answers_422_for_a_damaged_moment_in_the_api(jobseeker: User, kind: str) -> None:
    make_contact(jobseeker, "Anna")
    good = services.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Goed")
    bad = store(jobseeker, damaged(kind))
    client = api_client_for(jobseeker)
    base = f"/api/v1/jobseekers/{jobseeker.pk}/snapshots"
    for url in (
        f"{base}/{bad.pk}/indicators",
        f"{base}/{bad.pk}",
        f"{base}/compare?a={good.pk}&b={bad.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 422, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Moment cannot be read"
    listing = client.get(base)
    assert listing.status_code == 200
    assert len(listing.json()["items"]) == 2


def test_it_lets_you_delete_a_damaged_moment(jobseeker: User) -> None:
    bad = store(jobseeker, damaged("dangling tie"))
    other = store(jobseeker, damaged("ring 99"))
    client = client_for(jobseeker)
    url = reverse("network:snapshot_delete", args=[jobseeker.pk, bad.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not Snapshot.objects.filter(pk=bad.pk).exists()
    api = api_client_for(jobseeker)
    assert api.delete(f"/api/v1/jobseekers/{jobseeker.pk}/snapshots/{other.pk}").status_code == 204
    assert not Snapshot.objects.filter(owner=jobseeker).exists()


def test_it_keeps_at_most_the_maximum_number_of_moments(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna")
    now = timezone.now()
    Snapshot.objects.bulk_create(
        Snapshot(owner=jobseeker, name=f"M{i}", taken_at=now, data=good_data())
        for i in range(MAX_MOMENTS)
    )
    client = client_for(jobseeker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(reverse("network:snapshots", args=[jobseeker.pk]), {"name": "Nog een"})
    assert page.status_code == 422
    assert b"at most 100 moments" in page.content
    api = api_client_for(jobseeker)
    response = api.post(
        f"/api/v1/jobseekers/{jobseeker.pk}/snapshots",
        data=json.dumps({"name": "Nog een"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Snapshot.objects.filter(owner=jobseeker).count() == MAX_MOMENTS


def test_it_checks_the_moment_the_api_saves(
    jobseeker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tie(make_contact(jobseeker, "Anna"), make_contact(jobseeker, "Bram"))
    monkeypatch.setattr(moments, "MAX_MOMENT_TIES", 0)
    response = api_client_for(jobseeker).post(
        f"/api/v1/jobseekers/{jobseeker.pk}/snapshots",
        data=json.dumps({"name": "Te groot"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "at most 0 ties" in response.json()["detail"]
    assert not Snapshot.objects.filter(owner=jobseeker).exists()


def test_it_answers_422_to_a_deeply_nested_api_body(jobseeker: User) -> None:
    client = api_client_for(jobseeker)
    body = "[" * 200_000 + "]" * 200_000
    response = client.post(
        f"/api/v1/jobseekers/{jobseeker.pk}/snapshots", data=body, content_type="application/json"
    )
    assert response.status_code == 422
    assert "levels deep" in response.json()["detail"]
    assert not Snapshot.objects.filter(owner=jobseeker).exists()
    shallow = client.post(
        f"/api/v1/jobseekers/{jobseeker.pk}/snapshots",
        data='{"name": "Gewoon"}',
        content_type="application/json",
    )
    assert shallow.status_code == 201
