"""Import preview and confirmation: duplicates, all-or-nothing, re-import adds nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kring.accounts.models import User
from kring.exchange import exports, imports, restore
from kring.exchange.imports import Decision
from kring.exchange.lookalikes import looks_alike
from kring.exchange.messages import ImportRefused
from kring.exchange.models import ImportedKey, ImportPreview
from kring.network.models import Contact, NetworkRows, Tie
from tests.conftest import make_user
from tests.exchange.helpers import VCARD, import_all, preview_of, sample
from tests.network.helpers import make_contact

pytestmark = pytest.mark.django_db


def test_it_previews_without_storing_contacts(jobseeker: User) -> None:
    preview = preview_of(jobseeker)
    assert Contact.objects.filter(owner=jobseeker).count() == 0
    rows = preview.data["rows"]
    assert [r["label"] for r in rows] == ["Sanne B.", "Mo J.", "Ilse V."]
    assert rows[0]["occupation"] == "Verpleegkundige"
    assert rows[1]["quadrant"] == "work_school_club"  # a company: from work
    assert rows[0]["quadrant"] == "friends"
    assert all(r["ring"] == 3 and r["status"] == "new" for r in rows)
    assert "phone numbers" in preview.data["dropped_fields"]
    assert "e-mail addresses" in preview.data["dropped_fields"]


def test_it_keeps_only_minimal_fields_in_the_preview(jobseeker: User) -> None:
    preview = preview_of(jobseeker)
    text = str(preview.data)
    assert "12345678" not in text
    assert "sanne@example.org" not in text
    assert "Bakker" not in text
    assert "1990" not in text
    assert set(preview.data["rows"][0]) == {
        "index", "line", "label", "occupation", "organisation_hint", "quadrant", "ring",
        "role", "sector", "key_hash", "status", "matches",
    }  # fmt: skip


def test_it_guesses_work_for_linkedin(jobseeker: User) -> None:
    preview = preview_of(jobseeker, sample("Connections.csv"), filename="Connections.csv")
    assert preview.format == "linkedin"
    assert {r["quadrant"] for r in preview.data["rows"]} == {"work_school_club"}


def test_it_adds_everything_on_confirm(jobseeker: User) -> None:
    outcome = import_all(jobseeker)
    assert len(outcome.added) == 3
    sanne = Contact.objects.get(owner=jobseeker, label="Sanne B.")
    assert (sanne.ring, sanne.quadrant, sanne.occupation, sanne.role) == (
        3,
        "friends",
        "Verpleegkundige",
        "other",
    )
    assert ImportedKey.objects.filter(owner=jobseeker).count() == 3
    assert not ImportPreview.objects.exists()


def test_it_adds_nothing_when_the_same_file_comes_again(jobseeker: User) -> None:
    import_all(jobseeker)
    preview = preview_of(jobseeker)
    assert {r["status"] for r in preview.data["rows"]} == {"imported"}
    outcome = imports.import_confirm(
        actor=jobseeker,
        jobseeker=jobseeker,
        preview_id=preview.pk,
        decisions={0: Decision("add")},
    )
    assert outcome.added == [] and outcome.already_imported == 3
    assert Contact.objects.filter(owner=jobseeker).count() == 3


def test_it_refuses_a_used_preview(jobseeker: User) -> None:
    preview = preview_of(jobseeker)
    imports.import_confirm(
        actor=jobseeker, jobseeker=jobseeker, preview_id=preview.pk, decisions={}
    )
    with pytest.raises(ValidationError):
        imports.import_confirm(
            actor=jobseeker, jobseeker=jobseeker, preview_id=preview.pk, decisions={}
        )


@pytest.mark.parametrize(
    ("first", "second", "alike"),
    [
        ("Sanne B.", "sanne b.", True),
        ("Sanne B.", "Sanne Bakker", True),
        ("Sanne B.", "Sanne", True),
        ("Sanne B.", "Sanne K.", False),
        ("Mohammed", "Mohamed", True),
        ("Anna", "Hanna", True),  # similar spelling: the person decides
        ("Jan", "Johan", False),
        ("Jeroen", "Ilse", False),
        ("José", "Jose", True),  # accents do not make two names differ
        ("Renée B.", "renee", True),
    ],
)
def test_it_recognises_likely_duplicates(first: str, second: str, alike: bool) -> None:
    assert looks_alike(first, second) is alike


def test_it_flags_duplicates_and_skips_them_by_default(jobseeker: User) -> None:
    make_contact(jobseeker, "Sanne")
    preview = preview_of(jobseeker)
    sanne = preview.data["rows"][0]
    assert sanne["status"] == "duplicate"
    assert [m["label"] for m in sanne["matches"]] == ["Sanne"]
    outcome = imports.import_confirm(
        actor=jobseeker, jobseeker=jobseeker, preview_id=preview.pk, decisions={}
    )
    assert len(outcome.added) == 2 and outcome.skipped == 1
    assert Contact.objects.filter(owner=jobseeker, label__startswith="Sanne").count() == 1


def test_it_merges_by_filling_empty_fields_only(jobseeker: User) -> None:
    sanne = make_contact(jobseeker, "Sanne", occupation="")
    mo = make_contact(jobseeker, "Mo", occupation="Timmerman")
    preview = preview_of(jobseeker)
    outcome = imports.import_confirm(
        actor=jobseeker,
        jobseeker=jobseeker,
        preview_id=preview.pk,
        decisions={0: Decision("merge", sanne.pk), 1: Decision("merge", mo.pk)},
    )
    assert sorted(outcome.merged) == sorted([sanne.pk, mo.pk])
    sanne.refresh_from_db()
    mo.refresh_from_db()
    assert sanne.occupation == "Verpleegkundige" and sanne.version == 2
    assert sanne.label == "Sanne"  # the name the job seeker chose stays
    assert mo.occupation == "Timmerman" and mo.version == 1  # nothing to fill, untouched
    # merged people count as imported: the same file again adds nothing
    again = preview_of(jobseeker)
    assert [r["status"] for r in again.data["rows"][:2]] == ["imported", "imported"]


def test_it_places_people_where_the_job_seeker_chose(jobseeker: User) -> None:
    preview = preview_of(jobseeker)
    imports.import_confirm(
        actor=jobseeker,
        jobseeker=jobseeker,
        preview_id=preview.pk,
        decisions={2: Decision("add", ring=1, quadrant="family"), 1: Decision("skip")},
    )
    ilse = Contact.objects.get(owner=jobseeker, label="Ilse V.")
    assert (ilse.ring, ilse.quadrant) == (1, "family")
    assert not Contact.objects.filter(owner=jobseeker, label="Mo J.").exists()


def test_it_stores_nothing_when_one_row_is_wrong(jobseeker: User) -> None:
    preview = preview_of(jobseeker)
    with pytest.raises(ValidationError):
        imports.import_confirm(
            actor=jobseeker,
            jobseeker=jobseeker,
            preview_id=preview.pk,
            decisions={2: Decision("add", quadrant="nowhere")},
        )
    assert Contact.objects.filter(owner=jobseeker).count() == 0
    assert ImportedKey.objects.count() == 0


def test_it_rolls_back_everything_when_a_merge_target_is_foreign(
    jobseeker: User, coach: User
) -> None:
    from tests.conftest import make_user

    other = make_user()
    stranger = make_contact(other, "Sanne")
    preview = preview_of(jobseeker)
    with pytest.raises(ValidationError):
        imports.import_confirm(
            actor=jobseeker,
            jobseeker=jobseeker,
            preview_id=preview.pk,
            decisions={0: Decision("merge", stranger.pk)},
        )
    assert Contact.objects.filter(owner=jobseeker).count() == 0
    stranger.refresh_from_db()
    assert stranger.occupation == ""


def test_it_respects_the_network_limit(jobseeker: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kring.network.services.rules.MAX_CONTACTS", 3)
    make_contact(jobseeker, "Zeynep")
    preview = preview_of(jobseeker)
    assert preview.data["room"] == 2
    with pytest.raises(ValidationError, match="at most 3"):
        imports.import_confirm(
            actor=jobseeker, jobseeker=jobseeker, preview_id=preview.pk, decisions={}
        )
    assert Contact.objects.filter(owner=jobseeker).count() == 1


def test_it_previews_a_file_with_more_new_people_than_a_network_holds(
    jobseeker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The person chooses whom to bring in on the preview page; confirming checks the room.
    monkeypatch.setattr("kring.network.services.rules.MAX_CONTACTS", 2)
    preview = preview_of(jobseeker)
    assert preview.data["room"] == 2 and len(preview.data["rows"]) == 3


@pytest.mark.parametrize(
    ("data", "needle", "line"),
    [
        (b"", "empty", None),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG", 1),
        (b"PK\x03\x04" + b"\x00" * 100, "zip", 1),
        (b"Company,Job Title\nACME,Boss\n", "No column with names", None),
        (b"x" * (6 * 1024 * 1024), "6.0 MB", None),
    ],
)
def test_it_refuses_bad_files_with_a_clear_message(
    jobseeker: User, data: bytes, needle: str, line: int | None
) -> None:
    with pytest.raises(ImportRefused) as refused:
        preview_of(jobseeker, data, filename="contacts.csv")
    assert needle in refused.value.message
    assert refused.value.line == line
    assert not ImportPreview.objects.exists()


def test_it_reads_a_vcard_with_broken_folding_and_mixed_encodings(jobseeker: User) -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Renée Dupont\r\nN:Dupont;Renée;;;\r\n"
        "NOTE:a long note that\r\nwraps without the leading space\r\nEND:VCARD\r\n"
    ).encode() + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Jürgen;;;\r\nEND:VCARD\r\n".encode(
        "cp1252"
    )
    preview = preview_of(jobseeker, data, filename="x.vcf")
    assert [r["label"] for r in preview.data["rows"]] == ["Renée D.", "Jürgen M."]


def test_it_names_the_line_in_the_message(jobseeker: User) -> None:
    with pytest.raises(ImportRefused) as refused:
        preview_of(jobseeker, b"First Name\nSanne\nMo\x00\n", filename="c.csv")
    assert refused.value.line == 3
    assert refused.value.message.startswith("Line 3: The file contains binary data")


def test_it_speaks_dutch_to_dutch_users(jobseeker: User) -> None:
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ImportRefused) as refused:
        preview_of(jobseeker, b"", filename="c.csv")
    assert refused.value.message == "Het bestand is leeg."


def test_it_honours_a_chosen_format(jobseeker: User) -> None:
    with pytest.raises(ImportRefused, match="vCard"):
        preview_of(jobseeker, sample("google.csv"), format="vcard")
    with pytest.raises(ImportRefused, match="Unknown format"):
        preview_of(jobseeker, VCARD, format="excel")


def vcard_of(labels: list[str]) -> bytes:
    """Return a vCard file with one card per "First Last" in `labels`."""
    cards = []
    for label in labels:
        first, last = label.split(" ", 1)
        cards.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{last};{first};;;\r\nEND:VCARD\r\n")
    return "".join(cards).encode()


def people(count: int) -> list[str]:
    return [f"Persoon{number:03d} Achternaam{number:03d}" for number in range(count)]


def recomputations(monkeypatch: pytest.MonkeyPatch) -> list[User]:
    """Return a list that gets the job seeker of every recomputation of a network from now."""
    # Every change ends in network_changed, which recomputes through summary_refresh.
    from kring.network.services import rules
    from kring.network.summary import summary_refresh as real

    calls: list[User] = []

    def counted(who: User, network: NetworkRows | None = None) -> None:
        calls.append(who)
        real(who, network)

    monkeypatch.setattr(rules, "summary_refresh", counted)
    return calls


def test_it_recomputes_the_network_once_per_confirm(
    jobseeker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    calls = recomputations(monkeypatch)
    queries = []
    for count in (3, 40):
        owner = make_user()
        make_contact(owner, "Sanne", occupation="")
        preview = preview_of(owner, vcard_of(["Sanne Bakker", *people(count - 1)]))
        calls.clear()
        with CaptureQueriesContext(connection) as captured:
            outcome = imports.import_confirm(
                actor=owner,
                jobseeker=owner,
                preview_id=preview.pk,
                decisions={0: Decision("merge", preview.data["rows"][0]["matches"][0]["id"])},
            )
        assert len(outcome.added) == count - 1 and len(outcome.merged) == 1
        assert calls == [owner]
        queries.append(len(captured))
    # One bulk write per table: 37 more people cost no more queries, but for the batches
    # SQLite splits a bulk insert into (at most 999 parameters per query).
    assert queries[1] - queries[0] <= 2


def test_it_finds_the_same_look_alikes_as_comparing_with_everyone() -> None:
    import random

    from kring.exchange.lookalikes import LookAlikes

    rng = random.Random(7)
    firsts = ["Sanne", "Mohammed", "Mohamed", "Anna", "Hanna", "Jan", "Johan", "José", "Renée"]

    def label() -> str:
        first = rng.choice(firsts)
        if rng.random() < 0.3:  # a typo: one letter doubled or dropped
            at = rng.randrange(len(first))
            first = first[:at] + first[at] * rng.choice([0, 2]) + first[at + 1 :]
        return rng.choice([first, f"{first} {rng.choice('BKVZ')}.", f"{first} Bakker", "."])

    existing = [{"id": n, "label": label(), "occupation": ""} for n in range(300)]
    index = LookAlikes(existing)
    for _row in range(300):
        row = label()
        everyone = [c for c in existing if looks_alike(row, str(c["label"]))]
        assert index.similar(row) == everyone, row


def test_it_restores_a_network_with_one_recomputation(
    jobseeker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import make_user as fresh_user
    from tests.network.helpers import make_tie

    sanne = make_contact(jobseeker, "Sanne")
    mo = make_contact(jobseeker, "Mo", introduced_by=sanne)
    ilse = make_contact(jobseeker, "Ilse")
    make_tie(sanne, mo, 2)
    make_tie(mo, ilse)
    content = exports.export_zip(jobseeker)
    calls = recomputations(monkeypatch)
    fresh = fresh_user()
    outcome = restore.import_user_data(actor=fresh, jobseeker=fresh, data=content)
    assert (outcome.contacts, outcome.ties) == (3, 2)
    assert calls == [fresh]
    restored = {c.label: c for c in Contact.objects.filter(owner=fresh)}
    assert restored["Mo"].introduced_by_id == restored["Sanne"].pk
    assert Tie.objects.filter(owner=fresh).count() == 2
