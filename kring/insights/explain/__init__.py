"""Plain-language (B1) explanations of the stored indicators, one sentence per number.

The job seeker never sees "ego", "alter", "constraint" or "E-I index" (DOMAIN.md §8); coaches
see the technical name and the source next to the plain words.

One module per job (words, cards, compare, lines); this package is their public face.
"""

from kring.insights.explain.cards import Card, Claim, Line, cards
from kring.insights.explain.compare import compare_cards, compare_indicators
from kring.insights.explain.lines import could_be_better, going_well, reason_line
from kring.insights.explain.words import (
    FUNCTION_NAMES,
    INDICATOR_NAMES,
    LIGHT_NAMES,
    QUADRANT_NAMES,
    RING_NAMES,
    decimal,
    indicator_name,
    light_name,
    light_text,
    percent,
)

__all__ = [
    "FUNCTION_NAMES",
    "INDICATOR_NAMES",
    "LIGHT_NAMES",
    "QUADRANT_NAMES",
    "RING_NAMES",
    "Card",
    "Claim",
    "Line",
    "cards",
    "compare_cards",
    "compare_indicators",
    "could_be_better",
    "decimal",
    "going_well",
    "indicator_name",
    "light_name",
    "light_text",
    "percent",
    "reason_line",
]
