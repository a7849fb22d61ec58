"""The note form: it parses and checks the text; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.coaching.models import NOTE_TEXT_MAX
from kring.network.models import PRIVACY_HINT


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        # The length is checked by the service, whose message says how long the note is.
        strip=True,
        help_text=PRIVACY_HINT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_TEXT_MAX}),
        error_messages={"required": _("Write something first.")},
    )
