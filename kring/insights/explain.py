"""Plain-language (B1) explanations of the stored indicators, one sentence per number.

The job seeker never sees "ego", "alter", "constraint" or "E-I index" (DOMAIN.md §8); coaches
see the technical name and the source next to the plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    value: str
    sentence: str
    tone: str  # "good", "attention" or "neutral"
    technical: str
    source: str


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def _info(*keys: str) -> tuple[str, str]:
    infos = [INDICATORS[k] for k in keys if k in INDICATORS]
    technical = "; ".join(f"{i.key}: {i.name} ({i.formula})" for i in infos)
    sources = sorted({i.source for i in infos if i.source and i.source != "—"})
    return technical, "; ".join(sources)


def cards(values: dict[str, Any]) -> list[Card]:
    """Return the headline cards for one summary's values, in the order they are shown."""
    size = values["size"]
    result: list[Card] = []

    supportive = values["supportive"]
    if supportive == 0:
        sentence = _(
            "Nobody in your network supports your search yet. That is the first thing to work on."
        )
    else:
        sentence = ngettext(
            "%(n)d person in your network supports you in finding work.",
            "%(n)d people in your network support you in finding work.",
            supportive,
        ) % {"n": supportive}
    result.append(
        Card(
            "supportive",
            _("People who support you"),
            str(supportive),
            sentence,
            "good" if supportive >= 3 else "attention",
            *_info("supportive"),
        )
    )

    aware = values["aware_share"]
    if aware is None:
        sentence = _("Add people to your network to see who knows that you are looking for work.")
    else:
        sentence = _(
            "%(pct)s of the people in your network know that you are looking for work."
        ) % {"pct": percent(aware)}
        if aware < 0.5:
            sentence += " " + _("The more people know, the more people can help.")
    result.append(
        Card(
            "aware_share",
            _("Know you are looking"),
            percent(aware),
            sentence,
            "good" if aware is not None and aware >= 0.5 else "attention",
            *_info("aware_share"),
        )
    )

    allies = values["allies"]
    sentence = (
        ngettext(
            "%(n)d person agreed to do something concrete for you.",
            "%(n)d people agreed to do something concrete for you.",
            allies,
        )
        % {"n": allies}
        if allies
        else _("Nobody has promised a concrete step yet. Ask someone for one small thing.")
    )
    result.append(
        Card(
            "allies",
            _("Allies"),
            str(allies),
            sentence,
            "good" if allies else "neutral",
            *_info("allies"),
        )
    )

    present = values.get("functions_present", [])
    missing = values.get("functions_missing", [])
    sentence = _("You get %(got)d of the 7 kinds of help.") % {"got": len(present)}
    if missing:
        sentence += " " + _("Nobody gives you: %(missing)s.") % {
            "missing": ", ".join(str(FUNCTION_NAMES.get(m, m)) for m in missing)
        }
    result.append(
        Card(
            "function_coverage",
            _("Kinds of help"),
            f"{len(present)}/7",
            sentence,
            "good" if len(present) >= 5 else "attention",
            *_info("function_coverage", "multiplexity"),
        )
    )

    iqv = values.get("iqv_quadrant")
    if iqv is None or size < 2:
        sentence = _("Add more people to see how varied your network is.")
        tone = "neutral"
    elif iqv >= 0.75:
        sentence = _("Your network is varied: family, friends, work and help are all there.")
        tone = "good"
    elif iqv >= 0.4:
        sentence = _("Your network is a bit varied. Some groups have few people.")
        tone = "neutral"
    else:
        sentence = _(
            "Most people in your network come from one group. People from other groups can bring new ideas."
        )
        tone = "attention"
    result.append(
        Card(
            "blau_quadrant",
            _("Variety"),
            "—" if iqv is None else f"{iqv:.2f}",
            sentence,
            tone,
            *_info("blau_quadrant", "iqv_quadrant", "blau_role", "blau_employment", "blau_sector"),
        )
    )

    ei = values.get("ei_index")
    if ei is None:
        sentence = _("Fill in who has work, to see if you live in a bubble.")
        tone = "neutral"
    elif ei < -0.6:
        sentence = _(
            "Most people around you have no paid work either. People with work hear about jobs sooner."
        )
        tone = "attention"
    elif ei < 0:
        sentence = _("Slightly more people around you have no work than people with work or study.")
        tone = "neutral"
    else:
        sentence = _("Many people around you work or study. They can tell you about jobs.")
        tone = "good"
    result.append(
        Card(
            "ei_index",
            _("Your bubble"),
            "—" if ei is None else f"{ei:+.2f}",
            sentence,
            tone,
            *_info("ei_index", "working_share"),
        )
    )

    strong, weak = values["strong"], values["weak"]
    sentence = (
        _("%(strong)d people are close to you and %(weak)d are further away.")
        % {"strong": strong, "weak": weak}
        + " "
        + _("People further away often bring new information about jobs.")
    )
    result.append(
        Card(
            "weak",
            _("Close and further away"),
            f"{strong} / {weak}",
            sentence,
            "good" if weak >= 3 else "attention",
            *_info("strong", "weak", "moderately_weak"),
        )
    )

    components = values["components"]
    if size == 0:
        sentence = _("Your network is still empty.")
    else:
        sentence = ngettext(
            "Your network is %(n)d group of people who know each other.",
            "Your network has %(n)d separate groups that do not know each other.",
            components,
        ) % {"n": components}
        if values["isolates"]:
            sentence += " " + ngettext(
                "%(n)d person knows nobody else in your network.",
                "%(n)d people know nobody else in your network.",
                values["isolates"],
            ) % {"n": values["isolates"]}
    result.append(
        Card(
            "components",
            _("Separate circles"),
            str(components),
            sentence,
            "neutral",
            *_info("components", "isolates", "density", "effective_size", "constraint"),
        )
    )
    return result


