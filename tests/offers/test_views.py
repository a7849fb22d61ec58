"""The offer pages: who may read and change the list, referrals and their outcomes, the plan."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Organisation, Role, Scope, User
from kring.core.models import AccessLogEntry, Result
from kring.network import services as network
from kring.network.models import NetworkProfile
from kring.offers.models import Offer, Referral
from tests.conftest import client_for, make_grant, make_organisation, make_user
from tests.offers.helpers import make_offer

pytestmark = pytest.mark.django_db

PLACE = {
    "name": "Taalcafé Testdorp",
    "kind": "language_cafe",
    "description": "Oefen Nederlands met anderen.",
    "contact_route": "Kom op vrijdag naar de bibliotheek.",
    "website": "https://taalcafe.example.org",
    "region": "Testdorp",
    "target_groups": ["newcomers"],
    "active": "on",
}


def test_it_lets_an_admin_add_and_change_a_place(org_admin: User) -> None:
    client = client_for(org_admin)
    response = client.post(reverse("offers:new"), PLACE)
    offer = Offer.objects.get(name="Taalcafé Testdorp")
    assert response.status_code == 302
    assert offer.organisation_id == org_admin.organisation_id
    assert offer.target_groups == ["newcomers"] and offer.active
    edit = reverse("offers:edit", args=[offer.pk])
    changed = {**PLACE, "version": 1, "name": "Taalcafé De Brug"}
    changed.pop("active")
    assert client.post(edit, changed).status_code == 302
    offer.refresh_from_db()
    assert offer.name == "Taalcafé De Brug" and not offer.active and offer.version == 2
    page = client.get(reverse("offers:list")).content.decode()
    assert "Taalcafé De Brug" in page and "niet op de lijst" in page


def test_it_answers_a_stale_change_of_a_place_with_409_and_the_current_place(
    org_admin: User,
) -> None:
    offer = make_offer(org_admin.organisation)  # type: ignore[arg-type]
    client = client_for(org_admin)
    edit = reverse("offers:edit", args=[offer.pk])
    base = {**PLACE, "target_groups": []}
    assert client.post(edit, {**base, "version": 1, "name": "Eerste"}).status_code == 302
    response = client.post(edit, {**base, "version": 1, "name": "Tweede"})
    assert response.status_code == 409
    assert "Niets is opgeslagen" in response.content.decode()
    assert 'value="Eerste"' in response.content.decode()
    offer.refresh_from_db()
    assert offer.name == "Eerste"


def test_it_refuses_a_bad_place_with_a_clear_message_and_stores_nothing(org_admin: User) -> None:
    client = client_for(org_admin)
    bad = {**PLACE, "name": "", "kind": "casino", "target_groups": ["everyone"]}
    response = client.post(reverse("offers:new"), bad)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Dit veld is verplicht" in body
    assert "casino" in body  # "Selecteer een geldige keuze. casino is geen beschikbare keuze."
    assert not Offer.objects.exists()


def test_it_lets_only_the_admin_change_the_list(
    org_admin: User, coach: User, jobseeker: User
) -> None:
    offer = make_offer(org_admin.organisation)  # type: ignore[arg-type]
    for person in (coach, jobseeker):
        client = client_for(person)
        assert client.get(reverse("offers:new")).status_code == 404
        assert client.post(reverse("offers:new"), PLACE).status_code == 404
        assert client.post(reverse("offers:edit", args=[offer.pk]), PLACE).status_code == 404
        assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 200
    assert Offer.objects.count() == 1


def test_it_shows_the_active_places_of_ones_own_organisation_only(
    organisation: Organisation, jobseeker: User, org_admin: User
) -> None:
    mine = make_offer(organisation, "Jobclub Testdorp")
    gone = make_offer(organisation, "Oude plek", active=False)
    theirs = make_offer(make_organisation(), "Jobclub Elders")
    client = client_for(jobseeker)
    page = client.get(reverse("offers:list")).content.decode()
    assert "Jobclub Testdorp" in page
    assert "Oude plek" not in page and "Jobclub Elders" not in page
    detail = client.get(reverse("offers:detail", args=[mine.pk])).content.decode()
    assert "Via je klantmanager." in detail
    assert client.get(reverse("offers:detail", args=[gone.pk])).status_code == 404
    assert client.get(reverse("offers:detail", args=[theirs.pk])).status_code == 404
    admin = client_for(org_admin)
    assert admin.get(reverse("offers:detail", args=[gone.pk])).status_code == 200
    assert admin.get(reverse("offers:detail", args=[theirs.pk])).status_code == 404


def test_it_links_a_widen_idea_on_the_plan_to_matching_places_near_the_job_seeker(
    organisation: Organisation, jobseeker: User
) -> None:
    network.contact_create(jobseeker=jobseeker, label="Moeder", quadrant="family", ring=1)
    NetworkProfile.objects.update_or_create(
        jobseeker=jobseeker, defaults={"region": "testdorp en omgeving"}
    )
    near = make_offer(organisation, "Jobclub Testdorp", region="Testdorp")
    everywhere = make_offer(organisation, "Sportclub Overal", kind="sports_club", region="")
    far = make_offer(organisation, "Jobclub Elders", region="Elders")
    older = make_offer(organisation, "Jobclub 50+", target_groups=["50plus"])
    make_offer(make_organisation(), "Jobclub van een ander", region="Testdorp")
    page = client_for(jobseeker).get(reverse("plan:plan", args=[jobseeker.pk])).content.decode()
    widen = page.split("werk, school")[1].split("plan-why")[0]
    assert reverse("offers:detail", args=[near.pk]) in widen
    assert reverse("offers:detail", args=[everywhere.pk]) in widen
    assert reverse("offers:detail", args=[far.pk]) not in page
    assert reverse("offers:detail", args=[older.pk]) not in page
    assert "Jobclub van een ander" not in page


def test_it_lets_a_coach_with_an_edit_grant_refer_and_record_the_outcome(
    organisation: Organisation, jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    offer = make_offer(organisation)
    client = client_for(coach)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("offers:referral_new", args=[jobseeker.pk]),
        {"offer": offer.pk, "referred_on": today, "note": "Start in maart"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get(jobseeker=jobseeker)
    assert referral.by_coach and referral.offer_name == "Jobclub Testdorp"
    url = reverse("offers:referral", args=[jobseeker.pk, referral.pk])
    response = client.post(url, {"version": 1, "outcome": "joined", "outcome_on": today})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "joined" and referral.version == 2
    page = client_for(jobseeker).get(reverse("offers:referrals", args=[jobseeker.pk]))
    assert "Jobclub Testdorp" in page.content.decode()
    assert "doet mee" in page.content.decode().lower()
    logged = AccessLogEntry.objects.filter(subject_id=jobseeker.pk, object_type="referral")
    assert set(logged.values_list("action", flat=True)) >= {"change"}
    assert logged.filter(object_id=str(referral.pk), action="change").exists()


def test_it_answers_a_stale_outcome_with_409_and_keeps_the_first(
    organisation: Organisation, jobseeker: User
) -> None:
    offer = make_offer(organisation)
    referral = Referral.objects.create(
        jobseeker=jobseeker,
        offer=offer,
        offer_name=offer.name,
        referred_on=timezone.localdate(),
    )
    client = client_for(jobseeker)
    url = reverse("offers:referral", args=[jobseeker.pk, referral.pk])
    assert client.post(url, {"version": 1, "outcome": "visited"}).status_code == 302
    response = client.post(url, {"version": 1, "outcome": "did_not_go"})
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.outcome == "visited"


def test_it_refuses_a_place_of_another_organisation_and_stores_nothing(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    theirs = make_offer(make_organisation(), "Jobclub Elders")
    response = client_for(coach).post(
        reverse("offers:referral_new", args=[jobseeker.pk]),
        {"offer": theirs.pk, "referred_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 422
    assert "geldige keuze" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_lets_a_view_grant_read_referrals_and_logs_it_but_refuses_changes(
    organisation: Organisation, jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    offer = make_offer(organisation)
    client = client_for(coach)
    page = client.get(reverse("offers:referrals", args=[jobseeker.pk]))
    assert page.status_code == 200 and "Aanmelding bewaren" not in page.content.decode()
    assert AccessLogEntry.objects.filter(
        subject_id=jobseeker.pk, actor_id=coach.pk, object_type="referral", action="view"
    ).exists()
    response = client.post(
        reverse("offers:referral_new", args=[jobseeker.pk]),
        {"offer": offer.pk, "referred_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_it_hides_referrals_from_a_coach_without_a_grant_and_logs_the_denial(
    jobseeker: User, organisation: Organisation
) -> None:
    stranger = make_user(Role.COACH, organisation=organisation)
    response = client_for(stranger).get(reverse("offers:referrals", args=[jobseeker.pk]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        subject_id=jobseeker.pk, actor_id=stranger.pk, result=Result.DENIED
    ).exists()
