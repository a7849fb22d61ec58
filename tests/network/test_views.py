from __future__ import annotations

from itertools import pairwise

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry
from kring.network.models import Contact, Snapshot, Tie
from tests.conftest import client_for, make_grant, make_user
from tests.network.helpers import make_contact, make_tie

pytestmark = pytest.mark.django_db


def url(jobseeker: User, rest: str = "network/") -> str:
    return f"/jobseekers/{jobseeker.pk}/{rest}"


def test_it_shows_the_map_with_every_contact(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna", ring=1, quadrant="family", influence=2)
    make_tie(anna, make_contact(jobseeker, "Bram"))
    response = client_for(jobseeker).get(url(jobseeker))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "Anna" in html and "Bram" in html
    assert url(jobseeker, "network/table/") in html
    assert 'type="module"' in html


def test_the_map_gives_its_script_htmx_and_the_geometry_of_layout_py(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna")
    html = client_for(jobseeker).get(url(jobseeker)).content.decode()
    # htmx is Kring's own static file (from npm), set up so the CSP needs no inline style.
    assert '<script src="/static/htmx/htmx.min.js" defer></script>' in html
    assert '"includeIndicatorStyles":false' in html
    # map.js reads rings and quadrants from the node layer instead of repeating layout.py.
    assert 'data-rings="1,2,3,4,0"' in html
    assert "[&quot;friends&quot;,270.0,360.0],[&quot;work_school_club&quot;,0.0,90.0]" in html


def test_the_jobseeker_start_page_leads_to_the_map(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna")
    # The start page says where the job seeker stands (tests/insights/test_home.py) and links
    # to the map, which shows the network.
    home = client_for(jobseeker).get("/").content.decode()
    assert f'href="/jobseekers/{jobseeker.pk}/network/"' in home
    response = client_for(jobseeker).get(f"/jobseekers/{jobseeker.pk}/network/")
    assert b"netmap-picture" in response.content and b"Anna" in response.content
    assert client_for(make_user()).get(f"/jobseekers/{jobseeker.pk}/").status_code == 404


def test_it_adds_names_through_the_prompts(jobseeker: User) -> None:
    client = client_for(jobseeker)
    response = client.post(
        url(jobseeker, "network/build/family/"),
        {"names": "Moeder\nVader, Broer", "ring": 1, "add": "1"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/build/friends/")
    assert list(
        Contact.objects.filter(owner=jobseeker, quadrant="family", ring=1)
        .values_list("label", flat=True)
        .order_by("label")
    ) == ["Broer", "Moeder", "Vader"]
    response = client.post(
        url(jobseeker, "network/build/approach/"),
        {"names": "Wethouder", "quadrant": "professional", "add": "1"},
    )
    assert Contact.objects.get(label="Wethouder").ring == 0


def test_a_prompt_can_be_skipped(jobseeker: User) -> None:
    response = client_for(jobseeker).post(
        url(jobseeker, "network/build/everyone/"), {"skip": "1", "names": "Anna"}
    )
    assert response.status_code == 302
    assert not Contact.objects.exists()


def test_the_knows_prompt_marks_existing_people(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    response = client_for(jobseeker).post(
        url(jobseeker, "network/build/knows/"), {"tick": [str(anna.pk)], "names": "", "add": "1"}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.knows_searching == "yes" and anna.version == 2


@pytest.mark.parametrize("names", ["x" * 41, ""])
def test_a_prompt_refuses_bad_names(jobseeker: User, names: str) -> None:
    response = client_for(jobseeker).post(
        url(jobseeker, "network/build/everyone/"),
        {"names": names, "ring": 3, "quadrant": "friends", "add": "1"},
    )
    assert response.status_code == 422
    assert not Contact.objects.exists()


def test_it_moves_by_form_and_through_htmx(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    client = client_for(jobseeker)
    response = client.post(
        url(jobseeker, f"contacts/{anna.pk}/move/"),
        {"ring": 4, "quadrant": "professional", "version": 1},
    )
    assert response.status_code == 302
    response = client.post(
        url(jobseeker, f"contacts/{anna.pk}/move/"),
        {"ring": 0, "quadrant": "family", "version": 2},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"map-stack" in response.content and b"<html" not in response.content
    assert b"data-status" in response.content
    anna.refresh_from_db()
    assert (anna.ring, anna.quadrant, anna.version) == (0, "family", 3)


def map_stack(html: str) -> str:
    start = html.index('<div class="map-stack">')
    return html[start : html.index("</div>", start)]


def move_queries(jobseeker: User, people: int) -> tuple[int, str]:
    """Return the queries a map move costs in a network of `people` in a chain, and the map."""
    chain = [make_contact(jobseeker, f"Persoon {n}", ring=1 + n % 4) for n in range(people)]
    for first, second in pairwise(chain):
        make_tie(first, second, strength=2)
    client = client_for(jobseeker)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            url(jobseeker, f"contacts/{chain[0].pk}/move/"),
            {"ring": 1, "quadrant": "family", "version": 1},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    return len(queries), map_stack(response.content.decode())


def test_it_moves_in_a_large_network_with_as_few_queries_as_in_a_small_one(
    jobseeker: User,
) -> None:
    small, _ = move_queries(make_user(organisation=jobseeker.organisation), people=2)
    large, drawn = move_queries(jobseeker, people=40)
    # One read of the people and one of the ties, shared by the summary and the redrawn map.
    assert large == small
    # Measured 19: session, user and the two kinds of two-step device; the contact locked and
    # updated; the network version (made on this first move); people and ties read once;
    # organisation and sector; the summary stored (made on this first move); the session
    # saved; two savepoints, each begun and released.
    assert small <= 19
    # The map drawn from the rows the summary used is the map a fresh read draws.
    page = client_for(jobseeker).get(url(jobseeker))
    assert drawn == map_stack(page.content.decode())
    assert 'data-version="2"' in drawn


def test_a_stale_move_shows_the_current_place(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna", ring=3, quadrant="friends", version=2)
    response = client_for(jobseeker).post(
        url(jobseeker, f"contacts/{anna.pk}/move/"),
        {"ring": 1, "quadrant": "family", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit contact net aangepast" in html
    assert "3 · kennis" in html
    anna.refresh_from_db()
    assert anna.ring == 3


def test_the_table_move_form_works_without_javascript(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    response = client_for(jobseeker).post(
        url(jobseeker, f"contacts/{anna.pk}/table-move/"),
        {
            f"m{anna.pk}-ring": 1,
            f"m{anna.pk}-quadrant": "family",
            f"m{anna.pk}-version": 1,
            "next": url(jobseeker, "network/table/"),
        },
    )
    assert response.status_code == 302 and response["Location"] == url(jobseeker, "network/table/")
    anna.refresh_from_db()
    assert anna.ring == 1


def test_a_move_to_an_unknown_place_is_refused(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    response = client_for(jobseeker).post(
        url(jobseeker, f"contacts/{anna.pk}/move/"),
        {"ring": 9, "quadrant": "moon", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    anna.refresh_from_db()
    assert anna.version == 1


def contact_post(contact: Contact, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "label": contact.label,
        "quadrant": contact.quadrant,
        "ring": contact.ring,
        "role": "",
        "influence": 0,
        "normalises_unemployment": "unknown",
        "knows_searching": "unknown",
        "approachable": "maybe",
        "employment": "unknown",
        "sector": "",
        "occupation": "",
        "isco_code": "",
        "in_target_sector": "",
        "can_introduce": "",
        "can_hire": "",
        "contact_frequency": "",
        "last_contact": "",
        "introduced_by": "",
        "note": "",
        "version": contact.version,
    }
    data.update(changes)
    return data


def test_it_edits_every_field_of_a_contact(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    bram = make_contact(jobseeker, "Bram")
    data = contact_post(
        anna,
        label="Anna B",
        role="former_colleague",
        functions=["advice", "job_leads"],
        potential_functions=["introduction"],
        influence=2,
        normalises_unemployment="no",
        knows_searching="yes",
        approachable="yes",
        employment="employed",
        sector="Q",
        occupation="Verpleegkundige",
        isco_code="2221",
        in_target_sector="true",
        can_introduce="true",
        can_hire="false",
        contact_frequency="monthly",
        last_contact="2025-03-01",
        is_new="on",
        introduced_by=bram.pk,
        note="Via de buurt",
    )
    response = client_for(jobseeker).post(url(jobseeker, f"contacts/{anna.pk}/"), data)
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.label == "Anna B" and anna.functions == ["advice", "job_leads"]
    assert anna.can_hire is False and anna.in_target_sector is True and anna.is_new
    assert anna.introduced_by == bram and anna.version == 2
    page = client_for(jobseeker).get(url(jobseeker, f"contacts/{anna.pk}/")).content.decode()
    assert "Schrijf niets over gezondheid, geloof of afkomst" in page


def test_a_stale_edit_shows_the_current_values(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    anna = make_contact(jobseeker, "Anna")
    form = contact_post(anna, note="from me")
    coach_data = contact_post(anna, note="from the coach")
    assert (
        client_for(coach).post(url(jobseeker, f"contacts/{anna.pk}/"), coach_data).status_code
        == 302
    )
    response = client_for(jobseeker).post(url(jobseeker, f"contacts/{anna.pk}/"), form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit contact net aangepast" in html
    assert "from the coach" in html and "from me" in html
    anna.refresh_from_db()
    assert anna.note == "from the coach"
    # The form now carries the current version: saving again is a deliberate choice.
    assert 'name="version" value="2"' in html


def test_it_refuses_a_41_character_name(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    response = client_for(jobseeker).post(
        url(jobseeker, f"contacts/{anna.pk}/"), contact_post(anna, label="x" * 41)
    )
    assert response.status_code == 422
    anna.refresh_from_db()
    assert anna.label == "Anna"


def test_it_deletes_a_contact(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    response = client_for(jobseeker).post(
        url(jobseeker, f"contacts/{anna.pk}/delete/"), {"version": 1}
    )
    assert response.status_code == 302
    assert not Contact.objects.exists()


def test_it_adds_one_contact(jobseeker: User) -> None:
    blank = Contact(label="Zoë", ring=2, quadrant="friends", version=1)
    response = client_for(jobseeker).post(url(jobseeker, "contacts/new/"), contact_post(blank))
    assert response.status_code == 302
    assert Contact.objects.get().label == "Zoë"


def test_the_table_sorts_and_filters(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna", ring=1, quadrant="family", influence=1)
    make_contact(jobseeker, "Bram", ring=3, quadrant="friends", influence=-1)
    make_contact(jobseeker, "Cor", ring=2, quadrant="family")
    client = client_for(jobseeker)
    html = client.get(url(jobseeker, "network/table/?sort=-ring")).content.decode()
    assert html.index("Bram") < html.index("Cor") < html.index("Anna")
    html = client.get(url(jobseeker, "network/table/?quadrant=family")).content.decode()
    assert "Anna" in html and "Cor" in html and "Bram" not in html
    html = client.get(url(jobseeker, "network/table/?effect=discouraging")).content.decode()
    assert "Bram" in html and "Anna" not in html


def test_the_table_ignores_filters_that_are_not_choices(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna", ring=1, quadrant="family")
    make_contact(jobseeker, "Bram", ring=0, quadrant="friends")
    client = client_for(jobseeker)
    odd = "network/table/?ring=9&quadrant=moon&effect=x&knows=maybe&sort=-password&q="
    response = client.get(url(jobseeker, odd))
    html = response.content.decode()
    assert response.status_code == 200 and "Anna" in html and "Bram" in html
    html = client.get(url(jobseeker, "network/table/?ring=0&q=+br+")).content.decode()
    assert "Bram" in html and "Anna" not in html
    assert client.get(url(jobseeker, "moments/compare/?a=1&b=" + "9" * 30)).status_code == 302


def test_who_knows_whom_with_one_form(jobseeker: User) -> None:
    anna, bram, cor = (make_contact(jobseeker, n) for n in ("Anna", "Bram", "Cor"))
    response = client_for(jobseeker).post(
        url(jobseeker, "network/ties/"),
        {"contact": anna.pk, f"c{bram.pk}": "2", f"c{cor.pk}": "1"},
    )
    assert response.status_code == 302
    assert set(Tie.objects.values_list("a_id", "b_id", "strength")) == {
        (anna.pk, bram.pk, 2),
        (anna.pk, cor.pk, 1),
    }


def test_moments_are_saved_and_compared(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    client = client_for(jobseeker)
    assert client.post(url(jobseeker, "moments/"), {"name": "Start"}).status_code == 302
    client.post(
        url(jobseeker, f"contacts/{anna.pk}/move/"), {"ring": 1, "quadrant": "family", "version": 1}
    )
    make_contact(jobseeker, "Bram")
    client.post(url(jobseeker, "moments/"), {"name": ""})
    first, second = Snapshot.objects.order_by("taken_at", "pk")
    response = client.get(url(jobseeker, f"moments/compare/?a={second.pk}&b={first.pk}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 2
    assert "Bram" in html and "Anna" in html
    assert client.get(url(jobseeker, f"moments/{first.pk}/")).status_code == 200


def test_the_profile_is_saved(jobseeker: User) -> None:
    response = client_for(jobseeker).post(
        url(jobseeker, "profile/"),
        {
            "target_occupation": "Kok",
            "target_sector": "I",
            "region": "Zwolle",
            "languages": "Nederlands",
        },
    )
    assert response.status_code == 302
    assert jobseeker.network_profile.target_occupation == "Kok"


PAGES = ["network/", "network/table/", "network/ties/", "moments/", "profile/", "contacts/{c}/"]
WRITES = [
    ("network/build/everyone/", {"names": "X", "ring": 1, "quadrant": "family", "add": "1"}),
    ("contacts/{c}/move/", {"ring": 1, "quadrant": "family", "version": 1}),
    ("contacts/{c}/delete/", {"version": 1}),
    ("contacts/new/", {"label": "X"}),
    ("moments/", {"name": "x"}),
    ("profile/", {"region": "x"}),
    ("network/ties/", {"contact": "{c}"}),
]


def _clients(jobseeker: User, organisation: object) -> dict[str, Client]:
    other = make_user()
    stranger_coach = make_user(Role.COACH)
    return {"other jobseeker": client_for(other), "coach without grant": client_for(stranger_coach)}


@pytest.mark.parametrize("page", PAGES)
def test_others_get_404_on_every_page(jobseeker: User, organisation: object, page: str) -> None:
    anna = make_contact(jobseeker, "Anna")
    for client in _clients(jobseeker, organisation).values():
        assert client.get(url(jobseeker, page.format(c=anna.pk))).status_code == 404


@pytest.mark.parametrize(("page", "data"), WRITES)
def test_a_view_grant_cannot_change_anything(
    jobseeker: User, coach: User, page: str, data: dict[str, object]
) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    anna = make_contact(jobseeker, "Anna")
    data = {k: (str(v).format(c=anna.pk)) for k, v in data.items()}
    client = client_for(coach)
    assert client.get(url(jobseeker)).status_code == 200
    assert client.post(url(jobseeker, page.format(c=anna.pk)), data).status_code == 404
    anna.refresh_from_db()
    assert anna.version == 1 and Contact.objects.count() == 1
    assert not Snapshot.objects.exists()


def test_a_view_grant_sees_no_edit_controls(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    anna = make_contact(jobseeker, "Anna")
    html = client_for(coach).get(url(jobseeker)).content.decode()
    assert 'data-editable="0"' in html
    html = client_for(coach).get(url(jobseeker, f"contacts/{anna.pk}/")).content.decode()
    assert '<form method="post" novalidate' not in html


def test_an_edit_grant_can_move_and_it_is_logged(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    anna = make_contact(jobseeker, "Anna")
    response = client_for(coach).post(
        url(jobseeker, f"contacts/{anna.pk}/move/"), {"ring": 1, "quadrant": "family", "version": 1}
    )
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, action="change", object_type="contact", object_id=str(anna.pk)
    ).exists()


def test_contacts_of_another_jobseeker_are_404_in_my_urls(jobseeker: User) -> None:
    other = make_user()
    theirs = make_contact(other, "Theirs")
    client = client_for(jobseeker)
    assert client.get(url(jobseeker, f"contacts/{theirs.pk}/")).status_code == 404
    assert (
        client.post(
            url(jobseeker, f"contacts/{theirs.pk}/move/"),
            {"ring": 1, "quadrant": "family", "version": 1},
        ).status_code
        == 404
    )


def test_it_shows_every_field_of_a_contact_in_words(jobseeker: User, coach: User) -> None:
    import datetime as dt

    from kring.network.services import CONTACT_FIELDS

    make_grant(jobseeker, coach, Scope.VIEW)
    bram = make_contact(jobseeker, "Bram")
    anna = make_contact(
        jobseeker,
        "Anna",
        role="sibling",
        functions=["emotional", "job_leads"],
        can_hire=True,
        in_target_sector=None,
        last_contact=dt.date(2026, 3, 5),
        introduced_by=bram,
        note="",
    )
    client = client_for(coach)
    client.cookies["django_language"] = "en"
    html = client.get(url(jobseeker, f"contacts/{anna.pk}/")).content.decode()
    assert html.count("<dt>") == len(CONTACT_FIELDS)
    for shown in (
        "<dd>brother or sister</dd>",
        "<dd>emotional support (E), tips about jobs</dd>",
        "<dd>05-03-2026</dd>",
        "<dd>Bram</dd>",
        "<dd>yes</dd>",
        "<dd>I don&#x27;t know</dd>",
        "<dd>—</dd>",
    ):
        assert shown in html, shown
