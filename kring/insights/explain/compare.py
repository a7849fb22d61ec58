"""Two moments side by side: in the words of the cards, and in the engine's numbers for a coach."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kring.analysis import INDICATORS
from kring.insights.explain.cards import Card, cards
from kring.insights.explain.words import (
    decimal,
    indicator_name,
    percent,
)


def compare_cards(values_a: dict[str, Any], values_b: dict[str, Any]) -> list[tuple[str, ...]]:
    """Return (title, value then, value now, difference) for the "In beeld" cards.

    A job seeker compares two moments in the words of the cards, not the engine's numbers.
    An unreadable moment (empty values) shows "—".
    """
    first = {card.key: card for card in cards(values_a)} if values_a else {}
    second = {card.key: card for card in cards(values_b)} if values_b else {}
    rows: list[tuple[str, ...]] = []
    for card in (second or first).values():
        a, b = first.get(card.key), second.get(card.key)
        rows.append(
            (
                card.title,
                a.value if a else "—",
                b.value if b else "—",
                _difference(a, b),
            )
        )
    return rows


def compare_indicators(
    values_a: dict[str, Any], values_b: dict[str, Any], keys: tuple[str, ...]
) -> list[tuple[str, ...]]:
    """Return (name, key, formula, value then, value now, change) rows for a coach."""
    rows: list[tuple[str, ...]] = []
    for key in keys:
        a, b = values_a.get(key), values_b.get(key)
        change = ""
        if isinstance(a, int | float) and isinstance(b, int | float) and a != b:
            change = _("higher") if b > a else _("lower")
        rows.append(
            (
                indicator_name(key),
                key,
                INDICATORS[key].formula,
                _coach_value(a, key),
                _coach_value(b, key),
                change,
            )
        )
    return rows


def _coach_value(value: Any, key: str) -> str:
    if value is None:
        return "—"
    if key.endswith("_share") or key == "function_coverage":
        return percent(value)
    return decimal(value)


def _difference(a: Card | None, b: Card | None) -> str:
    if a is None or b is None:
        return ""
    if a.value == b.value:
        return _("the same")
    if a.amount is None or b.amount is None or a.amount == b.amount:
        return _("changed")
    return _("more") if b.amount > a.amount else _("fewer")
