from __future__ import annotations

from django import template

from kring.network.models import Quadrant, Ring

register = template.Library()


@register.filter
def ring_label(value: object) -> str:
    """Return the ring's name in words, or an empty string for an unknown value."""
    try:
        return str(Ring(int(str(value))).label)
    except (ValueError, TypeError):
        return ""


@register.filter
def quadrant_label(value: object) -> str:
    try:
        return str(Quadrant(str(value)).label)
    except ValueError:
        return ""
