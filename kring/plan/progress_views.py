"""Voortgang: the timeline of asks and outcomes, and the network's counts from moment to moment."""

from __future__ import annotations

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from kring.accounts.access import get_jobseeker_for
from kring.insights.charts import BarChart, bar_chart
from kring.plan.models import Outcome
from kring.plan.progress import Counts, Point, Progress, progress_of

# A chart of more bars than this is a wall; the table below the charts holds every moment.
CHART_POINTS = 12


def point_labels(points: list[Point]) -> list[str]:
    """Return a short label per point: its date, "now", and the time when a date repeats."""
    days = Counter(point.day for point in points if not point.is_now)
    labels = []
    for point in points:
        if point.is_now:
            labels.append(_("Now"))
        elif days[point.day] > 1:
            labels.append(f"{point.day:%d-%m-%Y} ({point.name[:12]})")
        else:
            labels.append(f"{point.day:%d-%m-%Y}")
    return labels


def trend_charts(progress: Progress) -> list[BarChart]:
    """Return one bar chart per count, a bar per moment (the last CHART_POINTS) and now."""
    labels = point_labels(progress.points)
    shown = list(zip(labels, progress.points, strict=True))[-CHART_POINTS:]
    measures: list[tuple[str, str, str]] = [
        ("supporters", "chart-supporters", _("People who support you")),
        ("aware", "chart-aware", _("People who know you are looking for work")),
        ("allies", "chart-allies", _("Allies")),
        ("new_contacts", "chart-new", _("New contacts")),
    ]
    charts = []
    for field, chart_id, title in measures:
        rows: list[tuple[str, int]] = []
        for label, point in shown:
            value = getattr(point.counts, field) if point.counts is not None else None
            if value is not None:  # a moment that cannot say gets no bar, not a 0
                rows.append((label, value))
        charts.append(bar_chart(chart_id, title, rows))
    return charts


def days_text(days: int) -> str:
    """Return how far a point lies from the start of the traject, in words."""
    if days < 0:
        return ngettext(
            "%(days)d day before the start", "%(days)d days before the start", -days
        ) % {"days": -days}
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def outcome_chart(progress: Progress) -> BarChart:
    names = dict(Outcome.choices)
    return bar_chart(
        "chart-outcomes",
        _("How your asks went"),
        [(str(names[value]), number) for value, number in progress.outcomes],
    )


def now_counts(progress: Progress) -> Counts:
    counts = progress.points[-1].counts
    assert counts is not None  # "now" is read from the stored contacts
    return counts


@require_safe
def progress(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need="view", object_type="progress"
    )
    found = progress_of(jobseeker, today=timezone.localdate())
    return render(
        request,
        "plan/progress.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "progress": found,
            "now": now_counts(found),
            "rows": [
                {"label": label, "point": point, "when": days_text(point.days_from_start)}
                for label, point in zip(point_labels(found.points), found.points, strict=True)
            ],
            "moments": len(found.points) - 1,
            "allies_missing": any(
                p.counts is not None and p.counts.allies is None for p in found.points
            ),
            "charts": trend_charts(found),
            "chart_points": CHART_POINTS,
            "chart_moments": CHART_POINTS - 1,
            "outcome_chart": outcome_chart(found) if found.outcomes else None,
        },
    )
