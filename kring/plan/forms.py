"""Forms of the plan pages: they parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import User
from kring.network.models import LABEL_MAX, PRIVACY_HINT, Contact
from kring.plan.models import COACH_TEXT_MAX, NOTE_MAX, AskHow, AskKind, Outcome

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AskForm(forms.Form):
    contact = forms.TypedChoiceField(label=_("Whom do you ask?"), coerce=int)
    kind = forms.ChoiceField(label=_("What do you ask?"), choices=AskKind.choices)
    how = forms.ChoiceField(label=_("How do you ask?"), choices=AskHow.choices)
    asked_on = forms.DateField(label=_("When?"), widget=_DATE)
    follow_up = forms.DateField(label=_("When do you check again?"), required=False, widget=_DATE)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, help_text=PRIVACY_HINT
    )

    def __init__(self, *args: Any, jobseeker: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"asked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        choices = Contact.objects.filter(owner=jobseeker).order_by("label", "id")
        field = self.fields["contact"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(c.pk, c.label) for c in choices.only("id", "label")]


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    outcome = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[(v, label) for v, label in Outcome.choices if v != Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    new_contact_label = forms.CharField(
        label=_("Name of the new person"),
        required=False,
        max_length=LABEL_MAX,
        help_text=_("Only when you met someone new. A first name or nickname, no surname."),
    )
    outcome_on = forms.DateField(label=_("When?"), required=False, widget=_DATE)
    follow_up = forms.DateField(label=_("When do you check again?"), required=False, widget=_DATE)


class SuggestionForm(forms.Form):
    key = forms.CharField(max_length=80)
    action = forms.ChoiceField(
        choices=[("accept", "accept"), ("later", "later"), ("dismiss", "dismiss")]
    )
    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{1,32}$", required=False)


class CoachSuggestionForm(forms.Form):
    """A coach's idea for the job seeker: about one person of the network, or about nobody yet."""

    contact = forms.TypedChoiceField(
        label=_("About whom?"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("What could the job seeker ask?"), choices=AskKind.choices)
    text = forms.CharField(
        label=_("Your idea"),
        max_length=COACH_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The job seeker reads this. Write short sentences with everyday words and 'je'. "
            "Do not write about health, religion or origin."
        ),
    )

    def __init__(self, *args: Any, jobseeker: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = Contact.objects.filter(owner=jobseeker).order_by("label", "id")
        field = self.fields["contact"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("nobody in particular: someone new, or a place"))] + [
            (c.pk, c.label) for c in choices.only("id", "label")
        ]
