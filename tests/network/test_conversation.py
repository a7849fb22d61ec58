"""The network conversation (netwerkgesprek) and the conversation on paper, through the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry, Result
from kring.network.models import Contact, NetworkProfile
from tests.conftest import client_for, make_grant, make_user
from tests.network.helpers import make_contact

pytestmark = pytest.mark.django_db

STEP_KEYS = ["support", "knows", "approach", "think_along"]


def step_url(jobseeker: User, key: str) -> str:
    return reverse("network:conversation_step", args=[jobseeker.pk, key])


def rows(*people: tuple[str, str, int], total: int = 3, **extra: Any) -> dict[str, Any]:
    """Return the POST data of the rows-of-people form with `people` in the first rows."""
    data: dict[str, Any] = {"person-TOTAL_FORMS": total, "person-INITIAL_FORMS": 0}
    for index, (label, quadrant, ring) in enumerate(people):
        data |= {
            f"person-{index}-label": label,
            f"person-{index}-quadrant": quadrant,
            f"person-{index}-ring": ring,
        }
    return data | extra


def network_version(jobseeker: User) -> int:
    profile = NetworkProfile.objects.filter(jobseeker=jobseeker).first()
    return profile.network_version if profile else 0


def summary_text(client: Client, jobseeker: User, query: str = "") -> str:
    page = client.get(reverse("network:conversation_summary", args=[jobseeker.pk]) + query)
    assert page.status_code == 200
    match = re.search(r"<textarea[^>]*>(.*?)</textarea>", page.content.decode(), re.S)
    assert match
    return match.group(1)


@pytest.fixture
def desk(jobseeker: User, coach: User) -> Client:
    """The coach's browser at the desk, with an edit grant from the job seeker."""
    make_grant(jobseeker, coach, Scope.EDIT)
    return client_for(coach)


def test_it_asks_the_four_questions_of_the_method_in_order(jobseeker: User, desk: Client) -> None:
    page = desk.get(reverse("network:conversation", args=[jobseeker.pk])).content.decode()
    links = re.findall(r'href="/jobseekers/\d+/network/conversation/([a-z_]+)/"', page)
    assert links[:4] == STEP_KEYS
    questions = [
        "Wie is er voor je?",
        "Wie weet dat je werk zoekt?",
        "Wie zou je kunnen vragen?",
        "Wie zou nog meer willen meedenken?",
    ]
    assert [page.index(q) for q in questions] == sorted(page.index(q) for q in questions)
    first = desk.get(step_url(jobseeker, "support")).content.decode()
    assert "<h1" in first and "Wie is er voor je?" in first
    assert "Vraag 1 van 4" in first
    assert "Lees de vraag hardop voor." in first  # the coach reads it to the job seeker


def test_it_adds_people_with_the_answer_each_question_is_about(
    jobseeker: User, desk: Client
) -> None:
    people = {
        "support": ("Moeder", "family", 1),
        "knows": ("Sem", "friends", 3),
        "approach": ("Buurman Kees", "friends", 0),
        "think_along": ("Juf Ans", "work_school_club", 4),
    }
    for key, person in people.items():
        response = desk.post(step_url(jobseeker, key), rows(person, go="stay"))
        assert response.status_code == 302, response.content.decode()
    made = {c.label: c for c in Contact.objects.filter(owner=jobseeker)}
    assert (made["Moeder"].ring, made["Moeder"].quadrant) == (1, "family")
    assert made["Moeder"].influence == 1
    assert made["Sem"].knows_searching == "yes" and made["Sem"].influence == 0
    assert made["Buurman Kees"].approachable == "yes" and made["Buurman Kees"].ring == 0
    assert made["Juf Ans"].potential_functions == ["advice"]
    assert made["Juf Ans"].influence == 1  # as the job seeker's own question records it


