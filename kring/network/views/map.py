"""The netwerkcirkel and its table: show, filter, and move people (drag, keys or a form)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.accounts.access import get_jobseeker_for
from kring.accounts.models import User
from kring.core.errors import VersionConflict
from kring.core.http import HtmxHttpRequest, safe_next
from kring.network import services
from kring.network.forms import MoveForm, TableFilterForm
from kring.network.models import (
    Contact,
    ContactRole,
    Influence,
    KnowsSearching,
    NetworkRows,
    Quadrant,
    Ring,
    Tie,
)
from kring.network.svg import MapOptions, render_map
from kring.network.views.helpers import contact_of, is_self, url_template


def map_context(
    request: HttpRequest,
    jobseeker: User,
    network: NetworkRows | None = None,
    *,
    editable: bool,
    **extra: Any,
) -> dict[str, Any]:
    """Return the template context for the live map of `jobseeker`'s network.

    `network` is the network as a change in this request has just left it; without it the
    map reads the network.
    """
    ties: Sequence[Sequence[int]]
    if network is not None:
        contacts, ties = network.contacts, network.ties
    else:
        contacts = Contact.objects.map_rows(jobseeker)
        ties = Tie.objects.map_rows(jobseeker)
    in_circle = sum(1 for contact in contacts if contact["ring"] >= 1)
    potential = len(contacts) - in_circle
    own = is_self(request, jobseeker)
    heading = _("My network") if own else _("Network of %(name)s") % {"name": jobseeker.name}
    title = (
        _("My network circle")
        if own
        else _("Network circle of %(name)s") % {"name": jobseeker.name}
    )
    description = _(
        "%(contacts)d people in rings 1 to 4, %(potential)d people to approach in the outer "
        "band, %(ties)d ties between them. The table view shows the same network as text."
    ) % {"contacts": in_circle, "potential": potential, "ties": len(ties)}
    svg = render_map(
        contacts,
        ties,
        MapOptions(
            title=title,
            description=description,
            interactive=True,
            editable=editable,
            contact_url=url_template("network:contact", jobseeker),
            move_url=url_template("network:contact_move", jobseeker),
            ego_label=_("Me") if own else jobseeker.name[:6],
        ),
    )
    return {
        "jobseeker": jobseeker,
        "own": own,
        "editable": editable,
        "svg": svg,
        "contact_count": len(contacts),
        "in_circle": in_circle,
        "potential": potential,
        "tie_count": len(ties),
        "title": title,
        "heading": heading,
        **extra,
    }


@require_GET
def network_map(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="network")
    context = map_context(
        request, jobseeker, editable=editable, zoomed=request.GET.get("zoom") == "1"
    )
    return render(request, "network/map.html", context)


@require_POST
def contact_move(request: HtmxHttpRequest, jobseeker_id: int, contact_id: int) -> HttpResponse:
    """Move a contact to another ring or quadrant: from drag and drop, keys or a plain form.

    A plain form post gets a redirect with a message; map.js posts through htmx and gets the
    re-rendered map region (also with 409 or 422, which htmx is configured to show).
    """
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="contact", object_id=contact_id
    )
    form = MoveForm(request.POST)
    if not form.is_valid():
        contact_of(jobseeker, contact_id)  # still 404 for someone else's contact
    status, level = 200, messages.SUCCESS
    network: NetworkRows | None = None
    if not form.is_valid():
        status, level = 422, messages.ERROR
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
    else:
        try:
            contact, network = services.contact_move_with_network(
                jobseeker=jobseeker,
                contact_id=contact_id,
                ring=form.cleaned_data["ring"],
                quadrant=form.cleaned_data["quadrant"],
                version=form.cleaned_data["version"],
            )
            message = _("%(name)s is now in ring %(place)s.") % {
                "name": contact.label,
                "place": contact.place_text(),
            }
        except VersionConflict as conflict:
            status, level = 409, messages.ERROR
            current = conflict.current
            message = (
                conflict.message
                + " "
                + _("%(name)s is in ring %(place)s.")
                % {
                    "name": current.label,
                    "place": current.place_text(),
                }
            )
        except ValidationError as error:
            status, level = 422, messages.ERROR
            message = " ".join(error.messages)
    if request.htmx:  # map.js posted the move: answer with the map region only
        context = map_context(
            request,
            jobseeker,
            network,
            status_message=message,
            status_level=level,
            moved_id=contact_id,
            editable=editable,
        )
        return render(request, "network/map.html#map-region", context, status=status)
    messages.add_message(request, level, message)
    return HttpResponseRedirect(safe_next(request, reverse("network:map", args=[jobseeker.pk])))


@require_GET
def network_table(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The same network as a table: the text alternative of the map, sortable and filterable."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="network")
    filters = TableFilterForm(request.GET)
    rows = list(filters.filter(Contact.objects.filter(owner=jobseeker)))
    key, descending = filters.sort_key()
    params = request.GET.copy()
    headers = []
    for name, title in (
        ("label", _("Name")),
        ("ring", _("Ring")),
        ("quadrant", _("Quadrant")),
        ("role", _("Who")),
        ("influence", _("Effect on your search")),
        ("knows_searching", _("Knows you are looking")),
    ):
        params["sort"] = f"-{name}" if key == name and not descending else name
        headers.append(
            {
                "title": title,
                "url": "?" + params.urlencode(),
                "sort": ("descending" if descending else "ascending") if key == name else "",
            }
        )
    return render(
        request,
        "network/table.html",
        {
            "jobseeker": jobseeker,
            "rows": [
                (
                    contact,
                    MoveForm(
                        initial={
                            "ring": contact.ring,
                            "quadrant": contact.quadrant,
                            "version": contact.version,
                        },
                        prefix=f"m{contact.pk}",
                    )
                    if editable
                    else None,
                )
                for contact in rows
            ],
            "headers": headers,
            "editable": editable,
            "query": filters.value("q"),
            "ring": str(filters.value("ring")),
            "quadrant": filters.value("quadrant"),
            "effect": filters.value("effect"),
            "knows": filters.value("knows"),
            "sort": ("-" if descending else "") + key,
            "rings": Ring.choices,
            "quadrants": Quadrant.choices,
            "knows_choices": KnowsSearching.choices,
            "total": Contact.objects.filter(owner=jobseeker).count(),
            "own": is_self(request, jobseeker),
            "influence_labels": dict(Influence.choices),
            "role_labels": dict(ContactRole.choices),
        },
    )


@require_POST
def table_move(request: HtmxHttpRequest, jobseeker_id: int, contact_id: int) -> HttpResponse:
    """The table's per-row move form (fields carry a prefix so rows stay distinct)."""
    prefix = f"m{contact_id}-"
    data = request.POST.copy()
    for name in ("ring", "quadrant", "version"):
        if prefix + name in data:
            data[name] = data.get(prefix + name, "")
    request.POST = data  # type: ignore[assignment]
    return contact_move(request, jobseeker_id, contact_id)
