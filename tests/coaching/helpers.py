"""Small factory functions for the coaching tests."""

from __future__ import annotations

from datetime import date

from kring.accounts.models import Role, Scope, User
from kring.network import services as network
from kring.plan import services as plan
from kring.plan.models import Ask
from tests.conftest import make_grant, make_user


def jobseeker_with_network(
    coach: User, *, name: str, supporters: int = 0, others: int = 0, scope: str = Scope.EDIT
) -> User:
    """Return a job seeker of the coach's organisation who gave the coach access."""
    jobseeker = make_user(Role.JOBSEEKER, organisation=coach.organisation, name=name)
    for number in range(supporters):
        network.contact_create(
            jobseeker=jobseeker, label=f"Steun{number}", quadrant="friends", ring=2, influence=2
        )
    for number in range(others):
        network.contact_create(
            jobseeker=jobseeker, label=f"Ander{number}", quadrant="family", ring=3
        )
    make_grant(jobseeker, coach, scope)
    return jobseeker


def ask_of(jobseeker: User, *, asked_on: date, follow_up: date | None = None) -> Ask:
    contact = network.contact_create(
        jobseeker=jobseeker, label="Gevraagd", quadrant="friends", ring=3
    )
    return plan.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=contact.pk,
        kind="job_leads",
        how="phone",
        asked_on=asked_on,
        follow_up=follow_up,
    )
