"""Wat kun je nu doen?: suggestions, asks and their outcomes. Parse, authorise, call, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts.access import Need, get_jobseeker_for, request_user
from kring.accounts.models import Role, User
from kring.core.errors import NotFound, VersionConflict
from kring.offers import selectors as offer_selectors
from kring.offers.models import Offer
from kring.plan import reminder_views, selectors, services, texts
from kring.plan.forms import AskForm, CoachSuggestionForm, OutcomeForm, SuggestionForm
from kring.plan.models import Ask, CoachSuggestion
from kring.plan.suggest import EVIDENCE, Suggestion

# "Later" hides a suggestion for a week: long enough to get to it, short enough to come back.
LATER_DAYS = 7
# The map's panel names only the first ideas; the plan page has the rest.
PANEL_SIZE = 2


def _card(suggestion: Suggestion, places: dict[int, Offer] | None = None) -> dict[str, Any]:
    places = places or {}
    return {
        "key": suggestion.key,
        "kind": suggestion.kind,
        "headline": texts.headline(suggestion),
        "reasons": [texts.reason_text(r) for r in suggestion.reasons[1:]],
        "evidence": [
            {"finding": texts.evidence_text(key), "citation": EVIDENCE[key].citation}
            for key in suggestion.evidence
            if key in EVIDENCE
        ],
        "fingerprint": suggestion.fingerprint,
        "has_contact": suggestion.contact_id is not None,
        # A widen suggestion's local offers (the engine matched them), each linked to its page.
        "places": [places[int(i)] for i in suggestion.offer_ids if int(i) in places],
    }


def _coach_card(idea: CoachSuggestion) -> dict[str, Any]:
    return {
        "key": idea.key,
        "coach_name": idea.coach_name,
        "text": idea.text,
        "person": idea.contact.label if idea.contact is not None else "",
        "kind": idea.get_kind_display(),
        "fingerprint": "",
        "has_contact": idea.contact_id is not None,
    }


def _page(
    request: HttpRequest,
    jobseeker: User,
    editable: bool,
    ask_form: AskForm | None = None,
    coach_form: CoachSuggestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    suggestions = selectors.suggestions_for(jobseeker, today=today)
    places = offer_selectors.offers_by_id(
        request_user(request), {int(i) for s in suggestions for i in s.offer_ids}
    )
    asks = selectors.asks_of(jobseeker)
    # Only a coach adds an idea of the coach; a job seeker writes down an ask instead.
    coach_adds = editable and request_user(request).role == Role.COACH
    return render(
        request,
        "plan/plan.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "cards": [_card(s, places) for s in suggestions if not s.prominent],
            "prominent": [_card(s, places) for s in suggestions if s.prominent],
            "coach_cards": [
                _coach_card(idea) for idea in selectors.coach_suggestions_of(jobseeker, today=today)
            ],
            "coach_form": (coach_form or CoachSuggestionForm(jobseeker=jobseeker))
            if coach_adds
            else None,
            "asks": asks,
            "today": today,
            "ask_form": ask_form or AskForm(jobseeker=jobseeker),
            **reminder_views.context_for(request, jobseeker),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def plan(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, need="view", object_type="plan")
    return _page(request, jobseeker, editable)


@require_http_methods(["GET", "HEAD"])
def panel(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The map's "What can you do now?" panel: the first suggestions, loaded by htmx.

    The map (kring.network) may not import plan, so it asks for this fragment instead.
    """
    jobseeker, _editable = get_jobseeker_for(request, jobseeker_id, need="view", object_type="plan")
    top = selectors.top_suggestions(jobseeker, today=timezone.localdate(), limit=PANEL_SIZE)
    return render(request, "plan/partials/panel.html", {"jobseeker": jobseeker, "top": top})


