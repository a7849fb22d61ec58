"""Forms of the meeting pages: they parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.meetings.models import (
    AGENDA_MAX,
    EVALUATION_MAX,
    PLACE_MAX,
    QUESTION_MAX,
    TASK_MAX,
    CircleMeeting,
    Who,
)
from kring.network.models import LABEL_MAX, PRIVACY_HINT, Contact

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_VERSION = {"widget": forms.HiddenInput, "min_value": 1, "max_value": 2**31 - 1}


def default_agenda() -> str:
    """Return the agenda of DOMAIN.md §7 in the active language: information, time without
    professionals, the plan, closing."""
    return "\n".join(
        [
            str(_("1. Welcome. I tell you my question.")),
            str(_("2. You think together, without the coach.")),
            str(_("3. We make a plan: who does what, and when.")),
            str(_("4. We close. When do we look back?")),
        ]
    )


class MeetingForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX,
        help_text=_(
            "For example: how do I find work in a shop near me? "
            "Do not write about health, religion or origin."
        ),
    )
    meets_on = forms.DateField(label=_("Date"), required=False, widget=_DATE)
    starts_at = forms.TimeField(label=_("Time"), required=False, widget=_TIME)
    place = forms.CharField(
        label=_("Place"),
        max_length=PLACE_MAX,
        required=False,
        help_text=_("For example: at my home, or in the community centre."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=AGENDA_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evaluate_on = forms.DateField(
        label=_("When do you look back at the plan?"),
        required=False,
        widget=_DATE,
        help_text=_("Empty: 4 weeks after the meeting."),
    )


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(**_VERSION)  # type: ignore[arg-type]


class InviteeForm(forms.Form):
    contact = forms.TypedChoiceField(
        label=_("Someone from your network"), coerce=int, required=False, empty_value=None
    )
    new_label = forms.CharField(
        label=_("Or a new person"),
        max_length=LABEL_MAX,
        required=False,
        help_text=_("A first name or nickname, no surname."),
    )
    suggested_by = forms.TypedChoiceField(
        label=_("Who thought of this person?"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, meeting: CircleMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = set(meeting.invitees.values_list("contact_id", flat=True))
        people = Contact.objects.filter(owner=meeting.owner_id).order_by("label", "id")
        contact = self.fields["contact"]
        assert isinstance(contact, forms.TypedChoiceField)
        contact.choices = [("", "—")] + [
            (c.pk, c.label) for c in people.only("id", "label") if c.pk not in listed
        ]
        suggested_by = self.fields["suggested_by"]
        assert isinstance(suggested_by, forms.TypedChoiceField)
        suggested_by.choices = [("", _("nobody, my own idea"))] + [
            (c.pk, c.label) for c in people.only("id", "label") if c.pk in listed
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("contact") and not (data.get("new_label") or "").strip():
            raise forms.ValidationError(_("Choose someone, or write a new name."))
        if data.get("contact") and (data.get("new_label") or "").strip():
            raise forms.ValidationError(_("Choose someone or write a new name, not both."))
        return data


class ItemForm(forms.Form):
    who = forms.ChoiceField(label=_("Who does it?"), choices=Who.choices, widget=forms.RadioSelect)
    contact = forms.TypedChoiceField(
        label=_("Who from your network?"), coerce=int, required=False, empty_value=None
    )
    task = forms.CharField(label=_("What?"), max_length=TASK_MAX, help_text=PRIVACY_HINT)
    due_on = forms.DateField(label=_("By when?"), widget=_DATE)

    def __init__(self, *args: Any, meeting: CircleMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Those on the list first: they were at the meeting; then the rest of the network.
        listed = list(
            meeting.invitees.select_related("contact").values_list("contact_id", "contact__label")
        )
        seen = {pk for pk, _label in listed}
        others = (
            Contact.objects.filter(owner=meeting.owner_id)
            .exclude(pk__in=seen)
            .order_by("label", "id")
            .values_list("id", "label")
        )
        contact = self.fields["contact"]
        assert isinstance(contact, forms.TypedChoiceField)
        contact.choices = [("", "—"), *listed, *others]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("who") == Who.CONTACT and not data.get("contact"):
            self.add_error("contact", _("Choose who from your network does it."))
        return data


class EvaluationForm(forms.Form):
    version = forms.IntegerField(**_VERSION)  # type: ignore[arg-type]
    evaluation = forms.CharField(
        label=_("How did it go? What is next?"),
        max_length=EVALUATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PRIVACY_HINT,
    )
    evaluated_on = forms.DateField(label=_("When?"), required=False, widget=_DATE)
