"""Reminder pages: the private calendar feed, a per-ask download and the person's choices."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.accounts.access import get_jobseeker_for, request_user
from kring.accounts.models import User
from kring.plan import ics, reminders
from kring.plan.models import Ask, ReminderSettings


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def context_for(request: HttpRequest, jobseeker: User) -> dict[str, Any]:
    """What the plan page shows about reminders; the choices only to the job seeker."""
    own = request_user(request).pk == jobseeker.pk
    found = ReminderSettings.objects.filter(user=jobseeker).first() if own else None
    feed_url = ""
    if found is not None and found.feed_secret:
        feed_url = request.build_absolute_uri(
            reverse("plan:calendar_feed", args=[found.feed_secret])
        )
    return {
        "due_asks": reminders.due_asks(jobseeker=jobseeker, day=timezone.localdate()),
        "due_items": reminders.due_items(jobseeker=jobseeker, day=timezone.localdate()),
        "reminders_own": own,
        "email_digest": found is not None and found.email_digest,
        "feed_url": feed_url,
    }


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    # Public: the secret is the credential; a wrong or revoked one is not found.
    owner = reminders.feed_owner(secret=secret)
    if owner is None:
        raise Http404
    asks = Ask.objects.of(owner).filter(follow_up__isnull=False).order_by("follow_up", "id")
    text = ics.calendar(asks, name=_("Kring: follow-ups"), host=request.get_host())
    return _ics_response(text, "kring.ics")


@require_GET
def ask_calendar(request: HttpRequest, jobseeker_id: int, ask_id: int) -> HttpResponse:
    jobseeker, _editable = get_jobseeker_for(
        request, jobseeker_id, need="view", object_type="ask", object_id=ask_id
    )
    ask = Ask.objects.of(jobseeker).filter(pk=ask_id, follow_up__isnull=False).first()
    if ask is None:
        raise Http404
    text = ics.calendar([ask], name=_("Kring: follow-ups"), host=request.get_host())
    return _ics_response(text, f"kring-ask-{ask.pk}.ics")


def _own(request: HttpRequest, jobseeker_id: int) -> User:
    """Only the job seeker sets their own reminders; a coach or anyone else gets 404."""
    jobseeker, _editable = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="reminders"
    )
    if request_user(request).pk != jobseeker.pk:
        raise Http404
    return jobseeker


@require_POST
def reminder_settings(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker = _own(request, jobseeker_id)
    enabled = request.POST.get("email_digest") == "on"
    reminders.set_email_digest(user=jobseeker, enabled=enabled)
    messages.success(
        request,
        _("You get an e-mail when there is something to do.")
        if enabled
        else _("You get no e-mail. You see what to do on this page."),
    )
    return redirect("plan:plan", jobseeker.pk)


@require_POST
def calendar_new(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker = _own(request, jobseeker_id)
    reminders.new_feed_secret(user=jobseeker)
    messages.success(request, _("You have a new calendar link. The old link no longer works."))
    return redirect("plan:plan", jobseeker.pk)
