"""The offers API: the list, admins' changes, referrals and their outcomes, with their statuses."""

from __future__ import annotations

import pytest

from kring.accounts.models import Organisation, Role, Scope, User
from kring.core.models import AccessLogEntry
from kring.offers.models import Offer, Referral
from tests.conftest import api_client_for, make_grant, make_organisation, make_user
from tests.offers.helpers import make_offer

pytestmark = pytest.mark.django_db

PLACE = {
    "name": "Buurthuis De Linde",
    "kind": "neighbourhood_centre",
    "region": "Testdorp",
    "contact_route": "Loop binnen op een werkdag.",
    "description": "Een huis in de wijk.",
    "target_groups": ["parents"],
}


def test_it_lets_an_admin_add_and_change_an_offer(org_admin: User) -> None:
    client = api_client_for(org_admin)
    response = client.post("/api/v1/offers", PLACE, content_type="application/json")
    assert response.status_code == 201, response.content
    offer = response.json()
    assert offer["version"] == 1 and offer["target_groups"] == ["parents"]
    url = f"/api/v1/offers/{offer['id']}"
    changed = client.put(
        url, {**PLACE, "version": 1, "active": False}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["active"] is False
    stale = client.put(url, {**PLACE, "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    bad = client.put(
        url, {**PLACE, "version": 2, "website": "geen adres"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert Offer.objects.get().website == ""


def test_it_refuses_changes_to_the_list_by_others_with_403_and_hides_other_lists(
    organisation: Organisation, coach: User, jobseeker: User
) -> None:
    mine = make_offer(organisation)
    theirs = make_offer(make_organisation(), "Elders")
    for person in (coach, jobseeker):
        client = api_client_for(person)
        assert (
            client.post("/api/v1/offers", PLACE, content_type="application/json").status_code == 403
        )
        assert [o["id"] for o in client.get("/api/v1/offers").json()] == [mine.pk]
        assert client.get(f"/api/v1/offers/{theirs.pk}").status_code == 404
    other_admin = make_user(Role.ADMIN)
    response = api_client_for(other_admin).put(
        f"/api/v1/offers/{mine.pk}", {**PLACE, "version": 1}, content_type="application/json"
    )
    assert response.status_code == 404


def test_it_records_a_referral_and_its_outcome_and_logs_the_coach(
    organisation: Organisation, jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    offer = make_offer(organisation)
    client = api_client_for(coach)
    base = f"/api/v1/jobseekers/{jobseeker.pk}/referrals"
    made = client.post(base, {"offer_id": offer.pk}, content_type="application/json")
    assert made.status_code == 201, made.content
    referral = made.json()
    assert referral["by_coach"] and referral["outcome"] == "pending"
    url = f"{base}/{referral['id']}/outcome"
    done = client.put(url, {"version": 1, "outcome": "joined"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["outcome_on"] is not None
    stale = client.put(url, {"version": 1, "outcome": "visited"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current"]["outcome"] == "joined"
    own = api_client_for(jobseeker).get(base).json()
    assert [r["offer_name"] for r in own] == ["Jobclub Testdorp"]
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, object_type="referral", action="change"
    ).exists()


def test_it_answers_404_for_an_offer_of_another_organisation(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    theirs = make_offer(make_organisation(), "Elders")
    response = api_client_for(coach).post(
        f"/api/v1/jobseekers/{jobseeker.pk}/referrals",
        {"offer_id": theirs.pk},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_it_hides_referrals_from_a_view_grant_change_and_a_stranger(
    organisation: Organisation, jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    offer = make_offer(organisation)
    base = f"/api/v1/jobseekers/{jobseeker.pk}/referrals"
    viewer = api_client_for(coach)
    assert viewer.get(base).status_code == 200
    made = viewer.post(base, {"offer_id": offer.pk}, content_type="application/json")
    assert made.status_code == 404
    stranger = api_client_for(make_user(Role.COACH, organisation=organisation))
    assert stranger.get(base).status_code == 404


def test_it_names_the_local_offers_of_a_widen_suggestion(
    organisation: Organisation, jobseeker: User
) -> None:
    from kring.network import services as network

    network.contact_create(jobseeker=jobseeker, label="Moeder", quadrant="family", ring=1)
    club = make_offer(organisation, region="")
    suggestions = (
        api_client_for(jobseeker)
        .get(f"/api/v1/jobseekers/{jobseeker.pk}/plan/suggestions?limit=20")
        .json()
    )
    work = next(s for s in suggestions if s["key"] == "widen:quadrant:work_school_club")
    assert work["offer_ids"] == [club.pk]
    assert all(s["offer_ids"] == [] for s in suggestions if s["kind"] != "widen")
