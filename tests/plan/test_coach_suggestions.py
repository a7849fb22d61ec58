"""Ideas of the coach in the plan: who may add them, how the job seeker sees and decides on them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry
from kring.network import services as network
from kring.network.models import Contact
from kring.plan import services
from kring.plan.models import Ask, CoachSuggestion
from kring.plan.services import MAX_OPEN_COACH_SUGGESTIONS
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db

IDEA = "Vraag Anna of ze vacatures kent bij de bakker."


def plan_url(jobseeker: User) -> str:
    return reverse("plan:plan", args=[jobseeker.pk])


def new_url(jobseeker: User) -> str:
    return reverse("plan:coach_suggestion_new", args=[jobseeker.pk])


def anna_of(jobseeker: User) -> Contact:
    # Anna knows Jan is looking and is no ally: the engine has nothing to say about her.
    return network.contact_create(
        jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2, knows_searching="yes"
    )


def add_idea(jobseeker: User, coach: User, contact: Contact | None = None) -> CoachSuggestion:
    return services.coach_suggestion_create(
        jobseeker=jobseeker,
        actor=coach,
        kind="job_leads",
        text=IDEA,
        contact_id=contact.pk if contact is not None else None,
    )


def decide(client: Client, jobseeker: User, idea: CoachSuggestion, action: str) -> int:
    response = client.post(
        reverse("plan:suggestion", args=[jobseeker.pk]), {"key": idea.key, "action": action}
    )
    return int(response.status_code)


def test_it_lets_an_edit_coach_add_an_idea_the_job_seeker_sees_as_the_coachs(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach)
    anna = anna_of(jobseeker)
    client = client_for(coach)
    assert 'name="text"' in client.get(plan_url(jobseeker)).content.decode()
    response = client.post(
        new_url(jobseeker), {"contact": anna.pk, "kind": "job_leads", "text": f"  {IDEA}  "}
    )
    assert response.status_code == 302
    idea = CoachSuggestion.objects.get(owner=jobseeker)
    assert (idea.text, idea.contact_id, idea.created_by_id) == (IDEA, anna.pk, coach.pk)
    body = client_for(jobseeker).get(plan_url(jobseeker)).content.decode()
    assert "Idee van je coach Carla" in body
    assert IDEA in body
    assert f'value="{idea.key}"' in body
    # The job seeker gets no form to write ideas of a coach.
    assert 'name="text"' not in body
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, object_type="coach_suggestion", action="change"
    ).exists()


def test_it_adds_an_idea_about_nobody_in_particular(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    response = client_for(coach).post(
        new_url(jobseeker), {"contact": "", "kind": "information", "text": "Ga naar de banenclub."}
    )
    assert response.status_code == 302
    assert CoachSuggestion.objects.get(owner=jobseeker).contact_id is None


def test_it_refuses_a_bad_idea_with_a_message_and_keeps_the_text(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach)
    client = client_for(coach)
    too_long = "woord " * 50
    response = client.post(new_url(jobseeker), {"kind": "job_leads", "text": too_long})
    assert response.status_code == 422
    assert "field-error" in response.content.decode()
    empty = client.post(new_url(jobseeker), {"kind": "job_leads", "text": "   "})
    assert empty.status_code == 422
    other = make_user(Role.JOBSEEKER, organisation=jobseeker.organisation)
    theirs = anna_of(other)
    foreign = client.post(
        new_url(jobseeker), {"contact": theirs.pk, "kind": "job_leads", "text": IDEA}
    )
    assert foreign.status_code == 422
    assert IDEA in foreign.content.decode()
    assert not CoachSuggestion.objects.exists()


def test_it_stops_at_the_limit_of_open_ideas(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    for _number in range(MAX_OPEN_COACH_SUGGESTIONS):
        add_idea(jobseeker, coach)
    response = client_for(coach).post(new_url(jobseeker), {"kind": "support", "text": IDEA})
    assert response.status_code == 422
    assert "open ideeën" in response.content.decode()
    assert CoachSuggestion.objects.count() == MAX_OPEN_COACH_SUGGESTIONS


def test_it_refuses_a_view_coach_and_logs_the_denial(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    editor = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, editor)
    idea = add_idea(jobseeker, editor, anna_of(jobseeker))
    client = client_for(coach)
    body = client.get(plan_url(jobseeker)).content.decode()
    assert IDEA in body
    assert 'name="text"' not in body and f'value="{idea.key}"' not in body
    response = client.post(new_url(jobseeker), {"kind": "job_leads", "text": IDEA})
    assert response.status_code == 404
    assert decide(client, jobseeker, idea, "accept") == 404
    assert CoachSuggestion.objects.count() == 1 and not Ask.objects.exists()
    denied = AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, result="denied"
    )
    assert denied.filter(object_type="coach_suggestion").exists()
    assert denied.filter(object_type="plan").exists()


def test_it_refuses_an_idea_of_the_job_seeker_themself(jobseeker: User) -> None:
    response = client_for(jobseeker).post(new_url(jobseeker), {"kind": "support", "text": IDEA})
    assert response.status_code == 403
    with pytest.raises(PermissionError):
        add_idea(jobseeker, jobseeker)
    assert not CoachSuggestion.objects.exists()


def test_it_turns_an_accepted_idea_into_an_ask_of_its_kind(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    anna = anna_of(jobseeker)
    idea = add_idea(jobseeker, coach, anna)
    client = client_for(jobseeker)
    assert decide(client, jobseeker, idea, "accept") == 302
    ask = Ask.objects.get(owner=jobseeker)
    assert (ask.contact_id, ask.kind, ask.created_by_id) == (anna.pk, "job_leads", jobseeker.pk)
    idea.refresh_from_db()
    assert (idea.state, idea.ask_id, idea.decided_by_id) == ("accepted", ask.pk, jobseeker.pk)
    assert IDEA not in client.get(plan_url(jobseeker)).content.decode()
    # A second click (another tab) finds it gone and makes no second ask.
    assert decide(client, jobseeker, idea, "accept") == 302
    assert Ask.objects.count() == 1


def test_it_accepts_an_idea_without_a_person_without_an_ask(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    idea = add_idea(jobseeker, coach)
    assert decide(client_for(jobseeker), jobseeker, idea, "accept") == 302
    idea.refresh_from_db()
    assert idea.state == "accepted" and idea.ask_id is None
    assert not Ask.objects.exists()


def test_it_postpones_an_idea_for_a_week(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    idea = add_idea(jobseeker, coach)
    client = client_for(jobseeker)
    assert decide(client, jobseeker, idea, "later") == 302
    idea.refresh_from_db()
    today = timezone.localdate()
    assert idea.state == "postponed" and idea.until == today + timedelta(days=7)
    assert IDEA not in client.get(plan_url(jobseeker)).content.decode()
    assert idea.is_current(today + timedelta(days=7))
    assert not idea.is_current(today + timedelta(days=6))


def test_it_dismisses_an_idea_for_good(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    idea = add_idea(jobseeker, coach)
    client = client_for(jobseeker)
    assert decide(client, jobseeker, idea, "dismiss") == 302
    idea.refresh_from_db()
    assert idea.state == "dismissed"
    assert not idea.is_current(timezone.localdate() + timedelta(days=3000))
    assert IDEA not in client.get(plan_url(jobseeker)).content.decode()


def test_it_never_decides_on_another_job_seekers_idea(jobseeker: User, coach: User) -> None:
    other = make_user(Role.JOBSEEKER, organisation=jobseeker.organisation)
    make_grant(other, coach)
    theirs = add_idea(other, coach)
    assert decide(client_for(jobseeker), jobseeker, theirs, "dismiss") == 302
    theirs.refresh_from_db()
    assert theirs.state == ""


def test_it_shows_the_idea_first_on_the_start_page_and_the_map(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach)
    anna_of(jobseeker)
    network.contact_create(jobseeker=jobseeker, label="Bo", quadrant="friends", ring=2)
    idea = add_idea(jobseeker, coach)
    client = client_for(jobseeker)
    home = client.get(reverse("home")).content.decode()
    assert f'data-suggestion="{idea.key}"' in home
    assert "Idee van je coach Carla: " + IDEA in home
    panel = client.get(reverse("plan:panel", args=[jobseeker.pk])).content.decode()
    assert panel.index(idea.key) < panel.index("Bo")


def test_it_says_your_coach_when_the_coachs_account_is_gone(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    add_idea(jobseeker, coach)
    coach.delete()
    body = client_for(jobseeker).get(plan_url(jobseeker)).content.decode()
    assert "Idee van je coach</p>" in body and IDEA in body


def test_it_deletes_an_idea_with_its_person(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    anna = anna_of(jobseeker)
    add_idea(jobseeker, coach, anna)
    network.contact_delete(jobseeker=jobseeker, contact_id=anna.pk)
    assert not CoachSuggestion.objects.exists()


def test_it_marks_a_coachs_ask_in_the_list_of_things_to_do_today(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach)
    today = timezone.localdate()
    services.ask_create(
        jobseeker=jobseeker,
        actor=coach,
        contact_id=anna_of(jobseeker).pk,
        kind="support",
        how="phone",
        asked_on=today,
        follow_up=today,
    )
    body = client_for(jobseeker).get(plan_url(jobseeker)).content.decode()
    due = body[
        body.index('id="due-title"') : body.index("</section>", body.index('id="due-title"'))
    ]
    assert "Anna" in due and "(toegevoegd door de coach)" in due
