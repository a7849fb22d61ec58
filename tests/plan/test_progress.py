"""Voortgang: the timeline of asks, the first ally, and the counts from moment to moment."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import AccessGrant, Role, Scope, User
from kring.core.models import AccessLogEntry, Action, Result
from kring.network import services as network
from kring.network.models import Contact, IndicatorSummary, Snapshot
from kring.network.summary import current_summary
from kring.plan import services
from kring.plan.models import Ask
from kring.plan.progress import count
from tests.conftest import client_for, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db


def progress_url(jobseeker: User) -> str:
    return reverse("plan:progress", args=[jobseeker.pk])


def page(viewer: User, jobseeker: User) -> str:
    response = client_for(viewer).get(progress_url(jobseeker))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def start_grant(jobseeker: User, coach: User, days: int, scope: str = Scope.EDIT) -> AccessGrant:
    grant = make_grant(jobseeker, coach, scope)
    AccessGrant.objects.filter(pk=grant.pk).update(created_at=timezone.now() - timedelta(days=days))
    return grant


def ask(jobseeker: User, contact: Contact, asked: int, outcome: str = "", answered: int = 0) -> Ask:
    made = services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=contact.pk,
        kind="job_leads",
        how="phone",
        asked_on=days_ago(asked),
    )
    if outcome:
        made = services.ask_record_outcome(
            jobseeker=jobseeker,
            actor=jobseeker,
            ask_id=made.pk,
            version=made.version,
            outcome=outcome,
            outcome_on=days_ago(answered),
            new_contact_label="Lisa" if outcome == "new_contact" else None,
        ).ask
    return made


def moment(jobseeker: User, name: str, days: int) -> Snapshot:
    snapshot = network.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name=name)
    Snapshot.objects.filter(pk=snapshot.pk).update(taken_at=timezone.now() - timedelta(days=days))
    return snapshot


def row(body: str, point: str) -> list[str]:
    """Return the cells of the table row of a point ("now" or a snapshot id).

    Each cell's column name for phones (`cell-label`) is left out: the values are compared.
    """
    found = re.search(rf'<tr data-point="{point}">(.*?)</tr>', body)
    assert found, point
    return [
        re.sub(r"<[^>]+>", "", re.sub(r'<span class="cell-label">.*?</span>', "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", found[1])
    ]


def test_it_shows_a_new_job_seeker_an_empty_progress_kindly(jobseeker: User) -> None:
    body = page(jobseeker, jobseeker)
    assert "Je voortgang" in body
    assert 'data-start="joined"' in body and "vanaf de dag dat je bij Kring kwam" in body
    assert 'data-first-ally="none"' in body and "Je hebt nog geen bondgenoot." in body
    assert "Je hebt nog niemand iets gevraagd." in body
    assert 'data-empty="moments"' in body
    assert row(body, "now") == ["0 dagen", "0", "0", "0", "0"]


def test_it_counts_the_traject_from_the_first_grant_to_a_coach_of_the_organisation(
    jobseeker: User, coach: User
) -> None:
    stranger = make_user(Role.COACH, organisation=make_organisation())
    start_grant(jobseeker, stranger, 40)  # another organisation's coach: not this traject
    grant = start_grant(jobseeker, coach, 12)
    # Stopped later: the traject still began then.
    AccessGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    start_grant(jobseeker, coach, 3)
    body = page(jobseeker, jobseeker)
    assert 'data-start="grant"' in body
    assert "Je traject loopt nu 12 dagen." in body


def test_it_shows_the_days_until_the_first_ally_from_an_agreed_outcome(
    jobseeker: User, coach: User
) -> None:
    start_grant(jobseeker, coach, 30)
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    bram = network.contact_create(jobseeker=jobseeker, label="Bram", quadrant="family", ring=1)
    ask(jobseeker, bram, 28, "no", 27)  # a no makes nobody an ally
    ask(jobseeker, anna, 25, "helped", 21)
    ask(jobseeker, bram, 5, "conversation", 2)
    ask(jobseeker, anna, 1, "interview", 0)  # Anna was an ally already
    body = page(jobseeker, jobseeker)
    assert 'data-first-ally="ask"' in body
    assert "Je eerste bondgenoot was Anna" in body
    assert "Dat was 9 dagen na de start." in body
    timeline = re.findall(r'data-event="(\w+)"', body)
    assert timeline == [
        "start",
        "ask",
        "outcome",
        "ask",
        "outcome",
        "ask",
        "outcome",
        "ask",
        "outcome",
    ]
    assert body.count("Je eerste bondgenoot!") == 1
    assert "Uitkomst bij Anna: heeft geholpen. Anna is nu een bondgenoot." in body
    assert body.count("Anna is nu een bondgenoot.") == 1
    assert "Bram is nu een bondgenoot." in body
    assert "Uitkomst bij Bram: zei nee." in body
    assert "Vraag aan Anna: tips over werk." in body
    outcomes = "zei nee: 1; heeft geholpen: 1; een gesprek: 1; een sollicitatiegesprek: 1"
    assert f'id="chart-outcomes-desc">{outcomes}<' in body


def test_it_says_when_the_first_ally_came_before_the_traject(jobseeker: User, coach: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    ask(jobseeker, anna, 20, "helped", 15)
    start_grant(jobseeker, coach, 10)
    body = page(jobseeker, jobseeker)
    assert "Dat was al voor de start van je traject." in body
    timeline = re.findall(r'data-event="(\w+)"', body)
    assert timeline == ["ask", "outcome", "start"]


def test_it_takes_the_first_ally_from_a_moment_when_no_ask_made_one(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    Contact.objects.filter(pk=anna.pk).update(ally=True)  # e.g. restored without its asks
    User.objects.filter(pk=jobseeker.pk).update(date_joined=timezone.now() - timedelta(days=20))
    moment(jobseeker, "Na de zomer", 6)
    body = page(jobseeker, jobseeker)
    assert 'data-first-ally="moment"' in body
    assert "Je moment “Na de zomer”" in body
    assert "binnen 14 dagen na de start" in body


def test_it_says_it_does_not_know_when_an_ally_came(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    Contact.objects.filter(pk=anna.pk).update(ally=True)
    body = page(jobseeker, jobseeker)
    assert 'data-first-ally="unknown"' in body
    assert "Kring weet niet wanneer" in body


def test_it_counts_supporters_aware_allies_and_new_contacts_per_moment_and_now(
    jobseeker: User,
) -> None:
    User.objects.filter(pk=jobseeker.pk).update(date_joined=timezone.now() - timedelta(days=30))
    anna = network.contact_create(
        jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2, influence=2
    )
    network.contact_create(
        jobseeker=jobseeker, label="Bram", quadrant="family", ring=1, knows_searching="yes"
    )
    # Not counted: a coach (formal) and someone one could approach (ring 0).
    network.contact_create(
        jobseeker=jobseeker,
        label="Els",
        quadrant="professional",
        ring=2,
        role="job_coach",
        influence=2,
        knows_searching="yes",
    )
    network.contact_create(
        jobseeker=jobseeker, label="Fer", quadrant="friends", ring=0, influence=1
    )
    first = moment(jobseeker, "Begin", 20)
    ask(jobseeker, anna, 10, "new_contact", 8)  # Anna knows and is an ally; Lisa is new
    body = page(jobseeker, jobseeker)
    assert row(body, str(first.pk)) == ["10 dagen", "1", "1", "0", "0"]
    assert row(body, "now") == ["30 dagen", "1", "2", "1", "1"]
    assert f'id="chart-allies-desc">{days_ago(20):%d-%m-%Y}: 0; Nu: 1<' in body
    # The same definitions as the stored indicators ("In beeld").
    summary = current_summary(jobseeker)
    assert summary.values["supportive"] == 1 and summary.values["allies"] == 1
    assert 'data-empty="moments"' not in body


def test_it_shows_no_ally_count_for_a_moment_saved_before_allies_were_kept(
    jobseeker: User,
) -> None:
    network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    old = moment(jobseeker, "Oud", 3)
    data = dict(old.data)
    data["contacts"] = [{k: v for k, v in c.items() if k != "ally"} for c in data["contacts"]]
    Snapshot.objects.filter(pk=old.pk).update(data=data)
    IndicatorSummary.objects.filter(snapshot=old).delete()
    body = page(jobseeker, jobseeker)
    assert row(body, str(old.pk))[3] == "niet bewaard"
    assert "hield Kring nog niet bij wie een bondgenoot is" in body
    allies_chart = re.search(r'id="chart-allies-desc">([^<]*)<', body)
    assert allies_chart and allies_chart[1] == "Nu: 0"  # no bar rather than a false 0


def test_it_shows_a_damaged_moment_as_unreadable(jobseeker: User) -> None:
    Snapshot.objects.create(
        owner=jobseeker, name="Kapot", taken_at=timezone.now(), data={"contacts": [{"id": "x"}]}
    )
    body = page(jobseeker, jobseeker)
    assert "Kring kan dit moment niet lezen." in body


def test_it_draws_only_the_last_moments_and_lists_them_all(jobseeker: User) -> None:
    for number in range(14):
        moment(jobseeker, f"Week {number}", 14 - number)
    body = page(jobseeker, jobseeker)
    supporters = re.search(r'id="chart-supporters-desc">([^<]*)<', body)
    assert supporters and supporters[1].count(";") == 11  # 12 bars: 11 moments and now
    assert len(re.findall(r'<tr data-point="', body)) == 15
    assert "De grafieken tonen de laatste 11 momenten en nu." in body


def test_it_lets_a_coach_with_a_view_grant_read_and_logs_it(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    body = page(coach, jobseeker)
    assert "Je voortgang" in body and "Je kijkt naar het netwerk van" in body
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, object_type="progress", action=Action.VIEW
    ).exists()


def test_it_hides_progress_from_others_and_logs_the_denial(jobseeker: User, coach: User) -> None:
    assert client_for(coach).get(progress_url(jobseeker)).status_code == 404
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, object_type="progress", result=Result.DENIED
    ).exists()
    other = make_user(Role.JOBSEEKER, organisation=jobseeker.organisation)
    assert client_for(other).get(progress_url(jobseeker)).status_code == 404


def test_it_is_linked_from_the_plan_and_the_navigation(jobseeker: User) -> None:
    plan = client_for(jobseeker).get(reverse("plan:plan", args=[jobseeker.pk])).content.decode()
    assert f'href="{progress_url(jobseeker)}"' in plan
    body = page(jobseeker, jobseeker)
    assert f'<a href="{progress_url(jobseeker)}" aria-current="page">Voortgang</a>' in body


def test_it_counts_only_informal_contacts_in_the_circle() -> None:
    contacts = [
        {"ring": 1, "role": "", "influence": 1, "knows_searching": "yes", "ally": True},
        {"ring": 3, "role": "friend", "influence": None, "is_new": True, "ally": False},
        {"ring": 0, "influence": 2, "knows_searching": "yes", "ally": True},
        {"ring": 2, "role": "care_worker", "influence": 2, "ally": True},
    ]
    assert count(contacts) == count(reversed(contacts))
    counted = count(contacts)
    assert (counted.supporters, counted.aware, counted.allies, counted.new_contacts) == (1, 1, 1, 1)
    assert count([{"ring": 1, "influence": 1}]).allies is None  # saved before allies were kept
    assert count([]).allies == 0


def test_it_tells_the_demo_job_seekers_progress_true() -> None:
    from kring.accounts.demo import seed_people
    from kring.network.demo import seed_networks
    from kring.plan.demo import seed_plan

    users = seed_people()
    seed_networks(users)
    seed_plan(users)
    seed_plan(users)  # safe to run again: nothing twice
    sanne = users["sanne@demo.kring.test"]
    assert Ask.objects.filter(owner=sanne).count() == 4
    body = page(sanne, sanne)
    # Her traject began with her moment "Start traject", when Mehmet got access.
    assert 'data-start="grant"' in body and "Je traject loopt nu 60 dagen." in body
    assert "Dat was 10 dagen na de start." in body
    assert ": nieuw contact." in body and "Je eerste bondgenoot!" in body
    start_moment = Snapshot.objects.get(owner=sanne, name="Start traject")
    cells = row(body, str(start_moment.pk))
    assert cells[0] == "0 dagen" and cells[3] == "0"  # no ally yet at the start
    assert row(body, "now")[3] == "2" and row(body, "now")[4] == "1"  # two allies, Yara new
    karim = users["karim@demo.kring.test"]
    body = page(karim, karim)
    assert 'data-first-ally="none"' in body and "Je hebt nog niemand iets gevraagd." in body
