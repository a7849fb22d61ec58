"""Import and export pages: parse, authorise (get_jobseeker_for), call a service, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.access import get_jobseeker_for
from kring.accounts.access import request_user as _user
from kring.accounts.models import User
from kring.core.http import attachment
from kring.core.models import Action
from kring.core.ratelimit import limit
from kring.exchange import exports, imports, restore, selection
from kring.exchange.forms import (
    PreviewFilterForm,
    RestoreForm,
    UploadForm,
    page_choices_from,
    read_upload,
)
from kring.exchange.messages import ImportRefused
from kring.network.models import Contact, NetworkProfile, Quadrant, Ring, Tie
from kring.network.svg import MapOptions, render_map
from kring.plan.selectors import plan_overview

MAP_FIELDS = ("id", "label", "ring", "quadrant", "influence", "knows_searching")


def _import_page(
    request: HttpRequest,
    jobseeker: User,
    form: UploadForm,
    restore_form: RestoreForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "exchange/import.html",
        {
            "jobseeker": jobseeker,
            "editable": True,  # only reached with an edit grant
            "form": form,
            "restore_form": restore_form,
            "own": request.user.pk == jobseeker.pk,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="import"
    ).jobseeker
    if request.method != "POST":
        return _import_page(request, jobseeker, UploadForm(), RestoreForm())
    limit("import", f"user:{request.user.pk}")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_upload(upload)
            if restore.is_export_zip(data):
                raise ImportRefused(
                    _(
                        "This is a Kring export. Use “Restore a Kring export” below to "
                        "bring it into an empty network."
                    )
                )
            preview = imports.import_preview(
                actor=_user(request),
                jobseeker=jobseeker,
                data=data,
                format=form.cleaned_data["format"],
                filename=upload.name or "",
            )
        except ImportRefused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("exchange:preview", jobseeker.pk, preview.pk)
    return _import_page(request, jobseeker, form, RestoreForm(), status=422)


@require_POST
def import_restore(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="import", object_id="restore"
    ).jobseeker
    limit("import", f"user:{request.user.pk}")
    form = RestoreForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = read_upload(form.cleaned_data["file"])
            outcome = restore.import_user_data(actor=_user(request), jobseeker=jobseeker, data=data)
        except ImportRefused as refused:
            form.add_error("file", refused.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, outcome.message())
            return redirect("network:map", jobseeker.pk)
    return _import_page(request, jobseeker, UploadForm(), form, status=422)


def _shown_rows(preview: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the page's rows with whether each is chosen and its current choice."""
    chosen = selection.selected_of(preview)
    choices = selection.choices_of(preview, [row["index"] for row in rows])
    shown = []
    for row in rows:
        choice = choices.get(row["index"], selection.Choice())
        shown.append(
            {
                **row,
                "chosen": row["index"] in chosen,
                "merge_id": choice.contact_id if choice.action == "merge" else None,
                "ring_now": row["ring"] if choice.ring is None else choice.ring,
                "quadrant_now": choice.quadrant or row["quadrant"],
            }
        )
    return shown


