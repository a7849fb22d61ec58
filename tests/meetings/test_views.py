"""Network meeting pages: plan one, invite (with the snowball), the plan, look back, print."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry
from kring.meetings import services
from kring.meetings.models import CircleMeeting, Invitee, PlanItem
from kring.network import services as network
from kring.network.models import Contact
from kring.plan.models import Ask
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def anna_of(jobseeker: User) -> Contact:
    return network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="family", ring=1)


def meeting_of(jobseeker: User, meets_on: date | None = None) -> CircleMeeting:
    return services.meeting_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        question="Hoe vind ik werk in de zorg?",
        meets_on=meets_on or timezone.localdate() + timedelta(days=10),
        place="Buurthuis De Linde",
    )


def detail(jobseeker: User, meeting: CircleMeeting, part: str = "detail", *args: int) -> str:
    return reverse(f"meetings:{part}", args=[jobseeker.pk, meeting.pk, *args])


def test_it_plans_a_meeting_with_an_evaluation_four_weeks_later(jobseeker: User) -> None:
    client = client_for(jobseeker)
    page = client.get(reverse("meetings:list", args=[jobseeker.pk])).content.decode()
    assert "Plan een netwerkberaad" in page and "Jullie denken samen na" in page
    response = client.post(
        reverse("meetings:list", args=[jobseeker.pk]),
        {"question": "Hoe vind ik werk?", "meets_on": "2026-06-01", "starts_at": "19:30"},
    )
    meeting = CircleMeeting.objects.get(owner=jobseeker)
    assert response.status_code == 302 and response["Location"] == detail(jobseeker, meeting)
    assert meeting.evaluate_on == date(2026, 6, 29)


def test_it_refuses_a_meeting_without_a_question_and_keeps_the_input(jobseeker: User) -> None:
    response = client_for(jobseeker).post(
        reverse("meetings:list", args=[jobseeker.pk]), {"question": "", "place": "Thuis"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Thuis" in body and "field-error" in body
    assert not CircleMeeting.objects.exists()


def test_it_adds_invitees_and_a_new_person_named_by_one_of_them(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    meeting = meeting_of(jobseeker)
    client = client_for(jobseeker)
    client.post(detail(jobseeker, meeting, "invitee_add"), {"invitee-contact": anna.pk})
    response = client.post(
        detail(jobseeker, meeting, "invitee_add"),
        {"invitee-new_label": "Piet", "invitee-suggested_by": anna.pk},
    )
    assert response.status_code == 302
    piet = Contact.objects.get(owner=jobseeker, label="Piet")
    assert piet.is_new and piet.introduced_by_id == anna.pk and piet.quadrant == "family"
    assert Invitee.objects.get(contact=piet).suggested_by_id == anna.pk
    body = client.get(detail(jobseeker, meeting)).content.decode()
    assert "Piet" in body and "nog niet uitgenodigd" in body


def test_it_answers_404_for_an_invitee_who_is_not_in_the_network(jobseeker: User) -> None:
    stranger = anna_of(make_user(Role.JOBSEEKER))
    meeting = meeting_of(jobseeker)
    client = client_for(jobseeker)
    response = client.post(
        detail(jobseeker, meeting, "invitee_add"), {"invitee-contact": stranger.pk}
    )
    assert response.status_code == 422
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Invitee.objects.exists()


def test_it_turns_an_invitation_and_its_yes_into_an_ask_and_an_ally(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    meeting = meeting_of(jobseeker)
    invitee = services.invitee_add(
        jobseeker=jobseeker, actor=jobseeker, meeting_id=meeting.pk, contact_id=anna.pk
    )
    client = client_for(jobseeker)
    client.post(detail(jobseeker, meeting, "invitee", invitee.pk), {"action": "invite"})
    ask = Ask.objects.get(owner=jobseeker)
    assert ask.kind == "meeting" and ask.follow_up is not None
    client.post(detail(jobseeker, meeting, "invitee", invitee.pk), {"action": "yes"})
    anna.refresh_from_db()
    assert anna.ally and anna.knows_searching == "yes"
    assert "komt" in client.get(detail(jobseeker, meeting)).content.decode()


def test_it_makes_a_plan_whose_contact_task_is_an_ask(jobseeker: User) -> None:
    anna = anna_of(jobseeker)
    meeting = meeting_of(jobseeker)
    client = client_for(jobseeker)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    client.post(
        detail(jobseeker, meeting, "item_add"),
        {
            "item-who": "contact",
            "item-contact": anna.pk,
            "item-task": "Vraagt haar baas",
            "item-due_on": due,
        },
    )
    client.post(
        detail(jobseeker, meeting, "item_add"),
        {"item-who": "jobseeker", "item-task": "Maak een cv", "item-due_on": due},
    )
    contact_item, own_item = PlanItem.objects.order_by("id")
    assert contact_item.ask is not None and contact_item.ask.follow_up is not None
    assert contact_item.ask.follow_up.isoformat() == due
    assert contact_item.ask.note == "Vraagt haar baas"
    assert own_item.ask is None
    client.post(detail(jobseeker, meeting, "item", own_item.pk), {"action": "done"})
    own_item.refresh_from_db()
    assert own_item.done
    # A contact's task ends with its ask's outcome, not with a tick here.
    response = client.post(detail(jobseeker, meeting, "item", contact_item.pk), {"action": "done"})
    assert response.status_code == 302
    contact_item.refresh_from_db()
    assert not contact_item.done


def test_it_asks_for_who_when_a_contact_does_it(jobseeker: User) -> None:
    meeting = meeting_of(jobseeker)
    response = client_for(jobseeker).post(
        detail(jobseeker, meeting, "item_add"),
        {"item-who": "contact", "item-task": "Iets", "item-due_on": "2026-06-01"},
    )
    assert response.status_code == 422
    assert "Kies wie uit je netwerk het doet." in response.content.decode()


def test_it_records_the_look_back_and_refuses_a_stale_version(jobseeker: User) -> None:
    meeting = meeting_of(jobseeker)
    client = client_for(jobseeker)
    url = detail(jobseeker, meeting, "evaluate")
    body = {"evaluation-version": meeting.version, "evaluation-evaluation": "Goed gegaan."}
    assert client.post(url, body).status_code == 302
    response = client.post(url, {**body, "evaluation-evaluation": "Anders."})
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.evaluation == "Goed gegaan." and meeting.evaluated_on == timezone.localdate()


def test_it_prints_the_invitation_and_the_plan(jobseeker: User) -> None:
    meeting = meeting_of(jobseeker)
    services.item_add(
        jobseeker=jobseeker,
        actor=jobseeker,
        meeting_id=meeting.pk,
        who="coach",
        task="Zoekt een vacature",
        due_on=timezone.localdate(),
    )
    client = client_for(jobseeker)
    letter = client.get(detail(jobseeker, meeting, "invitation")).content.decode()
    assert "Ik zoek werk." in letter and "Hoe vind ik werk in de zorg?" in letter
    assert "Buurthuis De Linde" in letter and "Kom je ook?" in letter
    printed = client.get(detail(jobseeker, meeting, "print")).content.decode()
    assert "Zoekt een vacature" in printed and "de coach" in printed
    assert "css/print.css" in printed


def test_it_lets_a_view_coach_read_and_logs_it_but_not_change(jobseeker: User) -> None:
    coach = make_user(Role.COACH)
    make_grant(jobseeker, coach, Scope.VIEW)
    meeting = meeting_of(jobseeker)
    client = client_for(coach)
    body = client.get(detail(jobseeker, meeting)).content.decode()
    assert "Hoe vind ik werk in de zorg?" in body and "Zet op de lijst" not in body
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, object_type="meeting", object_id=str(meeting.pk), action="view"
    ).exists()
    response = client.post(detail(jobseeker, meeting, "item_add"), {"item-who": "coach"})
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(actor_id=coach.pk, result="denied").exists()


def test_it_lets_an_edit_coach_plan_as_the_coach(jobseeker: User) -> None:
    coach = make_user(Role.COACH)
    make_grant(jobseeker, coach, Scope.EDIT)
    response = client_for(coach).post(
        reverse("meetings:list", args=[jobseeker.pk]), {"question": "Welk werk past bij mij?"}
    )
    assert response.status_code == 302
    meeting = CircleMeeting.objects.get(owner=jobseeker)
    assert meeting.created_by_id == coach.pk
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, object_type="meetings", action="change"
    ).exists()


def test_it_hides_another_job_seekers_meeting(jobseeker: User) -> None:
    other = make_user(Role.JOBSEEKER)
    meeting = meeting_of(other)
    client = client_for(jobseeker)
    assert client.get(detail(other, meeting)).status_code == 404
    # Under one's own id, someone else's meeting is not found either.
    assert (
        client.get(reverse("meetings:detail", args=[jobseeker.pk, meeting.pk])).status_code == 404
    )


def test_it_links_the_plan_page_to_the_meetings(jobseeker: User) -> None:
    body = client_for(jobseeker).get(reverse("plan:plan", args=[jobseeker.pk])).content.decode()
    assert reverse("meetings:list", args=[jobseeker.pk]) in body
