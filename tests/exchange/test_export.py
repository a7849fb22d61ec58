"""Exports: the all-data zip, network files, and the round trip export → import."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from typing import Any

import networkx as nx
import pytest
from django.core.exceptions import ValidationError

from kring.accounts.models import User
from kring.accounts.services import api_token_create
from kring.core.audit import log_access
from kring.core.models import Action
from kring.exchange import exports, imports, restore
from kring.exchange.messages import ImportRefused
from kring.insights.services import instrument_record
from kring.network.services import network_data, profile_update, snapshot_create
from kring.network.summary import summary_refresh
from kring.plan.models import Ask, SuggestionState
from kring.plan.services import ask_create, ask_record_outcome
from tests.conftest import make_grant, make_user
from tests.network.helpers import make_contact, make_tie

pytestmark = pytest.mark.django_db


def small_network(owner: User) -> None:
    profile_update(jobseeker=owner, target_occupation="Kok", target_sector="I")
    mama = make_contact(owner, "Mama", ring=1, quadrant="family", role="parent", influence=2)
    jeroen = make_contact(
        owner,
        '=HYPERLINK("x")',
        ring=3,
        quadrant="work_school_club",
        occupation="@magazijn",
        sector="H",
        functions=["job_leads", "advice"],
        can_hire=True,
        last_contact=date(2024, 5, 1),
        note="-tip",
    )
    ilse = make_contact(owner, "Ilse", ring=0, quadrant="friends", introduced_by=mama)
    make_tie(mama, jeroen, 2)
    make_tie(jeroen, ilse, 1)
    snapshot_create(actor=owner, jobseeker=owner, name="Start")
    ilse.delete()  # a person who is in a moment but no longer in the network
    snapshot_create(actor=owner, jobseeker=owner, name="Later")
    instrument_record(
        actor=owner,
        jobseeker=owner,
        instrument="loneliness",
        taken_on=date(2024, 6, 1),
        answers={
            "emptiness": "no",
            "miss_people": "yes",
            "rejected": "no",
            "rely_on": "yes",
            "trust": "more_or_less",
            "feel_close": "yes",
        },
    )
    summary_refresh(owner)


def open_zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def without_ids(data: dict[str, Any]) -> dict[str, Any]:
    """Return network data with contact ids replaced by labels, to compare two accounts."""
    names = {c["id"]: c["label"] for c in data["contacts"]}
    contacts = sorted(
        (
            {
                **{k: v for k, v in c.items() if k != "id"},
                "introduced_by": names.get(c["introduced_by"]),
            }
            for c in data["contacts"]
        ),
        key=lambda c: c["label"],
    )
    ties = sorted([*sorted([names[a], names[b]]), s] for a, b, s in data["ties"])
    return {"contacts": contacts, "ties": ties}


def test_it_puts_everything_about_the_user_in_the_zip(jobseeker: User, coach: User) -> None:
    small_network(jobseeker)
    make_grant(jobseeker, coach)
    log_access(actor=coach, subject_id=jobseeker.pk, action=Action.VIEW, object_type="network")
    token, _secret = api_token_create(user=jobseeker)
    archive = open_zip(exports.export_zip(jobseeker))
    assert set(archive.namelist()) == {
        "kring-export.json",
        "contacts.csv",
        "ties.csv",
        "grants.csv",
        "consents.csv",
        "access_log.csv",
        "asks.csv",
        "suggestion_states.csv",
        "coach_suggestions.csv",
        "referrals.csv",
        "meetings.csv",
        "meeting_plans.csv",
        "coach_notes.csv",
        "README.txt",
    }
    data = json.loads(archive.read("kring-export.json"))
    assert data["schema_version"] == 1
    assert data["user"]["email"] == jobseeker.email
    assert data["user"]["organisation"] == "Gemeente Testdorp"
    assert data["profile"]["target_occupation"] == "Kok"
    assert len(data["contacts"]) == 2 and len(data["ties"]) == 1
    assert [s["name"] for s in data["snapshots"]] == ["Start", "Later"]
    assert data["indicator_summaries"] and data["instrument_responses"]
    assert data["grants_given"][0]["coach_email"] == coach.email
    assert any(e["actor_id"] == coach.pk for e in data["access_log"])
    assert data["api_tokens"][0]["hint"] == token.hint
    assert token.token_hash not in archive.read("kring-export.json").decode()


def test_it_neutralises_formulas_in_every_csv(jobseeker: User) -> None:
    small_network(jobseeker)
    archive = open_zip(exports.export_zip(jobseeker))
    for name in ("contacts.csv", "ties.csv", "grants.csv", "access_log.csv"):
        for row in csv.reader(io.StringIO(archive.read(name).decode())):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
                assert not cell.startswith("-") or cell.lstrip("-").isdigit(), (name, cell)
    contacts = archive.read("contacts.csv").decode()
    assert "'=HYPERLINK" in contacts and "'@magazijn" in contacts and "'-tip" in contacts


def test_it_gives_back_the_same_network_after_export_and_import(jobseeker: User) -> None:
    small_network(jobseeker)
    content = exports.export_zip(jobseeker)
    fresh = make_user()
    outcome = restore.import_user_data(actor=fresh, jobseeker=fresh, data=content)
    assert (outcome.contacts, outcome.ties, outcome.snapshots, outcome.instruments) == (2, 1, 2, 1)
    assert without_ids(network_data(fresh)) == without_ids(network_data(jobseeker))
    restored = json.loads(open_zip(exports.export_zip(fresh)).read("kring-export.json"))
    original = json.loads(open_zip(content).read("kring-export.json"))
    assert restored["profile"] == original["profile"]
    assert [s["name"] for s in restored["snapshots"]] == ["Start", "Later"]
    start = restored["snapshots"][0]["data"]
    assert sorted(c["label"] for c in start["contacts"]) == sorted(
        c["label"] for c in original["snapshots"][0]["data"]["contacts"]
    )
    gone = [c for c in start["contacts"] if c["label"] == "Ilse"]
    assert gone and gone[0]["id"] < 0  # deleted before the export: a negative id
    assert (
        restored["instrument_responses"][0]["scores"]
        == original["instrument_responses"][0]["scores"]
    )


def test_it_restores_only_into_an_empty_network(jobseeker: User) -> None:
    small_network(jobseeker)
    content = exports.export_zip(jobseeker)
    with pytest.raises(ValidationError, match="empty network"):
        restore.import_user_data(actor=jobseeker, jobseeker=jobseeker, data=content)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"PK\x03\x04not really a zip",
        b"just text",
    ],
)
def test_it_refuses_what_is_not_an_export(jobseeker: User, content: bytes) -> None:
    with pytest.raises(ImportRefused):
        restore.import_user_data(actor=jobseeker, jobseeker=jobseeker, data=content)


def test_it_refuses_a_damaged_export_and_stores_nothing(jobseeker: User) -> None:
    source = make_user()
    small_network(source)
    data = json.loads(open_zip(exports.export_zip(source)).read("kring-export.json"))
    data["ties"].append([999999, 1, 1])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kring-export.json", json.dumps(data))
    with pytest.raises(ValidationError, match="damaged"):
        restore.import_user_data(actor=jobseeker, jobseeker=jobseeker, data=buffer.getvalue())
    assert network_data(jobseeker) == {"contacts": [], "ties": []}


def test_it_writes_graphml_and_gexf_that_networkx_reads_with_types(jobseeker: User) -> None:
    small_network(jobseeker)
    graphml, content_type, _name = exports.network_export(jobseeker, "graphml")
    assert content_type == "application/graphml+xml"
    graph = nx.read_graphml(io.BytesIO(graphml))
    contacts = [n for n, d in graph.nodes(data=True) if not d.get("ego")]
    assert len(contacts) == 2
    mama = next(d for _n, d in graph.nodes(data=True) if d.get("label") == "Mama")
    assert mama["ring"] == 1 and mama["influence"] == 2
    gexf, _type, _name = exports.network_export(jobseeker, "gexf")
    graph = nx.read_gexf(io.BytesIO(gexf))
    assert graph.number_of_nodes() == 3  # two contacts and the job seeker


def test_it_writes_node_and_edge_csv(jobseeker: User) -> None:
    small_network(jobseeker)
    nodes, content_type, _name = exports.network_export(jobseeker, "contacts-csv")
    assert content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(nodes.decode())))
    assert {r["label"] for r in rows} == {"Mama", '\'=HYPERLINK("x")'}
    edges, _type, _name = exports.network_export(jobseeker, "ties-csv")
    assert edges.decode().splitlines()[0] == "source,target,strength"


def test_it_reads_its_own_nodes_csv_back_as_kring_template(jobseeker: User) -> None:
    small_network(jobseeker)
    nodes, _type, _name = exports.network_export(jobseeker, "contacts-csv")
    fresh = make_user()
    preview = imports.import_preview(actor=fresh, jobseeker=fresh, data=nodes, filename="n.csv")
    assert preview.format == "kring"
    labels = sorted(r["label"] for r in preview.data["rows"])
    assert labels == sorted(["Mama", '=HYPERLINK("x")'])


def a_plan(owner: User, coach: User) -> None:
    """Give `owner` a network with a plan: asks with outcomes, an ally, suggestion states."""
    mama = make_contact(owner, "Mama", ring=1, quadrant="family")
    jeroen = make_contact(owner, "Jeroen", ring=3, quadrant="work_school_club")
    gone = make_contact(owner, "Gert", ring=4, quadrant="professional")
    helped = ask_create(
        jobseeker=owner,
        actor=owner,
        contact_id=jeroen.pk,
        kind="introduction",
        how="phone",
        asked_on=date(2025, 3, 1),
        note="=vraag naar de chef",
    )
    ask_record_outcome(
        jobseeker=owner,
        actor=owner,
        ask_id=helped.pk,
        version=helped.version,
        outcome="helped",
        outcome_on=date(2025, 3, 8),
    )
    ask_create(
        jobseeker=owner,
        actor=coach,
        contact_id=mama.pk,
        kind="support",
        how="in_person",
        asked_on=date(2025, 3, 2),
        follow_up=date(2025, 4, 1),
    )
    ask_create(
        jobseeker=owner,
        actor=owner,
        contact_id=gone.pk,
        kind="job_leads",
        how="email",
        asked_on=date(2025, 2, 1),
    )
    gone.delete()  # the ask stays, as "person removed"
    SuggestionState.objects.create(
        owner=owner, key="tell:12", state="dismissed", fingerprint="0a1b", created_by=owner
    )
    SuggestionState.objects.create(
        owner=owner, key="gap:reference", state="postponed", until=date(2025, 5, 1)
    )


def plan_of(user: User) -> list[tuple[Any, ...]]:
    return sorted(
        (
            ask.contact_label,
            ask.contact.label if ask.contact else "(removed)",
            ask.kind,
            ask.how,
            ask.asked_on,
            ask.outcome,
            ask.outcome_on,
            ask.follow_up,
            ask.note,
            ask.by_coach,
        )
        for ask in Ask.objects.filter(owner=user).select_related("contact")
    )


def export_json(content: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(open_zip(content).read("kring-export.json"))
    return data


def as_zip(data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kring-export.json", json.dumps(data))
    return buffer.getvalue()


def test_it_gives_back_the_plan_and_the_allies_after_export_and_restore(
    jobseeker: User, coach: User
) -> None:
    a_plan(jobseeker, coach)
    content = exports.export_zip(jobseeker)
    data = export_json(content)
    jeroen = next(c for c in data["contacts"] if c["label"] == "Jeroen")
    assert jeroen["ally"] is True
    helped = next(a for a in data["asks"] if a["outcome"] == "helped")
    assert helped["contact"] == jeroen["id"]
    assert helped["created_by_role"] == "jobseeker"
    assert {s["key"] for s in data["suggestion_states"]} == {"tell:12", "gap:reference"}
    fresh = make_user()
    outcome = restore.import_user_data(actor=fresh, jobseeker=fresh, data=content)
    assert outcome.asks == 3 and "3 asks" in outcome.message()
    assert without_ids(network_data(fresh)) == without_ids(network_data(jobseeker))
    assert [c["label"] for c in network_data(fresh)["contacts"] if c["ally"]] == ["Jeroen"]
    expected = [
        # A coach's ask comes back without its author: the coach belonged to the old account.
        (*row[:-1], False) if row[0] == "Mama" else row
        for row in plan_of(jobseeker)
    ]
    assert plan_of(fresh) == expected
    assert "Gert" not in [c["label"] for c in network_data(fresh)["contacts"]]
    states = {
        (s.key, s.state, s.until, s.fingerprint)
        for s in SuggestionState.objects.filter(owner=fresh)
    }
    assert states == {
        ("tell:12", "dismissed", None, "0a1b"),
        ("gap:reference", "postponed", date(2025, 5, 1), ""),
    }


def test_it_refuses_an_ask_about_a_person_not_in_the_export_and_stores_nothing(
    jobseeker: User, coach: User
) -> None:
    source = make_user()
    a_plan(source, coach)
    data = export_json(exports.export_zip(source))
    data["asks"][0]["contact"] = 999999
    fresh = make_user()
    with pytest.raises(ImportRefused, match="person \\(id 999999\\) who is not in the export"):
        restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert network_data(fresh) == {"contacts": [], "ties": []}
    assert not Ask.objects.filter(owner=fresh).exists()
    assert not SuggestionState.objects.filter(owner=fresh).exists()


@pytest.mark.parametrize(
    ("section", "field", "value", "problem"),
    [
        ("asks", "kind", "bribe", "“kind” has an unknown value"),
        ("asks", "outcome", None, "“outcome” has an unknown value"),
        ("asks", "how", 3, "“how” has an unknown value"),
        ("asks", "asked_on", "2025-02-30", "“asked_on” is not a valid date"),
        ("asks", "follow_up", 20250301, "“follow_up” is not a valid date"),
        ("asks", "note", "x" * 301, "“note” is longer than 300 characters"),
        ("asks", "contact", "7", "“contact” must be the id of a person"),
        ("asks", "contact_label", " ", "“contact_label” is empty"),
        ("suggestion_states", "state", "maybe", "“state” has an unknown value"),
        ("suggestion_states", "until", "soon", "“until” is not a valid date"),
        ("suggestion_states", "fingerprint", "<script>", "“fingerprint” has an unknown"),
        ("suggestion_states", "key", "k" * 81, "“key” is longer than 80 characters"),
    ],
)
def test_it_refuses_a_plan_value_it_does_not_know_and_stores_nothing(
    coach: User, section: str, field: str, value: object, problem: str
) -> None:
    source = make_user()
    a_plan(source, coach)
    data = export_json(exports.export_zip(source))
    data[section][0][field] = value
    fresh = make_user()
    with pytest.raises(ImportRefused, match=problem) as refused:
        restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert refused.value.message.endswith("Nothing was stored.")
    assert network_data(fresh) == {"contacts": [], "ties": []}
    assert not Ask.objects.filter(owner=fresh).exists()


def test_it_refuses_an_ally_that_is_not_true_or_false(coach: User) -> None:
    source = make_user()
    a_plan(source, coach)
    data = export_json(exports.export_zip(source))
    data["contacts"][1]["ally"] = "yes"
    fresh = make_user()
    with pytest.raises(ImportRefused, match=r"Person 2 .*“ally” must be true or false"):
        restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert network_data(fresh) == {"contacts": [], "ties": []}


def test_it_restores_an_export_made_before_the_plan(jobseeker: User, coach: User) -> None:
    a_plan(jobseeker, coach)
    data = export_json(exports.export_zip(jobseeker))
    del data["asks"], data["suggestion_states"]
    for contact in data["contacts"]:
        del contact["ally"]
    data["actions"] = []  # what exports said before the plan existed
    fresh = make_user()
    outcome = restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert (outcome.contacts, outcome.asks) == (2, 0)
    assert not any(c["ally"] for c in network_data(fresh)["contacts"])


def test_it_neutralises_a_formula_in_an_ask_note(jobseeker: User, coach: User) -> None:
    a_plan(jobseeker, coach)
    archive = open_zip(exports.export_zip(jobseeker))
    rows = list(csv.DictReader(io.StringIO(archive.read("asks.csv").decode())))
    assert "'=vraag naar de chef" in [row["note"] for row in rows]
    assert {row["contact_label"] for row in rows} == {"Jeroen", "Mama", "Gert"}
    states = list(csv.DictReader(io.StringIO(archive.read("suggestion_states.csv").decode())))
    assert {row["key"] for row in states} == {"tell:12", "gap:reference"}
