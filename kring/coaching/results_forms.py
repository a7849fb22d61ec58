"""The choices of the results page and the audit export, checked the same way for pages and CSV."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.coaching.results import FIRST_YEAR, LAST_YEAR


class ResultsForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    by = forms.ChoiceField(
        label=_("Per"),
        choices=[("month", _("month")), ("quarter", _("quarter"))],
        widget=forms.RadioSelect,
    )


class DateInput(forms.DateInput):
    input_type = "date"


class AuditExportForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("start")
        end: date | None = cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The last day comes before the first day."))
        return cleaned
