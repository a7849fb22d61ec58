"""The default traffic light rules and overridable thresholds."""

from __future__ import annotations

from typing import Any

import pytest

from kring.analysis import DEFAULT_THRESHOLDS, traffic_light, traffic_light_reasons

GREEN: dict[str, Any] = {
    "size": 8,
    "supportive": 4,
    "aware_share": 0.5,
    "discouraging_share": 0.1,
    "target_sector_reach": 1,
    "ei_index": 0.2,
}


def test_it_is_green_when_no_rule_fires() -> None:
    assert traffic_light(GREEN) == "green"
    assert traffic_light_reasons(GREEN) == []


@pytest.mark.parametrize(
    ("change", "colour", "reason"),
    [
        ({"supportive": 0}, "red", "no_supportive"),
        ({"aware_share": 0.2}, "red", "few_aware"),
        ({"discouraging_share": 0.6}, "red", "mostly_discouraging"),
        ({"supportive": 2}, "orange", "few_supportive"),
        ({"target_sector_reach": 0}, "orange", "no_target_sector_reach"),
        ({"ei_index": -0.7}, "orange", "bubble"),
    ],
)
def test_it_fires_each_rule(change: dict[str, Any], colour: str, reason: str) -> None:
    values = {**GREEN, **change}
    assert traffic_light(values) == colour
    assert reason in traffic_light_reasons(values)


def test_it_ignores_awareness_in_small_networks_and_undefined_values() -> None:
    assert traffic_light({**GREEN, "size": 3, "aware_share": 0.0}) == "green"
    assert traffic_light({**GREEN, "ei_index": None, "discouraging_share": None}) == "green"


def test_it_takes_overridden_thresholds() -> None:
    assert traffic_light({**GREEN, "supportive": 4}, {"orange_supportive_at_most": 5}) == "orange"
    assert DEFAULT_THRESHOLDS["orange_supportive_at_most"] == 2
    with pytest.raises(ValueError, match="unknown traffic light threshold"):
        traffic_light(GREEN, {"purple": 1})


def test_it_gives_one_reason_per_indicator() -> None:
    # supportive = 0 fires both supportive rules; "nobody" and "only a few" contradict.
    values = {**GREEN, "supportive": 0, "target_sector_reach": 0}
    assert traffic_light_reasons(values) == ["no_supportive", "no_target_sector_reach"]
    assert traffic_light(values) == "red"
    assert traffic_light_reasons({**GREEN, "supportive": 1}) == ["few_supportive"]


def test_it_does_not_fire_on_an_undefined_target_sector_reach() -> None:
    assert traffic_light({**GREEN, "target_sector_reach": None}) == "green"
