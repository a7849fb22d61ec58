"""Forms of the offer pages: they parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.accounts.models import User
from kring.network.models import PRIVACY_HINT
from kring.offers.models import (
    NOTE_MAX,
    Gap,
    Offer,
    ReferralOutcome,
    TargetGroup,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(forms.ModelForm):  # type: ignore[type-arg]
    """The fields an admin sets (never the organisation: that is the admin's own)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, required=False
    )
    target_groups = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: for everyone."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    gaps = forms.MultipleChoiceField(
        label=_("Helps with"),
        choices=Gap.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: what this kind of place usually gives."),
    )

    class Meta:
        model = Offer
        fields = [
            "name",
            "kind",
            "description",
            "contact_route",
            "website",
            "region",
            "target_groups",
            "gaps",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ReferralForm(forms.Form):
    offer = forms.TypedChoiceField(label=pgettext_lazy("offer", "Place"), coerce=int)
    referred_on = forms.DateField(label=_("When?"), widget=_DATE)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, help_text=PRIVACY_HINT
    )

    def __init__(self, *args: Any, jobseeker: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"referred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        offers = Offer.objects.of(jobseeker.organisation_id).active().order_by("name", "id")
        field = self.fields["offer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(o.pk, o.name) for o in offers.only("id", "name")]


class ReferralOutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    outcome = forms.ChoiceField(
        label=_("How did it go?"), choices=ReferralOutcome.choices, widget=forms.RadioSelect
    )
    outcome_on = forms.DateField(label=_("When?"), required=False, widget=_DATE)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, help_text=PRIVACY_HINT
    )
