"""The guided questions that build a network, one at a time (DOMAIN.md §1, Movisie)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kring.network.models import (
    Approachable,
    Function,
    Influence,
    KnowsSearching,
    Quadrant,
    Ring,
)


@dataclass(frozen=True)
class Prompt:
    key: str
    question: str | Promise
    help: str | Promise
    ring: int | None = Ring.ACQUAINTANCE  # None: the person chooses; else the default choice
    quadrant: str | None = None  # None: the person chooses
    ask_ring: bool = True
    defaults: dict[str, Any] = field(default_factory=dict)
    tick_existing: bool = False  # also tick people already in the network


PROMPTS: tuple[Prompt, ...] = (
    Prompt(
        "everyone",
        _("Name everyone you know"),
        _("Write down everyone who comes to mind. You can sort them out later."),
        ring=Ring.ACQUAINTANCE,
    ),
    Prompt(
        "family",
        _("Who is in your family?"),
        _("Think of parents, children, brothers and sisters, and other relatives."),
        ring=Ring.CLOSE,
        quadrant=Quadrant.FAMILY,
    ),
    Prompt(
        "friends",
        _("Who are your friends and acquaintances?"),
        _("Think of friends, neighbours and people from your street or neighbourhood."),
        ring=Ring.CLOSE,
        quadrant=Quadrant.FRIENDS,
    ),
    Prompt(
        "work",
        _("Whom do you know from work, school or a club?"),
        _("Think of (former) colleagues, classmates, teammates and volunteers."),
        ring=Ring.ACQUAINTANCE,
        quadrant=Quadrant.WORK_SCHOOL_CLUB,
    ),
    Prompt(
        "professional",
        _("Which professionals and agencies do you know?"),
        _("Think of your coach, a case manager, the doctor's assistant or a job agency."),
        ring=Ring.DISTANT,
        quadrant=Quadrant.PROFESSIONAL,
    ),
    Prompt(
        "knows",
        _("Who knows you are looking for work?"),
        _("Tick the people who know. You can also add new names."),
        ring=Ring.ACQUAINTANCE,
        defaults={"knows_searching": KnowsSearching.YES},
        tick_existing=True,
    ),
    Prompt(
        "approach",
        _("Whom could you approach?"),
        _("People you do not really know yet, but could contact. They go in the outer band."),
        ring=Ring.POTENTIAL,
        ask_ring=False,
        defaults={"approachable": Approachable.YES},
    ),
    Prompt(
        "think_along",
        _("Who else would want to think along?"),
        _("More people want to help than you expect. Who would like to think along with you?"),
        ring=Ring.ACQUAINTANCE,
        # Thinking along is advice they could give (DOMAIN.md §3, potential functions), so the
        # answer stays visible after the question; the network conversation reads it back.
        defaults={"influence": Influence.SUPPORTIVE, "potential_functions": [Function.ADVICE]},
    ),
)
PROMPTS_BY_KEY = {prompt.key: prompt for prompt in PROMPTS}

# The first question of the network conversation (kring/network/conversation.py), which the
# list above leaves to the answers about influence: the Movisie headline, supportive contacts.
SUPPORT = Prompt(
    "support",
    _("Who is there for you?"),
    _("Think of people who listen to you, help you or cheer you on."),
    ring=Ring.CLOSE,
    defaults={"influence": Influence.SUPPORTIVE},
)


def next_prompt(key: str) -> Prompt | None:
    """Return the prompt after `key`, or None after the last one."""
    keys = [prompt.key for prompt in PROMPTS]
    index = keys.index(key) + 1
    return PROMPTS[index] if index < len(PROMPTS) else None
