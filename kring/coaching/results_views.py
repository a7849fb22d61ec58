"""Pages of the organisation admin: the results (with CSV) and the access log export.

Only organisation admins reach them; anyone else gets 404 and a denied entry in the access
log. Each request that reads data writes one entry (kring.coaching.results).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kring.accounts.models import User
from kring.coaching import audit_trail
from kring.coaching.results import (
    MEASURE_LABELS,
    MEASURES,
    SMALL_GROUP,
    By,
    Results,
    default_year,
    log_organisation_access,
    organisation_admin_for,
    organisation_results,
)
from kring.coaching.results_forms import AuditExportForm, ResultsForm
from kring.core.models import Action

RESULTS = "organisation_results"
ACCESS_LOG = "access_log"


def _results_form(request: HttpRequest) -> ResultsForm:
    today = timezone.localdate()
    return ResultsForm(
        {
            "year": request.GET.get("year", default_year(today)),
            "by": request.GET.get("by", "month"),
        }
    )


def _results_for(admin: User, form: ResultsForm) -> Results | None:
    if not form.is_valid() or admin.organisation is None:
        return None
    by: By = form.cleaned_data["by"]
    return organisation_results(
        admin.organisation, year=form.cleaned_data["year"], by=by, today=timezone.localdate()
    )


def _render_results(
    request: HttpRequest, admin: User, form: ResultsForm, status: int = 200
) -> HttpResponse:
    results = _results_for(admin, form)
    if results is None and admin.organisation is not None:
        # A wrong year or period still shows where the organisation stands now.
        today = timezone.localdate()
        results = organisation_results(
            admin.organisation, year=default_year(today), by="month", today=today
        )
        results = Results(results.year, results.by, results.overview, empty_reason="invalid")
    measures = [(name, MEASURE_LABELS[name]) for name in MEASURES]
    rows = [
        (period, [(name, label, period.cells[name]) for name, label in measures])
        for period in (results.periods if results else [])
    ]
    return render(
        request,
        "coaching/results.html",
        {
            "form": form,
            "results": results,
            "measures": measures,
            "rows": rows,
            "small_group": SMALL_GROUP,
            "csv_query": request.GET.urlencode(),
        },
        status=status,
    )


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    admin = organisation_admin_for(request, action=Action.VIEW, object_type=RESULTS)
    log_organisation_access(request, admin, action=Action.VIEW, object_type=RESULTS)
    return _render_results(request, admin, _results_form(request))


@require_safe
def results_csv(request: HttpRequest) -> HttpResponse:
    admin = organisation_admin_for(request, action=Action.EXPORT, object_type=RESULTS)
    form = _results_form(request)
    found = _results_for(admin, form)
    if found is None:
        log_organisation_access(request, admin, action=Action.VIEW, object_type=RESULTS)
        return _render_results(request, admin, form, status=400)
    log_organisation_access(request, admin, action=Action.EXPORT, object_type=RESULTS)
    response = HttpResponse(results_as_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kring-results-{found.year}-{found.by}.csv"'
    )
    return response


HIDDEN_NOTE = f"hidden: rests on fewer than {SMALL_GROUP} people, or would give such a number away"
EMPTY_NOTES = {
    "not_ended": "no period of this year has ended yet",
    "no_data": "no asks or outcomes were recorded in this year",
}


def results_as_csv(found: Results) -> str:
    """Return the results as CSV: one row per number (section, period, measure, value, note)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "period", "measure", "value", "note"])
    overview = found.overview
    for measure, value in (
        ("job_seekers", overview.job_seekers),
        ("job_seekers_with_intake", overview.with_intake),
        ("supportive_median_at_intake", overview.supportive_at_intake),
        ("supportive_median_now", overview.supportive_now),
        ("allies_median_at_intake", overview.allies_at_intake),
        ("allies_median_now", overview.allies_now),
        ("share_with_ally_at_intake", _rounded(overview.share_with_ally_at_intake)),
        ("share_with_ally_now", _rounded(overview.share_with_ally)),
    ):
        writer.writerow(
            [
                "now",
                "",
                measure,
                "" if value is None else value,
                HIDDEN_NOTE if value is None else "",
            ]
        )
    if found.empty_reason:
        writer.writerow([found.by, str(found.year), "", "", EMPTY_NOTES[found.empty_reason]])
    for period in found.periods:
        for name in MEASURES:
            cell = period.cells[name]
            writer.writerow(
                [
                    found.by,
                    period.label,
                    name,
                    "" if cell.hidden else cell.value,
                    HIDDEN_NOTE if cell.hidden else "",
                ]
            )
    return out.getvalue()


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 3)


@require_safe
def audit(request: HttpRequest) -> HttpResponse:
    # The form only: it shows nothing of the log, so it writes no entry.
    organisation_admin_for(request, action=Action.VIEW, object_type=ACCESS_LOG)
    return render(request, "coaching/audit.html", {"form": AuditExportForm()})


@require_safe
def audit_csv(request: HttpRequest) -> HttpResponseBase:
    admin = organisation_admin_for(request, action=Action.EXPORT, object_type=ACCESS_LOG)
    form = AuditExportForm(request.GET)
    if not form.is_valid() or admin.organisation is None:
        return render(request, "coaching/audit.html", {"form": form}, status=400)
    log_organisation_access(request, admin, action=Action.EXPORT, object_type=ACCESS_LOG)
    entries = audit_trail.entries_of(
        admin.organisation, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
    )
    lines: Iterator[str] = audit_trail.csv_lines(admin.organisation, entries)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kring-access-log-{day}.csv"'
    return response
