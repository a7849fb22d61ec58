from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.insights.instruments import InstrumentError, score_loneliness, score_resources
from kring.insights.models import InstrumentResponse
from kring.network import services as network
from kring.network.models import Contact, IndicatorSummary
from kring.network.summary import summarise, thresholds_for
from tests.conftest import bearer, client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def add(jobseeker: User, label: str, **fields: object) -> Contact:
    defaults: dict[str, object] = {"quadrant": "friends", "ring": 2}
    return network.contact_create(jobseeker=jobseeker, label=label, **(defaults | fields))


def current(jobseeker: User) -> IndicatorSummary:
    return IndicatorSummary.objects.get(jobseeker=jobseeker, snapshot=None)


def test_it_stores_the_summary_in_the_same_change(jobseeker: User) -> None:
    add(jobseeker, "Anna", influence=2, knows_searching="yes")
    assert current(jobseeker).supportive == 1
    bob = add(jobseeker, "Bob", influence=1)
    assert current(jobseeker).values["supportive"] == 2
    assert current(jobseeker).values["aware_share"] == 0.5
    network.contact_move(
        jobseeker=jobseeker,
        contact_id=bob.pk,
        ring=0,
        quadrant="friends",
        version=bob.version,
    )
    summary = current(jobseeker)
    assert summary.size == 1
    assert summary.values["potential"] >= 1


def test_the_stored_summary_is_the_summary_of_the_network_as_data(jobseeker: User) -> None:
    # The summary inside a change reads its own rows; a moment's summary reads network_data.
    # Both must give the same numbers for the same network, blanks and nulls included.
    anna = add(
        jobseeker,
        "Anna",
        ring=1,
        quadrant="family",
        functions=["emotional", "advice"],
        influence=2,
        knows_searching="yes",
        in_target_sector=True,
        is_new=True,
    )
    bob = add(
        jobseeker,
        "Bob",
        quadrant="work_school_club",
        role="colleague",
        sector="C",
        employment="employed",
        approachable="yes",
        introduced_by=anna.pk,
    )
    cas = add(jobseeker, "Cas", ring=0, quadrant="professional", role="case_manager", influence=-1)
    dirk = add(jobseeker, "Dirk", ring=4, knows_searching="no", potential_functions=["job_leads"])
    for first, second, strength in ((anna, bob, 2), (bob, dirk, 1), (anna, cas, 1)):
        network.tie_set(
            jobseeker=jobseeker,
            first_id=first.pk,
            second_id=second.pk,
            strength=strength,
        )
    network.contact_move(
        jobseeker=jobseeker,
        contact_id=dirk.pk,
        ring=3,
        quadrant="friends",
        version=1,
    )
    expected = summarise(
        network.network_data(jobseeker),
        as_of=timezone.localdate(),
        thresholds=thresholds_for(jobseeker),
    )
    stored = current(jobseeker)
    assert stored.values == expected["values"]
    assert (stored.light, stored.reasons, stored.size) == (
        expected["light"],
        expected["reasons"],
        expected["size"],
    )
    assert (stored.supportive, stored.aware_share) == (
        expected["supportive"],
        expected["aware_share"],
    )


def test_it_follows_the_domain_traffic_light(jobseeker: User) -> None:
    add(jobseeker, "Anna", influence=0)
    assert current(jobseeker).light == "red"
    assert "no_supportive" in current(jobseeker).reasons
    for name in ("B", "C", "D"):
        add(
            jobseeker,
            name,
            influence=2,
            knows_searching="yes",
            in_target_sector=True,
            employment="employed",
        )
    assert current(jobseeker).light == "green", current(jobseeker).reasons


def test_it_applies_organisation_thresholds(jobseeker: User, org_admin: User) -> None:
    for name in ("B", "C", "D"):
        add(
            jobseeker,
            name,
            influence=2,
            knows_searching="yes",
            in_target_sector=True,
            employment="employed",
        )
    assert current(jobseeker).light == "green"
    client = client_for(org_admin)
    form = client.get(reverse("organisation_thresholds"))
    assert form.status_code == 200
    data = {
        "red_supportive_at_most": 0,
        "red_aware_share_below": 25,
        "red_aware_share_min_size": 4,
        "red_discouraging_share_above": 50,
        "orange_supportive_at_most": 5,
        "orange_target_sector_reach_at_most": 0,
        "orange_ei_index_below": -60,
    }
    assert client.post(reverse("organisation_thresholds"), data).status_code == 302
    assert current(jobseeker).light == "orange"
    organisation = org_admin.organisation
    assert organisation is not None
    organisation.refresh_from_db()
    assert organisation.indicator_thresholds == {"orange_supportive_at_most": 5.0}


def test_it_explains_the_numbers_in_plain_dutch(jobseeker: User) -> None:
    add(jobseeker, "Anna", influence=2, knows_searching="yes")
    body = client_for(jobseeker).get(reverse("insight", args=[jobseeker.pk])).content.decode()
    assert "1 persoon in je netwerk steunt je" in body
    assert "E-I" not in body and "constraint" not in body.lower()
    assert "<svg" in body and 'role="img"' in body