@require_POST
def suggestion_action(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, _editable = get_jobseeker_for(request, jobseeker_id, need="edit", object_type="plan")
    actor = request_user(request)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something went wrong. Choose again."))
        return redirect("plan:plan", jobseeker.pk)
    key, action = form.cleaned_data["key"], form.cleaned_data["action"]
    try:
        if action == "accept":
            ask = services.suggestion_accept(jobseeker=jobseeker, actor=actor, key=key)
            messages.success(
                request,
                _("Good plan. You find it under your asks.")
                if ask is not None
                else _("Good plan. Talk about it with your coach."),
            )
        elif action == "later":
            until = timezone.localdate() + timedelta(days=LATER_DAYS)
            services.suggestion_postpone(jobseeker=jobseeker, actor=actor, key=key, until=until)
            messages.success(request, _("You see this again in a week."))
        else:
            services.suggestion_dismiss(
                jobseeker=jobseeker,
                actor=actor,
                key=key,
                fingerprint=form.cleaned_data["fingerprint"] or None,
            )
            messages.success(request, _("You do not see this again, unless something changes."))
    except NotFound:
        messages.info(request, _("This idea is no longer on the list."))
    return redirect("plan:plan", jobseeker.pk)


@require_POST
def ask_new(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, need="edit", object_type="plan")
    form = AskForm(request.POST, jobseeker=jobseeker)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ask = services.ask_create(
                jobseeker=jobseeker,
                actor=request_user(request),
                contact_id=data["contact"],
                kind=data["kind"],
                how=data["how"],
                asked_on=data["asked_on"],
                follow_up=data["follow_up"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your ask is saved."))
            if ask.follow_up is not None and ask.follow_up < timezone.localdate():
                messages.warning(request, _("The date to check again has already passed."))
            return redirect("plan:plan", jobseeker.pk)
    return _page(request, jobseeker, editable, ask_form=form, status=422)


@require_POST
def coach_suggestion_new(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """A coach with an edit grant adds an idea to the plan ("Idee van je coach")."""
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="coach_suggestion"
    )
    if request_user(request).role != Role.COACH:
        raise PermissionDenied  # a job seeker writes down an ask; the page shows them no idea form
    form = CoachSuggestionForm(request.POST, jobseeker=jobseeker)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.coach_suggestion_create(
                jobseeker=jobseeker,
                actor=request_user(request),
                kind=data["kind"],
                text=data["text"],
                contact_id=data["contact"],
            )
        except NotFound:
            form.add_error("contact", _("Choose a person from the list."))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your idea is in the plan."))
            return redirect("plan:plan", jobseeker.pk)
    return _page(request, jobseeker, editable, coach_form=form, status=422)


@require_http_methods(["GET", "HEAD", "POST"])
def ask_outcome(request: HttpRequest, jobseeker_id: int, ask_id: int) -> HttpResponse:
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need=need, object_type="ask", object_id=ask_id
    )
    ask = Ask.objects.of(jobseeker).filter(pk=ask_id).select_related("contact").first()
    if ask is None:
        raise Http404
    form = OutcomeForm(request.POST or None, initial={"version": ask.version})
    error = ""
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                recorded = services.ask_record_outcome(
                    jobseeker=jobseeker,
                    actor=request_user(request),
                    ask_id=ask.pk,
                    version=data["version"],
                    outcome=data["outcome"],
                    outcome_on=data["outcome_on"],
                    follow_up=data["follow_up"],
                    new_contact_label=data["new_contact_label"],
                )
            except VersionConflict as conflict:
                # The form again with the ask as it is now, and what happened in words.
                form = OutcomeForm(initial={"version": conflict.current.version})
                error = conflict.message
                ask = conflict.current
                status = 409
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The outcome is saved."))
                if recorded.new_contact is not None:
                    messages.success(
                        request,
                        _("%(name)s is now in your network.")
                        % {"name": recorded.new_contact.label},
                    )
                follow_up = recorded.ask.follow_up
                if follow_up is not None and follow_up < timezone.localdate():
                    messages.warning(request, _("The date to check again has already passed."))
                return redirect("plan:plan", jobseeker.pk)
    return render(
        request,
        "plan/outcome.html",
        {"jobseeker": jobseeker, "editable": editable, "ask": ask, "form": form, "error": error},
        status=status,
    )
