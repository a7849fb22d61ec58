"""Mijn netwerk in beeld: stored indicators explained, compared between moments; instruments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kring.accounts.access import get_jobseeker_for, role_required
from kring.accounts.access import request_user as _user
from kring.accounts.models import AccessGrant, Role, User
from kring.analysis import DEFAULT_THRESHOLDS, INDICATORS
from kring.core.models import Action
from kring.insights import explain, services, standing
from kring.insights.charts import bar_chart
from kring.insights.forms import INSTRUMENT_FORMS, ThresholdsForm
from kring.insights.models import Instrument, InstrumentResponse
from kring.network.models import IndicatorSummary
from kring.network.summary import current_summary, snapshot_summary


def _charts(values: dict[str, Any]) -> list[Any]:
    by_quadrant = values.get("by_quadrant", {})
    by_ring = values.get("by_ring", {})
    by_influence = values.get("by_influence", {})
    return [
        bar_chart(
            "chart-quadrant",
            _("People per part of your circle"),
            [(str(name), by_quadrant.get(key, 0)) for key, name in explain.QUADRANT_NAMES.items()],
        ),
        bar_chart(
            "chart-ring",
            _("People per ring"),
            [(str(name), by_ring.get(key, 0)) for key, name in explain.RING_NAMES.items()],
        ),
        bar_chart(
            "chart-influence",
            _("Effect on your search"),
            [
                (_("supportive"), by_influence.get("supportive", 0)),
                (_("neutral"), by_influence.get("neutral", 0)),
                (_("discouraging"), by_influence.get("discouraging", 0)),
            ],
        ),
    ]


def _next_step_url(key: str, jobseeker: User, editable: bool) -> str:
    """Return where a next step (kring.insights.standing) leads; a viewer looks, not adds."""
    table = reverse("network:table", args=[jobseeker.pk])
    if key == standing.ADD_PEOPLE:
        return reverse("network:build" if editable else "network:map", args=[jobseeker.pk])
    if key == standing.MARK_WHO_KNOWS:
        # Sorted on "knows you are looking": no and not known yet come first, nobody is hidden.
        return f"{table}?sort=knows_searching"
    if key == standing.MARK_SUPPORTERS:
        return f"{table}?sort=-influence"
    return reverse("insight", args=[jobseeker.pk])


def home_context(jobseeker: User) -> dict[str, Any]:
    """Return the job seeker's start page context: where they stand, one next step, coaches.

    The view is kring.home.home, at the root: it adds the plan's first suggestions, which
    insights may not import (ARCHITECTURE.md, layers). The template reads them as
    `suggestions` and `first_suggestion`, and shows the rule's next step when there are none.
    """
    summary = current_summary(jobseeker)
    where = standing.standing(summary.values, summary.light, summary.reasons)
    grants = AccessGrant.objects.active().filter(jobseeker=jobseeker).select_related("coach")
    return {
        "jobseeker": jobseeker,
        "editable": True,
        "standing": where,
        "next_url": _next_step_url(where.next_step.key, jobseeker, editable=True),
        "grants": grants,
        # The stored indicators, so the start page's suggestions need not read them again.
        "indicators": summary.values,
    }


@require_safe
def jobseeker_overview(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """A coach's page about one job seeker: where they stand, and the way to the rest."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id)
    if jobseeker == _user(request):
        return redirect("home")  # a job seeker's own overview is their start page
    summary = current_summary(jobseeker)
    where = standing.standing(summary.values, summary.light, summary.reasons)
    return render(
        request,
        "insights/overview.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "standing": where,
            "next_url": _next_step_url(where.next_step.key, jobseeker, editable),
        },
    )


@require_safe
def insight(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    user = _user(request)
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="indicators")
    summary = current_summary(jobseeker)
    values = summary.values
    context = {
        "jobseeker": jobseeker,
        "editable": editable,
        "summary": summary,
        "cards": explain.cards(values),
        "light_text": explain.light_text(summary.light),
        "going_well": explain.going_well(values),
        "could_be_better": explain.could_be_better(values, summary.reasons),
        "charts": _charts(values),
        "show_technical": user.role != Role.JOBSEEKER,
        "technical_rows": [
            (
                info.key,
                explain.indicator_name(info.key),
                values.get(info.key),
                info.formula,
                info.source,
            )
            for info in INDICATORS.values()
        ],
        "snapshots": _snapshots(jobseeker),
    }
    return render(request, "insights/insight.html", context)


