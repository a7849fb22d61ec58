"""Every change to the plan: keyword-only, atomic, checked against the job seeker it belongs to.

Callers have authorised the actor with `get_jobseeker_for` (which logged who did it); `actor`
is recorded as the ask's or state's author, so a coach's asks show as the coach's. An outcome
that changes a contact ends in the network's one hook, `network_changed`, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Role, User
from kring.core.errors import NotFound, VersionConflict
from kring.network.models import Contact, KnowsSearching, Quadrant
from kring.network.services import network_changed
from kring.network.services.rules import check_label, check_room
from kring.plan import selectors
from kring.plan.models import (
    AGREED,
    ANSWERED,
    COACH_KEY_PREFIX,
    COACH_TEXT_MAX,
    NOTE_MAX,
    Ask,
    AskHow,
    AskKind,
    CoachSuggestion,
    Outcome,
    SuggestionState,
    SuggestionStatus,
)

# What an accepted suggestion asks for (docs/plan.md): telling or reconnecting is asking to
# keep an eye out for work; an introduction is an introduction.
ASK_FOR_SUGGESTION = {
    "tell": AskKind.JOB_LEADS,
    "reconnect": AskKind.JOB_LEADS,
    "introduce": AskKind.INTRODUCTION,
}
_FINGERPRINT = re.compile(r"[0-9a-f]{1,32}")
# The furthest a follow-up or a postponement may lie ahead.
MAX_DAYS_AHEAD = 3 * 366
# Open ideas of coaches per job seeker: a plan with more is a list nobody reads.
MAX_OPEN_COACH_SUGGESTIONS = 20
_COACH_KEY = re.compile(re.escape(COACH_KEY_PREFIX) + r"([1-9][0-9]{0,17})")


def _today() -> date:
    return timezone.localdate()


def _check_choice(name: str, value: object, choices: list[str], message: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValidationError({name: message})
    return value


def _check_future(name: str, value: date | None, today: date) -> None:
    if value is not None and (value - today).days > MAX_DAYS_AHEAD:
        raise ValidationError({name: _("Choose a date within three years.")})


def conflict_message() -> str:
    return _(
        "Someone else has just changed this ask. Nothing was saved. "
        "These are the current details; check them and try again."
    )


@transaction.atomic
def ask_create(
    *,
    jobseeker: User,
    actor: User,
    contact_id: int,
    kind: str,
    how: str,
    asked_on: date,
    follow_up: date | None = None,
    note: str = "",
) -> Ask:
    """Return a new ask of `jobseeker` to their contact `contact_id`.

    A follow-up date in the past is allowed (the page warns); a contact of someone else is
    not found.
    """
    contact = Contact.objects.filter(owner=jobseeker, pk=contact_id).first()
    if contact is None:
        raise NotFound
    _check_choice("kind", kind, AskKind.values, _("Choose what you ask."))
    _check_choice("how", how, AskHow.values, _("Choose how you ask."))
    today = _today()
    _check_future("asked_on", asked_on, today)
    _check_future("follow_up", follow_up, today)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("A note can have at most %(max)d characters.") % {"max": NOTE_MAX}}
        )
    return Ask.objects.create(
        owner=jobseeker,
        contact=contact,
        contact_label=contact.label,
        kind=kind,
        how=how,
        asked_on=asked_on,
        follow_up=follow_up,
        note=note,
        created_by=actor,
    )


@dataclass(frozen=True)
class Recorded:
    """An ask after its outcome, and the person it brought in (for "new contact")."""

    ask: Ask
    new_contact: Contact | None


@transaction.atomic
def ask_record_outcome(
    *,
    jobseeker: User,
    actor: User,
    ask_id: int,
    version: int,
    outcome: str,
    outcome_on: date | None = None,
    follow_up: date | None = None,
    new_contact_label: str | None = None,
) -> Recorded:
    """Record how an ask ended and update the contact it went to.

    Any answer but silence: the contact now knows the job seeker is looking. Help or an
    agreement (AGREED): the contact becomes an ally. "new_contact" adds the person they
    introduced (ring 3, the introducer's quadrant, new, introduced_by the introducer). Raises
    NotFound for an ask of someone else and VersionConflict when the ask changed meanwhile.
    """
    ask = Ask.objects.select_for_update().filter(owner=jobseeker, pk=ask_id).first()
    if ask is None:
        raise NotFound
    if ask.version != version:
        raise VersionConflict(ask, conflict_message())
    _check_choice(
        "outcome",
        outcome,
        [value for value in Outcome.values if value != Outcome.PENDING],
        _("Choose how it went."),
    )
    today = _today()
    _check_future("outcome_on", outcome_on, today)
    _check_future("follow_up", follow_up, today)
    label = None
    if outcome == Outcome.NEW_CONTACT:
        label = check_label(new_contact_label or "")
    contact = (
        Contact.objects.select_for_update().filter(owner=jobseeker, pk=ask.contact_id).first()
        if ask.contact_id is not None
        else None
    )
    changed = False
    if contact is not None:
        updates: dict[str, object] = {}
        if outcome in ANSWERED and contact.knows_searching != KnowsSearching.YES:
            updates["knows_searching"] = KnowsSearching.YES
        if outcome in AGREED and not contact.ally:
            updates["ally"] = True
        if updates:
            Contact.objects.filter(pk=contact.pk).update(**updates, version=F("version") + 1)
            changed = True
    new_contact = None
    if label is not None:
        check_room(jobseeker, 1)
        new_contact = Contact(
            owner=jobseeker,
            label=label,
            ring=3,
            quadrant=contact.quadrant if contact is not None else Quadrant.FRIENDS,
            is_new=True,
            introduced_by=contact,
        )
        new_contact.full_clean(exclude=["owner", "version"])
        new_contact.save()
        changed = True
    ask.outcome = outcome
    ask.outcome_on = outcome_on or today
    ask.follow_up = follow_up
    ask.version += 1
    ask.save()
    if changed:
        network_changed(jobseeker)
    return Recorded(ask, new_contact)


def _state(
    *, jobseeker: User, actor: User, key: str, state: str, fingerprint: str, until: date | None
) -> SuggestionState:
    found, _created = SuggestionState.objects.update_or_create(
        owner=jobseeker,
        key=key,
        defaults={"state": state, "fingerprint": fingerprint, "until": until, "created_by": actor},
    )
    return found


@transaction.atomic
def suggestion_accept(
    *, jobseeker: User, actor: User, key: str, how: str = AskHow.OTHER
) -> Ask | None:
    """Accept a current suggestion: it becomes an ask to its contact (none for a gap).

    The suggestion is marked accepted with its fingerprint, so it does not come back unless
    what it rests on changes. Raises NotFound for a key that is not a current suggestion.
    """
    today = _today()
    if key.startswith(COACH_KEY_PREFIX):
        return _coach_accept(jobseeker=jobseeker, actor=actor, key=key, how=how, today=today)
    suggestion = selectors.find_suggestion(jobseeker, key, today=today)
    if suggestion is None:
        raise NotFound
    ask = None
    kind = ASK_FOR_SUGGESTION.get(suggestion.kind)
    if suggestion.contact_id is not None and kind is not None:
        ask = ask_create(
            jobseeker=jobseeker,
            actor=actor,
            contact_id=int(suggestion.contact_id),
            kind=kind,
            how=how,
            asked_on=today,
        )
    _state(
        jobseeker=jobseeker,
        actor=actor,
        key=key,
        state=SuggestionStatus.ACCEPTED,
        fingerprint=suggestion.fingerprint,
        until=None,
    )
    return ask


@transaction.atomic
def suggestion_postpone(
    *, jobseeker: User, actor: User, key: str, until: date
) -> SuggestionState | CoachSuggestion:
    """Hide a current suggestion until `until` (a day after today at the earliest)."""
    today = _today()
    if until <= today:
        raise ValidationError({"until": _("Choose a day after today.")})
    _check_future("until", until, today)
    if key.startswith(COACH_KEY_PREFIX):
        return _coach_decide(
            jobseeker=jobseeker,
            actor=actor,
            key=key,
            state=SuggestionStatus.POSTPONED,
            until=until,
            today=today,
        )
    suggestion = selectors.find_suggestion(jobseeker, key, today=today)
    if suggestion is None:
        raise NotFound
    return _state(
        jobseeker=jobseeker,
        actor=actor,
        key=key,
        state=SuggestionStatus.POSTPONED,
        fingerprint=suggestion.fingerprint,
        until=until,
    )


@transaction.atomic
def suggestion_dismiss(
    *, jobseeker: User, actor: User, key: str, fingerprint: str | None = None
) -> SuggestionState | CoachSuggestion:
    """Dismiss a current suggestion: it comes back only when what it rests on changes.

    `fingerprint` is the one the person saw; without it, the current one. A coach's idea has
    no fingerprint: once dismissed it stays away.
    """
    if key.startswith(COACH_KEY_PREFIX):
        return _coach_decide(
            jobseeker=jobseeker,
            actor=actor,
            key=key,
            state=SuggestionStatus.DISMISSED,
            until=None,
            today=_today(),
        )
    suggestion = selectors.find_suggestion(jobseeker, key, today=_today())
    if suggestion is None:
        raise NotFound
    if fingerprint is None:
        fingerprint = suggestion.fingerprint
    elif not _FINGERPRINT.fullmatch(fingerprint):
        raise ValidationError({"fingerprint": _("This suggestion is not known.")})
    return _state(
        jobseeker=jobseeker,
        actor=actor,
        key=key,
        state=SuggestionStatus.DISMISSED,
        fingerprint=fingerprint,
        until=None,
    )


@transaction.atomic
def coach_suggestion_create(
    *,
    jobseeker: User,
    actor: User,
    kind: str,
    text: str,
    contact_id: int | None = None,
) -> CoachSuggestion:
    """Return a new idea of the coach `actor` in the plan of `jobseeker`.

    Only a coach adds one (PermissionError otherwise: a job seeker writes down an ask); the
    caller has checked the edit grant. A contact of someone else is NotFound.
    """
    if actor.role != Role.COACH or actor.pk == jobseeker.pk:
        raise PermissionError("only a coach adds a coach's idea")
    contact = None
    if contact_id is not None:
        contact = Contact.objects.filter(owner=jobseeker, pk=contact_id).first()
        if contact is None:
            raise NotFound
    _check_choice("kind", kind, AskKind.values, _("Choose what the job seeker could ask."))
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write down the idea.")})
    if len(text) > COACH_TEXT_MAX:
        raise ValidationError(
            {"text": _("An idea can have at most %(max)d characters.") % {"max": COACH_TEXT_MAX}}
        )
    # A soft limit: two coaches adding at the same moment may pass it by one, which is harmless.
    if (
        CoachSuggestion.objects.of(jobseeker).current(_today()).count()
        >= MAX_OPEN_COACH_SUGGESTIONS
    ):
        raise ValidationError(
            _(
                "This plan already has %(max)d open ideas of a coach. "
                "Wait until the job seeker has chosen what to do with them."
            )
            % {"max": MAX_OPEN_COACH_SUGGESTIONS}
        )
    return CoachSuggestion.objects.create(
        owner=jobseeker, contact=contact, kind=kind, text=text, created_by=actor
    )


def _current_coach_suggestion(jobseeker: User, key: str, today: date) -> CoachSuggestion:
    """Return the current coach's idea with `key`, locked; NotFound when there is none."""
    match = _COACH_KEY.fullmatch(key)
    if match is None:
        raise NotFound
    found = (
        CoachSuggestion.objects.select_for_update()
        .of(jobseeker)
        .current(today)
        .filter(pk=int(match.group(1)))
        .first()
    )
    if found is None:
        raise NotFound
    return found


def _coach_decide(
    *,
    jobseeker: User,
    actor: User,
    key: str,
    state: str,
    until: date | None,
    today: date,
) -> CoachSuggestion:
    suggestion = _current_coach_suggestion(jobseeker, key, today)
    _coach_mark(suggestion, actor=actor, state=state, until=until, ask=None)
    return suggestion


def _coach_mark(
    suggestion: CoachSuggestion, *, actor: User, state: str, until: date | None, ask: Ask | None
) -> None:
    suggestion.state = state
    suggestion.until = until
    suggestion.decided_by = actor
    suggestion.ask = ask
    suggestion.save(update_fields=["state", "until", "decided_by", "ask", "updated_at"])


def _coach_accept(*, jobseeker: User, actor: User, key: str, how: str, today: date) -> Ask | None:
    """Accept a coach's idea: an ask to its person of the idea's kind (none without a person).

    A second accept of the same idea (two tabs, two people) finds it no longer current.
    """
    suggestion = _current_coach_suggestion(jobseeker, key, today)
    ask = None
    if suggestion.contact_id is not None:
        ask = ask_create(
            jobseeker=jobseeker,
            actor=actor,
            contact_id=suggestion.contact_id,
            kind=suggestion.kind,
            how=how,
            asked_on=today,
        )
    _coach_mark(suggestion, actor=actor, state=SuggestionStatus.ACCEPTED, until=None, ask=ask)
    return ask
