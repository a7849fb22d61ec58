"""Why a suggestion is made: reason keys with their English templates, and the evidence.

The web layer (kring/plan/texts.py) turns each reason key into one B1 Dutch sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple

Param = str | int | None


class Evidence(NamedTuple):
    """A source and what it found, in English (the UI translates the finding)."""

    citation: str
    finding: str


EVIDENCE: Final[dict[str, Evidence]] = {
    "movisie": Evidence(
        "Movisie",
        "Raise the number of supportive contacts early: who knows you are looking, whom could you ask.",
    ),
    "granovetter_1973": Evidence(
        "Granovetter, M. (1973). The strength of weak ties. American Journal of Sociology 78(6), 1360-1380.",
        "Weak ties bring new information and openings that close contacts do not have.",
    ),
    "granovetter_1974": Evidence(
        "Granovetter, M. (1974). Getting a Job. Harvard University Press.",
        "56% found their job through personal contacts, mostly contacts seen only occasionally or rarely.",
    ),
    "rajkumar_2022": Evidence(
        "Rajkumar, K. et al. (2022). A causal test of the strength of weak ties. Science 377, 1304-1310.",
        "Moderately weak ties (about 10 mutual contacts) help most; in less digital sectors strong ties matter more.",
    ),
    "lin_social_resources": Evidence(
        "Lin, N. (2001). Social Capital: A Theory of Social Structure and Action. Cambridge University Press.",
        "Contacts who work, in the field you want, give access to jobs.",
    ),
    "jones_azrin_1973": Evidence(
        "Jones, R. J. & Azrin, N. H. (1973). An experimental application of a social reinforcement approach to the problem of job-finding. JABA 6(3), 345-353.",
        "Most job leads come from friends and relatives who work.",
    ),
    "azrin_1980": Evidence(
        "Azrin, N. H. et al. (1980). Comparative evaluation of the Job Club program with welfare recipients. Journal of Vocational Behavior 16(2), 133-145.",
        "Job club members: 87% employed after 12 months, against 59% in the control group.",
    ),
    "intelligence_group": Evidence(
        "Intelligence Group, Arbeidsmarktgedrag (2017-2020)",
        "In the Netherlands about 18-23% of job changers found their job through their network.",
    ),
    "astri_2012": Evidence(
        "AStri (2012)",
        "58% of low-skilled vacancies are filled via temp agencies or informal networks.",
    ),
    "family_group_conferences": Evidence(
        "Eigen Kracht Centrale (family group conferences)",
        "More people are willing to think along than anyone expects beforehand.",
    ),
    "de_jong_gierveld_2006": Evidence(
        "De Jong Gierveld, J. & Van Tilburg, T. (2006). A 6-item scale for overall, emotional, and social loneliness. Research on Aging 28(5), 582-598.",
        "A conversation aid, not a diagnosis.",
    ),
}

# Reason key -> English template; params in braces. The first reason of a suggestion is its
# headline (the one B1 sentence the UI shows); the others are what it rests on.
REASONS: Final[dict[str, str]] = {
    "tell": "Tell {label} that you are looking for work.",
    "introduce": "Ask {label} to introduce you to someone who can help you find work.",
    "reconnect": "Get back in touch with {label} and say that you are looking for work.",
    "widen_quadrant": "Meet new people: your circle has nobody in {quadrant} yet.",
    "widen_function": "Meet new people: nobody in your circle gives {function} yet.",
    "protect": "Talk with your coach about the people around you and how you feel.",
    "not_aware": "{label} does not know yet that you are looking for work.",
    "supportive": "{label} supports you.",
    "works": "{label} has work.",
    "in_target_sector": "{label} works in the sector where you want to work.",
    "moderately_weak_tie": "{label} knows {mutual} people you know. Such contacts often hear of jobs.",
    "strong_tie": "{label} is close to you. In your sector close contacts often help you find work.",
    "could_approach": "You said you could approach {label}.",
    "early": "The earlier people know, the sooner they can help.",
    "can_introduce": "{label} can introduce you to others.",
    "can_hire": "{label} can hire people.",
    "dormant": "You have not been in touch with {label} for a long time.",
    "former_colleague": "{label} is a former colleague.",
    "met_through_work": "You know {label} from work, school or a club.",
    "offers_nearby": "There are {count} places near you where you can meet people.",
    "no_offers": "Ask your coach where you can meet people.",
    "many_discouraging": "{count} of the {size} people around you do not help you look for work.",
    "high_loneliness": "You said you often feel alone.",
}


class Reason(NamedTuple):
    """A reason key and its parameters; `text()` gives the English sentence."""

    key: str
    params: Mapping[str, Param]

    def text(self) -> str:
        return REASONS[self.key].format_map(
            {k: ("this person" if v is None else v) for k, v in self.params.items()}
        )