def _snapshots(jobseeker: User) -> list[Any]:
    from kring.network.models import Snapshot

    return list(Snapshot.objects.filter(owner=jobseeker).only("id", "name", "taken_at"))


def _summary_for(jobseeker: User, choice: str) -> tuple[str, IndicatorSummary | None]:
    """Return the name and summary of a moment, or None for a moment that cannot be read."""
    from kring.network.models import Snapshot
    from kring.network.moments import MomentError, check_moment

    if choice in ("", "now"):
        return _("Now"), current_summary(jobseeker)
    try:
        snapshot = Snapshot.objects.get(owner=jobseeker, pk=int(choice))
    except (ValueError, Snapshot.DoesNotExist):
        raise Http404 from None
    try:
        check_moment(snapshot.data)
    except MomentError:
        return snapshot.name, None
    return snapshot.name, snapshot_summary(snapshot)


COMPARED = (
    "size",
    "supportive",
    "aware_share",
    "allies",
    "function_coverage",
    "strong",
    "weak",
    "moderately_weak",
    "working_share",
    "target_sector_reach",
    "iqv_quadrant",
    "ei_index",
    "density",
    "effective_size",
    "constraint",
    "components",
    "isolates",
    "new_ties_30d",
)


@require_safe
def insight_compare(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    user = _user(request)
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="indicators")
    snapshots = _snapshots(jobseeker)
    first = request.GET.get("a") or (str(snapshots[0].pk) if snapshots else "now")
    second = request.GET.get("b") or "now"
    name_a, summary_a = _summary_for(jobseeker, first)
    name_b, summary_b = _summary_for(jobseeker, second)
    values_a = summary_a.values if summary_a is not None else {}
    values_b = summary_b.values if summary_b is not None else {}
    unreadable = [
        name for name, summary in ((name_a, summary_a), (name_b, summary_b)) if summary is None
    ]
    show_technical = user.role != Role.JOBSEEKER
    return render(
        request,
        "insights/compare.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "snapshots": snapshots,
            "first": first,
            "second": second,
            "name_a": name_a,
            "name_b": name_b,
            "light_a": explain.light_name(summary_a.light) if summary_a is not None else "—",
            "light_b": explain.light_name(summary_b.light) if summary_b is not None else "—",
            "unreadable": unreadable,
            # A job seeker compares the "In beeld" cards in their words; a coach every
            # indicator with its key and formula (DOMAIN.md §8).
            "rows": explain.compare_cards(values_a, values_b),
            "technical_rows": explain.compare_indicators(values_a, values_b, COMPARED)
            if show_technical
            else [],
            "show_technical": show_technical,
        },
    )


@require_safe
def instruments(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="instruments")
    responses = InstrumentResponse.objects.filter(jobseeker=jobseeker)
    return render(
        request,
        "insights/instruments.html",
        {
            "jobseeker": jobseeker,
            "loneliness": [r for r in responses if r.instrument == Instrument.LONELINESS],
            "resources": [r for r in responses if r.instrument == Instrument.RESOURCES],
            "editable": editable,
        },
    )


@require_http_methods(["GET", "POST"])
def instrument_new(request: HttpRequest, jobseeker_id: int, instrument: str) -> HttpResponse:
    user = _user(request)
    form_class = INSTRUMENT_FORMS.get(instrument)
    if form_class is None:
        raise Http404
    jobseeker = get_jobseeker_for(
        request,
        jobseeker_id,
        need="edit",
        object_type="instruments",
        action=Action.CHANGE if request.method == "POST" else Action.VIEW,
    ).jobseeker
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_record(
                actor=user,
                jobseeker=jobseeker,
                instrument=instrument,
                taken_on=form.cleaned_data["taken_on"],
                answers=form.answers(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect("instruments", jobseeker_id=jobseeker.pk)
    return render(
        request,
        "insights/instrument_form.html",
        {"jobseeker": jobseeker, "form": form, "instrument": instrument, "editable": True},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN, not_found=True)
def organisation_thresholds(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisation = user.organisation
    assert organisation is not None  # role_required lets in only admins of an organisation
    current = {**DEFAULT_THRESHOLDS, **organisation.indicator_thresholds}
    form = ThresholdsForm(request.POST or None, initial=ThresholdsForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        services.thresholds_update(admin=user, thresholds=form.thresholds())
        messages.success(request, _("The traffic light settings are saved."))
        return redirect("organisation_thresholds")
    return render(request, "insights/thresholds.html", {"form": form})
