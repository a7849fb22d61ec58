"""Whom to bring in from a previewed file: the selection kept with the preview, and filters.

A file may hold more people than the network has room for (a LinkedIn export of thousands
of connections). The preview then selects nobody, and the person chooses: search, filter by
company or position, select a page at a time. The selection and the per-person choices
(ring, quadrant, add or merge) live in the preview's data on the server, so they survive
paging and a refused confirmation; the file itself is never kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.accounts.models import User
from kring.exchange.imports import Decision, expired_preview, unknown_rows
from kring.exchange.models import ImportPreview
from kring.network import services as network
from kring.network.models import Contact

PAGE_SIZE = 50
SUGGESTIONS = 30  # the most common companies and positions offered while typing a filter
Show = Literal["all", "chosen", "not_chosen"]


@dataclass(frozen=True)
class Choice:
    """What to do with one selected row: add (at a ring and quadrant) or merge into a contact.

    None keeps the previewed ring or quadrant.
    """

    action: Literal["add", "merge"] = "add"
    contact_id: int | None = None
    ring: int | None = None
    quadrant: str | None = None

    def as_data(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "contact_id": self.contact_id,
            "ring": self.ring,
            "quadrant": self.quadrant,
        }


@dataclass(frozen=True)
class RowFilter:
    """The search box and filters of the preview; empty text matches everyone."""

    search: str = ""
    company: str = ""
    position: str = ""
    show: Show = "all"

    def matches(self, row: Mapping[str, Any], chosen: bool) -> bool:
        if self.show == "chosen" and not chosen:
            return False
        if self.show == "not_chosen" and chosen:
            return False
        company = row["organisation_hint"].casefold()
        position = row["occupation"].casefold()
        if self.company and self.company.casefold() not in company:
            return False
        if self.position and self.position.casefold() not in position:
            return False
        if self.search:
            text = self.search.casefold()
            return text in row["label"].casefold() or text in company or text in position
        return True


def selectable(row: Mapping[str, Any]) -> bool:
    """A person imported before is never added again, so there is nothing to choose."""
    return bool(row["status"] != "imported")


def _default_selection(data: Mapping[str, Any]) -> list[int]:
    """New people when they all fit in the room left, as before; past the room, nobody."""
    new = [row["index"] for row in data["rows"] if row["status"] == "new"]
    return new if len(new) <= data["room"] else []


def selected_of(preview: ImportPreview) -> set[int]:
    """Return the indexes of the rows chosen so far (the default until the first choice)."""
    stored = preview.data.get("selected")
    return set(stored if stored is not None else _default_selection(preview.data))


def _stored_choice(row: Mapping[str, Any], data: Mapping[str, Any] | None) -> Choice:
    if data:
        return Choice(data["action"], data["contact_id"], data["ring"], data["quadrant"])
    if row["matches"]:
        # Someone who looks like a person in the network is merged unless the person says
        # "add as new": choosing them should not make the same person twice.
        return Choice("merge", contact_id=row["matches"][0]["id"])
    return Choice()


def choices_of(preview: ImportPreview, indexes: Iterable[int] | None = None) -> dict[int, Choice]:
    """Return the choice (stored, or the default) for the selectable rows among `indexes`.

    None means every row; a page asks only for its own rows, as a file may hold 30,000.
    """
    stored = preview.data.get("choices") or {}
    rows = preview.data["rows"]
    if indexes is not None:
        wanted = set(indexes)
        rows = [row for row in rows if row["index"] in wanted]
    return {
        row["index"]: _stored_choice(row, stored.get(str(row["index"])))
        for row in rows
        if selectable(row)
    }


def is_limited(preview: ImportPreview) -> bool:
    """Whether the file has more new people than the room the network had left."""
    new = sum(1 for row in preview.data["rows"] if row["status"] == "new")
    return bool(new > preview.data["room"])


def room_left(jobseeker: User) -> int:
    return max(0, network.rules.MAX_CONTACTS - Contact.objects.filter(owner=jobseeker).count())


def filtered_rows(preview: ImportPreview, row_filter: RowFilter) -> list[dict[str, Any]]:
    selected = selected_of(preview)
    return [
        row for row in preview.data["rows"] if row_filter.matches(row, row["index"] in selected)
    ]


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def page_of(rows: list[dict[str, Any]], page: int) -> tuple[list[dict[str, Any]], int]:
    """Return the rows of `page` (1-based, clamped to the pages there are) and that page."""
    page = min(max(1, page), page_count(len(rows)))
    return rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page


def suggestions(preview: ImportPreview, field: str) -> list[str]:
    """Return the most common values of `field` in the file, for the filter's suggestions."""
    counts = Counter(row[field] for row in preview.data["rows"] if row[field])
    return sorted(value for value, _count in counts.most_common(SUGGESTIONS))


