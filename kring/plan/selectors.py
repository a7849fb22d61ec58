"""Reads of the plan: the engine's inputs from stored rows, and the current suggestions.

The network and its indicators are read as stored (the rows, and the summary that every
network change keeps current), so a page with suggestions recomputes no indicators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kring.accounts.models import User
from kring.insights.models import Instrument, InstrumentResponse
from kring.network.models import Contact, IndicatorSummary, NetworkProfile, Tie
from kring.network.summary import current_summary
from kring.offers import selectors as offer_selectors
from kring.plan import suggest as engine
from kring.plan import texts
from kring.plan.models import Ask, CoachSuggestion, Outcome, SuggestionState
from kring.plan.progress import traject_starts

# The contact fields the engine reads (docs/plan.md, "The rules").
ENGINE_FIELDS = (
    "id",
    "label",
    "ring",
    "quadrant",
    "role",
    "influence",
    "normalises_unemployment",
    "knows_searching",
    "approachable",
    "employment",
    "sector",
    "in_target_sector",
    "can_introduce",
    "can_hire",
    "contact_frequency",
    "last_contact",
    "ally",
)
# Enough to find any suggestion by its key, not only the few shown.
ALL = 10_000


def engine_case(jobseeker: User, *, indicators: Mapping[str, Any] | None = None) -> engine.Case:
    """Return the engine's inputs for `jobseeker`, from the stored rows.

    `indicators` are the values of the stored summary if the caller has just read it (the
    start page has); otherwise they are read here.
    """
    known = None if indicators is None else {jobseeker.pk: indicators}
    return engine_cases([jobseeker], indicators=known)[0]


def engine_cases(
    jobseekers: Sequence[User], *, indicators: Mapping[int, Mapping[str, Any]] | None = None
) -> list[engine.Case]:
    """Return the engine's inputs for each of `jobseekers`, in order, from the stored rows.

    One query per kind of row for all of them together, so a nightly job (or the plan
    benchmark) reads a thousand job seekers in as many queries as one. `indicators` maps a
    job seeker's id to the values of their stored summary, when the caller has read them.
    """
    ids = [jobseeker.pk for jobseeker in jobseekers]
    contacts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for owner, *values in (
        Contact.objects.filter(owner_id__in=ids)
        .order_by("owner_id", "id")
        .values_list("owner_id", *ENGINE_FIELDS)
    ):
        contacts[owner].append(dict(zip(ENGINE_FIELDS, values, strict=True)))
    ties: dict[int, list[list[int]]] = defaultdict(list)
    for owner, *tie in (
        Tie.objects.filter(owner_id__in=ids)
        .order_by()
        .values_list("owner_id", "a_id", "b_id", "strength")
    ):
        ties[owner].append(tie)
    values = dict(indicators or {})
    if missing := [jobseeker.pk for jobseeker in jobseekers if jobseeker.pk not in values]:
        values |= IndicatorSummary.objects.filter(
            jobseeker_id__in=missing, snapshot=None
        ).values_list("jobseeker_id", "values")
    for jobseeker in jobseekers:
        if jobseeker.pk not in values:  # never stored: computed and stored once
            values[jobseeker.pk] = current_summary(jobseeker).values
    asks: dict[int, list[engine.Ask]] = defaultdict(list)
    for owner, contact_id, kind, asked_on, outcome, follow_up in (
        Ask.objects.filter(owner_id__in=ids, contact__isnull=False)
        .order_by("owner_id", "id")
        .values_list("owner_id", "contact_id", "kind", "asked_on", "outcome", "follow_up")
    ):
        done = None if outcome == Outcome.PENDING else outcome
        asks[owner].append(engine.Ask(contact_id, kind, asked_on, done, follow_up))
    states: dict[int, list[engine.SuggestionState]] = defaultdict(list)
    for owner, key, state, fingerprint, until in (
        SuggestionState.objects.filter(owner_id__in=ids)
        .order_by("owner_id", "id")
        .values_list("owner_id", "key", "state", "fingerprint", "until")
    ):
        states[owner].append(engine.SuggestionState(key, state, fingerprint, until))  # type: ignore[arg-type]
    profiles = {
        owner: (target_sector, region)
        for owner, target_sector, region in NetworkProfile.objects.filter(
            jobseeker_id__in=ids
        ).values_list("jobseeker_id", "target_sector", "region")
    }
    # The organisations' active local offers, and each region spelled as the offers spell it.
    offers = {
        organisation: [
            engine.Offer(
                o.id,
                o.kind,  # type: ignore[arg-type]  # one of OfferKind, equal to the engine's kinds
                o.region or None,
                o.target_groups,
                o.gaps,
            )
            for o in rows
        ]
        for organisation, rows in offer_selectors.engine_offers(
            {jobseeker.organisation_id for jobseeker in jobseekers}
        ).items()
    }
    starts = traject_starts(jobseekers)
    loneliness = latest_loneliness(ids)
    cases = []
    for jobseeker in jobseekers:
        target_sector, region = profiles.get(jobseeker.pk, ("", ""))
        local = offers.get(jobseeker.organisation_id or 0, [])
        known = {offer.region for offer in local if offer.region}
        profile = engine.Profile(
            target_sector=target_sector or None,
            traject_start=starts[jobseeker.pk].day,
            loneliness=loneliness.get(jobseeker.pk),
            region=offer_selectors.region_key(region, known) or None,
        )
        network: dict[str, Any] = {"contacts": contacts[jobseeker.pk], "ties": ties[jobseeker.pk]}
        history = engine.History(asks[jobseeker.pk], states[jobseeker.pk])
        cases.append(engine.Case(network, values[jobseeker.pk], history, profile, local))
    return cases


def latest_loneliness(ids: Sequence[int]) -> dict[int, int]:
    """Return the total (0-6) of each job seeker's latest loneliness questionnaire, if any."""
    latest: dict[int, Any] = {}
    for owner, scores in (
        InstrumentResponse.objects.filter(jobseeker_id__in=ids, instrument=Instrument.LONELINESS)
        .order_by("jobseeker_id", "-taken_on", "-id")
        .values_list("jobseeker_id", "scores")
    ):
        latest.setdefault(owner, scores)
    totals = {
        owner: scores.get("total") for owner, scores in latest.items() if isinstance(scores, dict)
    }
    return {owner: total for owner, total in totals.items() if isinstance(total, int)}


