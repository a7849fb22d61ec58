"""The default traffic light (DOMAIN.md §4): a conversation aid, not a validated norm."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

TrafficLight = Literal["red", "orange", "green"]

DEFAULT_THRESHOLDS: Final[dict[str, float]] = {
    "red_supportive_at_most": 0,
    "red_aware_share_below": 0.25,
    "red_aware_share_min_size": 4,
    "red_discouraging_share_above": 0.5,
    "orange_supportive_at_most": 2,
    "orange_target_sector_reach_at_most": 0,
    "orange_ei_index_below": -0.6,
}

RED_RULES: Final = ("no_supportive", "few_aware", "mostly_discouraging")
ORANGE_RULES: Final = ("few_supportive", "no_target_sector_reach", "bubble")
# The indicator each rule reads. Two rules on one indicator (no_supportive, few_supportive)
# overlap: with the default thresholds every network that has no supporter also has "only a
# few", and saying both contradicts itself. Only the most severe of them is given as a reason.
RULE_INDICATOR: Final[dict[str, str]] = {
    "no_supportive": "supportive",
    "few_aware": "aware_share",
    "mostly_discouraging": "discouraging_share",
    "few_supportive": "supportive",
    "no_target_sector_reach": "target_sector_reach",
    "bubble": "ei_index",
}


def _thresholds(overrides: Mapping[str, float] | None) -> dict[str, float]:
    merged = dict(DEFAULT_THRESHOLDS)
    if overrides:
        unknown = sorted(set(overrides) - set(DEFAULT_THRESHOLDS))
        if unknown:
            raise ValueError(f"unknown traffic light threshold(s): {', '.join(unknown)}")
        merged.update(overrides)
    return merged


def _number(indicators: Mapping[str, Any], key: str) -> float | None:
    value = indicators.get(key)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def traffic_light_reasons(
    indicators: Mapping[str, Any], thresholds: Mapping[str, float] | None = None
) -> list[str]:
    """Give back the keys of the rules that fire, red rules first (an undefined value never fires).

    Red rules: no_supportive, few_aware, mostly_discouraging.
    Orange rules: few_supportive, no_target_sector_reach, bubble.
    At most one rule per indicator is given: the red one when a red and an orange rule on the
    same indicator both fire (RULE_INDICATOR). The colour is the same either way.
    """
    limits = _thresholds(thresholds)
    supportive = _number(indicators, "supportive")
    aware = _number(indicators, "aware_share")
    size = _number(indicators, "size")
    discouraging = _number(indicators, "discouraging_share")
    reach = _number(indicators, "target_sector_reach")
    ei_index = _number(indicators, "ei_index")
    fired: list[str] = []
    if supportive is not None and supportive <= limits["red_supportive_at_most"]:
        fired.append("no_supportive")
    if (
        aware is not None
        and size is not None
        and size >= limits["red_aware_share_min_size"]
        and aware < limits["red_aware_share_below"]
    ):
        fired.append("few_aware")
    if discouraging is not None and discouraging > limits["red_discouraging_share_above"]:
        fired.append("mostly_discouraging")
    if supportive is not None and supportive <= limits["orange_supportive_at_most"]:
        fired.append("few_supportive")
    if reach is not None and reach <= limits["orange_target_sector_reach_at_most"]:
        fired.append("no_target_sector_reach")
    if ei_index is not None and ei_index < limits["orange_ei_index_below"]:
        fired.append("bubble")
    seen: set[str] = set()
    reasons: list[str] = []
    for rule in fired:  # red rules come first, so the most severe rule of an indicator stays
        if RULE_INDICATOR[rule] not in seen:
            seen.add(RULE_INDICATOR[rule])
            reasons.append(rule)
    return reasons


def traffic_light(
    indicators: Mapping[str, Any], thresholds: Mapping[str, float] | None = None
) -> TrafficLight:
    """Give back "red", "orange" or "green" for an `Indicators.as_dict()` result."""
    fired = traffic_light_reasons(indicators, thresholds)
    if any(rule in RED_RULES for rule in fired):
        return "red"
    if fired:
        return "orange"
    return "green"
