"""Forms: they parse and validate input; the services in kring.network.services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kring.network.models import (
    LABEL_MAX,
    NOTE_MAX,
    PRIVACY_HINT,
    Contact,
    Function,
    KnowsSearching,
    NetworkProfile,
    Quadrant,
    Ring,
    Sector,
    TieStrength,
)
from kring.network.services import CONTACT_FIELDS, MAX_NAMES_AT_ONCE, split_names

UNKNOWN_BOOL = [("", _("I don't know")), ("true", _("yes")), ("false", _("no"))]


def _to_bool(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


def _yes_no_unknown(label: Any) -> forms.TypedChoiceField:
    """Return a yes / no / "I don't know" field that cleans to True, False or None."""
    return forms.TypedChoiceField(
        label=label, choices=UNKNOWN_BOOL, coerce=_to_bool, required=False, empty_value=None
    )


# A job seeker picks a sector in everyday words; each maps onto one SBI section letter, which is
# what is stored (docs/network.md, "Sectors in everyday words"). Rare sections are left out of
# the list but kept when a contact already has one.
EVERYDAY_SECTORS: list[tuple[str, Any]] = [
    (Sector.Q, _("care and welfare")),
    (Sector.F, _("construction")),
    (Sector.G, _("shop and wholesale")),
    (Sector.N, _("cleaning, temp work and security")),
    (Sector.H, _("warehouse and transport")),
    (Sector.I, _("hotels, restaurants and cafés")),
    (Sector.M, _("office and advice")),
    (Sector.P, _("education")),
    (Sector.C, _("technology and factories")),
    (Sector.O, _("government")),
    (Sector.J, _("IT and media")),
    (Sector.K, _("bank and insurance")),
    (Sector.A, _("farming and gardens")),
    (Sector.R, _("culture, sport and leisure")),
    (Sector.S, _("hairdresser and other services")),
]


def sector_choices(current: str = "", *, codes: bool = False) -> list[tuple[str, Any]]:
    """Return the sector choices: everyday words, or the SBI code list for a coach.

    A stored letter that is not in the everyday list stays selectable, with its code label,
    so saving a contact never loses or refuses its sector.
    """
    choices: list[tuple[str, Any]] = [("", _("I don't know"))]
    if codes:
        return choices + list(Sector.choices)
    choices += EVERYDAY_SECTORS
    if current and current not in {value for value, _label in EVERYDAY_SECTORS}:
        choices.append((current, Sector(current).label))
    return choices


class RingField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Ring"))
        super().__init__(choices=Ring.choices, coerce=int, **kwargs)


class QuadrantField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Quadrant"))
        super().__init__(choices=Quadrant.choices, **kwargs)


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]
    """Every field of the contact record, plus the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    functions = forms.MultipleChoiceField(
        label=_("What they give you now"),
        choices=Function.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    potential_functions = forms.MultipleChoiceField(
        label=_("What they could give you"),
        choices=Function.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    in_target_sector = _yes_no_unknown(_("Works in the sector I want"))
    can_introduce = _yes_no_unknown(_("Can introduce me to an employer"))
    can_hire = _yes_no_unknown(_("Can hire me"))

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        widgets = {
            "last_contact": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
        }

    def __init__(self, *args: Any, owner: Any, professional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ChoiceField)
        sector.choices = sector_choices(self.instance.sector or "", codes=professional)
        if not professional:
            # Occupation codes are for coaches (DOMAIN.md §8); a stored code is kept as it is.
            self.fields["isco_code"].widget = forms.HiddenInput()
        others = Contact.objects.filter(owner=owner)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        introducer = self.fields["introduced_by"]
        assert isinstance(introducer, forms.ModelChoiceField)
        introducer.queryset = others
        self.fields["note"].help_text = PRIVACY_HINT
        self.fields["label"].widget.attrs["maxlength"] = LABEL_MAX
        for name in ("in_target_sector", "can_introduce", "can_hire"):
            value = getattr(self.instance, name, None)
            if not self.is_bound:
                self.initial[name] = "" if value is None else ("true" if value else "false")

    def changes(self) -> dict[str, Any]:
        """Return the cleaned record fields, ready for contact_update/contact_create."""
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


class NamesForm(forms.Form):
    """Several names at once, one per line (or separated by commas)."""

    names = forms.CharField(
        label=_("Names"),
        help_text=_(
            "One name per line, or separated by commas. A first name or nickname is enough."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        required=False,
    )
    ring = RingField(required=False)
    quadrant = QuadrantField(required=False)

    def __init__(self, *args: Any, ask_ring: bool, ask_quadrant: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_ring:
            del self.fields["ring"]
        if not ask_quadrant:
            del self.fields["quadrant"]

    def clean_names(self) -> list[str]:
        names = split_names(self.cleaned_data.get("names") or "")
        too_long = [name for name in names if len(name) > LABEL_MAX]
        if too_long:
            raise forms.ValidationError(
                _("“%(name)s” is too long: a name can have at most %(max)d characters.")
                % {"name": too_long[0][:LABEL_MAX] + "…", "max": LABEL_MAX}
            )
        if len(names) > MAX_NAMES_AT_ONCE:
            raise forms.ValidationError(
                _("Add at most %(max)d names at once.") % {"max": MAX_NAMES_AT_ONCE}
            )
        return names


class VersionForm(forms.Form):
    """The version of a contact the person saw: a change to a newer one is refused (409)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(VersionForm):
    ring = RingField()
    quadrant = QuadrantField()
    field_order = ["ring", "quadrant", "version"]


# The table's sort keys: the column, then what breaks ties.
TABLE_SORTS = {
    "label": ("label", "id"),
    "ring": ("ring", "label"),
    "quadrant": ("quadrant", "label"),
    "role": ("role", "label"),
    "influence": ("influence", "label"),
    "knows_searching": ("knows_searching", "label"),
}
EFFECTS = {
    "supportive": {"influence__gte": 1},
    "neutral": {"influence": 0},
    "discouraging": {"influence__lte": -1},
}
QUERY_MAX = 40


class TableFilterForm(forms.Form):
    """The table's filters and sort order, from the query string.

    A value that is not one of the choices is ignored, as if it were not there: a filter link
    that was edited by hand shows the whole table instead of an error.
    """

    q = forms.CharField(required=False)
    ring = forms.TypedChoiceField(choices=Ring.choices, coerce=int, required=False)
    quadrant = forms.ChoiceField(choices=Quadrant.choices, required=False)
    effect = forms.ChoiceField(choices=[(name, name) for name in EFFECTS], required=False)
    knows = forms.ChoiceField(choices=KnowsSearching.choices, required=False)
    sort = forms.ChoiceField(
        choices=[(f"{sign}{key}", key) for key in TABLE_SORTS for sign in ("", "-")],
        required=False,
    )

    def clean_q(self) -> str:
        return str(self.cleaned_data["q"])[:QUERY_MAX]

    def value(self, name: str) -> Any:
        """Return the cleaned value of `name`, or "" when it was missing or not a choice."""
        self.is_valid()
        return self.cleaned_data.get(name, "")

    def filter(self, contacts: QuerySet[Contact]) -> QuerySet[Contact]:
        """Return `contacts` narrowed by the valid filters and put in the chosen order."""
        if self.value("q"):
            contacts = contacts.filter(label__icontains=self.value("q"))
        if self.value("ring") != "":
            contacts = contacts.filter(ring=self.value("ring"))
        if self.value("quadrant"):
            contacts = contacts.filter(quadrant=self.value("quadrant"))
        if self.value("effect"):
            contacts = contacts.filter(**EFFECTS[self.value("effect")])
        if self.value("knows"):
            contacts = contacts.filter(knows_searching=self.value("knows"))
        key, descending = self.sort_key()
        return contacts.order_by(*[("-" if descending else "") + n for n in TABLE_SORTS[key]])

    def sort_key(self) -> tuple[str, bool]:
        """Return the column the table is sorted on and whether it is descending."""
        sort = self.value("sort") or "label"
        return sort.lstrip("-"), sort.startswith("-")


class CompareForm(forms.Form):
    """The two moments to compare, by id."""

    # Primary keys are 64-bit: a larger number is no moment, and must not reach the database.
    a = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    b = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class SnapshotForm(forms.Form):
    name = forms.CharField(
        label=_("Name of this moment"),
        max_length=80,
        required=False,
        help_text=_("For example: start of the course. Empty: today's date."),
    )


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = NetworkProfile
        fields = ["target_occupation", "target_sector", "region", "languages"]

    def __init__(self, *args: Any, professional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["target_sector"]
        assert isinstance(sector, forms.ChoiceField)
        sector.choices = sector_choices(self.instance.target_sector or "", codes=professional)


TIE_CHOICES = [("0", _("no")), ("1", TieStrength.KNOW.label), ("2", TieStrength.CLOSE.label)]


class TiesForm(forms.Form):
    """For one chosen contact: for each other contact, do they know each other?"""

    def __init__(
        self, *args: Any, others: list[Contact], current: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.others = others
        for other in others:
            self.fields[f"c{other.pk}"] = forms.ChoiceField(
                label=other.label,
                choices=TIE_CHOICES,
                widget=forms.RadioSelect,
                initial=str(current.get(other.pk, 0)),
                required=False,
            )

    def strengths(self) -> dict[int, int]:
        return {other.pk: int(self.cleaned_data.get(f"c{other.pk}") or 0) for other in self.others}

    def rows(self) -> list[tuple[Contact, forms.BoundField]]:
        return [(other, self[f"c{other.pk}"]) for other in self.others]