def suggestions_for(
    jobseeker: User, *, today: date, limit: int = 5, case: engine.Case | None = None
) -> list[engine.Suggestion]:
    """Return the ranked suggestions of `jobseeker` for `today`, best first."""
    network, indicators, history, profile, offers = case or engine_case(jobseeker)
    return engine.suggest(network, indicators, history, profile, offers, today=today, limit=limit)


@dataclass(frozen=True)
class Headline:
    """One suggestion in one sentence, for the start page and the map's panel."""

    key: str
    text: str


def top_suggestions(
    jobseeker: User,
    *,
    today: date,
    limit: int = 3,
    indicators: Mapping[str, Any] | None = None,
) -> list[Headline]:
    """Return the first `limit` suggestions as the plan page lists them: prominent ones first,
    then the coach's ideas, then the engine's. `indicators`: as for engine_case."""
    case = engine_case(jobseeker, indicators=indicators)
    ranked = suggestions_for(jobseeker, today=today, limit=limit, case=case)
    # The plan page shows a prominent (protect) suggestion above the list; keep that order.
    ranked.sort(key=lambda s: not s.prominent)
    prominent = [Headline(s.key, texts.headline(s)) for s in ranked if s.prominent]
    others = [Headline(s.key, texts.headline(s)) for s in ranked if not s.prominent]
    coach = [
        Headline(idea.key, texts.coach_headline(idea))
        for idea in coach_suggestions_of(jobseeker, today=today)[:limit]
    ]
    return (prominent + coach + others)[:limit]


def coach_suggestions_of(jobseeker: User, *, today: date) -> list[CoachSuggestion]:
    """Return the coaches' ideas the job seeker has not decided on (or postponed until today),
    the newest first."""
    return list(
        CoachSuggestion.objects.of(jobseeker).current(today).select_related("contact", "created_by")
    )


def find_suggestion(jobseeker: User, key: str, *, today: date) -> engine.Suggestion | None:
    """Return the current suggestion with `key` (shown or not), or None."""
    for suggestion in suggestions_for(jobseeker, today=today, limit=ALL):
        if suggestion.key == key:
            return suggestion
    return None


def asks_of(jobseeker: User) -> list[Ask]:
    """Return the job seeker's asks: open ones first, the earliest follow-up first."""
    asks = list(Ask.objects.of(jobseeker).select_related("contact"))
    far = date.max
    asks.sort(key=lambda a: (not a.is_open, a.follow_up or far, -a.asked_on.toordinal(), -a.pk))
    return asks


@dataclass(frozen=True)
class Overview:
    """The plan on one sheet (the printed report): ideas, asks and allies."""

    ideas: list[Headline]
    open_asks: list[Ask]
    answered_asks: list[Ask]
    more_answered: int
    allies: list[str]


def plan_overview(jobseeker: User, *, today: date, ideas: int = 5, answered: int = 10) -> Overview:
    """Return the plan of `jobseeker` for the printed report.

    The first `ideas` ideas (as the plan page orders them), every open ask (the earliest
    follow-up first), the `answered` latest asks that are done and the allies by name.
    """
    asks = asks_of(jobseeker)
    # An ask with an outcome and a follow-up still to do is open: it is listed once, there.
    with_outcome = sorted(
        (a for a in asks if not a.is_open),
        key=lambda a: (a.outcome_on or a.asked_on, a.pk),
        reverse=True,
    )
    allies = Contact.objects.filter(owner=jobseeker, ally=True).order_by("label", "id")
    return Overview(
        ideas=top_suggestions(jobseeker, today=today, limit=ideas),
        open_asks=[a for a in asks if a.is_open],
        answered_asks=with_outcome[:answered],
        more_answered=max(0, len(with_outcome) - answered),
        allies=list(allies.values_list("label", flat=True)),
    )