def chosen_counts(preview: ImportPreview) -> dict[str, int]:
    """Return how many chosen people would be added and how many merged."""
    selected = selected_of(preview)
    choices = choices_of(preview, selected)
    merges = sum(1 for index in selected if index in choices and choices[index].action == "merge")
    return {"chosen": len(selected), "add": len(selected) - merges, "merge": merges}


def decisions_for(preview: ImportPreview) -> dict[int, Decision]:
    """Return the decision for every selectable row: chosen rows as chosen, the rest skipped."""
    selected = selected_of(preview)
    decisions: dict[int, Decision] = {}
    for index, choice in choices_of(preview).items():
        if index not in selected:
            decisions[index] = Decision("skip")
        elif choice.action == "merge":
            decisions[index] = Decision("merge", contact_id=choice.contact_id)
        else:
            decisions[index] = Decision("add", ring=choice.ring, quadrant=choice.quadrant)
    return decisions


def check_room(preview: ImportPreview, jobseeker: User) -> None:
    """Refuse a selection that adds more people than the network has room for."""
    adding = chosen_counts(preview)["add"]
    room = room_left(jobseeker)
    if adding > room:
        raise ValidationError(
            ngettext(
                "You chose %(count)d person to add.",
                "You chose %(count)d people to add.",
                adding,
            )
            % {"count": adding}
            + " "
            + _("You can add %(room)d more. Take %(over)d out of your choice and confirm again.")
            % {"room": room, "over": adding - room}
        )


@transaction.atomic
def preview_choose(
    *,
    jobseeker: User,
    preview_id: object,
    select: Iterable[int] = (),
    deselect: Iterable[int] = (),
    choices: Mapping[int, Choice] | None = None,
) -> ImportPreview:
    """Store who is chosen and how, for rows of a preview; return the updated preview.

    Rows not named keep their state. Indexes of unknown or imported-before rows are refused.
    """
    preview = (
        ImportPreview.objects.live()
        .select_for_update()
        .filter(owner=jobseeker, pk=str(preview_id))
        .first()
    )
    if preview is None:
        raise expired_preview()
    rows = {row["index"]: row for row in preview.data["rows"]}
    select, deselect, choices = set(select), set(deselect), dict(choices or {})
    wrong = {
        i for i in select | deselect | set(choices) if i not in rows or not selectable(rows[i])
    }
    if wrong:
        raise unknown_rows(wrong)
    for index, choice in choices.items():
        allowed = {match["id"] for match in rows[index]["matches"]}
        if choice.action == "merge" and choice.contact_id not in allowed:
            raise ValidationError(
                _("%(name)s: choose a contact from the list.") % {"name": rows[index]["label"]}
            )
    selected = (selected_of(preview) | select) - deselect
    stored = dict(preview.data.get("choices") or {})
    stored.update({str(index): choice.as_data() for index, choice in choices.items()})
    preview.data = {**preview.data, "selected": sorted(selected), "choices": stored}
    preview.save(update_fields=["data"])
    return preview
