"""Upload a vCard, review the preview, merge one duplicate, confirm, see the map; download."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.network.models import Contact
from tests.conftest import TEST_PASSWORD, make_organisation, make_user
from tests.exchange.helpers import VCARD
from tests.network.helpers import make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_imports_a_vcard_and_downloads_the_data(
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    tmp_path: Path,
) -> None:
    organisation = make_organisation("Gemeente Importdorp")
    jobseeker = make_user(Role.JOBSEEKER, organisation=organisation, name="Fatima")
    sanne = make_contact(jobseeker, "Sanne")
    page = browser_page
    login(page, jobseeker.email, TEST_PASSWORD)

    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/import/")
    expect(page.get_by_role("heading", name="Contacten importeren")).to_be_visible()
    audit(page)
    vcf = tmp_path / "contacten.vcf"
    vcf.write_bytes(VCARD)
    page.get_by_label("Bestand met contacten").set_input_files(str(vcf))
    page.get_by_role("button", name="Toon het voorbeeld").click()

    expect(page.get_by_role("heading", name="Controleer de import")).to_be_visible()
    expect(page.get_by_text("telefoonnummers")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("rowheader", name="Sanne B.")).to_be_visible()
    audit(page)
    screenshot(page, "exchange-preview")
    duplicate = page.get_by_role("group", name="Sanne B. lijkt op iemand die je al hebt")
    duplicate.get_by_label("Samenvoegen met Sanne").check()
    page.get_by_label("Deel van je cirkel voor Ilse V.").select_option("family")
    page.get_by_role("button", name="Import bevestigen").click()

    expect(page.get_by_text("2 mensen toegevoegd")).to_be_visible()
    assert page.url.endswith(f"/jobseekers/{jobseeker.pk}/network/")
    nodes = page.locator("svg.netmap-nodes a.node")
    assert nodes.count() == 3
    sanne.refresh_from_db()
    assert sanne.occupation == "Verpleegkundige"
    ilse = Contact.objects.get(owner=jobseeker, label="Ilse V.")
    assert ilse.quadrant == "family"

    page.goto(f"{live_url}/my-data/")
    audit(page)
    with page.expect_download() as download_info:
        page.get_by_role("main").get_by_role("link", name="Download al mijn gegevens").click()
    path = download_info.value.path()
    data = json.loads(
        zipfile.ZipFile(io.BytesIO(Path(path).read_bytes())).read("kring-export.json")
    )
    assert sorted(c["label"] for c in data["contacts"]) == ["Ilse V.", "Mo J.", "Sanne"]

    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/report/")
    audit(page)
    page.emulate_media(media="print")
    screenshot(page, "exchange-report-print")


def test_it_chooses_whom_to_bring_in_from_a_large_linkedin_file(
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    tmp_path: Path,
) -> None:
    from tests.exchange.helpers import linkedin_csv

    organisation = make_organisation("Gemeente Linkeddorp")
    jobseeker = make_user(Role.JOBSEEKER, organisation=organisation, name="Kees")
    page = browser_page
    login(page, jobseeker.email, TEST_PASSWORD)
    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/import/")
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_bytes(linkedin_csv(2000))
    page.get_by_label("Bestand met contacten").set_input_files(str(csv_file))
    page.get_by_role("button", name="Toon het voorbeeld").click()

    expect(
        page.get_by_text("Je kunt nog 1000 mensen toevoegen. Kies wie je wilt toevoegen.")
    ).to_be_visible()
    audit(page)
    screenshot(page, "exchange-preview-choose")
    page.get_by_label("Bedrijf", exact=True).fill("Bedrijf 7")
    page.get_by_label("Bedrijf", exact=True).press("Enter")  # Enter searches
    expect(page.get_by_text("Mensen 1 tot en met 50 van 100, pagina 1 van 2.")).to_be_visible()
    page.get_by_role("button", name="Kies iedereen op deze pagina").click()
    expect(page.get_by_text("Je hebt 50 mensen gekozen")).to_be_visible()
    page.get_by_role("button", name="Volgende pagina").click()
    page.get_by_label("Persoon1007 B. toevoegen", exact=True).check()
    page.get_by_role("button", name="Import bevestigen").click()

    expect(page.get_by_text("51 mensen toegevoegd")).to_be_visible()
    assert Contact.objects.filter(owner=jobseeker).count() == 51
