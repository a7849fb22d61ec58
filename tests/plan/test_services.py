"""The plan's services, rule by rule: asks, outcomes, allies, suggestion states."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kring.accounts.models import Role, User
from kring.core.errors import NotFound, VersionConflict
from kring.network import services as network
from kring.network.models import Contact
from kring.network.summary import current_summary
from kring.plan import selectors, services
from kring.plan.models import Ask, SuggestionState
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def ask_to(jobseeker: User, contact: Contact, **extra: object) -> Ask:
    return services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=contact.pk,
        kind=str(extra.pop("kind", "job_leads")),
        how="phone",
        asked_on=timezone.localdate(),
        **extra,  # type: ignore[arg-type]
    )


def record(jobseeker: User, ask: Ask, outcome: str, **extra: object) -> services.Recorded:
    return services.ask_record_outcome(
        jobseeker=jobseeker,
        actor=jobseeker,
        ask_id=ask.pk,
        version=ask.version,
        outcome=outcome,
        **extra,  # type: ignore[arg-type]
    )


def test_it_marks_the_contact_as_knowing_after_any_answer_but_no_reply(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    bert = network.contact_create(jobseeker=jobseeker, label="Bert", quadrant="friends", ring=2)
    record(jobseeker, ask_to(jobseeker, anna), "no")
    record(jobseeker, ask_to(jobseeker, bert), "no_reply")
    anna.refresh_from_db()
    bert.refresh_from_db()
    assert anna.knows_searching == "yes" and not anna.ally
    assert bert.knows_searching != "yes" and not bert.ally


def test_it_makes_a_contact_who_helped_an_ally_and_counts_it(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    version = anna.version
    record(jobseeker, ask_to(jobseeker, anna), "conversation")
    anna.refresh_from_db()
    assert anna.ally and anna.knows_searching == "yes"
    assert anna.version == version + 1
    assert current_summary(jobseeker).values["allies"] == 1


def test_it_adds_the_new_contact_with_introduced_by(jobseeker: User) -> None:
    anna = network.contact_create(
        jobseeker=jobseeker, label="Anna", quadrant="work_school_club", ring=2
    )
    recorded = record(
        jobseeker,
        ask_to(jobseeker, anna, kind="introduction"),
        "new_contact",
        new_contact_label="Karim",
    )
    karim = recorded.new_contact
    assert karim is not None
    karim.refresh_from_db()
    assert (karim.label, karim.ring, karim.quadrant) == ("Karim", 3, "work_school_club")
    assert karim.is_new and karim.introduced_by_id == anna.pk
    assert current_summary(jobseeker).values["size"] == 2


def test_it_wants_a_name_for_a_new_contact(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    ask = ask_to(jobseeker, anna)
    with pytest.raises(ValidationError):
        record(jobseeker, ask, "new_contact", new_contact_label="  ")
    ask.refresh_from_db()
    assert ask.outcome == "pending"


def test_it_refuses_a_stale_version(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    ask = ask_to(jobseeker, anna)
    record(jobseeker, ask, "no_reply")
    with pytest.raises(VersionConflict):
        record(jobseeker, ask, "helped")


def test_it_does_not_find_someone_elses_ask(jobseeker: User) -> None:
    other = make_user(Role.JOBSEEKER, organisation=jobseeker.organisation)
    theirs = network.contact_create(jobseeker=other, label="Anna", quadrant="friends", ring=2)
    ask = ask_to(other, theirs)
    with pytest.raises(NotFound):
        record(jobseeker, ask, "helped")
    with pytest.raises(NotFound):
        services.ask_create(
            jobseeker=jobseeker,
            actor=jobseeker,
            contact_id=theirs.pk,
            kind="support",
            how="phone",
            asked_on=timezone.localdate(),
        )


def test_it_keeps_an_ask_to_a_removed_person(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    ask = ask_to(jobseeker, anna)
    network.contact_delete(jobseeker=jobseeker, contact_id=anna.pk)
    ask.refresh_from_db()
    assert ask.person_removed and ask.contact_label == "Anna"
    # An outcome can still be recorded; there is nobody to update.
    assert record(jobseeker, ask, "helped").ask.outcome == "helped"


def test_it_allows_a_follow_up_in_the_past(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    ask = ask_to(jobseeker, anna, follow_up=timezone.localdate() - timedelta(days=3))
    assert ask.follow_up is not None


def test_it_turns_an_accepted_suggestion_into_an_ask_and_hides_it(jobseeker: User) -> None:
    network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    today = timezone.localdate()
    [first, *_] = selectors.suggestions_for(jobseeker, today=today)
    assert first.key.startswith("tell:contact:")
    ask = services.suggestion_accept(jobseeker=jobseeker, actor=jobseeker, key=first.key)
    assert ask is not None and ask.kind == "job_leads"
    keys = [s.key for s in selectors.suggestions_for(jobseeker, today=today)]
    assert first.key not in keys


def test_it_hides_a_dismissed_suggestion_until_its_facts_change(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    today = timezone.localdate()
    key = f"tell:contact:{anna.pk}"
    services.suggestion_dismiss(jobseeker=jobseeker, actor=jobseeker, key=key)
    assert key not in [s.key for s in selectors.suggestions_for(jobseeker, today=today)]
    network.contact_update(
        jobseeker=jobseeker, contact_id=anna.pk, version=anna.version, influence=2
    )
    assert key in [s.key for s in selectors.suggestions_for(jobseeker, today=today)]


def test_it_postpones_a_suggestion_to_a_later_day_only(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    today = timezone.localdate()
    key = f"tell:contact:{anna.pk}"
    with pytest.raises(ValidationError):
        services.suggestion_postpone(jobseeker=jobseeker, actor=jobseeker, key=key, until=today)
    services.suggestion_postpone(
        jobseeker=jobseeker, actor=jobseeker, key=key, until=today + timedelta(days=7)
    )
    assert SuggestionState.objects.get(owner=jobseeker, key=key).state == "postponed"
    assert key not in [s.key for s in selectors.suggestions_for(jobseeker, today=today)]
    later = today + timedelta(days=7)
    assert key in [s.key for s in selectors.suggestions_for(jobseeker, today=later)]


def test_it_does_not_find_an_unknown_suggestion(jobseeker: User) -> None:
    with pytest.raises(NotFound):
        services.suggestion_accept(jobseeker=jobseeker, actor=jobseeker, key="tell:contact:999")


def test_it_keeps_the_allies_in_a_moment(jobseeker: User) -> None:
    from kring.network.summary import snapshot_summary

    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    record(jobseeker, ask_to(jobseeker, anna), "helped")
    moment = network.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Na hulp")
    assert snapshot_summary(moment).values["allies"] == 1
