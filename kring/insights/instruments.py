"""Scoring of the two optional instruments of DOMAIN.md §5. Pure functions, no Django.

Loneliness: the 6-item scale of De Jong Gierveld & Van Tilburg (2006), Research on Aging
28(5), 582-598. Three emotional items (worded negatively) and three social items (worded
positively); answers yes / more or less / no. An emotional item scores 1 for "yes" or "more or
less"; a social item scores 1 for "no" or "more or less". Emotional 0-3, social 0-3, total 0-6.

Work resource generator: after Van der Gaag & Snijders (2005), adapted for job search. For
each item the person says through whom they can reach it: nobody, family, a friend or an
acquaintance. Scores: how many items are reachable at all, and how many only through an
acquaintance (a weak tie).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

LONELINESS_ANSWERS: Final = ("yes", "more_or_less", "no")
LONELINESS_EMOTIONAL: Final = ("emptiness", "miss_people", "rejected")
LONELINESS_SOCIAL: Final = ("rely_on", "trust", "feel_close")
LONELINESS_ITEMS: Final = LONELINESS_EMOTIONAL + LONELINESS_SOCIAL

RESOURCE_ANSWERS: Final = ("no", "family", "friend", "acquaintance")
RESOURCE_ITEMS: Final = (
    "vacancies",
    "cv_check",
    "interview_practice",
    "works_at_wanted_employer",
    "reference",
    "introduce_employer",
    "benefit_rules",
    "transport",
    "childcare",
    "runs_business",
    "recruitment_hr",
    "dutch_letters",
)


class InstrumentError(ValueError):
    """Raised for a missing item or an answer outside the allowed set."""


def _check(answers: Mapping[str, str], items: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise InstrumentError(f"unknown item: {unknown[0]}")
    for item in items:
        if item not in answers:
            raise InstrumentError(f"missing answer: {item}")
        if answers[item] not in allowed:
            raise InstrumentError(f"{item}: answer must be one of {', '.join(allowed)}")


def score_loneliness(answers: Mapping[str, str]) -> dict[str, int]:
    """Return the emotional (0-3), social (0-3) and total (0-6) loneliness scores."""
    _check(answers, LONELINESS_ITEMS, LONELINESS_ANSWERS)
    emotional = sum(answers[item] in ("yes", "more_or_less") for item in LONELINESS_EMOTIONAL)
    social = sum(answers[item] in ("no", "more_or_less") for item in LONELINESS_SOCIAL)
    return {"emotional": emotional, "social": social, "total": emotional + social}


def score_resources(answers: Mapping[str, str]) -> dict[str, int]:
    """Return how many resources are reachable, and how many only through acquaintances."""
    _check(answers, RESOURCE_ITEMS, RESOURCE_ANSWERS)
    reached = sum(answer != "no" for answer in answers.values())
    through_acquaintances = sum(answer == "acquaintance" for answer in answers.values())
    return {
        "reached": reached,
        "through_acquaintances": through_acquaintances,
        "items": len(RESOURCE_ITEMS),
    }


SCORERS: Final = {"loneliness": score_loneliness, "resources": score_resources}
