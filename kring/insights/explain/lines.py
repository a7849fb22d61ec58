"""What is going well and what could be better: short sentences, each with its claims."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.analysis.traffic_light import RULE_INDICATOR
from kring.insights.explain.cards import Claim, Line
from kring.insights.explain.words import (
    FUNCTION_NAMES,
    percent,
)


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
        # An organisation may fire the rule on any index below 1: with more people working
        # than not, all that is sure is that someone has no work (an index below 1).
        return Line(rule, _("Not everyone around you has work."), (Claim("ei_index", "lt", 1),))
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
