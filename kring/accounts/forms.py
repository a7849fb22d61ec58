"""Forms: each accepts only the fields it names (no mass assignment of role or organisation)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Scope, User, normalise_email, normalise_sign_in_name


class LoginForm(AuthenticationForm):
    # An e-mail address, or the login name of someone without one (intake at the desk).
    username = forms.CharField(
        label=_("E-mail address or login name"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    error_messages = {
        "invalid_login": _(
            "This e-mail address or login name and this password do not match. "
            "Check them and try again."
        ),
        "inactive": _("This account is switched off. Ask your organisation."),
    }

    def clean_username(self) -> str:
        # Before authenticate(): the lockout (django-axes) counts this spelling, so "Coach@X"
        # and "coach@x" share one counter.
        return normalise_sign_in_name(self.cleaned_data.get("username"))


class EmailPasswordResetForm(PasswordResetForm):
    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Not only numbers, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def validated_password(self, user: User | None = None) -> str | None:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
            return None
        if password1:
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
                return None
        return password1


class SignupForm(PasswordPairMixin):
    name = forms.CharField(label=_("Your first name"), max_length=80)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("email", "")
        if email and User.objects.with_email(email).exists():
            self.add_error(
                "email",
                _("You cannot sign up with this e-mail address. Do you already have an account?"),
            )
        candidate = User(email=email, name=cleaned.get("name", ""))
        self.validated_password(candidate)
        return cleaned


class ActivationForm(PasswordPairMixin):
    name = forms.CharField(label=_("Your first name"), max_length=80)
    grant_to_inviter = forms.BooleanField(required=False)

    def __init__(self, *args: Any, email: str = "", coach_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        if coach_name:
            self.fields["grant_to_inviter"].label = _("%(coach)s may see and change my network") % {
                "coach": coach_name
            }
        else:
            del self.fields["grant_to_inviter"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validated_password(User(email=self.email, name=cleaned.get("name", "")))
        return cleaned


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("First name"), max_length=80, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))


class GrantForm(forms.Form):
    coach = forms.ChoiceField(label=_("Coach"), required=False)
    # A coach's personal code, not their e-mail address: looking coaches up by address told
    # anyone which addresses belong to coaches. The code is checked in the service (rate-limited).
    code = forms.CharField(
        label=_("Or the code of your coach"),
        max_length=20,
        required=False,
        help_text=_("Your coach sees this code in Kring. It has 8 letters and digits."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    scope = forms.ChoiceField(
        label=_("What may this coach do?"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        initial=Scope.VIEW,
    )

    def __init__(self, *args: Any, coaches: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coaches = {str(c.pk): c for c in coaches}
        coach_field = self.fields["coach"]
        assert isinstance(coach_field, forms.ChoiceField)
        coach_field.choices = [("", _("— choose a coach —"))] + [
            (pk, f"{c.name} ({c.organisation})") for pk, c in self.coaches.items()
        ]
        if not coaches:
            del self.fields["coach"]
            self.fields["code"].label = _("Code of your coach")
            self.fields["code"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["chosen_coach"] = self.coaches.get(cleaned.get("coach") or "")
        if cleaned["chosen_coach"] is None and not cleaned.get("code") and not self.errors:
            self.add_error(None, _("Choose a coach or fill in the code of your coach."))
        return cleaned


class GrantConfirmForm(forms.Form):
    """The confirmation step after a code: the code and scope come back, hidden."""

    code = forms.CharField(max_length=20, widget=forms.HiddenInput)
    scope = forms.ChoiceField(choices=Scope.choices, widget=forms.HiddenInput)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=60,
        required=False,
        help_text=_("For example the program that will use it."),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The 6 digits in your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ReplaceDeviceForm(forms.Form):
    """Moving two-step login to a new phone: proof from the old one, then the new app's code."""

    current = forms.CharField(
        label=_("Code from your old app"),
        max_length=12,
        help_text=_("The 6 digits in the app you use now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
    token = forms.CharField(
        label=_("Code from your new app"),
        max_length=12,
        help_text=_("The 6 digits the new app shows after you scanned the code above."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