def test_it_ticks_people_already_named_without_lowering_what_was_known(
    jobseeker: User, desk: Client
) -> None:
    very = make_contact(jobseeker, "Oma", influence=2, potential_functions=["practical"])
    plain = make_contact(jobseeker, "Piet")
    page = desk.get(step_url(jobseeker, "support")).content.decode()
    assert f'name="mark" value="{plain.pk}"' in page
    assert f'name="mark" value="{very.pk}"' not in page  # already supportive: not ticked again
    assert "Al genoemd: Oma" in page
    before = network_version(jobseeker)
    response = desk.post(
        step_url(jobseeker, "support"),
        rows(("Tante Ria", "family", 2), mark=[str(plain.pk)], go="next"),
    )
    assert response["Location"] == step_url(jobseeker, "knows")
    # New people and ticks are one change: the summary is recomputed once.
    assert network_version(jobseeker) == before + 1
    plain.refresh_from_db()
    very.refresh_from_db()
    assert plain.influence == 1 and plain.version == 2
    assert very.influence == 2
    desk.post(step_url(jobseeker, "think_along"), rows(mark=[str(very.pk)], go="stay"))
    very.refresh_from_db()
    assert very.potential_functions == ["practical", "advice"]


def test_it_goes_back_and_forth_and_ends_with_the_summary(jobseeker: User, desk: Client) -> None:
    first, last = step_url(jobseeker, "support"), step_url(jobseeker, "think_along")
    start = reverse("network:conversation", args=[jobseeker.pk])
    summary = reverse("network:conversation_summary", args=[jobseeker.pk])
    assert desk.post(first, rows(go="previous"))["Location"] == start
    assert desk.post(first, rows(go="stay"))["Location"] == first + "#add"
    assert desk.post(last, rows(go="previous"))["Location"] == step_url(jobseeker, "approach")
    assert desk.post(last, rows(go="next"))["Location"] == summary
    assert not Contact.objects.filter(owner=jobseeker).exists()
    # An unknown question leads back to the start rather than to an error.
    assert desk.get(step_url(jobseeker, "nonsense"))["Location"] == start


def test_it_shows_the_map_filling_up_with_a_table_alternative(
    jobseeker: User, desk: Client
) -> None:
    desk.post(step_url(jobseeker, "knows"), rows(("Sem", "friends", 3), go="stay"))
    page = desk.get(step_url(jobseeker, "approach")).content.decode()
    assert 'class="netmap netmap-picture"' in page and 'role="img"' in page
    assert "In ring 1 tot 4: 1. Om te vragen: 0." in page
    table = page[page.index('<table class="table talk-table">') :]
    assert "Sem" in table and "Weet dat je zoekt" in table


def test_it_keeps_what_was_typed_and_saves_nothing_on_bad_input(
    jobseeker: User, desk: Client
) -> None:
    make_contact(jobseeker, "Anna")
    url = step_url(jobseeker, "support")
    cases = [
        (rows(("Bram", "", 2), ("Cor", "family", 1)), "Kies een deel van de cirkel voor Bram."),
        (rows(("anna", "friends", 2)), "anna staat al in het netwerk."),
        (rows(("Dirk", "family", 1), ("dirk", "family", 1)), "dirk staat twee keer in de lijst."),
        (rows(("x" * 41, "family", 1)), "x" * 40),
        (rows(("Els", "nowhere", 7)), "Els"),
        (rows(mark=["999999"]), "999999"),
    ]
    for data, shown in cases:
        response = desk.post(url, data | {"go": "next"})
        assert response.status_code == 422, data
        page = response.content.decode()
        assert 'class="error-summary" role="alert"' in page, data
        assert shown in page, (data, shown)
    # A form without its management fields is bad input too, not a server error.
    assert desk.post(url, {"go": "next"}).status_code == 422
    assert list(Contact.objects.filter(owner=jobseeker).values_list("label", flat=True)) == ["Anna"]


def test_it_refuses_a_contact_of_someone_else_as_a_tick(jobseeker: User, desk: Client) -> None:
    theirs = make_contact(make_user(), "Vreemde")
    response = desk.post(step_url(jobseeker, "knows"), rows(mark=[str(theirs.pk)], go="next"))
    assert response.status_code == 422
    theirs.refresh_from_db()
    assert theirs.knows_searching == "unknown" and theirs.version == 1