def test_it_counts_contacts_in_the_target_sector_from_their_sector(jobseeker: User) -> None:
    # Sanne's case: she wants work in care (Q); contacts in Q count unless marked "no".
    for name in ("Anna", "Bob", "Cas"):
        add(jobseeker, name, influence=2, knows_searching="yes", sector="Q")
    add(jobseeker, "Dirk", influence=2, knows_searching="yes", sector="Q", in_target_sector=False)
    add(jobseeker, "Eva", influence=2, knows_searching="yes", sector="C", in_target_sector=True)
    client = client_for(jobseeker)
    body = client.get(reverse("insight", args=[jobseeker.pk])).content.decode()
    # No sector chosen yet: only Eva, marked "works in the sector I want", counts.
    assert current(jobseeker).values["target_sector_reach"] == 1
    assert "Je hebt nog geen sector gekozen." in body
    network.profile_update(jobseeker=jobseeker, target_sector="Q")
    summary = current(jobseeker)
    assert summary.values["target_sector_reach"] == 4  # Anna, Bob, Cas and Eva (explicit yes)
    assert summary.light == "green", summary.reasons
    body = client.get(reverse("insight", args=[jobseeker.pk])).content.decode()
    assert "4 mensen werken in de sector die je wilt." in body
    assert "niemand in je netwerk werkt in de sector" not in body


def test_it_asks_for_a_sector_instead_of_saying_nobody_works_there(jobseeker: User) -> None:
    for name in ("Anna", "Bob", "Cas"):
        add(jobseeker, name, influence=2, knows_searching="yes", sector="Q")
    summary = current(jobseeker)
    assert summary.values["target_sector_reach"] is None
    assert summary.light == "green", summary.reasons
    body = client_for(jobseeker).get(reverse("insight", args=[jobseeker.pk])).content.decode()
    assert "Je hebt nog geen sector gekozen." in body
    assert "werkt niemand" not in body


def test_it_gives_one_reason_about_supporters(jobseeker: User) -> None:
    add(jobseeker, "Anna", influence=-1)
    body = client_for(jobseeker).get(reverse("insight", args=[jobseeker.pk])).content.decode()
    assert "Nog niemand steunt je bij het zoeken." in body
    assert "steunen je bij het zoeken" not in body
    assert current(jobseeker).reasons[0] == "no_supportive"
    assert "few_supportive" not in current(jobseeker).reasons


