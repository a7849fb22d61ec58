"""Pages of the netwerkcirkel: parse, authorise (get_jobseeker_for), call a service, render."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.access import Need, get_jobseeker_for
from kring.accounts.access import request_user as _user
from kring.accounts.models import User
from kring.core.errors import VersionConflict
from kring.core.http import HtmxHttpRequest, safe_next
from kring.network import services
from kring.network.compare import compare
from kring.network.forms import (
    ContactForm,
    MoveForm,
    NamesForm,
    ProfileForm,
    SnapshotForm,
    TiesForm,
)
from kring.network.models import (
    Contact,
    ContactRole,
    Function,
    Influence,
    KnowsSearching,
    NetworkProfile,
    NetworkRows,
    Quadrant,
    Ring,
    Snapshot,
    Tie,
)
from kring.network.moments import MomentError, check_moment
from kring.network.prompts import PROMPTS, PROMPTS_BY_KEY, next_prompt
from kring.network.services import conflict_message
from kring.network.svg import MapOptions, render_map

ID_PLACEHOLDER = 999999999


def _contact(jobseeker: User, contact_id: int) -> Contact:
    return get_object_or_404(Contact.objects.filter(owner=jobseeker), pk=contact_id)


def _url_template(name: str, jobseeker: User) -> str:
    url = reverse(name, args=[jobseeker.pk, ID_PLACEHOLDER])
    return url.replace(str(ID_PLACEHOLDER), "{id}")


def _is_self(request: HttpRequest, jobseeker: User) -> bool:
    return bool(request.user.pk == jobseeker.pk)


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
    own = _is_self(request, jobseeker)
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
            contact_url=_url_template("network:contact", jobseeker),
            move_url=_url_template("network:contact_move", jobseeker),
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
        _contact(jobseeker, contact_id)  # still 404 for someone else's contact
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


def contact_details(contact: Contact) -> list[tuple[str, str]]:
    """Return (field name, value in words) for every field of the contact record."""
    unknown = _("I don't know")

    def yes_no(value: bool | None) -> str:
        return unknown if value is None else (_("yes") if value else _("no"))

    def functions(values: list[str]) -> str:
        labels = dict(Function.choices)
        return ", ".join(str(labels.get(v, v)) for v in values) or "—"

    meta = Contact._meta
    rows: list[tuple[str, str]] = [
        (str(meta.get_field("label").verbose_name), contact.label),
        (str(meta.get_field("ring").verbose_name), contact.get_ring_display()),
        (str(meta.get_field("quadrant").verbose_name), contact.get_quadrant_display()),
        (str(meta.get_field("role").verbose_name), contact.get_role_display() or "—"),
        (str(meta.get_field("functions").verbose_name), functions(contact.functions)),
        (
            str(meta.get_field("potential_functions").verbose_name),
            functions(contact.potential_functions),
        ),
        (str(meta.get_field("influence").verbose_name), contact.get_influence_display()),
        (
            str(meta.get_field("normalises_unemployment").verbose_name),
            contact.get_normalises_unemployment_display(),
        ),
        (
            str(meta.get_field("knows_searching").verbose_name),
            contact.get_knows_searching_display(),
        ),
        (str(meta.get_field("approachable").verbose_name), contact.get_approachable_display()),
        (str(meta.get_field("employment").verbose_name), contact.get_employment_display()),
        (str(meta.get_field("sector").verbose_name), contact.get_sector_display() or "—"),
        (str(meta.get_field("occupation").verbose_name), contact.occupation or "—"),
        (str(meta.get_field("isco_code").verbose_name), contact.isco_code or "—"),
        (str(meta.get_field("in_target_sector").verbose_name), yes_no(contact.in_target_sector)),
        (str(meta.get_field("can_introduce").verbose_name), yes_no(contact.can_introduce)),
        (str(meta.get_field("can_hire").verbose_name), yes_no(contact.can_hire)),
        (
            str(meta.get_field("contact_frequency").verbose_name),
            contact.get_contact_frequency_display() or "—",
        ),
        (
            str(meta.get_field("last_contact").verbose_name),
            contact.last_contact.strftime("%d-%m-%Y") if contact.last_contact else "—",
        ),
        (str(meta.get_field("is_new").verbose_name), yes_no(contact.is_new)),
        (
            str(meta.get_field("introduced_by").verbose_name),
            contact.introduced_by.label if contact.introduced_by else "—",
        ),
        (str(meta.get_field("note").verbose_name), contact.note or "—"),
    ]
    return rows


@require_http_methods(["GET", "POST"])
def contact_detail(request: HttpRequest, jobseeker_id: int, contact_id: int) -> HttpResponse:
    """One contact: every field, to read or (with the right to edit) to change."""
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need=need, object_type="contact", object_id=contact_id
    )
    contact = _contact(jobseeker, contact_id)
    conflict: Contact | None = None
    if request.method == "POST":
        form = ContactForm(request.POST, instance=contact, owner=jobseeker)
        if form.is_valid():
            try:
                services.contact_update(
                    jobseeker=jobseeker,
                    contact_id=contact_id,
                    version=form.cleaned_data["version"],
                    **form.changes(),
                )
            except VersionConflict as error:
                conflict = error.current
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = ContactForm(data, instance=_contact(jobseeker, contact_id), owner=jobseeker)
                form.is_valid()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The changes to %(name)s are saved.") % {"name": form.cleaned_data["label"]},
                )
                return redirect("network:contact", jobseeker.pk, contact_id)
        status = 409 if conflict is not None else 422
    else:
        form = ContactForm(instance=contact, owner=jobseeker, initial={"version": contact.version})
        status = 200
    if conflict is None and request.method == "POST":
        contact.refresh_from_db()
    return render(
        request,
        "network/contact_detail.html",
        {
            "jobseeker": jobseeker,
            "contact": conflict or contact,
            "form": form if editable else None,
            "details": contact_details(conflict or contact),
            "conflict": conflict,
            "conflict_message": conflict_message() if conflict else "",
            "move_form": MoveForm(
                initial={
                    "ring": contact.ring,
                    "quadrant": contact.quadrant,
                    "version": contact.version,
                }
            )
            if editable and conflict is None
            else None,
            "editable": editable,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="contact"
    ).jobseeker
    blank = Contact(owner=jobseeker)
    if request.method == "POST":
        form = ContactForm(request.POST, instance=blank, owner=jobseeker)
        if form.is_valid():
            try:
                contact = services.contact_create(jobseeker=jobseeker, **form.changes())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s is added.") % {"name": contact.label})
                return redirect("network:map", jobseeker.pk)
    else:
        form = ContactForm(
            instance=blank,
            owner=jobseeker,
            initial={"version": 1, "ring": Ring.ACQUAINTANCE, "quadrant": Quadrant.FRIENDS},
        )
    return render(
        request,
        "network/contact_new.html",
        {"jobseeker": jobseeker, "form": form},
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, jobseeker_id: int, contact_id: int) -> HttpResponse:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="contact", object_id=contact_id
    ).jobseeker
    contact = _contact(jobseeker, contact_id)
    if request.method == "POST":
        form = MoveForm({"version": request.POST.get("version"), "ring": 0, "quadrant": "family"})
        version = form.cleaned_data["version"] if form.is_valid() else None
        try:
            services.contact_delete(jobseeker=jobseeker, contact_id=contact.pk, version=version)
        except VersionConflict as conflict:
            messages.error(request, conflict.message)
            return redirect("network:contact", jobseeker.pk, contact.pk)
        messages.success(request, _("%(name)s is deleted.") % {"name": contact.label})
        return redirect("network:map", jobseeker.pk)
    return render(
        request, "network/contact_delete.html", {"jobseeker": jobseeker, "contact": contact}
    )


SORTS = {
    "label": ("label", "id"),
    "ring": ("ring", "label"),
    "quadrant": ("quadrant", "label"),
    "role": ("role", "label"),
    "influence": ("influence", "label"),
    "knows_searching": ("knows_searching", "label"),
}


@require_GET
def network_table(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The same network as a table: the text alternative of the map, sortable and filterable."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="network")
    contacts = Contact.objects.filter(owner=jobseeker)
    query = request.GET.get("q", "").strip()[:40]
    if query:
        contacts = contacts.filter(label__icontains=query)
    ring = request.GET.get("ring", "")
    if ring in {str(value) for value in Ring.values}:
        contacts = contacts.filter(ring=int(ring))
    quadrant = request.GET.get("quadrant", "")
    if quadrant in Quadrant.values:
        contacts = contacts.filter(quadrant=quadrant)
    effect = request.GET.get("effect", "")
    if effect == "supportive":
        contacts = contacts.filter(influence__gte=1)
    elif effect == "discouraging":
        contacts = contacts.filter(influence__lte=-1)
    elif effect == "neutral":
        contacts = contacts.filter(influence=0)
    knows = request.GET.get("knows", "")
    if knows in KnowsSearching.values:
        contacts = contacts.filter(knows_searching=knows)
    sort = request.GET.get("sort", "label")
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "label", False
    order = [("-" + name if descending else name) for name in SORTS[key]]
    rows = list(contacts.order_by(*order))
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
            "query": query,
            "ring": ring,
            "quadrant": quadrant,
            "effect": effect,
            "knows": knows,
            "sort": sort,
            "rings": Ring.choices,
            "quadrants": Quadrant.choices,
            "knows_choices": KnowsSearching.choices,
            "total": Contact.objects.filter(owner=jobseeker).count(),
            "own": _is_self(request, jobseeker),
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


@require_http_methods(["GET"])
def build_start(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="network"
    ).jobseeker
    return render(
        request,
        "network/build_start.html",
        {"jobseeker": jobseeker, "prompts": PROMPTS, "own": _is_self(request, jobseeker)},
    )


def _prompt_ring(data: dict[str, Any], asked: bool, default: int | None) -> int:
    value = data.get("ring") if asked else default
    return int(value) if value is not None and value != "" else -1


@require_http_methods(["GET", "POST"])
def build_prompt(request: HttpRequest, jobseeker_id: int, key: str) -> HttpResponse:
    """One guided question; add several names at once, or skip it."""
    prompt = PROMPTS_BY_KEY.get(key)
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="network"
    ).jobseeker
    if prompt is None:
        return redirect("network:build", jobseeker.pk)
    following = next_prompt(prompt.key)
    next_url = (
        reverse("network:prompt", args=[jobseeker.pk, following.key])
        if following
        else reverse("network:map", args=[jobseeker.pk])
    )
    existing = (
        list(
            Contact.objects.filter(owner=jobseeker)
            .exclude(knows_searching=KnowsSearching.YES)
            .order_by("label", "id")
        )
        if prompt.tick_existing
        else []
    )
    form = NamesForm(
        request.POST or None,
        ask_ring=prompt.ask_ring,
        ask_quadrant=prompt.quadrant is None,
        initial={"ring": prompt.ring, "quadrant": prompt.quadrant or Quadrant.FRIENDS},
    )
    if request.method == "POST":
        if "skip" in request.POST:
            return redirect(next_url)
        ticked = [
            int(value)
            for value in request.POST.getlist("tick")
            if value.isdigit() and any(c.pk == int(value) for c in existing)
        ]
        if form.is_valid():
            names = form.cleaned_data["names"]
            if not names and not ticked:
                form.add_error(
                    "names", _("Fill in at least one name, or choose “Skip this question”.")
                )
            else:
                try:
                    made = []
                    if names:
                        made = services.contacts_add_names(
                            jobseeker=jobseeker,
                            names=names,
                            ring=_prompt_ring(form.cleaned_data, prompt.ask_ring, prompt.ring),
                            quadrant=str(form.cleaned_data.get("quadrant") or prompt.quadrant),
                            **prompt.defaults,
                        )
                    if ticked:
                        services.contacts_set_knows_searching(
                            jobseeker=jobseeker, contact_ids=ticked
                        )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("Added: %(count)d. Marked: %(ticked)d.")
                        % {"count": len(made), "ticked": len(ticked)}
                        if ticked
                        else _("Added: %(count)d.") % {"count": len(made)},
                    )
                    return redirect(next_url)
    number = [p.key for p in PROMPTS].index(prompt.key) + 1
    return render(
        request,
        "network/build_prompt.html",
        {
            "jobseeker": jobseeker,
            "prompt": prompt,
            "form": form,
            "existing": existing,
            "number": number,
            "total": len(PROMPTS),
            "next_url": next_url,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def ties_edit(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """Who knows whom: pick one contact and tick the others they know."""
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, need=need, object_type="ties")
    contacts = list(Contact.objects.filter(owner=jobseeker).order_by("label", "id"))
    chosen_id = request.POST.get("contact") or request.GET.get("contact") or ""
    chosen = next((c for c in contacts if str(c.pk) == chosen_id), None)
    form = None
    if chosen is not None:
        current = {
            tie.other(chosen.pk): tie.strength
            for tie in Tie.objects.filter(owner=jobseeker).filter(Q(a=chosen) | Q(b=chosen))
        }
        others = [c for c in contacts if c.pk != chosen.pk]
        form = TiesForm(
            request.POST if request.method == "POST" else None, others=others, current=current
        )
        if request.method == "POST" and form.is_valid():
            try:
                changes = services.ties_set_for(
                    jobseeker=jobseeker,
                    contact_id=chosen.pk,
                    strengths=form.strengths(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Saved who %(name)s knows (%(count)d changes).")
                    % {"name": chosen.label, "count": changes},
                )
                return redirect(
                    reverse("network:ties", args=[jobseeker.pk]) + f"?contact={chosen.pk}"
                )
    elif request.method == "POST":
        return redirect("network:ties", jobseeker.pk)
    counts: dict[int, int] = {}
    for a_id, b_id in Tie.objects.filter(owner=jobseeker).values_list("a_id", "b_id"):
        counts[a_id] = counts.get(a_id, 0) + 1
        counts[b_id] = counts.get(b_id, 0) + 1
    return render(
        request,
        "network/ties.html",
        {
            "jobseeker": jobseeker,
            "contacts": [(c, counts.get(c.pk, 0)) for c in contacts],
            "chosen": chosen,
            "form": form,
            "editable": editable,
        },
    )


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
    first_id, second_id = request.GET.get("a", ""), request.GET.get("b", "")
    if not (first_id.isdigit() and second_id.isdigit()):
        messages.error(request, _("Choose two moments to compare."))
        return redirect("network:snapshots", jobseeker.pk)
    first = get_object_or_404(moments, pk=int(first_id))
    second = get_object_or_404(moments, pk=int(second_id))
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


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """What the job seeker is looking for: occupation, sector, region, languages."""
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, need=need, object_type="profile")
    current = NetworkProfile.objects.filter(jobseeker=jobseeker).first() or NetworkProfile(
        jobseeker=jobseeker
    )
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            jobseeker=jobseeker,
            **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("network:profile", jobseeker.pk)
    return render(
        request,
        "network/profile.html",
        {"jobseeker": jobseeker, "form": form, "editable": editable, "profile": current},
        status=422 if form.is_bound and form.errors else 200,
    )
