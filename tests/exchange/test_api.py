"""The import and export API: preview, confirm, restore, files; problem details on errors."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kring.accounts.models import Scope, User
from kring.network.models import Contact
from tests.conftest import api_client_for, make_grant, make_user
from tests.exchange.helpers import VCARD, linkedin_csv
from tests.network.helpers import make_contact

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db


def preview(
    client: Client, jobseeker: User, data: bytes = VCARD, name: str = "c.vcf", **extra: str
) -> TestResponse:
    return client.post(
        f"/api/v1/jobseekers/{jobseeker.pk}/import/preview",
        {"file": SimpleUploadedFile(name, data), **extra},
    )


def test_it_previews_and_confirms_through_the_api(jobseeker: User) -> None:
    sanne = make_contact(jobseeker, "Sanne")
    client = api_client_for(jobseeker)
    response = preview(client, jobseeker)
    assert response.status_code == 201
    body = response.json()
    assert (body["format"], body["found"], body["new"], body["duplicates"]) == ("vcard", 3, 2, 1)
    assert body["rows"][0]["matches"] == [{"id": sanne.pk, "label": "Sanne", "occupation": ""}]
    assert "telefoonnummers" in body["dropped_fields"]  # the API speaks Kring's default language
    assert "key_hash" not in body["rows"][0]
    read = client.get(f"/api/v1/jobseekers/{jobseeker.pk}/import/{body['preview_id']}")
    assert read.json()["rows"] == body["rows"]
    confirm = client.post(
        f"/api/v1/jobseekers/{jobseeker.pk}/import/{body['preview_id']}/confirm",
        {
            "decisions": [
                {"row": 0, "action": "merge", "contact_id": sanne.pk},
                {"row": 2, "action": "add", "ring": 1, "quadrant": "family"},
            ]
        },
        content_type="application/json",
    )
    assert confirm.status_code == 200, confirm.content
    result = confirm.json()
    assert len(result["added"]) == 2 and result["merged"] == [sanne.pk]
    ilse = Contact.objects.get(owner=jobseeker, label="Ilse V.")
    assert (ilse.ring, ilse.quadrant) == (1, "family")
    again = preview(client, jobseeker).json()
    assert again["imported"] == 3 and again["new"] == 0


def test_it_lets_an_api_client_choose_a_few_people_from_a_large_file(jobseeker: User) -> None:
    client = api_client_for(jobseeker)
    response = preview(client, jobseeker, linkedin_csv(1200), "Connections.csv")
    assert response.status_code == 201, response.content
    shown = response.json()
    assert (shown["new"], shown["room"]) == (1200, 1000)
    url = f"/api/v1/jobseekers/{jobseeker.pk}/import/{shown['preview_id']}/confirm"
    # Everyone by default does not fit: refused, and nothing is stored.
    refused = client.post(url, {}, content_type="application/json")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert not Contact.objects.filter(owner=jobseeker).exists()
    chosen = {"decisions": [{"row": row, "action": "add"} for row in (0, 5, 9)], "others": "skip"}
    confirm = client.post(url, chosen, content_type="application/json")
    assert confirm.status_code == 200, confirm.content
    assert len(confirm.json()["added"]) == 3
    assert Contact.objects.filter(owner=jobseeker).count() == 3


def test_it_answers_a_refused_file_with_problem_details(jobseeker: User) -> None:
    response = preview(api_client_for(jobseeker), jobseeker, b"\x89PNG\r\n\x1a\n\x00\x00", "x.csv")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "File refused" and body["line"] == 1
    assert "PNG" in body["detail"]


def test_it_answers_a_wrong_decision_with_422_and_stores_nothing(jobseeker: User) -> None:
    client = api_client_for(jobseeker)
    body = preview(client, jobseeker).json()
    response = client.post(
        f"/api/v1/jobseekers/{jobseeker.pk}/import/{body['preview_id']}/confirm",
        {"decisions": [{"row": 0, "action": "merge"}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not Contact.objects.filter(owner=jobseeker).exists()


def test_it_hides_imports_from_coaches_who_may_only_view(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    client = api_client_for(coach)
    assert preview(client, jobseeker).status_code == 404
    other = make_user()
    assert preview(client, other).status_code == 404
    export = client.get(f"/api/v1/jobseekers/{jobseeker.pk}/export/graphml")
    assert export.status_code == 200
    assert export["Content-Type"] == "application/graphml+xml"


@pytest.mark.parametrize("kind", ["graphml", "gexf", "contacts-csv", "ties-csv"])
def test_it_exports_network_files(jobseeker: User, kind: str) -> None:
    make_contact(jobseeker, "Anna")
    response = api_client_for(jobseeker).get(f"/api/v1/jobseekers/{jobseeker.pk}/export/{kind}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert kind == "ties-csv" or b"Anna" in response.content


def test_it_exports_all_my_data_and_restores_it(jobseeker: User) -> None:
    make_contact(jobseeker, "Anna")
    content = api_client_for(jobseeker).get("/api/v1/me/export").content
    assert "kring-export.json" in zipfile.ZipFile(io.BytesIO(content)).namelist()
    fresh = make_user()
    response = api_client_for(fresh).post(
        f"/api/v1/jobseekers/{fresh.pk}/import/restore",
        {"file": SimpleUploadedFile("kring-export.zip", content)},
    )
    assert response.status_code == 201
    assert response.json()["contacts"] == 1


def test_it_describes_every_exchange_operation_in_openapi() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/jobseekers/{jobseeker_id}/import/preview"]
    assert "post" in paths["/api/v1/jobseekers/{jobseeker_id}/import/{preview_id}/confirm"]
    export = paths["/api/v1/jobseekers/{jobseeker_id}/export/{kind}"]["get"]
    assert "application/graphml+xml" in export["responses"]["200"]["content"]
    assert "application/zip" in paths["/api/v1/me/export"]["get"]["responses"]["200"]["content"]
