"""The plan's words: the engine's reason keys and evidence as B1 sentences (translated here).

The engine (kring.plan.suggest) stays English and Django-free; this module turns its reason
keys and parameters into the one sentence a person reads.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kring.network.models import Quadrant
from kring.plan.models import CoachSuggestion
from kring.plan.suggest import Reason, Suggestion

REASON_TEXTS: Mapping[str, Promise] = {
    "tell": _("Tell %(label)s that you are looking for work."),
    "introduce": _("Ask %(label)s to introduce you to someone who can help you find work."),
    "reconnect": _("Get back in touch with %(label)s. Say that you are looking for work."),
    "widen_quadrant": _("Meet new people. Your circle has nobody in %(quadrant)s yet."),
    "widen_function": _("Meet new people. Nobody in your circle gives %(function)s yet."),
    "protect": _("Talk with your coach about the people around you and how you feel."),
    "not_aware": _("%(label)s does not know yet that you are looking for work."),
    "supportive": _("%(label)s supports you."),
    "works": _("%(label)s has work."),
    "in_target_sector": _("%(label)s works in the sector where you want to work."),
    "moderately_weak_tie": _(
        "%(label)s knows %(mutual)s people you know. Such people often hear of jobs."
    ),
    "strong_tie": _("%(label)s is close to you. In your sector, close people often help."),
    "could_approach": _("You said you could approach %(label)s."),
    "early": _("The sooner people know, the sooner they can help."),
    "can_introduce": _("%(label)s can introduce you to others."),
    "can_hire": _("%(label)s can hire people."),
    "dormant": _("You have not seen %(label)s for a long time."),
    "former_colleague": _("%(label)s is a former colleague."),
    "met_through_work": _("You know %(label)s from work, school or a club."),
    "offers_nearby": _("There are %(count)s places near you where you can meet people."),
    "no_offers": _("Ask your coach where you can meet people."),
    "many_discouraging": _("%(count)s of the %(size)s people around you do not help you."),
    "high_loneliness": _("You said you often feel alone."),
}

# "knows 1 people" reads wrong: the singular has its own sentence.
ONE_MUTUAL = _("%(label)s knows 1 person you know. Such people often hear of jobs.")

FUNCTION_WORDS: Mapping[str, Promise] = {
    "emotional": _("support"),
    "practical": _("practical help"),
    "company": _("company"),
    "advice": _("advice"),
    "job_leads": _("tips about jobs"),
    "introduction": _("an introduction to an employer"),
    "reference": _("a reference"),
}

EVIDENCE_TEXTS: Mapping[str, Promise] = {
    "movisie": _("Tell many people early that you are looking. More people will help."),
    "granovetter_1973": _("People you see now and then hear of other things than close friends."),
    "granovetter_1974": _("Many people found their job through someone they know."),
    "rajkumar_2022": _("People you know a little often help most."),
    "lin_social_resources": _("People who work can help you find work."),
    "jones_azrin_1973": _("Most tips about jobs come from friends and family who work."),
    "azrin_1980": _("People in a job club found work more often."),
    "intelligence_group": _(
        "About 1 in 5 people in the Netherlands found work through people they know."
    ),
    "astri_2012": _("Many simple jobs are found through people you know."),
    "family_group_conferences": _("More people want to think along than you expect."),
    "de_jong_gierveld_2006": _(
        "The questions about feeling alone help a talk. They are no diagnosis."
    ),
}


def reason_text(reason: Reason) -> str:
    """Return the B1 sentence of one reason, in the active language."""
    template = REASON_TEXTS.get(reason.key)
    if reason.key == "moderately_weak_tie" and reason.params.get("mutual") == 1:
        template = ONE_MUTUAL
    if template is None:  # a key the engine added before this list: its English sentence
        return reason.text()
    params: dict[str, object] = {}
    for name, value in reason.params.items():
        if name == "label":
            params[name] = value if value is not None else str(_("this person"))
        elif name == "quadrant":
            params[name] = str(Quadrant(value).label) if value in Quadrant.values else value
        elif name == "function":
            params[name] = str(FUNCTION_WORDS.get(str(value), value))
        else:
            params[name] = value
    return str(template) % params


def headline(suggestion: Suggestion) -> str:
    return reason_text(suggestion.reasons[0])


def evidence_text(key: str) -> str:
    return str(EVIDENCE_TEXTS.get(key, key))


def coach_headline(idea: CoachSuggestion) -> str:
    """Return a coach's idea in one line, marked as the coach's (by name when known)."""
    if idea.coach_name:
        return str(_("Idea of your coach %(name)s: %(text)s")) % {
            "name": idea.coach_name,
            "text": idea.text,
        }
    return str(_("Idea of your coach: %(text)s")) % {"text": idea.text}
