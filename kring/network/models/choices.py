"""The vocabulary of a contact (DOMAIN.md §3): rings, quadrants, roles and the other choices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LABEL_MAX = 40
NOTE_MAX = 500
OCCUPATION_MAX = 80
PRIVACY_HINT = _("Do not write about health, religion or origin.")


class Ring(models.IntegerChoices):
    POTENTIAL = 0, _("0 · could approach")
    INTIMATE = 1, _("1 · very close")
    CLOSE = 2, _("2 · close")
    ACQUAINTANCE = 3, _("3 · acquaintance")
    DISTANT = 4, _("4 · at a distance")


class Quadrant(models.TextChoices):
    FAMILY = "family", _("family")
    FRIENDS = "friends", _("friends & acquaintances")
    WORK_SCHOOL_CLUB = "work_school_club", _("work, school & club")
    PROFESSIONAL = "professional", _("professionals & agencies")


class ContactRole(models.TextChoices):
    PARTNER = "partner", _("partner")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("brother or sister")
    RELATIVE = "relative", _("other relative")
    FRIEND = "friend", _("friend")
    NEIGHBOUR = "neighbour", _("neighbour")
    COLLEAGUE = "colleague", _("colleague")
    FORMER_COLLEAGUE = "former_colleague", _("former colleague")
    CLASSMATE = "classmate", _("classmate")
    PEER = "peer", _("fellow job seeker")
    CLUB_MEMBER = "club_member", _("club member")
    COACH_TRAINER = "coach_trainer", _("sports coach or trainer")
    ACQUAINTANCE = "acquaintance", _("acquaintance")
    NEIGHBOURHOOD_CONTACT = "neighbourhood_contact", _("neighbourhood contact")
    BUDDY = "buddy", _("buddy")
    EMPLOYER = "employer", _("employer")
    CASE_MANAGER = "case_manager", _("case manager")
    JOB_COACH = "job_coach", _("job coach")
    CARE_WORKER = "care_worker", _("care worker")
    ONLINE = "online", _("online contact")
    OTHER = "other", _("other")


FORMAL_ROLES = frozenset({ContactRole.CASE_MANAGER, ContactRole.JOB_COACH, ContactRole.CARE_WORKER})


class Function(models.TextChoices):
    EMOTIONAL = "emotional", _("emotional support (E)")
    PRACTICAL = "practical", _("practical help (P)")
    COMPANY = "company", _("company (G)")
    ADVICE = "advice", _("advice (A)")
    JOB_LEADS = "job_leads", _("tips about jobs")
    INTRODUCTION = "introduction", _("introduction to an employer")
    REFERENCE = "reference", _("reference")
    APPLICATION_HELP = "application_help", _("help with applying")
    MOTIVATION = "motivation", _("motivation")


class Influence(models.IntegerChoices):
    VERY_DISCOURAGING = -2, _("−2 · very discouraging")
    DISCOURAGING = -1, _("−1 · discouraging")
    NEUTRAL = 0, _("0 · neutral")
    SUPPORTIVE = 1, _("+1 · supportive")
    VERY_SUPPORTIVE = 2, _("+2 · very supportive")


class Normalises(models.TextChoices):
    YES = "yes", _("yes")
    SOMETIMES = "sometimes", _("sometimes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("I don't know")


class KnowsSearching(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("I don't know")


class Approachable(models.TextChoices):
    YES = "yes", _("yes")
    MAYBE = "maybe", _("maybe")
    NO = "no", _("no")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("employed")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    JOB_SEEKING = "job_seeking", _("looking for work")
    BENEFITS = "benefits", _("on benefits")
    STUDENT = "student", _("student")
    RETIRED = "retired", _("retired")
    CARING = "caring", _("caring for others")
    UNKNOWN = "unknown", _("I don't know")


class Sector(models.TextChoices):
    A = "A", _("A · agriculture, forestry and fishing")
    B = "B", _("B · mining and quarrying")
    C = "C", _("C · manufacturing")
    D = "D", _("D · energy supply")
    E = "E", _("E · water supply and waste")
    F = "F", _("F · construction")
    G = "G", _("G · wholesale and retail trade")
    H = "H", _("H · transport and storage")
    I = "I", _("I · hospitality")  # noqa: E741 - SBI section letters
    J = "J", _("J · information and communication")
    K = "K", _("K · finance and insurance")
    L = "L", _("L · real estate")
    M = "M", _("M · professional and scientific services")
    N = "N", _("N · rental and other business services")
    O = "O", _("O · public administration")  # noqa: E741
    P = "P", _("P · education")
    Q = "Q", _("Q · health and social care")
    R = "R", _("R · culture, sports and recreation")
    S = "S", _("S · other services")
    T = "T", _("T · households as employers")
    U = "U", _("U · extraterritorial organisations")


class Frequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    FEW_PER_YEAR = "few_per_year", _("a few times a year")
    YEARLY_OR_LESS = "yearly_or_less", _("once a year or less")
    DORMANT = "dormant", _("no contact any more")


def validate_functions(value: Any) -> None:
    """Raise ValidationError unless `value` is a list of distinct known functions."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Choose functions from the list."))
    unknown = [item for item in value if item not in Function.values]
    if unknown:
        raise ValidationError(_("Unknown function: %(value)s") % {"value": ", ".join(unknown)[:80]})
    if len(set(value)) != len(value):
        raise ValidationError(_("Each function may appear only once."))


isco_validator = RegexValidator(r"^\d{1,4}$", _("An ISCO-08 code has at most four digits."))
