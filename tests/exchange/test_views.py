"""The import and export pages, through the test client."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry, Action
from kring.exchange.models import ImportPreview
from kring.network.models import Contact
from tests.conftest import make_grant, make_user
from tests.exchange.conftest import english_client
from tests.exchange.helpers import VCARD, linkedin_csv
from tests.exchange.matrix import READERS_ONLY_WRONG, exchange_object_urls
from tests.network.helpers import make_contact

pytestmark = pytest.mark.django_db


def upload(client: Client, jobseeker: User, data: bytes, name: str = "c.vcf", fmt: str = "auto"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("exchange:import", args=[jobseeker.pk]),
        {"file": SimpleUploadedFile(name, data), "format": fmt},
    )


def test_it_shows_the_import_page(jobseeker: User) -> None:
    response = english_client(jobseeker).get(reverse("exchange:import", args=[jobseeker.pk]))
    assert response.status_code == 200
    assert b"What Kring keeps" in response.content


def test_it_previews_then_imports_on_confirm(jobseeker: User) -> None:
    client = english_client(jobseeker)
    make_contact(jobseeker, "Sanne")
    response = upload(client, jobseeker, VCARD)
    assert response.status_code == 302
    assert Contact.objects.filter(owner=jobseeker).count() == 1
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Sanne B." in html and "Merge with Sanne" in html
    assert "phone numbers" in html and "e-mail addresses" in html
    assert "<caption" in html and 'scope="row"' in html and "<fieldset" in html
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    sanne = Contact.objects.get(owner=jobseeker, label="Sanne")
    done = client.post(
        response["Location"],
        {
            "action": "confirm",
            "shown": ["0", "1", "2"],
            "row-0-selected": "1",
            "row-0-decision": f"merge-{sanne.pk}",
            "row-1-selected": "1",
            "row-1-ring": "2",
            "row-1-quadrant": "work_school_club",
        },
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("network:map", args=[jobseeker.pk])
    assert sorted(Contact.objects.filter(owner=jobseeker).values_list("label", flat=True)) == [
        "Mo J.",
        "Sanne",
    ]
    sanne.refresh_from_db()
    assert sanne.occupation == "Verpleegkundige"
    assert client.get(response["Location"]).status_code == 404  # used up


def test_it_stores_nothing_on_a_wrong_choice(jobseeker: User) -> None:
    client = english_client(jobseeker)
    location = upload(client, jobseeker, VCARD)["Location"]
    response = client.post(
        location,
        {"action": "confirm", "shown": "0", "row-0-selected": "1", "row-0-ring": "9"},
    )
    assert response.status_code == 422
    assert b"choose a ring" in response.content
    assert not Contact.objects.filter(owner=jobseeker).exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.csv", "This is a PNG image"),
        (b"PK\x03\x04" + b"\x00" * 64, "contacts.zip", "zip archive"),
        (b"Company,Job Title\nACME,Boss\n", "c.csv", "No column with names found"),
        (b"a" * (6 * 1024 * 1024), "big.csv", "The file is 6.0 MB. The limit is 5 MB."),
        (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:;;;;\r\nEND:VCARD\r\n\xff\xfe\x00", "x.vcf", "binary"),
    ],
)
def test_it_refuses_bad_files_with_a_clear_message(
    jobseeker: User, data: bytes, name: str, message: str
) -> None:
    response = upload(english_client(jobseeker), jobseeker, data, name)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ImportPreview.objects.exists()
    assert not Contact.objects.filter(owner=jobseeker).exists()


def test_it_refuses_an_empty_form(jobseeker: User) -> None:
    response = english_client(jobseeker).post(reverse("exchange:import", args=[jobseeker.pk]))
    assert response.status_code == 422


def test_it_lets_a_coach_with_an_edit_grant_import(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    response = upload(english_client(coach), jobseeker, VCARD)
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, action=Action.CHANGE, object_type="import"
    ).exists()


def test_it_hides_the_import_from_a_coach_who_may_only_view(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    client = english_client(coach)
    assert client.get(reverse("exchange:import", args=[jobseeker.pk])).status_code == 404
    assert upload(client, jobseeker, VCARD).status_code == 404
    assert client.get(reverse("exchange:export", args=[jobseeker.pk])).status_code == 200


def test_it_answers_404_to_every_wrong_actor() -> None:
    from tests.test_security import world as world_fixture

    world = world_fixture.__wrapped__()  # type: ignore[attr-defined]
    for name, (url, wrong) in exchange_object_urls(world).items():
        assert wrong == READERS_ONLY_WRONG
        for actor in wrong:
            client = english_client(world[actor])
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                assert status in (404, 405), (name, actor, method, status)


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("graphml", "application/graphml+xml"),
        ("gexf", "application/gexf+xml"),
        ("contacts-csv", "text/csv; charset=utf-8"),
        ("ties-csv", "text/csv; charset=utf-8"),
    ],
)
def test_it_downloads_network_files(
    jobseeker: User, coach: User, kind: str, content_type: str
) -> None:
    make_contact(jobseeker, "Anna")
    make_grant(jobseeker, coach, Scope.VIEW)
    response = english_client(coach).get(
        reverse("exchange:export_network", args=[jobseeker.pk, kind])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, action=Action.EXPORT, object_type=f"export_{kind}"
    ).exists()


def test_it_answers_404_for_an_unknown_export_kind(jobseeker: User) -> None:
    url = reverse("exchange:export_network", args=[jobseeker.pk, "xlsx"])
    assert english_client(jobseeker).get(url).status_code == 404


def test_it_rate_limits_exports(jobseeker: User, settings: object) -> None:
    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "export": (2, 3600)}  # type: ignore[attr-defined]
    client = english_client(jobseeker)
    url = reverse("exchange:export_network", args=[jobseeker.pk, "graphml"])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_it_downloads_all_my_data_and_logs_it(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna")
    client = english_client(jobseeker)
    assert b"Download all my data" in client.get(reverse("exchange:my_data")).content
    response = client.get(reverse("exchange:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("kring-export.json"))
    assert data["contacts"][0]["label"] == "Anna"
    assert AccessLogEntry.objects.filter(
        actor_id=jobseeker.pk, subject_id=jobseeker.pk, action=Action.EXPORT
    ).exists()


def test_it_lets_a_coach_download_their_own_data(coach: User) -> None:
    response = english_client(coach).get(reverse("exchange:my_data_download"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("kring-export.json"))
    assert data["user"]["role"] == Role.COACH and data["contacts"] == []


def test_it_restores_an_export_into_an_empty_account(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna")
    content = english_client(jobseeker).get(reverse("exchange:my_data_download")).content
    fresh = make_user()
    client = english_client(fresh)
    refused = upload(client, fresh, content, "kring-export.zip")
    assert b"Restore a Kring export" in refused.content
    response = client.post(
        reverse("exchange:restore", args=[fresh.pk]),
        {"file": SimpleUploadedFile("kring-export.zip", content), "confirm": "on"},
    )
    assert response.status_code == 302
    assert list(Contact.objects.filter(owner=fresh).values_list("label", flat=True)) == ["Anna"]
    again = client.post(
        reverse("exchange:restore", args=[fresh.pk]),
        {"file": SimpleUploadedFile("kring-export.zip", content), "confirm": "on"},
    )
    assert again.status_code == 422 and b"empty network" in again.content


def test_it_prints_a_report_with_map_indicators_and_plan(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna", influence=2)
    response = english_client(jobseeker).get(reverse("exchange:report", args=[jobseeker.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Anna" in html
    assert "People who support you" in html
    assert "Open asks" in html and "next version" not in html
    assert "style=" not in html and "<script>" not in html


def test_it_translates_the_import_page_to_dutch(jobseeker: User) -> None:
    client = Client()
    client.force_login(jobseeker)
    response = client.get(reverse("exchange:import", args=[jobseeker.pk]))
    assert "Contacten importeren" in response.content.decode()


# --- Choosing whom to bring in from a file larger than the room left ---------------------


def shown_on(page: bytes) -> list[int]:
    return [int(i) for i in re.findall(r'name="shown" value="(\d+)"', page.decode())]


def checked_on(page: bytes) -> list[int]:
    return [
        int(i) for i in re.findall(r'name="row-(\d+)-selected" value="1" checked', page.decode())
    ]


def test_it_previews_a_large_linkedin_file_with_nobody_chosen(jobseeker: User) -> None:
    client = english_client(jobseeker)
    response = upload(client, jobseeker, linkedin_csv(2000), "Connections.csv")
    assert response.status_code == 302  # no longer refused outright
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "You can add 1000 more people. Choose whom you want to add." in html
    assert "You chose 0 people" in html
    assert len(shown_on(page.content)) == 50
    assert checked_on(page.content) == []
    assert "People 1 to 50 of 2000, page 1 of 40." in html


def test_it_explains_the_limit_in_one_dutch_sentence(jobseeker: User) -> None:
    client = english_client(jobseeker)
    location = upload(client, jobseeker, linkedin_csv(1200), "Connections.csv")["Location"]
    client.cookies["django_language"] = "nl"
    html = client.get(location, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Je kunt nog 1000 mensen toevoegen. Kies wie je wilt toevoegen." in html


def test_it_searches_and_filters_by_company_and_position(jobseeker: User) -> None:
    client = english_client(jobseeker)
    location = upload(client, jobseeker, linkedin_csv(2000), "Connections.csv")["Location"]
    found = client.get(location, {"q": "persoon1999"})
    assert shown_on(found.content) == [1999]
    at_company = client.get(location, {"company": "bedrijf 3"})
    assert "People 1 to 50 of 100, page 1 of 2." in at_company.content.decode()
    assert all(i % 20 == 3 for i in shown_on(at_company.content))
    cooks = client.get(location, {"company": "Bedrijf 3", "position": "kok"})
    assert shown_on(cooks.content) == [i for i in range(2000) if i % 20 == 3 and i % 4 == 0]
    second = client.get(location, {"company": "Bedrijf 3", "page": "2"})
    assert shown_on(second.content) == [i for i in range(2000) if i % 20 == 3][50:]
    nobody = client.get(location, {"q": "nobody"})
    assert "Nobody in the file matches your search." in nobody.content.decode()


def test_it_selects_a_page_and_imports_exactly_those_people(jobseeker: User) -> None:
    client = english_client(jobseeker)
    location = upload(client, jobseeker, linkedin_csv(2000), "Connections.csv")["Location"]
    page = client.get(location, {"company": "Bedrijf 7"})
    shown = shown_on(page.content)
    chosen = client.post(
        location,
        {"action": "select_page", "company": "Bedrijf 7", "shown": [str(i) for i in shown]},
    )
    assert chosen.status_code == 302
    assert "company=Bedrijf+7" in chosen["Location"]
    again = client.get(chosen["Location"])
    assert checked_on(again.content) == shown
    assert "You chose 50 people" in again.content.decode()
    assert shown_on(client.get(location, {"show": "chosen"}).content) == shown
    assert set(shown_on(client.get(location, {"show": "not_chosen"}).content)).isdisjoint(shown)
    # Another page, then back: the ticks stay.
    ticks = {f"row-{i}-selected": "1" for i in shown}
    moved = client.post(
        location, {"goto": "2", "company": "Bedrijf 7", "shown": [str(i) for i in shown], **ticks}
    )
    assert "page=2" in moved["Location"]
    assert checked_on(client.get(location, {"company": "Bedrijf 7"}).content) == shown
    done = client.post(location, {"action": "confirm"})
    assert done.status_code == 302
    assert done["Location"] == reverse("network:map", args=[jobseeker.pk])
    labels = set(Contact.objects.filter(owner=jobseeker).values_list("label", flat=True))
    assert labels == {f"Persoon{i} B." for i in shown}
    assert not ImportPreview.objects.exists()


def test_it_keeps_untouched_and_unticked_choices_of_a_page(jobseeker: User) -> None:
    client = english_client(jobseeker)
    location = upload(client, jobseeker, linkedin_csv(1200), "Connections.csv")["Location"]
    shown = shown_on(client.get(location).content)
    client.post(location, {"action": "select_page", "shown": [str(i) for i in shown]})
    ticked = {"shown": [str(i) for i in shown], "row-0-selected": "1", "row-1-selected": "1"}
    client.post(location, {**ticked, "row-1-ring": "1", "row-1-quadrant": "friends"})
    assert checked_on(client.get(location).content) == [0, 1]
    client.post(location, {"action": "confirm"})
    placed = dict(Contact.objects.filter(owner=jobseeker).values_list("label", "ring"))
    assert placed == {"Persoon0 B.": 3, "Persoon1 B.": 1}
    assert Contact.objects.get(owner=jobseeker, label="Persoon1 B.").quadrant == "friends"


def test_it_refuses_more_people_than_the_room_and_keeps_the_choice(
    jobseeker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kring.network.services.rules.MAX_CONTACTS", 61)
    make_contact(jobseeker, "Zeynep")
    client = english_client(jobseeker)
    location = upload(client, jobseeker, linkedin_csv(120), "Connections.csv")["Location"]
    assert "You can add 60 more people." in client.get(location).content.decode()
    for page_number in ("1", "2"):
        shown = shown_on(client.get(location, {"page": page_number}).content)
        client.post(
            location,
            {"action": "select_page", "page": page_number, "shown": [str(i) for i in shown]},
        )
    refused = client.post(location, {"action": "confirm"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "You chose 100 people to add. You can add 60 more." in html
    assert "Take 40 out of your choice and confirm again." in html
    assert "Nothing was stored." in html
    assert Contact.objects.filter(owner=jobseeker).count() == 1
    assert "You chose 100 people" in client.get(location).content.decode()  # nothing lost
    second = shown_on(client.get(location, {"page": "2"}).content)
    done = client.post(
        location,
        {"action": "deselect_page", "page": "2", "shown": [str(i) for i in second]},
    )
    assert client.post(location, {"action": "confirm"}).status_code == 302, done
    assert Contact.objects.filter(owner=jobseeker).count() == 51


def test_it_preselects_everyone_in_a_file_that_fits(jobseeker: User) -> None:
    client = english_client(jobseeker)
    location = upload(client, jobseeker, VCARD)["Location"]
    page = client.get(location)
    assert checked_on(page.content) == [0, 1, 2]
    assert "Choose whom you want to add" not in page.content.decode()
    done = client.post(location, {"action": "confirm"})
    assert done.status_code == 302
    assert Contact.objects.filter(owner=jobseeker).count() == 3


def test_it_refuses_a_posted_row_that_is_not_in_the_preview(jobseeker: User) -> None:
    client = english_client(jobseeker)
    location = upload(client, jobseeker, VCARD)["Location"]
    response = client.post(location, {"action": "confirm", "shown": ["0", "99"]})
    assert response.status_code == 422
    assert b"The page does not match this preview" in response.content
    assert not Contact.objects.filter(owner=jobseeker).exists()


def test_it_brings_in_a_look_alike_by_its_answer_without_a_check_box(jobseeker: User) -> None:
    client = english_client(jobseeker)
    sanne = make_contact(jobseeker, "Sanne")
    location = upload(client, jobseeker, VCARD)["Location"]
    page = client.get(location).content.decode()
    assert 'name="row-0-selected"' not in page
    assert 'name="row-0-decision" value="skip" checked' in page
    posted = {"shown": ["0", "1", "2"], "row-1-selected": "1", "row-2-selected": "1"}
    client.post(location, {**posted, "row-0-decision": f"merge-{sanne.pk}"})
    page = client.get(location).content.decode()
    assert f'name="row-0-decision" value="merge-{sanne.pk}" checked' in page
    assert client.post(location, {"action": "confirm"}).status_code == 302
    sanne.refresh_from_db()
    assert sanne.occupation == "Verpleegkundige"
    assert Contact.objects.filter(owner=jobseeker).count() == 3


def test_it_puts_api_keys_under_the_heading_for_programs_not_in_a_job_seekers_footer(
    jobseeker: User, coach: User
) -> None:
    keys = f'href="{reverse("api_tokens")}"'
    client = Client()
    client.force_login(jobseeker)
    page = client.get(reverse("exchange:my_data")).content.decode()
    assert keys not in page.split("<footer", 1)[1]
    page = client.get(reverse("exchange:export", args=[jobseeker.pk])).content.decode()
    section = page.split('<section class="for-programs"', 1)[1].split("</section>", 1)[0]
    assert keys in section
    # A coach keeps the link in the footer; a coach's view of a job seeker's export has none.
    make_grant(jobseeker, coach, Scope.VIEW)
    client.force_login(coach)
    page = client.get(reverse("exchange:export", args=[jobseeker.pk])).content.decode()
    assert keys in page.split("<footer", 1)[1]
    assert keys not in page.split("<footer", 1)[0]
