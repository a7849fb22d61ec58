"""Moments: save the network as it is now, look at one, compare two, delete one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.access import Need, get_jobseeker_for
from kring.accounts.access import request_user as _user
from kring.accounts.models import User
from kring.network import services
from kring.network.compare import compare
from kring.network.forms import CompareForm, SnapshotForm
from kring.network.models import Quadrant, Ring, Snapshot
from kring.network.moments import MomentError, check_moment
from kring.network.svg import MapOptions, render_map


def _unreadable(
    request: HttpRequest,
    jobseeker: User,
    moments: Sequence[Snapshot],
    problem: str,
    *,
    editable: bool,
) -> HttpResponse:
    """The page for moments stored before their data was checked, that cannot be shown."""
    return render(
        request,
        "network/snapshot_unreadable.html",
        {
            "jobseeker": jobseeker,
            "moments": moments,
            "problem": problem,
            "editable": editable,
        },
    )


def _snapshot_map(snapshot: Snapshot, prefix: str) -> Any:
    data = snapshot.data
    return render_map(
        data.get("contacts", []),
        data.get("ties", []),
        MapOptions(
            title=_("Network circle at %(name)s") % {"name": snapshot.name},
            description=_("%(count)d people. The table next to it lists the changes.")
            % {"count": snapshot.contact_count},
            id_prefix=prefix,
        ),
    )


@require_http_methods(["GET", "POST"])
def snapshots(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """Moments: save the network as it is now; pick two to compare."""
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need=need, object_type="snapshot"
    )
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = services.snapshot_create(
                actor=_user(request), jobseeker=jobseeker, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Moment “%(name)s” is saved.") % {"name": snapshot.name})
            return redirect("network:snapshots", jobseeker.pk)
    moments = list(Snapshot.objects.filter(owner=jobseeker).defer("data"))
    return render(
        request,
        "network/snapshots.html",
        {
            "jobseeker": jobseeker,
            "form": form,
            "moments": moments,
            "editable": editable,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@require_GET
def snapshot_detail(request: HttpRequest, jobseeker_id: int, snapshot_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, object_type="snapshot", object_id=snapshot_id
    )
    snapshot = get_object_or_404(Snapshot.objects.filter(owner=jobseeker), pk=snapshot_id)
    try:
        check_moment(snapshot.data)
    except MomentError as error:
        return _unreadable(request, jobseeker, [snapshot], str(error), editable=editable)
    contacts = sorted(snapshot.data.get("contacts", []), key=lambda c: (c["label"], c["id"]))
    rows = [(c["label"], Ring(c["ring"]).label, Quadrant(c["quadrant"]).label) for c in contacts]
    return render(
        request,
        "network/snapshot_detail.html",
        {
            "jobseeker": jobseeker,
            "snapshot": snapshot,
            "svg": _snapshot_map(snapshot, "moment"),
            "rows": rows,
            "editable": editable,
        },
    )


@require_GET
def snapshot_compare(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """Two moments side by side: added, removed and moved contacts."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="snapshot")
    moments = Snapshot.objects.filter(owner=jobseeker)
    chosen = CompareForm(request.GET)
    if not chosen.is_valid():
        messages.error(request, _("Choose two moments to compare."))
        return redirect("network:snapshots", jobseeker.pk)
    first = get_object_or_404(moments, pk=chosen.cleaned_data["a"])
    second = get_object_or_404(moments, pk=chosen.cleaned_data["b"])
    if (first.taken_at, first.pk) > (second.taken_at, second.pk):
        first, second = second, first
    problems = []
    for moment in dict.fromkeys([first, second]):
        try:
            check_moment(moment.data)
        except MomentError as error:
            problems.append((moment, str(error)))
    if problems:
        return _unreadable(
            request,
            jobseeker,
            [moment for moment, _problem in problems],
            problems[0][1],
            editable=editable,
        )
    result = compare(first.data, second.data)
    return render(
        request,
        "network/compare.html",
        {
            "jobseeker": jobseeker,
            "first": first,
            "second": second,
            "first_svg": _snapshot_map(first, "before"),
            "second_svg": _snapshot_map(second, "after"),
            "result": result,
            "ring_labels": dict(Ring.choices),
            "quadrant_labels": dict(Quadrant.choices),
        },
    )


@require_http_methods(["GET", "POST"])
def snapshot_delete(request: HttpRequest, jobseeker_id: int, snapshot_id: int) -> HttpResponse:
    """Delete one moment (after a confirmation page); the network itself does not change."""
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="snapshot", object_id=snapshot_id
    ).jobseeker
    snapshot = get_object_or_404(
        Snapshot.objects.filter(owner=jobseeker).defer("data"), pk=snapshot_id
    )
    if request.method == "POST":
        services.snapshot_delete(jobseeker=jobseeker, snapshot_id=snapshot.pk)
        messages.success(request, _("Moment “%(name)s” is deleted.") % {"name": snapshot.name})
        return redirect("network:snapshots", jobseeker.pk)
    return render(
        request, "network/snapshot_delete.html", {"jobseeker": jobseeker, "snapshot": snapshot}
    )