REASON_TEXTS = {
    "no_supportive": gettext_lazy("Nobody supports your search yet."),
    "few_aware": gettext_lazy("Few people know that you are looking for work."),
    "mostly_discouraging": gettext_lazy("More than half of the people around you discourage you."),
    "few_supportive": gettext_lazy("Only a few people support your search."),
    "no_target_sector_reach": gettext_lazy("Nobody works in the sector you want."),
    "bubble": gettext_lazy("Most people around you have no work either."),
}


def light_text(light: str) -> str:
    return {
        "red": _("Red: your network needs attention first."),
        "orange": _("Orange: a good start, with points to work on."),
        "green": _("Green: your network can help you well."),
    }[light]


def going_well(values: dict[str, Any]) -> list[str]:
    """Return short sentences about what is going well."""
    good: list[str] = []
    if values["supportive"] >= 3:
        good.append(_("Several people support you."))
    if (values["aware_share"] or 0) >= 0.5:
        good.append(_("Many people know that you are looking for work."))
    if values["target_sector_reach"] > 0:
        good.append(
            ngettext(
                "%(n)d person works in the sector you want.",
                "%(n)d people work in the sector you want.",
                values["target_sector_reach"],
            )
            % {"n": values["target_sector_reach"]}
        )
    if values["moderately_weak"] > 0:
        good.append(
            _(
                "You have acquaintances who know some of your other contacts: they are good for tips."
            )
        )
    if values["new_ties_30d"] > 0:
        good.append(_("You made new contacts in the last month."))
    return good


def could_be_better(values: dict[str, Any], reasons: list[str]) -> list[str]:
    """Return short sentences about what could be better, the traffic light's reasons first."""
    better = [str(REASON_TEXTS[r]) for r in reasons if r in REASON_TEXTS]
    missing = values.get("functions_missing", [])
    if "job_leads" in missing or "introduction" in missing:
        better.append(
            _("Nobody gives you tips about jobs or introductions yet. Who could you ask?")
        )
    if values["weak"] < 3 and values["size"] > 0:
        better.append(
            _("You have few acquaintances further away. A club or volunteering can help.")
        )
    return better
