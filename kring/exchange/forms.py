"""Forms of the import pages; the per-row choices of the preview are read by `decisions_from`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.exchange.parsers import MAX_BYTES
from kring.exchange.services import Decision, ImportRefused
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
        raise ImportRefused(
            _("The file is %(size).1f MB. The limit is %(limit)d MB.")
            % {"size": upload.size / 2**20, "limit": MAX_BYTES // 2**20}
        )
    data: bytes = upload.read(MAX_BYTES + 1)
    return data


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def decisions_from(rows: list[Mapping[str, Any]], data: Mapping[str, Any]) -> dict[int, Decision]:
    """Return the decision per row index posted by the preview form.

    Fields per row i: `row-i-decision` (add, skip or merge-<contact id>), `row-i-ring`,
    `row-i-quadrant`. A row without a posted decision keeps its default.
    """
    decisions: dict[int, Decision] = {}
    for row in rows:
        if row["status"] == "imported":
            continue
        index = row["index"]
        choice = data.get(f"row-{index}-decision")
        if choice is None:
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
        if choice in ("add", "skip"):
            decisions[index] = Decision(choice, ring=ring, quadrant=quadrant)
        elif choice.startswith("merge-") and _int(choice[6:]) is not None:
            allowed = {match["id"] for match in row["matches"]}
            contact_id = _int(choice[6:])
            if contact_id not in allowed:
                raise ValidationError(
                    _("%(name)s: choose a contact from the list.") % {"name": row["label"]}
                )
            decisions[index] = Decision("merge", contact_id=contact_id)
        else:
            raise ValidationError(
                _("%(name)s: choose add, skip or merge.") % {"name": row["label"]}
            )
    return decisions