def test_it_shows_coaches_technical_names_and_sources(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    add(jobseeker, "Anna")
    body = client_for(coach).get(reverse("insight", args=[jobseeker.pk])).content.decode()
    assert "constraint" in body
    assert "Krackhardt" in body
    assert "Burt" in body


def test_it_refuses_strangers(jobseeker: User) -> None:
    stranger = make_user(Role.COACH)
    for name in ("insight", "insight_compare", "instruments"):
        assert client_for(stranger).get(reverse(name, args=[jobseeker.pk])).status_code == 404


def test_it_compares_a_moment_with_now(jobseeker: User) -> None:
    add(jobseeker, "Anna", influence=2)
    moment = network.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Begin")
    add(jobseeker, "Bob", influence=2)
    client = client_for(jobseeker)
    page = client.get(
        reverse("insight_compare", args=[jobseeker.pk]), {"a": str(moment.pk), "b": "now"}
    )
    assert page.status_code == 200
    # The job seeker compares the eight "In beeld" cards, in their words.
    rows = {row[0]: row for row in page.context["rows"]}
    assert len(rows) == 8
    assert rows["Mensen die je steunen"][1:] == ("1", "2", "meer")
    body = page.content.decode()
    for engine_word in ("Burt", "constraint", "Kengetal", "Wijzigen", "red", "0.", "0,"):
        assert engine_word not in body, engine_word
    assert page.context["technical_rows"] == []
    assert IndicatorSummary.objects.filter(snapshot=moment).count() == 1
    assert (
        client.get(reverse("insight_compare", args=[jobseeker.pk]), {"a": "999999"}).status_code
        == 404
    )


def test_it_gives_coaches_every_indicator_in_dutch_with_key_and_formula(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    add(jobseeker, "Anna", influence=2)
    add(jobseeker, "Bob", influence=1)
    moment = network.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Begin")
    add(jobseeker, "Cas", influence=2)
    url = reverse("insight_compare", args=[jobseeker.pk])
    page = client_for(coach).get(url, {"a": str(moment.pk), "b": "now"})
    rows = {row[1]: row for row in page.context["technical_rows"]}
    assert rows["supportive"][0] == "steunende contacten"
    assert rows["supportive"][3:] == ("2", "3", "hoger")
    assert rows["constraint"][0] == "beperking, constraint (Burt)"
    assert "," in rows["constraint"][4]  # Dutch decimal comma
    insight = client_for(coach).get(reverse("insight", args=[jobseeker.pk])).content.decode()
    for english in ("network size", "could-approach pool", "supportive contacts"):
        assert english not in insight, english
    assert "netwerkomvang" in insight


def test_it_scores_the_loneliness_scale() -> None:
    answers = {
        "emptiness": "yes",
        "miss_people": "more_or_less",
        "rejected": "no",
        "rely_on": "no",
        "trust": "more_or_less",
        "feel_close": "yes",
    }
    assert score_loneliness(answers) == {"emotional": 2, "social": 2, "total": 4}
    with pytest.raises(InstrumentError):
        score_loneliness({**answers, "rejected": "maybe"})
    with pytest.raises(InstrumentError):
        score_loneliness({k: v for k, v in answers.items() if k != "trust"})


def test_it_scores_the_resource_generator() -> None:
    from kring.insights.instruments import RESOURCE_ITEMS

    answers = dict.fromkeys(RESOURCE_ITEMS, "no")
    answers["vacancies"] = "acquaintance"
    answers["cv_check"] = "family"
    assert score_resources(answers) == {"reached": 2, "through_acquaintances": 1, "items": 12}


def test_it_records_instruments_through_the_form(jobseeker: User) -> None:
    client = client_for(jobseeker)
    url = reverse("instrument_new", args=[jobseeker.pk, "loneliness"])
    assert client.get(url).status_code == 200
    data = {
        "taken_on": date.today().isoformat(),
        "emptiness": "yes",
        "miss_people": "no",
        "rejected": "no",
        "rely_on": "yes",
        "trust": "yes",
        "feel_close": "yes",
    }
    bad = client.post(url, {**data, "trust": ""})
    assert bad.status_code == 200
    assert InstrumentResponse.objects.count() == 0
    future = client.post(url, {**data, "taken_on": (date.today() + timedelta(days=2)).isoformat()})
    assert future.status_code == 200
    assert client.post(url, data).status_code == 302
    response = InstrumentResponse.objects.get()
    assert response.scores == {"emotional": 1, "social": 0, "total": 1}
    page = client.get(reverse("instruments", args=[jobseeker.pk])).content.decode()
    assert "De Jong Gierveld" in page


def test_it_lets_only_edit_grants_fill_in_for_someone(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    url = reverse("instrument_new", args=[jobseeker.pk, "resources"])
    assert client_for(coach).get(url).status_code == 404
    assert client_for(coach).get(reverse("instruments", args=[jobseeker.pk])).status_code == 200


def test_it_serves_indicators_by_api(jobseeker: User, coach: User) -> None:
    add(jobseeker, "Anna", influence=2)
    moment = network.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Begin")
    client, auth = Client(), bearer(coach)
    url = f"/api/v1/jobseekers/{jobseeker.pk}/indicators"
    assert client.get(url, headers=auth).status_code == 404
    make_grant(jobseeker, coach, Scope.VIEW)
    body = client.get(url, headers=auth).json()
    assert body["values"]["supportive"] == 1
    assert body["light"] in ("red", "orange", "green")
    snap = client.get(
        f"/api/v1/jobseekers/{jobseeker.pk}/snapshots/{moment.pk}/indicators", headers=auth
    )
    assert snap.json()["snapshot_id"] == moment.pk


def test_it_records_instruments_by_api(jobseeker: User) -> None:
    client, auth = Client(), bearer(jobseeker)
    url = f"/api/v1/jobseekers/{jobseeker.pk}/instruments"
    answers = {
        "emptiness": "no",
        "miss_people": "no",
        "rejected": "no",
        "rely_on": "yes",
        "trust": "yes",
        "feel_close": "yes",
    }
    good = client.post(
        url,
        json.dumps({"instrument": "loneliness", "taken_on": "2026-01-05", "answers": answers}),
        content_type="application/json",
        headers=auth,
    )
    assert good.status_code == 201, good.content
    assert good.json()["scores"]["total"] == 0
    bad = client.post(
        url,
        json.dumps(
            {
                "instrument": "loneliness",
                "taken_on": "2026-01-05",
                "answers": {**answers, "trust": "perhaps"},
            }
        ),
        content_type="application/json",
        headers=auth,
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    assert len(client.get(url, headers=auth).json()) == 1


def test_it_does_not_say_quite_a_few_have_no_work_when_most_work(
    jobseeker: User, org_admin: User
) -> None:
    # An organisation may light the bubble rule on any E-I index below 100: then one person
    # without work among four who work is not "quite a few".
    for name in ("B", "C", "D", "E"):
        add(jobseeker, name, influence=2, knows_searching="yes", employment="employed")
    add(jobseeker, "F", influence=2, knows_searching="yes", employment="benefits")
    data = {
        "red_supportive_at_most": 0,
        "red_aware_share_below": 25,
        "red_aware_share_min_size": 4,
        "red_discouraging_share_above": 50,
        "orange_supportive_at_most": 2,
        "orange_target_sector_reach_at_most": 0,
        "orange_ei_index_below": 100,
    }
    assert client_for(org_admin).post(reverse("organisation_thresholds"), data).status_code == 302
    assert "bubble" in current(jobseeker).reasons
    body = client_for(jobseeker).get(reverse("insight", args=[jobseeker.pk])).content.decode()
    assert "Best veel mensen" not in body
    assert "Niet iedereen om je heen heeft werk." in body