def test_the_summary_gives_counts_and_names_per_question(jobseeker: User, desk: Client) -> None:
    make_contact(jobseeker, "Bram", influence=1, knows_searching="yes")
    make_contact(jobseeker, "Anna", influence=2, functions=["advice"])
    make_contact(jobseeker, "Kees", ring=0, approachable="yes")
    make_contact(jobseeker, "Zus", influence=-1)
    text = summary_text(desk, jobseeker)
    lines = text.splitlines()
    assert lines[0].startswith(f"Netwerkgesprek met {jobseeker.name}, ")
    assert lines[1] == "1. Wie is er voor je? 2 mensen: Anna, Bram"
    assert lines[2] == "2. Wie weet dat je werk zoekt? 1 persoon: Bram"
    assert lines[3] == "3. Wie zou je kunnen vragen? 1 persoon: Kees"
    assert lines[4] == "4. Wie zou nog meer willen meedenken? 1 persoon: Anna"
    assert lines[5] == "In de cirkel: 3 mensen. Om te vragen: 1 persoon."
    assert "Zus" not in text
    without = summary_text(desk, jobseeker, "?names=0")
    assert "Anna" not in without and "Bram" not in without
    assert "1. Wie is er voor je? 2 mensen" in without


def test_the_copy_button_is_an_extra_and_the_text_can_be_selected(
    jobseeker: User, desk: Client
) -> None:
    page = desk.get(reverse("network:conversation_summary", args=[jobseeker.pk])).content.decode()
    assert re.search(
        r'<button type="button" class="button" data-copy="summary-text"[^>]* hidden>', page
    )
    assert '<textarea id="summary-text"' in page and "readonly" in page
    assert '<label for="summary-text">Tekst voor het dossier</label>' in page
    assert "network/conversation.js" in page
    assert f'href="/jobseekers/{jobseeker.pk}/notes/"' in page


def test_a_job_seeker_has_the_conversation_by_themselves(jobseeker: User) -> None:
    client = client_for(jobseeker)
    page = client.get(step_url(jobseeker, "support")).content.decode()
    assert "hardop" not in page  # nobody to read it aloud to
    response = client.post(step_url(jobseeker, "support"), rows(("Lisa", "friends", 2), go="next"))
    assert response.status_code == 302
    assert Contact.objects.get(owner=jobseeker).influence == 1
    summary = client.get(reverse("network:conversation_summary", args=[jobseeker.pk]))
    assert "De samenvatting als tekst" in summary.content.decode()
    assert "Schrijf een notitie" not in summary.content.decode()


