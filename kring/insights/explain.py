"""Plain-language (B1) explanations of the stored indicators, one sentence per number.

The job seeker never sees "ego", "alter", "constraint" or "E-I index" (DOMAIN.md §8); coaches
see the technical name and the source next to the plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kring.analysis import INDICATORS
from kring.analysis.traffic_light import RULE_INDICATOR

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


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


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


def light_text(light: str) -> str:
    return {
        "red": _("Red: your network needs attention first."),
        "orange": _("Orange: a good start, with points to work on."),
        "green": _("Green: your network can help you well."),
    }[light]


def going_well(values: dict[str, Any]) -> list[Line]:
    """Return short sentences about what is going well."""
    good: list[Line] = []
    supportive = values["supportive"]
    if supportive >= 3:
        good.append(
            Line(
                "several_supportive",
                _("Several people support you."),
                (Claim("supportive", "ge", 3),),
            )
        )
    aware = values["aware_share"]
    if aware is not None and aware >= 0.5:
        good.append(
            Line(
                "many_aware",
                _("Many people know that you are looking for work."),
                (Claim("aware_share", "ge", 0.5),),
            )
        )
    reach = values["target_sector_reach"]
    if reach is not None and reach > 0:
        good.append(
            Line(
                "target_sector_reach",
                ngettext(
                    "%(n)d person works in the sector you want.",
                    "%(n)d people work in the sector you want.",
                    reach,
                )
                % {"n": reach},
                (Claim("target_sector_reach", "eq", reach),),
            )
        )
    if values["moderately_weak"] > 0:
        good.append(
            Line(
                "moderately_weak",
                _(
                    "You have acquaintances who know some of your other contacts: they are good for tips."
                ),
                (Claim("moderately_weak", "gt", 0),),
            )
        )
    if values["new_ties_30d"] > 0:
        good.append(
            Line(
                "new_ties",
                _("You made new contacts in the last month."),
                (Claim("new_ties_30d", "gt", 0),),
            )
        )
    return good


def _count_line(rule: str, indicator: str, count: int, nobody: str, some: str) -> Line:
    return Line(rule, nobody if count == 0 else some, (Claim(indicator, "eq", count),))


def reason_line(rule: str, values: dict[str, Any]) -> Line | None:
    """Return the sentence for one traffic-light rule that fired, worded by the value itself.

    Organisations choose the thresholds, so a rule can fire on values its default wording
    would not fit ("nobody" when one person supports you): the sentence states the number.
    """
    if rule in ("no_supportive", "few_supportive"):
        count = values["supportive"]
        return _count_line(
            rule,
            "supportive",
            count,
            _("Nobody supports your search yet."),
            ngettext(
                "Only %(n)d person supports your search.",
                "Only %(n)d people support your search.",
                count,
            )
            % {"n": count},
        )
    if rule == "no_target_sector_reach":
        count = values["target_sector_reach"]
        return _count_line(
            rule,
            "target_sector_reach",
            count,
            _("As far as you know, nobody in your network works in the sector you want."),
            ngettext(
                "Only %(n)d person in your network works in the sector you want.",
                "Only %(n)d people in your network work in the sector you want.",
                count,
            )
            % {"n": count},
        )
    if rule == "few_aware":
        share = values["aware_share"]
        if share == 0:
            text = _("Nobody in your network knows yet that you are looking for work.")
        else:
            text = _(
                "Only %(pct)s of the people in your network know that you are looking for work."
            ) % {"pct": percent(share)}
        return Line(rule, text, (Claim("aware_share", "eq", share),))
    if rule == "mostly_discouraging":
        share = values["discouraging_share"]
        if share > 0.5:
            return Line(
                rule,
                _("More than half of the people around you discourage you."),
                (Claim("discouraging_share", "gt", 0.5),),
            )
        return Line(
            rule,
            _("%(pct)s of the people around you discourage you.") % {"pct": percent(share)},
            (Claim("discouraging_share", "eq", share),),
        )
    if rule == "bubble":
        if values["ei_index"] < 0:
            return Line(
                rule,
                _("Most people around you have no work either."),
                (Claim("ei_index", "lt", 0),),
            )
        return Line(rule, _("Quite a few people around you have no work either."))
    return None


def could_be_better(values: dict[str, Any], reasons: list[str]) -> list[Line]:
    """Return short sentences about what could be better, the traffic light's reasons first.

    One reason per indicator: a list stored before overlapping rules were merged may still
    hold both supportive rules, and "nobody" next to "only a few" contradicts itself.
    """
    better: list[Line] = []
    said: set[str] = set()
    for rule in reasons:
        line = reason_line(rule, values)
        if line is not None and RULE_INDICATOR[rule] not in said:
            said.add(RULE_INDICATOR[rule])
            better.append(line)
    if "target_sector" in values and values["target_sector"] is None:
        better.append(
            Line(
                "no_target_sector",
                _(
                    "You have not chosen a sector yet. Fill in the sector you want in your "
                    "profile: then Kring counts who works there."
                ),
                (Claim("target_sector", "none"),),
            )
        )
    missing = values.get("functions_missing", [])
    wanted = [name for name in ("job_leads", "introduction") if name in missing]
    if len(wanted) == 2:
        better.append(
            Line(
                "no_job_leads_or_introduction",
                _("Nobody gives you tips about jobs or introductions yet. Who could you ask?"),
                tuple(Claim("functions_missing", "contains", name) for name in wanted),
            )
        )
    elif wanted:
        better.append(
            Line(
                "no_job_leads_or_introduction",
                _("Nobody gives you %(help)s yet. Who could you ask?")
                % {"help": FUNCTION_NAMES[wanted[0]]},
                (Claim("functions_missing", "contains", wanted[0]),),
            )
        )
    if values["weak"] < 3 and values["size"] > 0:
        better.append(
            Line(
                "few_weak",
                _("You have few acquaintances further away. A club or volunteering can help."),
                (Claim("weak", "lt", 3), Claim("size", "gt", 0)),
            )
        )
    return better
