"""Forms of the import pages; the per-row choices of the preview are read by `page_choices_from`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.exchange.messages import refused_size
from kring.exchange.parsers import MAX_BYTES
from kring.exchange.selection import PAGE_SIZE, Choice, RowFilter
from kring.network.models import Quadrant, Ring

FORMAT_CHOICES = [
    ("auto", gettext_lazy("Recognise automatically")),
    ("vcard", gettext_lazy("vCard (.vcf) from a phone or address book")),
    ("linkedin", gettext_lazy("LinkedIn Connections.csv")),
    ("google", gettext_lazy("Google Contacts CSV")),
    ("outlook", gettext_lazy("Outlook CSV")),
    ("kring", gettext_lazy("Kring's own CSV template")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # the import names the problem itself: "the file is empty"
        label=gettext_lazy("Contact file"),
        help_text=gettext_lazy(
            "A .vcf or .csv file of at most 5 MB. Nothing is stored before you confirm."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Kind of file"), choices=FORMAT_CHOICES, initial="auto"
    )


class RestoreForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,
        label=gettext_lazy("Kring export (.zip)"),
        help_text=gettext_lazy("The zip file from “Download all my data”."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand: this fills an empty network with the data in the file.")
    )


def read_upload(upload: Any) -> bytes:
    """Return the bytes of an uploaded file; refuse it by its size before reading it."""
    if upload.size > MAX_BYTES:
        raise refused_size(upload.size)
    data: bytes = upload.read(MAX_BYTES + 1)
    return data


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


SHOW_CHOICES = [
    ("all", gettext_lazy("Everyone")),
    ("chosen", gettext_lazy("Only who you chose")),
    ("not_chosen", gettext_lazy("Only who you did not choose")),
]


class PreviewFilterForm(forms.Form):
    """The search box, filters and page of the import preview (GET parameters)."""

    q = forms.CharField(
        label=gettext_lazy("Search by name, company or position"), required=False, max_length=100
    )
    company = forms.CharField(label=gettext_lazy("Company"), required=False, max_length=100)
    position = forms.CharField(label=gettext_lazy("Position"), required=False, max_length=100)
    show = forms.ChoiceField(
        label=gettext_lazy("Show"), choices=SHOW_CHOICES, required=False, initial="all"
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def row_filter(self) -> RowFilter:
        """Return the filter asked for; anything invalid falls back to "everyone"."""
        data = self.cleaned_data if self.is_valid() else {}
        return RowFilter(
            search=(data.get("q") or "").strip(),
            company=(data.get("company") or "").strip(),
            position=(data.get("position") or "").strip(),
            show=data.get("show") or "all",
        )

    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1

    def query(self, page: int | None = None) -> dict[str, str]:
        """Return the GET parameters that show this filter again (on `page`)."""
        row_filter = self.row_filter()
        page = page or self.page_number()
        query = {
            "q": row_filter.search,
            "company": row_filter.company,
            "position": row_filter.position,
            "show": "" if row_filter.show == "all" else row_filter.show,
            "page": "" if page == 1 else str(page),
        }
        return {name: value for name, value in query.items() if value}


@dataclass(frozen=True)
class PageChoices:
    """What the preview form posted for the rows on its page."""

    shown: list[int]
    checked: set[int]
    choices: dict[int, Choice]


MAX_SHOWN = 2 * PAGE_SIZE  # a page never shows more; a post naming more is not from it


def page_choices_from(rows: Mapping[int, Mapping[str, Any]], data: Any) -> PageChoices:
    """Return the choices posted for the rows the page showed.

    Fields: `shown` (the row indexes on the page), per row i `row-i-selected` (the check
    box), `row-i-decision` (merge-<contact id>, add or skip, for people who look like someone
    in the network; it takes the place of the check box), `row-i-ring` and
    `row-i-quadrant`. Raises ValidationError on a wrong value.
    """
    shown: list[int] = []
    for text in data.getlist("shown")[:MAX_SHOWN]:
        index = _int(text)
        if index is None or index not in rows or rows[index]["status"] == "imported":
            raise ValidationError(_("The page does not match this preview. Reload it."))
        shown.append(index)
    checked: set[int] = set()
    choices: dict[int, Choice] = {}
    for index in shown:
        row = rows[index]
        choice = data.get(f"row-{index}-decision")
        if row["status"] == "duplicate" and choice is not None:
            # Someone who looks like a person in the network has no check box: "skip" is one
            # of the answers to "what do you want?", so a chosen merge is never forgotten.
            if choice != "skip":
                checked.add(index)
        elif data.get(f"row-{index}-selected"):
            checked.add(index)
        if choice == "skip":
            continue
        ring_text = data.get(f"row-{index}-ring")
        ring = _int(ring_text)
        if ring_text not in (None, "") and (ring is None or ring not in Ring.values):
            raise ValidationError(
                _("%(name)s: choose a ring from 0 to 4.") % {"name": row["label"]}
            )
        quadrant = data.get(f"row-{index}-quadrant") or None
        if quadrant is not None and quadrant not in Quadrant.values:
            raise ValidationError(
                _("%(name)s: choose one of the four quadrants.") % {"name": row["label"]}
            )
        choice = choice or "add"
        if choice == "add":
            choices[index] = Choice("add", ring=ring, quadrant=quadrant)
        elif choice.startswith("merge-") and _int(choice[6:]) in {m["id"] for m in row["matches"]}:
            choices[index] = Choice("merge", contact_id=_int(choice[6:]))
        else:
            raise ValidationError(
                _("%(name)s: choose a contact from the list.") % {"name": row["label"]}
            )
    return PageChoices(shown, checked, choices)
