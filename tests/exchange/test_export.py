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
        "access_log.csv",
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