def _preview_url(jobseeker: User, preview: Any, query: dict[str, str]) -> str:
    url = reverse("exchange:preview", args=[jobseeker.pk, preview.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _choose_and_confirm(
    request: HttpRequest, jobseeker: User, preview: Any, action: str
) -> HttpResponse | None:
    """Store the page's choices, then act; return where to go, or None when confirmed."""
    rows = {row["index"]: row for row in preview.data["rows"]}
    posted = page_choices_from(rows, request.POST)
    shown = set(posted.shown)
    if action == "select_page":
        select, deselect = shown, set()
    elif action == "deselect_page":
        select, deselect = set(), shown
    else:
        select, deselect = posted.checked, shown - posted.checked
    # Stored before confirming, so a refused confirmation loses none of the choices.
    preview = selection.preview_choose(
        jobseeker=jobseeker,
        preview_id=preview.pk,
        select=select,
        deselect=deselect,
        choices=posted.choices,
    )
    if action != "confirm":
        return None
    selection.check_room(preview, jobseeker)
    outcome = imports.import_confirm(
        actor=_user(request),
        jobseeker=jobseeker,
        preview_id=preview.pk,
        decisions=selection.decisions_for(preview),
    )
    messages.success(request, outcome.message())
    return redirect("network:map", jobseeker.pk)


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, jobseeker_id: int, preview_id: str) -> HttpResponse:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="import", object_id=preview_id[:40]
    ).jobseeker
    preview = imports.get_preview(jobseeker, preview_id)
    if preview is None:
        raise Http404
    filters = PreviewFilterForm(request.POST if request.method == "POST" else request.GET)
    error = ""
    if request.method == "POST":
        action = str(request.POST.get("action", "save"))
        try:
            confirmed = _choose_and_confirm(request, jobseeker, preview, action)
        except ValidationError as problem:
            error = " ".join(problem.messages)
            preview = imports.get_preview(jobseeker, preview_id) or preview
        else:
            if confirmed is not None:
                return confirmed
            goto = request.POST.get("goto", "")
            page = 1 if action == "filter" else int(goto) if goto.isdigit() else None
            return redirect(_preview_url(jobseeker, preview, filters.query(page)))
    matching = selection.filtered_rows(preview, filters.row_filter())
    rows, page = selection.page_of(matching, filters.page_number())
    pages = selection.page_count(len(matching))
    return render(
        request,
        "exchange/preview.html",
        {
            "jobseeker": jobseeker,
            "editable": True,  # only reached with an edit grant
            "preview": preview,
            "data": preview.data,
            "skipped": imports.shown_skipped(preview),
            "dropped_fields": imports.shown_dropped(preview),
            "rows": _shown_rows(preview, rows),
            "counts": imports.summary_counts(preview),
            "chosen": selection.chosen_counts(preview),
            "room": selection.room_left(jobseeker),
            "limited": selection.is_limited(preview),
            "filters": filters,
            "filtered": filters.query(1) != {},
            "companies": selection.suggestions(preview, "organisation_hint"),
            "positions": selection.suggestions(preview, "occupation"),
            "matching": len(matching),
            "first": (page - 1) * selection.PAGE_SIZE + 1 if rows else 0,
            "last": (page - 1) * selection.PAGE_SIZE + len(rows),
            "page": page,
            "pages": pages,
            "rings": Ring.choices,
            "quadrants": Quadrant.choices,
            "error": error,
        },
        status=422 if error else 200,
    )


@require_GET
def export_index(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="export")
    return render(
        request,
        "exchange/export.html",
        {
            "jobseeker": jobseeker,
            "own": request.user.pk == jobseeker.pk,
            "editable": editable,
        },
    )


@require_GET
def export_network(request: HttpRequest, jobseeker_id: int, kind: str) -> HttpResponse:
    if kind not in exports.NETWORK_FORMATS:
        raise Http404
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, action=Action.EXPORT, object_type=f"export_{kind}"
    ).jobseeker
    limit("export", f"user:{request.user.pk}")
    content, content_type, filename = exports.network_export(jobseeker, kind)
    return attachment(content, content_type, filename)


@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "exchange/my_data.html", {})


@require_GET
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    limit("export", f"user:{user.pk}")
    stamp = timezone.localdate().isoformat()
    zipped = exports.all_data_download(user=user, request=request)
    return attachment(zipped, "application/zip", f"kring-export-{stamp}.zip")


@require_GET
def report(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    from kring.insights import explain
    from kring.network.summary import current_summary

    jobseeker = get_jobseeker_for(
        request, jobseeker_id, action=Action.EXPORT, object_type="report"
    ).jobseeker
    own = request.user.pk == jobseeker.pk
    contacts = list(Contact.objects.filter(owner=jobseeker).order_by("id").values(*MAP_FIELDS))
    ties = list(Tie.objects.filter(owner=jobseeker).values_list("a_id", "b_id", "strength"))
    title = _("Network circle of %(name)s") % {"name": jobseeker.name}
    svg = render_map(
        contacts,
        ties,
        MapOptions(
            title=title,
            description=_("%(contacts)d people and %(ties)d ties between them.")
            % {"contacts": len(contacts), "ties": len(ties)},
            id_prefix="report-map",
            ego_label=_("Me") if own else jobseeker.name[:6],
        ),
    )
    summary = current_summary(jobseeker)
    return render(
        request,
        "exchange/report.html",
        {
            "jobseeker": jobseeker,
            "profile": NetworkProfile.objects.filter(jobseeker=jobseeker).first(),
            "svg": svg,
            "contacts": sorted(contacts, key=lambda c: (c["ring"] or 9, c["label"])),
            "tie_count": len(ties),
            "summary": summary,
            "cards": explain.cards(summary.values),
            "light_text": explain.light_text(summary.light),
            "going_well": explain.going_well(summary.values),
            "could_be_better": explain.could_be_better(summary.values, summary.reasons),
            "printed_on": timezone.localdate(),
            "plan": plan_overview(jobseeker, today=timezone.localdate()),
            "rings": dict(Ring.choices),
            "quadrants": dict(Quadrant.choices),
        },
    )
