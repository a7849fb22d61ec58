from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.insights.instruments import LONELINESS_ITEMS, RESOURCE_ITEMS

LONELINESS_QUESTIONS = {
    "emptiness": _("I experience a general sense of emptiness."),
    "miss_people": _("I miss having people around me."),
    "rejected": _("I often feel rejected."),
    "rely_on": _("There are plenty of people I can rely on when I have problems."),
    "trust": _("There are many people I can trust completely."),
    "feel_close": _("There are enough people I feel close to."),
}
LONELINESS_CHOICES = [("yes", _("yes")), ("more_or_less", _("more or less")), ("no", _("no"))]

RESOURCE_QUESTIONS = {
    "vacancies": _("knows about vacancies in my field"),
    "cv_check": _("can check my CV or letter"),
    "interview_practice": _("can practise a job interview with me"),
    "works_at_wanted_employer": _("works at an employer I would like to work for"),
    "reference": _("can give me a reference"),
    "introduce_employer": _("can introduce me to an employer"),
    "benefit_rules": _("knows the rules about benefits and work"),
    "transport": _("can help with transport"),
    "childcare": _("can mind my children"),
    "runs_business": _("runs a business"),
    "recruitment_hr": _("works in recruitment or HR"),
    "dutch_letters": _("speaks Dutch well and can help with letters"),
}
RESOURCE_CHOICES = [
    ("no", _("no")),
    ("family", _("yes, in my family")),
    ("friend", _("yes, a friend")),
    ("acquaintance", _("yes, an acquaintance")),
]


class InstrumentForm(forms.Form):
    taken_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )

    items: tuple[str, ...] = ()
    questions: dict[str, Any] = {}
    choices: list[tuple[str, Any]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in self.items:
            self.fields[item] = forms.ChoiceField(
                label=self.questions[item], choices=self.choices, widget=forms.RadioSelect
            )

    def clean_taken_on(self) -> Any:
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return taken_on

    def answers(self) -> dict[str, str]:
        return {item: self.cleaned_data[item] for item in self.items}


class LonelinessForm(InstrumentForm):
    items = LONELINESS_ITEMS
    questions = LONELINESS_QUESTIONS
    choices = LONELINESS_CHOICES


class ResourcesForm(InstrumentForm):
    items = RESOURCE_ITEMS
    questions = RESOURCE_QUESTIONS
    choices = RESOURCE_CHOICES


INSTRUMENT_FORMS: dict[str, type[InstrumentForm]] = {
    "loneliness": LonelinessForm,
    "resources": ResourcesForm,
}


class ThresholdsForm(forms.Form):
    red_supportive_at_most = forms.IntegerField(
        label=_("Red when supportive contacts are at most"), min_value=0, max_value=50
    )
    red_aware_share_below = forms.IntegerField(
        label=_("Red when the share who knows is below (%)"), min_value=0, max_value=100
    )
    red_aware_share_min_size = forms.IntegerField(
        label=_("… but only for networks of at least (people)"), min_value=0, max_value=500
    )
    red_discouraging_share_above = forms.IntegerField(
        label=_("Red when the discouraging share is above (%)"), min_value=0, max_value=100
    )
    orange_supportive_at_most = forms.IntegerField(
        label=_("Orange when supportive contacts are at most"), min_value=0, max_value=50
    )
    orange_target_sector_reach_at_most = forms.IntegerField(
        label=_("Orange when people in the target sector are at most"), min_value=0, max_value=50
    )
    orange_ei_index_below = forms.IntegerField(
        label=_("Orange when the bubble score is below (−100 … 100)"), min_value=-100, max_value=100
    )

    PERCENT_FIELDS = (
        "red_aware_share_below",
        "red_discouraging_share_above",
        "orange_ei_index_below",
    )

    @classmethod
    def initial_from(cls, thresholds: dict[str, float]) -> dict[str, int]:
        return {
            key: round(value * 100) if key in cls.PERCENT_FIELDS else int(value)
            for key, value in thresholds.items()
        }

    def thresholds(self) -> dict[str, float]:
        return {
            key: (value / 100 if key in self.PERCENT_FIELDS else float(value))
            for key, value in self.cleaned_data.items()
        }
