"""Forms of the intake at the desk, the handover and the coach's access settings.

Each form names its fields (no mass assignment); the services check the rules again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.forms import PasswordPairMixin
from kring.accounts.models import (
    ConsentHow,
    HandoverCode,
    Organisation,
    Scope,
    User,
    normalise_email,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class IntakeForm(forms.Form):
    name = forms.CharField(
        label=_("First name of the job seeker"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address of the job seeker"),
        max_length=254,
        required=False,
        help_text=_("Leave empty when the job seeker has no e-mail address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput())
    how = forms.ChoiceField(
        label=_("How did the job seeker agree?"),
        choices=ConsentHow.choices,
        widget=forms.RadioSelect,
    )
    scope = forms.ChoiceField(
        label=_("What did the job seeker agree to?"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        initial=Scope.EDIT,
    )
    ends_on = forms.DateField(
        label=_("Access ends on"),
        required=False,
        help_text=_("The end of the traject. After this day your access stops by itself."),
        widget=DateInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))


class ConsentForm(forms.Form):
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput())
    how = forms.ChoiceField(
        label=_("How did the job seeker agree?"),
        choices=ConsentHow.choices,
        widget=forms.RadioSelect,
    )
    scope = forms.ChoiceField(
        label=_("What did the job seeker agree to?"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
    )


class CodeForm(PasswordPairMixin):
    """A printed one-time code and a new password (twice)."""

    code = forms.CharField(
        label=_("Code from the paper"),
        max_length=24,
        help_text=_("12 letters and digits. You may leave out the dashes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        ),
    )
    field_order = ["code", "password1", "password2"]

    def clean_code(self) -> str:
        code = HandoverCode.normalise(self.cleaned_data.get("code", ""))
        if len(code) != HandoverCode.LENGTH:
            raise forms.ValidationError(_("The code has 12 letters and digits. Check the paper."))
        return code

    def password_user(self, cleaned: dict[str, Any]) -> User | None:
        """The user the password is checked against (similarity), as far as the form knows."""
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validated_password(self.password_user(cleaned))
        return cleaned


class HandoverForm(CodeForm):
    """The job seeker takes over the account: the printed code, a password, a way to sign in."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        required=False,
        help_text=_("No e-mail address? Leave this empty. Kring then gives you a login name."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["code", "password1", "password2", "email"]

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))

    def password_user(self, cleaned: dict[str, Any]) -> User | None:
        return User(email=cleaned.get("email", ""))


class PasswordCodeRequestForm(forms.Form):
    """The coach confirms that the job seeker is at the desk and asked for a new password."""

    client_asked = forms.BooleanField(
        label=_("The job seeker is here with me and asked for a new password."),
        required=True,
        error_messages={"required": _("Tick this only when the job seeker is here and asked.")},
    )


def _coach_choices(coaches: list[User]) -> list[tuple[str, str]]:
    return [("", str(_("— choose a coach —")))] + [(str(c.pk), c.name) for c in coaches]


class StandinForm(forms.Form):
    standin = forms.TypedChoiceField(label=_("Stand-in"), coerce=int)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())

    def __init__(self, *args: Any, coaches: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standin"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _coach_choices(coaches)


class TransferForm(forms.Form):
    to_coach = forms.TypedChoiceField(label=_("New coach"), coerce=int)

    def __init__(self, *args: Any, coaches: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_coach"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _coach_choices(coaches)


class GrantEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Access ends on"),
        required=False,
        help_text=_("Leave empty for no end."),
        widget=DateInput(),
    )


class VoluntaryTextForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["voluntary_text"]
        widgets = {"voluntary_text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "voluntary_text": _(
                "Every intake page shows this sentence. Leave it empty for the sentence of Kring."
            )
        }
