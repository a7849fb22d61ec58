"""Exports: the network in formats for other tools, and "download all my data".

The all-data zip is what `kring.exchange.restore` reads back into an empty network.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from kring.accounts.models import AccessGrant, ApiToken, ConsentRecord, User
from kring.coaching import transfer as coaching
from kring.core.audit import log_access
from kring.core.models import AccessLogEntry, Action
from kring.exchange import formats
from kring.insights.models import InstrumentResponse
from kring.meetings import transfer as meetings
from kring.network import services as network
from kring.network.models import IndicatorSummary, NetworkProfile, Snapshot
from kring.offers import transfer as offers
from kring.plan import transfer as plan_transfer
from kring.plan.models import Ask, SuggestionState

SCHEMA_VERSION = 1
EXPORT_JSON = "kring-export.json"
EXPORT_FORMAT = "kring-export"


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def _profile(user: User) -> dict[str, Any]:
    profile = NetworkProfile.objects.filter(jobseeker=user).first()
    return {
        name: getattr(profile, name) if profile is not None else ""
        for name in network.PROFILE_FIELDS
    }


def _grant(grant: AccessGrant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "jobseeker": grant.jobseeker.name,
        "jobseeker_email": grant.jobseeker.email,
        "coach": grant.coach.name,
        "coach_email": grant.coach.email,
        "organisation": grant.organisation.name if grant.organisation else "",
        "scope": grant.scope,
        "created_at": _iso(grant.created_at),
        "revoked_at": _iso(grant.revoked_at),
        # The days the grant works (a traject's end, a stand-in's holiday) and whom a
        # stand-in replaces: the job seeker sees them on the access page too.
        "starts_on": _iso(grant.starts_on),
        "ends_on": _iso(grant.ends_on),
        "stands_in_for": grant.stands_in_for.name if grant.stands_in_for else "",
        "stands_in_for_email": (grant.stands_in_for.email or "") if grant.stands_in_for else "",
    }


def _consent(consent: ConsentRecord) -> dict[str, Any]:
    # The coach who noted it by name, as the grants name the coach.
    return {
        "id": consent.pk,
        "grant": consent.grant_id,
        "organisation": consent.organisation.name,
        "recorded_by": consent.recorded_by.name if consent.recorded_by else "",
        "agreed_on": _iso(consent.agreed_on),
        "how": consent.how,
        "scope": consent.scope,
        "created_at": _iso(consent.created_at),
        "withdrawn_at": _iso(consent.withdrawn_at),
    }


def _log_entry(entry: AccessLogEntry) -> dict[str, Any]:
    return {
        "at": _iso(entry.at),
        "actor_id": entry.actor_id,
        "actor_role": entry.actor_role,
        "organisation_id": entry.organisation_id,
        "subject_id": entry.subject_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "action": entry.action,
        "result": entry.result,
        "request_id": entry.request_id,
    }


def _ask(ask: Ask) -> dict[str, Any]:
    # `contact` is the contact's id as "contacts" gives it (None: the person was removed).
    # The author as role and name, like the grants name the coach: the account id means
    # nothing outside this Kring.
    author = ask.created_by
    return {
        "id": ask.pk,  # network meetings name their invitations and tasks by it
        "contact": ask.contact_id,
        "contact_label": ask.contact_label,
        "kind": ask.kind,
        "how": ask.how,
        "asked_on": _iso(ask.asked_on),
        "outcome": ask.outcome,
        "outcome_on": _iso(ask.outcome_on),
        "follow_up": _iso(ask.follow_up),
        "note": ask.note,
        "created_by_role": author.role if author is not None else "",
        "created_by_name": author.name if author is not None else "",
        "created_at": _iso(ask.created_at),
        "updated_at": _iso(ask.updated_at),
    }


def _suggestion_state(state: SuggestionState) -> dict[str, Any]:
    return {
        "key": state.key,
        "state": state.state,
        "until": _iso(state.until),
        "fingerprint": state.fingerprint,
    }


def user_data(user: User) -> dict[str, Any]:
    """Return everything Kring holds about `user` as plain JSON data (schema version 1)."""
    data = network.network_data(user)
    snapshots = list(Snapshot.objects.filter(owner=user).order_by("taken_at", "id"))
    snapshot_names = {s.pk: s.name for s in snapshots}
    grants = AccessGrant.objects.select_related(
        "jobseeker", "coach", "organisation", "stands_in_for"
    )
    return {
        "schema": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "user": {
            "id": user.pk,
            "email": user.email,
            "login_name": user.login_name or "",
            "name": user.name,
            "role": user.role,
            "organisation": user.organisation.name if user.organisation else "",
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": _profile(user),
        "contacts": data["contacts"],
        "ties": data["ties"],
        "snapshots": [
            {"id": s.pk, "name": s.name, "taken_at": _iso(s.taken_at), "data": s.data}
            for s in snapshots
        ],
        "indicator_summaries": [
            {
                "snapshot": snapshot_names.get(summary.snapshot_id)
                if summary.snapshot_id
                else None,
                "computed_at": _iso(summary.computed_at),
                "light": summary.light,
                "reasons": summary.reasons,
                "values": summary.values,
            }
            for summary in IndicatorSummary.objects.filter(jobseeker=user).order_by("id")
        ],
        "instrument_responses": [
            {
                "instrument": response.instrument,
                "taken_on": _iso(response.taken_on),
                "answers": response.answers,
                "scores": response.scores,
            }
            for response in InstrumentResponse.objects.filter(jobseeker=user).order_by(
                "taken_on", "id"
            )
        ],
        # The plan (kring.plan): asks with their outcomes, and what was done with suggestions.
        "asks": [
            _ask(ask)
            for ask in Ask.objects.filter(owner=user)
            .select_related("created_by")
            .order_by("asked_on", "id")
        ],
        "suggestion_states": [
            _suggestion_state(state)
            for state in SuggestionState.objects.filter(owner=user).order_by("key")
        ],
        # Ideas coaches added to the plan, and what the job seeker did with them.
        "coach_suggestions": plan_transfer.coach_suggestions_data(user),
        # Referrals to local offers (kring.offers): where the job seeker was sent, how it went.
        "referrals": offers.referrals_data(user),
        # Network meetings (kring.meetings): the list of who thinks along, and the plan.
        "meetings": meetings.meetings_data(user),
        # What coaches wrote about the job seeker (kring.coaching): no secret files.
        "coach_notes": coaching.notes_data(user),
        "grants_given": [_grant(g) for g in grants.filter(jobseeker=user).order_by("id")],
        "grants_received": [_grant(g) for g in grants.filter(coach=user).order_by("id")],
        # What the job seeker agreed to at an intake at the desk (kring.accounts.intake).
        "consents": [
            _consent(consent)
            for consent in ConsentRecord.objects.filter(jobseeker=user)
            .select_related("organisation", "recorded_by")
            .order_by("agreed_on", "id")
        ],
        "access_log": [
            _log_entry(e) for e in AccessLogEntry.objects.filter(subject_id=user.pk).order_by("id")
        ],
        "access_log_by_user": [
            _log_entry(e) for e in AccessLogEntry.objects.filter(actor_id=user.pk).order_by("id")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "hint": token.hint,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in ApiToken.objects.filter(user=user).order_by("id")
        ],
    }


GRANT_COLUMNS = [
    "id",
    "jobseeker",
    "jobseeker_email",
    "coach",
    "coach_email",
    "organisation",
    "scope",
    "created_at",
    "revoked_at",
    "starts_on",
    "ends_on",
    "stands_in_for",
    "stands_in_for_email",
]
CONSENT_COLUMNS = [
    "id",
    "grant",
    "organisation",
    "recorded_by",
    "agreed_on",
    "how",
    "scope",
    "created_at",
    "withdrawn_at",
]
LOG_COLUMNS = [
    "at",
    "actor_id",
    "actor_role",
    "organisation_id",
    "subject_id",
    "object_type",
    "object_id",
    "action",
    "result",
    "request_id",
]
ASK_COLUMNS = [
    "id",
    "contact",
    "contact_label",
    "kind",
    "how",
    "asked_on",
    "outcome",
    "outcome_on",
    "follow_up",
    "note",
    "created_by_role",
    "created_by_name",
    "created_at",
    "updated_at",
]
SUGGESTION_STATE_COLUMNS = ["key", "state", "until", "fingerprint"]


def all_data_download(*, user: User, request: HttpRequest | None = None) -> bytes:
    """Return `user`'s "download all my data" zip and log the export in the access log."""
    log_access(
        actor=user,
        subject_id=user.pk,
        action=Action.EXPORT,
        object_type="all_data",
        object_id=user.pk,
        request=request,
    )
    return export_zip(user)


