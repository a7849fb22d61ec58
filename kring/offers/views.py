"""Local offers (the organisation's list) and a job seeker's referrals. Parse, authorise, call,
render.

Offers are the organisation's: every member reads the active ones, only its admins add and
change them. Referrals are the job seeker's data: `get_jobseeker_for` lets the job seeker and
a coach with a grant read them (logged), the job seeker and a coach with an edit grant change
them, and answers 404 to anyone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts.access import Need, get_jobseeker_for, request_user, role_required
from kring.accounts.models import Role, User
from kring.core.errors import NotFound, VersionConflict
from kring.offers import selectors, services
from kring.offers.forms import OfferForm, ReferralForm, ReferralOutcomeForm
from kring.offers.models import Offer, OfferKind, Referral

OBJECT_TYPE = "referral"


@require_http_methods(["GET", "HEAD"])
def offer_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    offers = Offer.objects.visible_to(user).order_by("kind", "name", "id")
    order = {kind: place for place, kind in enumerate(OfferKind.values)}
    grouped: dict[str, list[Offer]] = {}
    for offer in sorted(offers, key=lambda o: (order.get(o.kind, 99), o.name.casefold(), o.pk)):
        grouped.setdefault(offer.get_kind_display(), []).append(offer)
    return render(
        request,
        "offers/list.html",
        {"groups": grouped, "can_manage": user.has_role(Role.ADMIN)},
    )


@require_http_methods(["GET", "HEAD"])
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    user = request_user(request)
    offer = Offer.objects.visible_to(user).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return render(
        request,
        "offers/detail.html",
        {"offer": offer, "can_manage": user.has_role(Role.ADMIN)},
    )


def _offer_fields(form: OfferForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.OFFER_FIELDS}


@role_required(Role.ADMIN, not_found=True)
@require_http_methods(["GET", "HEAD", "POST"])
def offer_new(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                offer = services.offer_create(actor=request_user(request), **_offer_fields(form))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The place is on the list."))
                return redirect("offers:detail", offer.pk)
        return render(request, "offers/form.html", {"form": form, "offer": None}, status=422)
    return render(request, "offers/form.html", {"form": form, "offer": None})


@role_required(Role.ADMIN, not_found=True)
@require_http_methods(["GET", "HEAD", "POST"])
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    actor = request_user(request)
    offer = Offer.objects.of(actor.organisation_id).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    if request.method != "POST":
        form = OfferForm(instance=offer, initial={"version": offer.version})
        return render(request, "offers/form.html", {"form": form, "offer": offer})
    # The form checks the input on a copy; the service writes, with the version check.
    form = OfferForm(request.POST, instance=Offer.objects.get(pk=offer.pk))
    error, status = "", 422
    if form.is_valid():
        try:
            saved = services.offer_update(
                actor=actor,
                offer_id=offer.pk,
                version=form.cleaned_data["version"] or 0,
                **_offer_fields(form),
            )
        except VersionConflict as conflict:
            form = OfferForm(
                instance=conflict.current, initial={"version": conflict.current.version}
            )
            error, status = conflict.message, 409
        except ValidationError as invalid:
            form.add_error(None, invalid.messages)
        else:
            messages.success(request, _("The place is saved."))
            return redirect("offers:detail", saved.pk)
    return render(
        request, "offers/form.html", {"form": form, "offer": offer, "error": error}, status=status
    )


def _referrals_page(
    request: HttpRequest,
    jobseeker: User,
    editable: bool,
    form: ReferralForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "offers/referrals.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "referrals": selectors.referrals_of(jobseeker),
            "form": form or ReferralForm(jobseeker=jobseeker),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def referrals(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type=OBJECT_TYPE)
    return _referrals_page(request, jobseeker, editable)


@require_POST
def referral_new(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type=OBJECT_TYPE
    )
    form = ReferralForm(request.POST, jobseeker=jobseeker)
    if form.is_valid():
        try:
            services.referral_create(
                jobseeker=jobseeker,
                actor=request_user(request),
                offer_id=form.cleaned_data["offer"],
                referred_on=form.cleaned_data["referred_on"],
                note=form.cleaned_data["note"],
            )
        except NotFound:
            form.add_error("offer", _("This place is not on the list (any more). Choose another."))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The referral is saved."))
            return redirect("offers:referrals", jobseeker.pk)
    return _referrals_page(request, jobseeker, editable, form=form, status=422)


@require_http_methods(["GET", "HEAD", "POST"])
def referral_outcome(request: HttpRequest, jobseeker_id: int, referral_id: int) -> HttpResponse:
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need=need, object_type=OBJECT_TYPE, object_id=referral_id
    )
    referral = Referral.objects.of(jobseeker).filter(pk=referral_id).select_related("offer").first()
    if referral is None:
        raise Http404
    initial = {
        "version": referral.version,
        "outcome": referral.outcome,
        "outcome_on": referral.outcome_on,
        "note": referral.note,
    }
    form = ReferralOutcomeForm(request.POST or None, initial=initial)
    error, status = "", 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_record_outcome(
                    jobseeker=jobseeker,
                    actor=request_user(request),
                    referral_id=referral.pk,
                    version=data["version"],
                    outcome=data["outcome"],
                    outcome_on=data["outcome_on"],
                    note=data["note"],
                )
            except VersionConflict as conflict:
                referral = conflict.current
                form = ReferralOutcomeForm(
                    initial={
                        "version": referral.version,
                        "outcome": referral.outcome,
                        "outcome_on": referral.outcome_on,
                        "note": referral.note,
                    }
                )
                error, status = conflict.message, 409
            except ValidationError as invalid:
                form.add_error(None, invalid.messages)
            else:
                messages.success(request, _("The outcome is saved."))
                return redirect("offers:referrals", jobseeker.pk)
    return render(
        request,
        "offers/referral.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "referral": referral,
            "form": form,
            "error": error,
        },
        status=status,
    )