def test_a_coach_without_a_grant_gets_404_and_a_logged_denial(jobseeker: User, coach: User) -> None:
    client = client_for(coach)
    urls = [
        reverse("network:conversation", args=[jobseeker.pk]),
        step_url(jobseeker, "support"),
        reverse("network:conversation_summary", args=[jobseeker.pk]),
        reverse("network:paper_circle", args=[jobseeker.pk]),
        reverse("network:paper_card", args=[jobseeker.pk]),
        reverse("network:paper_entry", args=[jobseeker.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(step_url(jobseeker, "support"), rows(("Mo", "family", 1))).status_code == 404
    denied = AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, result=Result.DENIED
    )
    assert denied.count() == len(urls) + 1
    assert not Contact.objects.filter(owner=jobseeker).exists()


def test_a_view_grant_reads_along_but_cannot_add(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    make_contact(jobseeker, "Anna", influence=1)
    client = client_for(coach)
    page = client.get(step_url(jobseeker, "support"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anna" in html and '<form method="post"' not in html
    assert "Volgende vraag" in html  # the questions can still be followed
    response = client.post(step_url(jobseeker, "support"), rows(("Mo", "family", 1)))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, result=Result.DENIED, action="change"
    ).exists()
    assert client.get(reverse("network:paper_entry", args=[jobseeker.pk])).status_code == 404
    assert Contact.objects.filter(owner=jobseeker).count() == 1


def test_the_coachs_reading_of_the_conversation_is_logged(jobseeker: User, desk: Client) -> None:
    desk.get(reverse("network:conversation_summary", args=[jobseeker.pk]))
    assert AccessLogEntry.objects.filter(
        subject_id=jobseeker.pk, action="view", object_type="network", result=Result.ALLOWED
    ).exists()


def test_the_blank_circle_prints_the_map_with_nobody_on_it(jobseeker: User, desk: Client) -> None:
    make_contact(jobseeker, "Anna")
    page = desk.get(reverse("network:paper_circle", args=[jobseeker.pk])).content.decode()
    svg = page[page.index('<div class="paper-map">') : page.index("</svg>")]
    assert 'class="netmap netmap-picture"' in svg
    assert 'class="ring ring-0"' in svg and 'class="quadrant-name"' in svg
    assert '<g class="nodes"></g>' in svg and ">AN<" not in svg
    assert "Anna" not in svg, svg[svg.index("Anna") - 200 :]
    assert "data-print hidden" in page and "exchange/print.js" in page


def test_the_question_card_lists_the_questions_with_their_signs(
    jobseeker: User, desk: Client
) -> None:
    page = desk.get(reverse("network:paper_card", args=[jobseeker.pk])).content.decode()
    card = page[page.index('<ol class="card-questions">') :]
    for question, sign in [
        ("Wie is er voor je?", "+"),
        ("Wie weet dat je werk zoekt?", "✓"),
        ("Wie zou je kunnen vragen?", "?"),
        ("Wie zou nog meer willen meedenken?", "★"),
    ]:
        assert question in card
        assert f"<strong>{sign}</strong>" in card


def test_it_types_in_a_paper_circle_in_one_go(jobseeker: User, desk: Client) -> None:
    url = reverse("network:paper_entry", args=[jobseeker.pk])
    page = desk.get(url).content.decode()
    assert page.count('class="person-row"') == 10
    assert desk.get(url + "?rows=20").content.decode().count('class="person-row"') == 20
    assert desk.get(url + "?rows=999").content.decode().count('class="person-row"') == 50
    before = network_version(jobseeker)
    data = rows(
        ("Moeder", "family", 1),
        ("Sem", "friends", 2),
        ("Kees", "work_school_club", 0),
        total=10,
    ) | {
        "person-0-answers": ["supportive", "knows_searching"],
        "person-2-answers": ["approachable", "thinks_along"],
    }
    response = desk.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("network:table", args=[jobseeker.pk])
    assert network_version(jobseeker) == before + 1
    made = {c.label: c for c in Contact.objects.filter(owner=jobseeker)}
    assert set(made) == {"Moeder", "Sem", "Kees"}
    assert (made["Moeder"].influence, made["Moeder"].knows_searching) == (1, "yes")
    assert (made["Sem"].influence, made["Sem"].knows_searching) == (0, "unknown")
    assert (made["Kees"].approachable, made["Kees"].potential_functions) == ("yes", ["advice"])


def test_a_paper_entry_with_a_mistake_keeps_every_row(jobseeker: User, desk: Client) -> None:
    url = reverse("network:paper_entry", args=[jobseeker.pk])
    data = rows(("Moeder", "family", 1), ("Sem", "", 2), total=10)
    response = desk.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Moeder"' in page and 'value="Sem"' in page
    assert "Persoon 2:" in page
    assert not Contact.objects.filter(owner=jobseeker).exists()
    empty = desk.post(url, rows(total=10))
    assert empty.status_code == 422 and "Vul minstens één naam in." in empty.content.decode()
    too_many = desk.post(url, rows(("A", "family", 1), total=51))
    assert too_many.status_code == 422


def test_it_respects_the_network_limit(
    jobseeker: User, desk: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kring.network.services import rules

    monkeypatch.setattr(rules, "MAX_CONTACTS", 1)
    response = desk.post(
        step_url(jobseeker, "support"),
        rows(("Moeder", "family", 1), ("Vader", "family", 1), go="next"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Een netwerk heeft hoogstens 1 contacten." in page
    assert 'value="Moeder"' in page and 'value="Vader"' in page
    assert not Contact.objects.filter(owner=jobseeker).exists()


def test_the_intake_and_the_coachs_overview_lead_to_the_conversation(
    jobseeker: User, coach: User
) -> None:
    client = client_for(coach)
    data = {
        "name": "Fatima",
        "email": "",
        "agreed_on": timezone.localdate().isoformat(),
        "how": "paper",
        "scope": Scope.EDIT,
        "ends_on": "",
    }
    end = client.get(client.post(reverse("intake"), data)["Location"]).content.decode()
    fatima = User.objects.get(name="Fatima", role=Role.JOBSEEKER)
    assert f'href="{reverse("network:conversation", args=[fatima.pk])}"' in end
    overview = client.get(reverse("jobseeker_detail", args=[fatima.pk])).content.decode()
    assert f'href="{reverse("network:conversation", args=[fatima.pk])}"' in overview
    build = client_for(jobseeker).get(reverse("network:build", args=[jobseeker.pk]))
    assert reverse("network:conversation", args=[jobseeker.pk]) in build.content.decode()
