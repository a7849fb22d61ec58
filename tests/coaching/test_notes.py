"""Notes: a coach with an edit grant writes them, the job seeker reads every one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kring.accounts.models import Role, Scope, User
from kring.coaching.models import NOTE_TEXT_MAX, Note
from kring.core.models import AccessLogEntry, Action
from tests.conftest import client_for, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db


def notes_url(jobseeker: User) -> str:
    return reverse("coaching:notes", args=[jobseeker.pk])


def test_it_lets_a_coach_write_a_note_the_job_seeker_reads(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    response = client_for(coach).post(notes_url(jobseeker), {"text": "  We spraken over zorg.  "})
    assert response.status_code == 302
    note = Note.objects.get(jobseeker=jobseeker)
    assert (note.author, note.text, note.edited) == (coach, "We spraken over zorg.", False)
    page = client_for(jobseeker).get(notes_url(jobseeker)).content.decode()
    assert "We spraken over zorg." in page
    assert coach.name in page
    assert "Notities van je coach" in page


def test_it_logs_a_coachs_reads_and_writes_but_not_the_job_seekers_own(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    client_for(coach).post(notes_url(jobseeker), {"text": "Afspraak gemaakt."})
    client_for(coach).get(notes_url(jobseeker))
    client_for(jobseeker).get(notes_url(jobseeker))
    entries = AccessLogEntry.objects.about(jobseeker.pk).filter(object_type__in=["note", "notes"])
    assert sorted((e.actor_id, e.action) for e in entries) == sorted(
        [(coach.pk, Action.CHANGE), (coach.pk, Action.VIEW)]
    )


def test_it_lets_a_coach_with_a_view_grant_read_but_not_write(jobseeker: User, coach: User) -> None:
    Note.objects.create(jobseeker=jobseeker, author=None, text="Eerder gesprek.")
    make_grant(jobseeker, coach, Scope.VIEW)
    client = client_for(coach)
    page = client.get(notes_url(jobseeker))
    assert page.status_code == 200
    assert "Eerder gesprek." in page.content.decode()
    assert "een coach die weg is" in page.content.decode()
    assert page.context["form"] is None
    assert client.post(notes_url(jobseeker), {"text": "Nee"}).status_code == 404
    assert Note.objects.count() == 1


def test_it_does_not_let_a_job_seeker_write_a_coachs_note(jobseeker: User) -> None:
    assert client_for(jobseeker).post(notes_url(jobseeker), {"text": "Zelf"}).status_code == 404
    assert not Note.objects.exists()


def test_it_answers_404_and_logs_a_denial_for_every_wrong_actor(jobseeker: User) -> None:
    org = jobseeker.organisation
    wrong = [
        make_user(Role.JOBSEEKER, organisation=org),
        make_user(Role.COACH, organisation=org),
        make_user(Role.COACH, organisation=make_organisation()),
        make_user(Role.ADMIN, organisation=org),
    ]
    for actor in wrong:
        client = client_for(actor)
        assert client.get(notes_url(jobseeker)).status_code == 404
        assert client.post(notes_url(jobseeker), {"text": "x"}).status_code == 404
    denied = AccessLogEntry.objects.about(jobseeker.pk).filter(result="denied")
    assert {e.actor_id for e in denied} == {actor.pk for actor in wrong}
    assert not Note.objects.exists()


def test_it_keeps_what_was_typed_when_a_note_is_too_long(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    text = "lang " * (NOTE_TEXT_MAX // 4)
    response = client_for(coach).post(notes_url(jobseeker), {"text": text})
    assert response.status_code == 422
    assert text.strip() in response.content.decode()
    assert "hoogstens" in response.content.decode()
    empty = client_for(coach).post(notes_url(jobseeker), {"text": "   "})
    assert empty.status_code == 422
    assert "Schrijf eerst iets." in empty.content.decode()
    assert not Note.objects.exists()


def test_it_lets_only_the_author_change_a_note(jobseeker: User, coach: User) -> None:
    colleague = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, coach, Scope.EDIT)
    make_grant(jobseeker, colleague, Scope.EDIT)
    note = Note.objects.create(jobseeker=jobseeker, author=coach, text="Eerste versie.")
    response = client_for(colleague).post(
        notes_url(jobseeker), {"note": note.pk, "text": "Overschreven."}
    )
    assert response.status_code == 404
    response = client_for(coach).post(notes_url(jobseeker), {"note": note.pk, "text": "Beter."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.text, note.edited) == ("Beter.", True)
    assert "veranderd op" in client_for(jobseeker).get(notes_url(jobseeker)).content.decode()


def test_it_keeps_a_refused_change_in_its_own_form(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    note = Note.objects.create(jobseeker=jobseeker, author=coach, text="Eerste versie.")
    response = client_for(coach).post(notes_url(jobseeker), {"note": note.pk, "text": ""})
    assert response.status_code == 422
    assert response.context["editing_id"] == note.pk
    note.refresh_from_db()
    assert note.text == "Eerste versie."


@pytest.mark.parametrize("note", ["abc", "99999999999999999999999", "-1", "²"])
def test_it_answers_404_to_a_note_id_that_is_no_number(
    jobseeker: User, coach: User, note: str
) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    response = client_for(coach).post(notes_url(jobseeker), {"note": note, "text": "x"})
    assert response.status_code == 404


def test_it_never_changes_another_job_seekers_note_under_your_own_id(coach: User) -> None:
    mine = make_user(Role.JOBSEEKER, organisation=coach.organisation)
    theirs = make_user(Role.JOBSEEKER, organisation=coach.organisation)
    make_grant(mine, coach, Scope.EDIT)
    make_grant(theirs, coach, Scope.EDIT)
    note = Note.objects.create(jobseeker=theirs, author=coach, text="Van de ander.")
    response = client_for(coach).post(notes_url(mine), {"note": note.pk, "text": "Weg"})
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.text == "Van de ander."


def test_it_keeps_the_note_when_the_coach_account_is_deleted(jobseeker: User, coach: User) -> None:
    Note.objects.create(jobseeker=jobseeker, author=coach, text="Blijft staan.")
    coach.delete()
    note = Note.objects.get(jobseeker=jobseeker)
    assert note.author is None
    assert coach.name not in client_for(jobseeker).get(notes_url(jobseeker)).content.decode()


def test_it_puts_the_notes_in_the_job_seekers_data_download(jobseeker: User, coach: User) -> None:
    import io
    import json
    import zipfile

    Note.objects.create(jobseeker=jobseeker, author=coach, text="=Gesprek over werk.")
    response = client_for(jobseeker).get(reverse("exchange:my_data_download"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("kring-export.json"))
    assert [(n["author"], n["text"]) for n in data["coach_notes"]] == [
        (coach.name, "=Gesprek over werk.")
    ]
    csv = archive.read("coach_notes.csv").decode()
    assert "'=Gesprek over werk." in csv  # a spreadsheet does not run it as a formula