def export_zip(user: User) -> bytes:
    """Return the "download all my data" zip: kring-export.json plus CSV files."""
    data = user_data(user)
    network_part = {"contacts": data["contacts"], "ties": data["ties"]}
    grants = data["grants_given"] + data["grants_received"]
    log = data["access_log"] + [e for e in data["access_log_by_user"] if e["subject_id"] != user.pk]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(EXPORT_JSON, json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("contacts.csv", formats.to_nodes_csv(network_part))
        archive.writestr("ties.csv", formats.to_edges_csv(network_part))
        archive.writestr("grants.csv", _table(GRANT_COLUMNS, grants))
        archive.writestr("consents.csv", _table(CONSENT_COLUMNS, data["consents"]))
        archive.writestr("access_log.csv", _table(LOG_COLUMNS, log))
        archive.writestr("asks.csv", _table(ASK_COLUMNS, data["asks"]))
        archive.writestr(
            "suggestion_states.csv", _table(SUGGESTION_STATE_COLUMNS, data["suggestion_states"])
        )
        archive.writestr(
            "coach_suggestions.csv",
            _table(plan_transfer.COACH_SUGGESTION_COLUMNS, data["coach_suggestions"]),
        )
        archive.writestr("referrals.csv", _table(offers.REFERRAL_COLUMNS, data["referrals"]))
        archive.writestr("meetings.csv", _table(meetings.MEETING_COLUMNS, data["meetings"]))
        archive.writestr(
            "meeting_plans.csv", _table(meetings.ITEM_COLUMNS, meetings.item_rows(data["meetings"]))
        )
        archive.writestr("coach_notes.csv", _table(coaching.NOTE_COLUMNS, data["coach_notes"]))
        archive.writestr("README.txt", _readme())
    return buffer.getvalue()


def _table(columns: list[str], records: Iterable[Mapping[str, Any]]) -> str:
    return formats.write_csv(columns, ([record[c] for c in columns] for record in records))


def _readme() -> str:
    return (
        "Kring export\n\n"
        "kring-export.json  everything Kring holds about you (schema version "
        f"{SCHEMA_VERSION})\n"
        "contacts.csv       your network, one row per person\n"
        "ties.csv           who knows whom (source, target, strength)\n"
        "grants.csv         who may see your data, from and until when, and stand-ins\n"
        "consents.csv       what you agreed to at the desk, and when you withdrew it\n"
        "access_log.csv     who looked at or changed your data\n"
        "asks.csv           your plan: what you asked whom, and how it went\n"
        "referrals.csv      the places you were sent to, and how it went\n"
        "suggestion_states.csv  what you did with the plan's suggestions\n"
        "coach_suggestions.csv  ideas of your coach, and what you did with them\n"
        "meetings.csv       your network meetings\n"
        "meeting_plans.csv  the plans of your network meetings: who does what by when\n"
        "coach_notes.csv    what your coaches wrote down about you\n\n"
        "Upload this zip on the import page of an empty Kring account to get your network "
        "back.\n"
    )


NETWORK_FORMATS: dict[str, tuple[str, str]] = {
    "graphml": ("application/graphml+xml", "kring-network.graphml"),
    "gexf": ("application/gexf+xml", "kring-network.gexf"),
    "contacts-csv": ("text/csv; charset=utf-8", "kring-contacts.csv"),
    "ties-csv": ("text/csv; charset=utf-8", "kring-ties.csv"),
}


def network_export(jobseeker: User, kind: str) -> tuple[bytes, str, str]:
    """Return (content, content type, file name) of the network in format `kind`."""
    data = network.network_data(jobseeker)
    if kind == "graphml":
        content = formats.to_graphml(data, include_ego=True)
    elif kind == "gexf":
        content = formats.to_gexf(data, include_ego=True)
    elif kind == "contacts-csv":
        content = formats.to_nodes_csv(data).encode("utf-8")
    elif kind == "ties-csv":
        content = formats.to_edges_csv(data).encode("utf-8")
    else:
        raise ValueError(f"unknown export format {kind!r}")
    content_type, filename = NETWORK_FORMATS[kind]
    return content, content_type, filename
