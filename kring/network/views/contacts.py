"""One contact (details, change, add, delete), the guided questions, who knows whom, the profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Field, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kring.accounts.access import Need, get_jobseeker_for, request_user
from kring.analysis.schema import LIST_FIELDS
from kring.core.errors import VersionConflict
from kring.network import services
from kring.network.forms import ContactForm, MoveForm, NamesForm, ProfileForm, TiesForm, VersionForm
from kring.network.models import (
    Contact,
    Function,
    KnowsSearching,
    NetworkProfile,
    Quadrant,
    Ring,
    Tie,
)
from kring.network.prompts import PROMPTS, PROMPTS_BY_KEY, next_prompt
from kring.network.services import CONTACT_FIELDS, conflict_message
from kring.network.views.helpers import contact_of, is_self


def contact_details(contact: Contact) -> list[tuple[str, str]]:
    """Return (field name, value in words) for every field of the contact record.

    Driven by the model: each field's verbose name, and its choices' labels where it has them.
    """
    fields = [Contact._meta.get_field(name) for name in CONTACT_FIELDS]
    return [
        (str(field.verbose_name), _in_words(field, getattr(contact, field.name)) or "—")
        for field in fields
        if isinstance(field, Field)
    ]


def _in_words(field: Field[Any, Any], value: Any) -> str:
    """Return a stored value as a person reads it: a choice's label, yes or no, a date."""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, BooleanField):
        return _("I don't know") if value is None else str(_("yes") if value else _("no"))
    if field.name in LIST_FIELDS:
        labels = dict(Function.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Contact):
        return value.label
    return str(value or "")


def _codes(request: HttpRequest) -> bool:
    """Whether the forms offer sector and occupation codes: coaches yes, job seekers everyday words."""
    return request_user(request).is_professional


@require_http_methods(["GET", "POST"])
def contact_detail(request: HttpRequest, jobseeker_id: int, contact_id: int) -> HttpResponse:
    """One contact: every field, to read or (with the right to edit) to change."""
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need=need, object_type="contact", object_id=contact_id
    )
    contact = contact_of(jobseeker, contact_id)
    conflict: Contact | None = None
    if request.method == "POST":
        form = ContactForm(
            request.POST, instance=contact, owner=jobseeker, professional=_codes(request)
        )
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
                form = ContactForm(
                    data,
                    instance=contact_of(jobseeker, contact_id),
                    owner=jobseeker,
                    professional=_codes(request),
                )
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
        form = ContactForm(
            instance=contact,
            owner=jobseeker,
            professional=_codes(request),
            initial={"version": contact.version},
        )
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
        form = ContactForm(
            request.POST, instance=blank, owner=jobseeker, professional=_codes(request)
        )
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
            professional=_codes(request),
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
    contact = contact_of(jobseeker, contact_id)
    if request.method == "POST":
        seen = VersionForm(request.POST)
        version = seen.cleaned_data["version"] if seen.is_valid() else None
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


@require_http_methods(["GET"])
def build_start(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="network"
    ).jobseeker
    return render(
        request,
        "network/build_start.html",
        {"jobseeker": jobseeker, "prompts": PROMPTS, "own": is_self(request, jobseeker)},
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


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """What the job seeker is looking for: occupation, sector, region, languages."""
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, need=need, object_type="profile")
    current = NetworkProfile.objects.filter(jobseeker=jobseeker).first() or NetworkProfile(
        jobseeker=jobseeker
    )
    form = ProfileForm(request.POST or None, instance=current, professional=_codes(request))
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
