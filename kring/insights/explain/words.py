"""The words the explanations use: names of indicators, places and lights, and numbers as text."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.analysis import INDICATORS

FUNCTION_NAMES = {
    "emotional": gettext_lazy("someone to talk to"),
    "practical": gettext_lazy("practical help"),
    "company": gettext_lazy("company"),
    "advice": gettext_lazy("advice"),
    "job_leads": gettext_lazy("tips about jobs"),
    "introduction": gettext_lazy("an introduction to an employer"),
    "reference": gettext_lazy("a reference"),
}
QUADRANT_NAMES = {
    "family": gettext_lazy("family"),
    "friends": gettext_lazy("friends & acquaintances"),
    "work_school_club": gettext_lazy("work, school & club"),
    "professional": gettext_lazy("professionals & agencies"),
}
RING_NAMES = {
    "1": gettext_lazy("ring 1: very close"),
    "2": gettext_lazy("ring 2: close"),
    "3": gettext_lazy("ring 3: acquaintance"),
    "4": gettext_lazy("ring 4: at a distance"),
    "0": gettext_lazy("ring 0: could approach"),
}

LIGHT_NAMES = {
    "red": gettext_lazy("red"),
    "orange": gettext_lazy("orange"),
    "green": gettext_lazy("green"),
}
# The coach's names for every indicator, in the interface's language. The engine's names
# (kring.analysis.INDICATORS) are English code-side descriptions; a coach reading Dutch gets
# the professional Dutch term, with the key and formula beside it (DOMAIN.md §8).
INDICATOR_NAMES: dict[str, Promise] = {
    "size": gettext_lazy("network size"),
    "potential": gettext_lazy("could-approach pool"),
    "supportive": gettext_lazy("supportive contacts"),
    "discouraging_share": gettext_lazy("discouraging share"),
    "aware_share": gettext_lazy("share who know I am searching"),
    "allies": gettext_lazy("allies"),
    "function_coverage": gettext_lazy("functions present"),
    "functions_present": gettext_lazy("functions present (list)"),
    "functions_missing": gettext_lazy("functions missing (list)"),
    "multiplexity": gettext_lazy("functions per contact"),
    "strong": gettext_lazy("strong ties"),
    "weak": gettext_lazy("weak ties"),
    "moderately_weak": gettext_lazy("moderately weak ties"),
    "working_share": gettext_lazy("working share"),
    "target_sector_reach": gettext_lazy("target sector reach"),
    "blau_quadrant": gettext_lazy("Blau heterogeneity of quadrant"),
    "blau_role": gettext_lazy("Blau heterogeneity of role"),
    "blau_employment": gettext_lazy("Blau heterogeneity of employment"),
    "blau_sector": gettext_lazy("Blau heterogeneity of sector"),
    "iqv_quadrant": gettext_lazy("index of qualitative variation of quadrant"),
    "iqv_role": gettext_lazy("index of qualitative variation of role"),
    "iqv_employment": gettext_lazy("index of qualitative variation of employment"),
    "iqv_sector": gettext_lazy("index of qualitative variation of sector"),
    "ei_index": gettext_lazy("E-I index (bubble)"),
    "density": gettext_lazy("density among contacts"),
    "effective_size": gettext_lazy("Burt's effective size"),
    "efficiency": gettext_lazy("efficiency"),
    "constraint": gettext_lazy("Burt's constraint"),
    "components": gettext_lazy("separate circles"),
    "isolates": gettext_lazy("isolated contacts"),
    "formal_share": gettext_lazy("formal vs informal"),
    "new_ties_30d": gettext_lazy("new ties in the last 30 days"),
    "brokered_share": gettext_lazy("brokered share of new ties"),
}


def indicator_name(key: str) -> str:
    """Return the coach's name of an indicator in the current language."""
    name = INDICATOR_NAMES.get(key)
    return str(name) if name is not None else INDICATORS[key].name


def light_name(light: str) -> str:
    """Return the traffic light's colour as a word ("rood"), never the stored value."""
    name = LIGHT_NAMES.get(light)
    return str(name) if name is not None else "—"


def decimal(value: float | int | None, places: int = 2) -> str:
    """Return a number for a coach in the interface's notation (a comma in Dutch)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return number_format(value, places)


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def light_text(light: str) -> str:
    return {
        "red": _("Red: your network needs attention first."),
        "orange": _("Orange: a good start, with points to work on."),
        "green": _("Green: your network can help you well."),
    }[light]
