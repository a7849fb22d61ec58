"""Forms of the network conversation and of entering a paper circle: rows of people, and ticks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kring.network.conversation import ANSWERS
from kring.network.models import LABEL_MAX, Contact, Quadrant, Ring
from kring.network.services import NewPerson

# Rows on the paper entry form: ten to start with, ten more a click, never more than this.
PAPER_ROWS = 10
MAX_ROWS = 50
# Rows for new people on one question of the conversation.
STEP_ROWS = 3


class PersonForm(forms.Form):
    """One new person: a name, a quadrant and a ring. A row without a name is left out."""

    label = forms.CharField(label=_("Name"), max_length=LABEL_MAX, required=False)
    quadrant = forms.ChoiceField(
        label=_("Quadrant"),
        choices=[("", _("Choose a quadrant")), *Quadrant.choices],
        required=False,
    )
    ring = forms.TypedChoiceField(
        label=_("Ring"), choices=Ring.choices, coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, default_ring: int = Ring.ACQUAINTANCE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ring"].initial = default_ring
        self.fields["label"].widget.attrs.update({"maxlength": LABEL_MAX, "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        label = " ".join(str(data.get("label") or "").split())
        data["label"] = label
        if label and not data.get("quadrant"):
            self.add_error("quadrant", gettext("Choose a quadrant for %(name)s.") % {"name": label})
        if label and data.get("ring") is None:
            self.add_error("ring", gettext("Choose a ring for %(name)s.") % {"name": label})
        return data

    def person(self, answers: Iterable[str] = ()) -> NewPerson | None:
        """Return the person in this row, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("label"):
            return None
        return NewPerson(
            data["label"],
            data["quadrant"],
            int(data["ring"]),
            frozenset(data.get("answers") or answers),
        )


class PaperPersonForm(PersonForm):
    """A person from a paper circle, with the answers ticked on the question card."""

    answers = forms.MultipleChoiceField(
        label=_("Answers"),
        choices=[
            (answer.key, format_lazy("{} {}", answer.sign, answer.heading)) for answer in ANSWERS
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PeopleFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Rows of new people; names must differ from each other and from the network's names."""

    def __init__(
        self, *args: Any, existing: Sequence[str] = (), tick_hint: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.existing = {label.casefold() for label in existing}
        self.tick_hint = tick_hint

    def clean(self) -> None:
        seen: set[str] = set()
        for form in self.forms:
            label = str(form.cleaned_data.get("label") or "") if form.is_valid() else ""
            if not label:
                continue
            if label.casefold() in self.existing:
                message = (
                    gettext("%(name)s is already in the network. Tick the name in the list above.")
                    if self.tick_hint
                    else gettext("%(name)s is already in the network.")
                ) % {"name": label}
                form.add_error(
                    "label",
                    message
                    + " "
                    + gettext("Is it someone else? Then write for example %(name)s B.")
                    % {"name": label},
                )
            elif label.casefold() in seen:
                form.add_error("label", gettext("%(name)s is in the list twice.") % {"name": label})
            seen.add(label.casefold())

    def people(self, answers: Iterable[str] = ()) -> list[NewPerson]:
        """Return the people in the filled-in rows, each with `answers` unless ticked per row."""
        found = [form.person(answers) for form in self.forms if form.is_valid()]
        return [person for person in found if person is not None]


def people_formset(
    data: Any,
    *,
    rows: int,
    default_ring: int,
    existing: Sequence[str],
    paper: bool = False,
) -> PeopleFormSet:
    """Return the rows-of-people form: `rows` empty rows, or the rows that were sent."""
    formset_class = cast(
        "type[PeopleFormSet]",
        forms.formset_factory(
            PaperPersonForm if paper else PersonForm,
            formset=PeopleFormSet,
            extra=rows,
            max_num=MAX_ROWS,
            absolute_max=MAX_ROWS,
            validate_max=True,
        ),
    )
    return formset_class(
        data,
        prefix="person",
        existing=existing,
        tick_hint=not paper,
        form_kwargs={"default_ring": default_ring},
    )


class MarkForm(forms.Form):
    """Ticks on people already in the network who give this question's answer."""

    mark = forms.MultipleChoiceField(
        label=_("Already in the network"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, candidates: Sequence[Contact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mark"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(contact.pk), contact.label) for contact in candidates]

    def contact_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("mark") or []]
