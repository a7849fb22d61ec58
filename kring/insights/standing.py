"""Where a job seeker stands, for the home page: the light and why, three numbers, one next step.

Everything here reads one stored summary (its values, light and reasons) and is pure: no
database, no request. The sentences carry explain.Claim's like "In beeld", so a test can hold
each of them to the network they speak about (tests/insights/test_explanations_truth.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.insights import explain
from kring.insights.explain import Claim, Line

# Fewer than half knowing you are looking is "few": the same line "In beeld" draws when it says
# "the more people know, the more people can help".
FEW_AWARE = 0.5

ADD_PEOPLE = "add_people"
MARK_WHO_KNOWS = "mark_who_knows"
MARK_SUPPORTERS = "mark_supporters"
LOOK_AT_INSIGHT = "look_at_insight"


@dataclass(frozen=True)
class Standing:
    """What the home page says about one network, in the order it is shown."""

    light: str  # "red", "orange" or "green", for the colour
    light_text: str  # starts with the colour's word, so the colour is never alone
    reason: Line | None  # the first traffic-light reason; None when the light is green
    numbers: tuple[Line, ...]  # supporters, who knows, allies
    ally_help: str
    next_step: Line


def aware_count(values: dict[str, Any]) -> int:
    """Return how many people know you are looking: the stored share times the network size.

    aware_share is a count divided by size, so this gives the count back as a whole number.
    """
    share = values.get("aware_share")
    return 0 if share is None else round(share * values["size"])


def next_step(values: dict[str, Any]) -> str:
    """Return the one next step for a network's stored values: a key of the rules below.

    In order: nobody in the circle yet, add people; fewer than half know you are looking,
    check who knows; nobody supports you, mark who does; otherwise read "In beeld". (Once the
    plan exists, its first suggestion takes the last place.)
    """
    if not values.get("size"):
        return ADD_PEOPLE
    share = values.get("aware_share")
    if share is not None and share < FEW_AWARE:
        return MARK_WHO_KNOWS
    if not values.get("supportive"):
        return MARK_SUPPORTERS
    return LOOK_AT_INSIGHT


def next_step_line(key: str) -> Line:
    """Return the sentence of a next step, with what it claims about the network."""
    if key == ADD_PEOPLE:
        return Line(key, _("Put the first people in your circle."), (Claim("size", "eq", 0),))
    if key == MARK_WHO_KNOWS:
        return Line(
            key,
            _("See who already knows that you are looking for work."),
            (Claim("size", "gt", 0), Claim("aware_share", "lt", FEW_AWARE)),
        )
    if key == MARK_SUPPORTERS:
        return Line(
            key,
            _("Who supports you? Mark it for your people."),
            (Claim("supportive", "eq", 0), Claim("aware_share", "ge", FEW_AWARE)),
        )
    return Line(
        key,
        _("See your network at a glance."),
        (Claim("supportive", "gt", 0), Claim("aware_share", "ge", FEW_AWARE)),
    )


def numbers(values: dict[str, Any]) -> tuple[Line, ...]:
    """Return the three numbers that matter most, each in one short sentence."""
    supportive = values["supportive"]
    supporters = Line(
        "supportive",
        ngettext(
            "%(n)d person supports you.",
            "%(n)d people support you.",
            supportive,
        )
        % {"n": supportive}
        if supportive
        else _("Nobody supports you yet."),
        (Claim("supportive", "eq", supportive),),
    )

    size, known = values["size"], aware_count(values)
    # "aware" is the number who know (aware_count): the sentence says a count, not a share.
    # "Nobody knows yet" is also true of an empty network; its next step is to add people.
    claims: tuple[Claim, ...]
    if known == 0:
        text = _("Nobody in your network knows yet that you are looking for work.")
        claims = (Claim("aware", "eq", 0),)
    elif size == 1:
        text = _("The one person in your network knows that you are looking for work.")
        claims = (Claim("aware", "eq", 1), Claim("size", "eq", 1))
    else:
        text = ngettext(
            "%(known)d of the %(size)d people in your network knows that you are looking for work.",
            "%(known)d of the %(size)d people in your network know that you are looking for work.",
            known,
        ) % {"known": known, "size": size}
        claims = (Claim("aware", "eq", known), Claim("size", "eq", size))
    aware = Line("aware", text, claims)

    count = values["allies"]
    allies = Line(
        "allies",
        ngettext("%(n)d ally.", "%(n)d allies.", count) % {"n": count}
        if count
        else _("No allies yet."),
        (Claim("allies", "eq", count),),
    )
    return supporters, aware, allies


def first_reason(values: dict[str, Any], reasons: list[str]) -> Line | None:
    """Return the sentence of the first traffic-light reason that has one, or None."""
    for rule in reasons:
        line = explain.reason_line(rule, values)
        if line is not None:
            return line
    return None


def standing(values: dict[str, Any], light: str, reasons: list[str]) -> Standing:
    """Return what the home page says about a stored summary (its values, light and reasons)."""
    return Standing(
        light=light,
        light_text=explain.light_text(light),
        reason=first_reason(values, reasons) if light != "green" else None,
        numbers=numbers(values),
        ally_help=_("An ally is someone who promised to do something concrete for you."),
        next_step=next_step_line(next_step(values)),
    )
