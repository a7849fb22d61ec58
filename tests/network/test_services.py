from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kring.accounts.models import User
from kring.analysis import DEFAULT_THRESHOLDS
from kring.core.errors import VersionConflict
from kring.network import services
from kring.network.models import (
    CONTACT_ROW,
    Contact,
    NetworkProfile,
    NetworkRows,
    Snapshot,
    Tie,
)
from kring.network.summary import summarise_rows
from tests.conftest import make_user
from tests.network.helpers import make_contact, make_tie

pytestmark = pytest.mark.django_db


def version_of(jobseeker: User) -> int:
    profile = NetworkProfile.objects.filter(jobseeker=jobseeker).first()
    return profile.network_version if profile else 0


def test_it_creates_a_contact_and_records_the_change(jobseeker: User) -> None:
    contact = services.contact_create(
        jobseeker=jobseeker, label=" Anna ", ring=1, quadrant="family"
    )
    assert contact.label == "Anna"
    assert contact.version == 1
    assert version_of(jobseeker) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"label": "", "ring": 1, "quadrant": "family"}, "label"),
        ({"label": "x" * 41, "ring": 1, "quadrant": "family"}, "label"),
        ({"label": "Anna", "ring": 5, "quadrant": "family"}, "ring"),
        ({"label": "Anna", "ring": 1, "quadrant": "colleagues"}, "quadrant"),
        ({"label": "Anna", "ring": 1, "quadrant": "family", "influence": 3}, "influence"),
        ({"label": "Anna", "ring": 1, "quadrant": "family", "functions": ["magic"]}, "functions"),
        ({"label": "Anna", "ring": 1, "quadrant": "family", "note": "n" * 501}, "note"),
        ({"label": "Anna", "ring": 1, "quadrant": "family", "sector": "Z"}, "sector"),
    ],
)
def test_it_refuses_bad_contacts(jobseeker: User, fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.contact_create(jobseeker=jobseeker, **fields)
    assert field in error.value.message_dict
    assert not Contact.objects.exists()
    assert version_of(jobseeker) == 0


def test_it_refuses_fields_outside_the_record(jobseeker: User) -> None:
    with pytest.raises(ValidationError):
        services.contact_create(
            jobseeker=jobseeker, label="A", ring=1, quadrant="family", owner_id=9
        )


def test_it_adds_many_names_at_once_or_none(jobseeker: User) -> None:
    made = services.contacts_add_names(
        jobseeker=jobseeker,
        names=["Anna", "Bram"],
        ring=0,
        quadrant="friends",
        approachable="yes",
    )
    assert [c.label for c in made] == ["Anna", "Bram"]
    assert all(c.approachable == "yes" and c.ring == 0 for c in made)
    with pytest.raises(ValidationError):
        services.contacts_add_names(
            jobseeker=jobseeker,
            names=["Cor", "x" * 41],
            ring=1,
            quadrant="friends",
        )
    assert Contact.objects.count() == 2


def test_split_names_handles_lines_commas_and_repeats() -> None:
    assert services.split_names("Anna, Bram\n\n anna \nCor  de  Vries;Dirk") == [
        "Anna",
        "Bram",
        "Cor de Vries",
        "Dirk",
    ]


def test_it_moves_a_contact_and_bumps_the_version(jobseeker: User) -> None:
    contact = make_contact(jobseeker)
    moved = services.contact_move(
        jobseeker=jobseeker,
        contact_id=contact.pk,
        ring=4,
        quadrant="professional",
        version=1,
    )
    contact.refresh_from_db()
    assert (contact.ring, contact.quadrant, contact.version) == (4, "professional", 2)
    assert moved.version == 2
    assert version_of(jobseeker) == 1


def test_a_move_gives_back_the_network_it_computed_the_summary_from(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna", knows_searching="yes")
    bram = make_contact(jobseeker, "Bram", role="", sector="")
    make_tie(anna, bram, strength=2)
    moved = services.contact_move_with_network(
        jobseeker=jobseeker,
        contact_id=anna.pk,
        ring=1,
        quadrant="family",
        version=1,
    )
    assert moved.contact.version == 2
    assert moved.network is not None
    # The same rows a fresh read gives, with the move in them.
    assert moved.network == NetworkRows.read(jobseeker)
    assert moved.network.contacts == Contact.objects.map_rows(jobseeker)
    assert moved.network.ties == [[anna.pk, bram.pk, 2]]
    first, second = (dict(zip(CONTACT_ROW, row, strict=True)) for row in moved.network.rows)
    assert (first["id"], first["ring"], first["quadrant"]) == (anna.pk, 1, "family")
    # Blank text comes as stored, and the summary reads it as unknown, just like null.
    assert (second["role"], second["sector"]) == ("", "")
    as_null = replace(
        moved.network,
        rows=[tuple(None if value == "" else value for value in row) for row in moved.network.rows],
    )
    options: dict[str, Any] = {
        "key": jobseeker.pk,
        "as_of": date(2026, 12, 2),
        "thresholds": DEFAULT_THRESHOLDS,
        "target_sector": "Q",
    }
    assert summarise_rows(moved.network, **options) == summarise_rows(as_null, **options)


def test_a_move_to_the_same_place_changes_and_reads_nothing(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna", ring=2, quadrant="friends")
    moved = services.contact_move_with_network(
        jobseeker=jobseeker,
        contact_id=anna.pk,
        ring=2,
        quadrant="friends",
        version=1,
    )
    assert moved.network is None
    assert moved.contact.version == 1
    assert version_of(jobseeker) == 0


def test_the_lock_reads_the_whole_contact_of_this_jobseeker_only(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna", functions=["advice"], in_target_sector=True)
    locked = Contact.objects.locked(jobseeker, anna.pk)
    assert locked is not None
    fields = [field.attname for field in Contact._meta.concrete_fields]
    assert [getattr(locked, name) for name in fields] == [getattr(anna, name) for name in fields]
    assert Contact.objects.locked(make_user(), anna.pk) is None


def test_a_move_stores_the_place_and_stamps_the_contact(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    moved = services.contact_move(
        jobseeker=jobseeker,
        contact_id=anna.pk,
        ring=1,
        quadrant="family",
        version=1,
    )
    stored = Contact.objects.get(pk=anna.pk)
    assert (stored.ring, stored.quadrant, stored.version) == (1, "family", 2)
    assert stored.updated_at == moved.updated_at > anna.updated_at
    assert (stored.label, stored.created_at) == (anna.label, anna.created_at)


def test_the_version_bump_also_stamps_the_profile(jobseeker: User) -> None:
    assert not NetworkProfile.objects.bump(jobseeker)
    profile = NetworkProfile.objects.create(jobseeker=jobseeker, network_version=4)
    before = profile.updated_at
    assert NetworkProfile.objects.bump(jobseeker)
    profile.refresh_from_db()
    assert profile.network_version == 5
    assert profile.updated_at > before


def test_a_stale_move_is_refused_with_the_current_contact(jobseeker: User, coach: User) -> None:
    contact = make_contact(jobseeker)
    services.contact_move(
        jobseeker=jobseeker,
        contact_id=contact.pk,
        ring=3,
        quadrant="family",
        version=1,
    )
    with pytest.raises(VersionConflict) as conflict:
        services.contact_move(
            jobseeker=jobseeker,
            contact_id=contact.pk,
            ring=1,
            quadrant="friends",
            version=1,
        )
    assert conflict.value.current.ring == 3
    contact.refresh_from_db()
    assert (contact.ring, contact.quadrant) == (3, "family")


def test_a_stale_update_never_overwrites(jobseeker: User, coach: User) -> None:
    contact = make_contact(jobseeker, note="first")
    services.contact_update(jobseeker=jobseeker, contact_id=contact.pk, version=1, note="coach")
    with pytest.raises(VersionConflict) as conflict:
        services.contact_update(jobseeker=jobseeker, contact_id=contact.pk, version=1, note="me")
    assert conflict.value.current.note == "coach"
    contact.refresh_from_db()
    assert contact.note == "coach"
    assert contact.version == 2


def test_it_refuses_to_move_to_an_unknown_place(jobseeker: User) -> None:
    contact = make_contact(jobseeker)
    for ring, quadrant in [(7, "family"), (1, "nowhere")]:
        with pytest.raises(ValidationError):
            services.contact_move(
                jobseeker=jobseeker,
                contact_id=contact.pk,
                ring=ring,
                quadrant=quadrant,
                version=1,
            )
    contact.refresh_from_db()
    assert contact.version == 1


def test_it_never_touches_another_jobseekers_contact(jobseeker: User) -> None:
    other = make_user()
    contact = make_contact(other)
    from kring.core.errors import NotFound

    with pytest.raises(NotFound):
        services.contact_move(
            jobseeker=jobseeker,
            contact_id=contact.pk,
            ring=1,
            quadrant="family",
            version=1,
        )


def test_ties_refuse_self_other_networks_and_duplicates(jobseeker: User) -> None:
    anna, bram = make_contact(jobseeker, "Anna"), make_contact(jobseeker, "Bram")
    stranger = make_contact(make_user(), "Stranger")
    with pytest.raises(ValidationError, match="zichzelf"):
        services.tie_set(jobseeker=jobseeker, first_id=anna.pk, second_id=anna.pk)
    with pytest.raises(ValidationError, match="dit netwerk"):
        services.tie_set(jobseeker=jobseeker, first_id=anna.pk, second_id=stranger.pk)
    tie = services.tie_set(jobseeker=jobseeker, first_id=bram.pk, second_id=anna.pk, strength=2)
    assert (tie.a_id, tie.b_id, tie.strength) == (anna.pk, bram.pk, 2)
    with pytest.raises(ValidationError, match="al verbonden"):
        services.tie_set(jobseeker=jobseeker, first_id=anna.pk, second_id=bram.pk)
    with pytest.raises(ValidationError):
        services.tie_set(
            jobseeker=jobseeker,
            first_id=anna.pk,
            second_id=bram.pk,
            strength=3,
            replace=True,
        )
    assert Tie.objects.count() == 1


def test_ties_set_for_creates_updates_and_removes(jobseeker: User) -> None:
    anna, bram, cor, dirk = (make_contact(jobseeker, n) for n in ("Anna", "Bram", "Cor", "Dirk"))
    make_tie(anna, bram, 1)
    make_tie(anna, cor, 1)
    changes = services.ties_set_for(
        jobseeker=jobseeker,
        contact_id=anna.pk,
        strengths={bram.pk: 2, cor.pk: 0, dirk.pk: 1},
    )
    assert changes == 3
    ties = set(Tie.objects.values_list("a_id", "b_id", "strength"))
    assert ties == {(anna.pk, bram.pk, 2), (anna.pk, dirk.pk, 1)}


def test_ties_set_for_refuses_strangers(jobseeker: User) -> None:
    anna = make_contact(jobseeker)
    stranger = make_contact(make_user())
    with pytest.raises(ValidationError):
        services.ties_set_for(jobseeker=jobseeker, contact_id=anna.pk, strengths={stranger.pk: 1})
    assert not Tie.objects.exists()


def test_deleting_a_contact_removes_its_ties(jobseeker: User) -> None:
    anna, bram = make_contact(jobseeker, "Anna"), make_contact(jobseeker, "Bram")
    make_tie(anna, bram)
    services.contact_delete(jobseeker=jobseeker, contact_id=anna.pk)
    assert not Tie.objects.exists()
    assert list(Contact.objects.values_list("label", flat=True)) == ["Bram"]


def test_a_snapshot_is_a_frozen_copy(jobseeker: User) -> None:
    anna, bram = make_contact(jobseeker, "Anna"), make_contact(jobseeker, "Bram")
    make_tie(anna, bram, 2)
    snapshot = services.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Start")
    services.contact_delete(jobseeker=jobseeker, contact_id=anna.pk)
    snapshot = Snapshot.objects.get(pk=snapshot.pk)
    assert [c["label"] for c in snapshot.data["contacts"]] == ["Anna", "Bram"]
    assert snapshot.data["ties"] == [[anna.pk, bram.pk, 2]]
    assert set(snapshot.data["contacts"][0]) >= set(services.CONTACT_FIELDS)


def test_compare_lists_added_removed_and_moved(jobseeker: User) -> None:
    from kring.network.compare import compare

    anna, bram = make_contact(jobseeker, "Anna"), make_contact(jobseeker, "Bram")
    before = services.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="a")
    services.contact_delete(jobseeker=jobseeker, contact_id=bram.pk)
    services.contact_move(
        jobseeker=jobseeker,
        contact_id=anna.pk,
        ring=1,
        quadrant="family",
        version=1,
    )
    make_contact(jobseeker, "Cor")
    after = services.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="b")
    result = compare(before.data, after.data)
    assert [c.label for c in result.added] == ["Cor"]
    assert [c.label for c in result.removed] == ["Bram"]
    assert [(c.label, c.before_ring, c.after_ring, c.after_quadrant) for c in result.moved] == [
        ("Anna", 2, 1, "family")
    ]


def test_profile_update_keeps_to_its_fields(jobseeker: User) -> None:
    profile = services.profile_update(
        jobseeker=jobseeker,
        target_occupation="Kok",
        target_sector="I",
        region="Utrecht",
        languages="Nederlands",
    )
    assert profile.target_sector == "I"
    with pytest.raises(ValidationError):
        services.profile_update(jobseeker=jobseeker, target_sector="Z")
    with pytest.raises(ValidationError):
        services.profile_update(jobseeker=jobseeker, jobseeker_id=3)


def test_introduced_by_must_be_in_the_same_network(jobseeker: User) -> None:
    stranger = make_contact(make_user())
    with pytest.raises(ValidationError):
        services.contact_create(
            jobseeker=jobseeker,
            label="A",
            ring=1,
            quadrant="family",
            introduced_by=stranger.pk,
        )
    anna = make_contact(jobseeker, "Anna")
    bram = services.contact_create(
        jobseeker=jobseeker,
        label="Bram",
        ring=3,
        quadrant="friends",
        is_new=True,
        introduced_by=anna.pk,
    )
    assert bram.introduced_by == anna
