"""The "In beeld" cards: one card per headline number, with the claims its sentence makes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.analysis import INDICATORS
from kring.insights.explain.words import (
    FUNCTION_NAMES,
    QUADRANT_NAMES,
    indicator_name,
    percent,
)


@dataclass(frozen=True)
class Claim:
    """What a sentence says about one stored value: `indicator` `relation` `number`.

    relation is "eq", "lt", "le", "gt", "ge" (compared with number), "none" (the value is
    undefined), "len" (the list has number items), "contains" (the list or mapping holds
    number) or "lacks" (it does not).
    Tests check every claim against the network, so a sentence cannot say something its
    numbers do not (tests/insights/test_explanations_truth.py).
    """

    indicator: str
    relation: str
    number: float | str | None = None


@dataclass(frozen=True)
class Line:
    """One sentence of "what is going well" or "what could be better", with its claims."""

    key: str
    text: str
    claims: tuple[Claim, ...] = ()

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    value: str
    sentence: str
    tone: str  # "good", "attention" or "neutral"
    technical: str
    source: str
    claims: tuple[Claim, ...] = ()
    # The number behind the card, to say "more" or "fewer" between two moments; None where
    # the card shows two numbers or none.
    amount: float | None = None


def _info(*keys: str) -> tuple[str, str]:
    infos = [INDICATORS[k] for k in keys if k in INDICATORS]
    technical = "; ".join(f"{i.key}: {indicator_name(i.key)} ({i.formula})" for i in infos)
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
            claims=(Claim("supportive", "eq", supportive),),
            amount=supportive,
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
            claims=(Claim("aware_share", "none" if aware is None else "eq", aware),),
            amount=aware,
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
            claims=(Claim("allies", "eq", allies),),
            amount=allies,
        )
    )

    present = values.get("functions_present", [])
    missing = values.get("functions_missing", [])
    sentence = _("You get %(got)d of the 7 kinds of help.") % {"got": len(present)}
    claims = [Claim("functions_present", "len", len(present))]
    if missing:
        sentence += " " + _("Nobody gives you: %(missing)s.") % {
            "missing": ", ".join(str(FUNCTION_NAMES.get(m, m)) for m in missing)
        }
        claims += [Claim("functions_missing", "contains", m) for m in missing]
    result.append(
        Card(
            "function_coverage",
            _("Kinds of help"),
            f"{len(present)}/7",
            sentence,
            "good" if len(present) >= 5 else "attention",
            *_info("function_coverage", "multiplexity"),
            claims=tuple(claims),
            amount=len(present),
        )
    )

    iqv = values.get("iqv_quadrant")
    # A job seeker reads how many parts of the circle hold someone, not the index (§8).
    filled = sum(1 for key in QUADRANT_NAMES if (values.get("by_quadrant") or {}).get(key))
    if iqv is None or size < 2:
        sentence = _("Add more people to see how varied your network is.")
        tone = "neutral"
        claims = [Claim("iqv_quadrant", "none") if iqv is None else Claim("size", "lt", 2)]
    elif iqv >= 0.4:
        # An even spread over three parts also scores high, so "all there" is said only
        # when every part of the circle holds someone; otherwise the empty parts are named.
        present = values.get("by_quadrant") or {}
        empty = [key for key in QUADRANT_NAMES if not present.get(key)]
        claims = [Claim("iqv_quadrant", "ge", 0.4)]
        if iqv >= 0.75 and not empty:
            sentence = _("Your network is varied: family, friends, work and help are all there.")
            tone = "good"
            claims += [Claim("by_quadrant", "contains", key) for key in QUADRANT_NAMES]
        else:
            sentence = _("Your network is a bit varied.")
            tone = "neutral"
            if empty:
                sentence += " " + _("Nobody yet in: %(parts)s.") % {
                    "parts": ", ".join(str(QUADRANT_NAMES[key]) for key in empty)
                }
                claims += [Claim("by_quadrant", "lacks", key) for key in empty]
            else:
                sentence += " " + _("Some groups have few people.")
                claims.append(Claim("iqv_quadrant", "lt", 0.75))
    else:
        sentence = _(
            "Most people in your network come from one group. People from other groups can bring new ideas."
        )
        tone = "attention"
        claims = [Claim("iqv_quadrant", "lt", 0.4)]
    result.append(
        Card(
            "blau_quadrant",
            _("Variety"),
            "—" if iqv is None else _("%(n)d of the 4 parts") % {"n": filled},
            sentence,
            tone,
            *_info("blau_quadrant", "iqv_quadrant", "blau_role", "blau_employment", "blau_sector"),
            claims=tuple(claims),
            amount=None if iqv is None else filled,
        )
    )

    ei = values.get("ei_index")
    if ei is None:
        sentence = _("Fill in who has work, to see if you live in a bubble.")
        tone = "neutral"
        claims = [Claim("ei_index", "none")]
    elif ei < -0.6:
        sentence = _(
            "Most people around you have no paid work either. People with work hear about jobs sooner."
        )
        tone = "attention"
        claims = [Claim("ei_index", "lt", -0.6)]
    elif ei < 0:
        sentence = _("Slightly more people around you have no work than people with work or study.")
        tone = "neutral"
        claims = [Claim("ei_index", "ge", -0.6), Claim("ei_index", "lt", 0)]
    else:
        sentence = _("Many people around you work or study. They can tell you about jobs.")
        tone = "good"
        claims = [Claim("ei_index", "ge", 0)]
    result.append(
        Card(
            "ei_index",
            _("Your bubble"),
            "—" if ei is None else _("%(n)d of 10 work or study") % {"n": _tenths_working(ei)},
            sentence,
            tone,
            *_info("ei_index", "working_share"),
            claims=tuple(claims),
            amount=ei,
        )
    )

    strong, weak = values["strong"], values["weak"]
    sentence = (
        _("%(strong)d people are close to you and %(weak)d are further away.")
        % {"strong": strong, "weak": weak}
        + " "
        # Both matter (DOMAIN.md §1): strong ties carry you, weak ties bring news.
        + _("People close to you help you through hard times.")
        + " "
        + _("People further away often bring new information about jobs.")
    )
    result.append(
        Card(
            "weak",
            _("Close and further away"),
            _("%(strong)d close, %(weak)d further away") % {"strong": strong, "weak": weak},
            sentence,
            "good" if strong >= 1 and weak >= 3 else "attention",
            *_info("strong", "weak", "moderately_weak"),
            claims=(Claim("strong", "eq", strong), Claim("weak", "eq", weak)),
        )
    )

    components = values["components"]
    if size == 0:
        sentence = _("Your network is still empty.")
        claims = [Claim("size", "eq", 0)]
    else:
        claims = [Claim("components", "eq", components)]
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
            claims.append(Claim("isolates", "eq", values["isolates"]))
    result.append(
        Card(
            "components",
            _("Separate circles"),
            str(components),
            sentence,
            "neutral",
            *_info("components", "isolates", "density", "effective_size", "constraint"),
            claims=tuple(claims),
            amount=components,
        )
    )
    return result


def _tenths_working(ei: float) -> int:
    """Return how many of 10 people whose work you know work or study.

    E-I = (E − I) / (E + I), so the share E / (E + I) is (E-I + 1) / 2: the same number said
    the way a person counts.
    """
    return round((ei + 1) / 2 * 10)
