"""The plan pages: who may see and change them, and what a person sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry
from kring.network import services as network
from kring.network.models import Contact
from kring.plan import services
from kring.plan.models import Ask
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def plan_url(jobseeker: User) -> str:
    return reverse("plan:plan", args=[jobseeker.pk])


def anna_of(jobseeker: User) -> Contact:
    return network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)


def test_it_shows_a_job_seeker_ideas_with_reasons_and_actions(jobseeker: User) -> None:
    anna_of(jobseeker)
    body = client_for(jobseeker).get(plan_url(jobseeker)).content.decode()
    assert "Vertel Anna dat je werk zoekt." in body
    assert "<details" in body and 'value="accept"' in body
    assert 'class="source"' in body


def test_it_turns_an_accepted_idea_into_an_ask(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    client = client_for(jobseeker)
    response = client.post(
        reverse("plan:suggestion", args=[jobseeker.pk]),
        {"key": f"tell:contact:{anna.pk}", "action": "accept"},
    )
    assert response.status_code == 302
    ask = Ask.objects.get(owner=jobseeker)
    assert ask.contact_id == anna.pk and not ask.by_coach
    body = client.get(plan_url(jobseeker)).content.decode()
    assert "Vertel Anna dat je werk zoekt." not in body


def test_it_records_an_outcome_that_makes_an_ally_and_a_new_contact(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    client = client_for(jobseeker)
    client.post(
        reverse("plan:ask_new", args=[jobseeker.pk]),
        {
            "contact": anna.pk,
            "kind": "introduction",
            "how": "phone",
            "asked_on": timezone.localdate().isoformat(),
        },
    )
    ask = Ask.objects.get(owner=jobseeker)
    response = client.post(
        reverse("plan:outcome", args=[jobseeker.pk, ask.pk]),
        {"version": ask.version, "outcome": "new_contact", "new_contact_label": "Karim"},
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.ally
    karim = Contact.objects.get(owner=jobseeker, label="Karim")
    assert karim.introduced_by_id == anna.pk
    table = client.get(reverse("network:table", args=[jobseeker.pk])).content.decode()
    assert "(bondgenoot)" in table
    picture = client.get(reverse("network:map", args=[jobseeker.pk])).content.decode()
    assert "bondgenoot: wil je helpen" in picture


def test_it_warns_about_a_follow_up_in_the_past(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    past = timezone.localdate() - timedelta(days=2)
    response = client_for(jobseeker).post(
        reverse("plan:ask_new", args=[jobseeker.pk]),
        {
            "contact": anna.pk,
            "kind": "support",
            "how": "phone",
            "asked_on": timezone.localdate().isoformat(),
            "follow_up": past.isoformat(),
        },
        follow=True,
    )
    assert "De datum om weer te vragen is al voorbij." in response.content.decode()
    assert Ask.objects.filter(owner=jobseeker).count() == 1


def test_it_answers_a_stale_outcome_with_409_and_keeps_the_first(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    ask = services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=anna.pk,
        kind="support",
        how="phone",
        asked_on=timezone.localdate(),
    )
    client = client_for(jobseeker)
    url = reverse("plan:outcome", args=[jobseeker.pk, ask.pk])
    assert client.post(url, {"version": 1, "outcome": "no"}).status_code == 302
    assert client.post(url, {"version": 1, "outcome": "job"}).status_code == 409
    ask.refresh_from_db()
    assert ask.outcome == "no"


def test_it_lets_an_edit_coach_add_asks_marked_as_the_coachs(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    anna = anna_of(jobseeker)
    client = client_for(coach)
    client.post(
        reverse("plan:ask_new", args=[jobseeker.pk]),
        {
            "contact": anna.pk,
            "kind": "job_leads",
            "how": "email",
            "asked_on": timezone.localdate().isoformat(),
        },
    )
    ask = Ask.objects.get(owner=jobseeker)
    assert ask.by_coach
    assert (
        "toegevoegd door de coach"
        in client_for(jobseeker).get(plan_url(jobseeker)).content.decode()
    )


def test_it_lets_a_view_coach_only_read(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    anna = anna_of(jobseeker)
    client = client_for(coach)
    body = client.get(plan_url(jobseeker)).content.decode()
    assert "Vertel Anna" in body and 'value="accept"' not in body
    response = client.post(
        reverse("plan:suggestion", args=[jobseeker.pk]),
        {"key": f"tell:contact:{anna.pk}", "action": "accept"},
    )
    assert response.status_code == 404
    assert not Ask.objects.exists()


def test_it_hides_the_plan_from_a_stranger_and_logs_the_denial(jobseeker: User) -> None:
    stranger = make_user(Role.COACH, organisation=jobseeker.organisation)
    assert client_for(stranger).get(plan_url(jobseeker)).status_code == 404
    assert AccessLogEntry.objects.filter(
        actor_id=stranger.pk, subject_id=jobseeker.pk, result="denied", object_type="plan"
    ).exists()


def test_it_says_one_person_not_one_people(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=1)
    ivo = network.contact_create(jobseeker=jobseeker, label="Ivo", quadrant="friends", ring=3)
    network.tie_set(jobseeker=jobseeker, first_id=anna.pk, second_id=ivo.pk)
    body = client_for(jobseeker).get(plan_url(jobseeker)).content.decode()
    assert "Ivo kent 1 persoon die jij ook kent." in body


def test_it_says_an_invitee_is_coming_instead_of_helped(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    ask = services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=anna.pk,
        kind="meeting",
        how="phone",
        asked_on=timezone.localdate(),
    )
    services.ask_record_outcome(
        jobseeker=jobseeker, actor=jobseeker, ask_id=ask.pk, version=ask.version, outcome="helped"
    )
    body = client_for(jobseeker).get(plan_url(jobseeker)).content.decode()
    row = body[body.index("<td", body.index("mee te praten in een overleg")) :]
    assert ">komt</a>" in row[:600]
    assert "heeft geholpen" not in body
