"""The map's "Wat kun je nu doen?" panel: the map links to the plan and htmx loads the first
ideas from it (the network app may not import plan)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kring.accounts.models import Role, User
from kring.core.models import AccessLogEntry, Result
from kring.network import services as network
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def test_it_puts_a_plan_panel_with_a_plain_link_on_the_map(jobseeker: User) -> None:
    body = client_for(jobseeker).get(reverse("network:map", args=[jobseeker.pk])).content.decode()
    panel = reverse("plan:panel", args=[jobseeker.pk])
    assert f'hx-get="{panel}" hx-trigger="load"' in body
    # Without JavaScript the panel is this heading and a link to the plan.
    assert "Wat kun je nu doen?" in body
    assert f'<a href="{reverse("plan:plan", args=[jobseeker.pk])}">Bekijk je plan</a>' in body


def test_it_gives_the_first_two_ideas_in_the_panel(jobseeker: User) -> None:
    for label in ("Anna", "Bob", "Cem"):
        network.contact_create(jobseeker=jobseeker, label=label, quadrant="friends", ring=2)
    response = client_for(jobseeker).get(reverse("plan:panel", args=[jobseeker.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<li data-suggestion=") == 2
    assert "Vertel Anna dat je werk zoekt." in body
    assert "<html" not in body  # a fragment, for htmx to swap in
    assert f'<a href="{reverse("plan:plan", args=[jobseeker.pk])}">Bekijk je plan</a>' in body


def test_it_says_so_when_the_panel_has_no_ideas(jobseeker: User) -> None:
    client = client_for(jobseeker)
    panel = reverse("plan:panel", args=[jobseeker.pk])
    # An empty circle gets "meet new people" ideas: put them all off until later.
    for _round in range(10):
        for line in client.get(panel).context["top"]:
            client.post(
                reverse("plan:suggestion", args=[jobseeker.pk]),
                {"key": line.key, "action": "later"},
            )
    body = client.get(panel).content.decode()
    assert "Er zijn nu geen nieuwe ideeën." in body and "Bekijk je plan" in body


def test_it_hides_the_panel_from_a_coach_without_a_grant(jobseeker: User) -> None:
    stranger = make_user(Role.COACH, organisation=jobseeker.organisation)
    response = client_for(stranger).get(reverse("plan:panel", args=[jobseeker.pk]))
    assert response.status_code == 404
    entry = AccessLogEntry.objects.about(jobseeker.pk).get()
    assert (entry.actor_id, entry.result) == (stranger.pk, Result.DENIED)
