"""Tables on a phone (360 px): no page wider than the screen, and a table that does not fit
shows each row as a block whose lines start with their column name. At a desk (1280 px) and in
print (A4) the same tables keep their column headers.

The pages are those of the demo (seed_demo) with a table in them: a job seeker's plan, printed
report, progress, network meeting (also printed), places and a coach's caseload, plus the
organisation's results with enough job seekers to show numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kring.accounts.demo import DEMO_PASSWORD
from kring.accounts.models import User
from kring.coaching.results import SMALL_GROUP
from kring.meetings import services as meetings
from kring.meetings.models import CircleMeeting
from tests.browser.conftest import page_in
from tests.coaching.test_results import job_found, jobseeker_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_WIDTH = "document.scrollingElement.scrollWidth"
# Per table in the page's main part: its caption, how wide it is, whether its column headers
# show, and per data cell under a column header: the header's text and the visible label in it.
# Tables that are only read out (a chart's text alternative) and tables without column headers
# are left out.
TABLES = """() => [...document.querySelectorAll('main table')].filter((table) => {
    const box = table.getBoundingClientRect();
    return table.tHead && box.width > 1 && box.height > 1;
}).map((table) => {
    const shown = (element) => {
        const box = element.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && box.right > 0;
    };
    const headers = [...table.tHead.rows[0].cells];
    const cells = [];
    for (const row of table.tBodies[0].rows) {
        if (row.cells.length !== headers.length) continue;  // a "nothing yet" row
        [...row.cells].forEach((cell, index) => {
            if (cell.tagName !== 'TD') return;
            const label = cell.querySelector('.cell-label');
            cells.push({
                header: headers[index].textContent.trim(),
                label: label && shown(label) ? label.textContent.replace(':', '').trim() : null,
            });
        });
    }
    return {
        caption: (table.caption ? table.caption.textContent : '').trim(),
        right: table.getBoundingClientRect().right,
        headersShown: shown(table.tHead),
        cells: cells,
    };
})"""


@pytest.fixture
def demo() -> dict[str, User]:
    """The demo, Sanne's meeting with a plan, and enough job seekers for the results."""
    call_command("seed_demo", quiet=True)
    users = {user.email.split("@")[0]: user for user in User.objects.all()}
    sanne = users["sanne"]
    meeting = CircleMeeting.objects.get(owner=sanne)
    meetings.item_add(
        jobseeker=sanne,
        actor=sanne,
        meeting_id=meeting.pk,
        who="jobseeker",
        task="Mijn cv naar de buurvrouw sturen, zij werkt bij het ziekenhuis",
        due_on=timezone.localdate() + timedelta(days=20),
    )
    organisation = sanne.organisation
    assert organisation is not None
    day = timezone.localdate().replace(month=1, day=10)
    for _number in range(SMALL_GROUP + 1):
        job_found(jobseeker_in(organisation), day)
    return users


def pages(users: dict[str, User]) -> dict[str, list[str]]:
    """Return per demo account the pages with tables it reaches."""
    sanne = users["sanne"].pk
    meeting = CircleMeeting.objects.get(owner_id=sanne).pk
    jobseeker = [
        reverse("plan:plan", args=[sanne]),
        reverse("exchange:report", args=[sanne]),
        reverse("plan:progress", args=[sanne]),
        reverse("meetings:detail", args=[sanne, meeting]),
        reverse("meetings:print", args=[sanne, meeting]),
        reverse("offers:referrals", args=[sanne]),
    ]
    year = timezone.localdate().year
    return {
        "sanne": jobseeker,
        # The coach may edit Sanne's data: her pages get their buttons and forms.
        "coach1": [reverse("home"), *jobseeker],
        "admin": [f"{reverse('results:results')}?year={year}&by=month"],
    }


@pytest.fixture
def screen(browser: Any) -> Callable[[int], Iterator[Any]]:
    def open_at(width: int) -> Iterator[Any]:
        options: dict[str, Any] = {"viewport": {"width": width, "height": 800}}
        if width == 360:
            options |= {"has_touch": True, "is_mobile": True}
        return page_in(browser, **options)

    return open_at


@pytest.mark.parametrize("account", ["sanne", "coach1", "admin"])
def test_it_shows_every_table_on_a_phone_without_sideways_scroll_and_with_column_names(
    demo: dict[str, User],
    phone: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    account: str,
) -> None:
    login(phone, demo[account].email, DEMO_PASSWORD)
    problems: list[str] = []
    tables = 0
    for path in pages(demo)[account]:
        response = phone.goto(live_url + path)
        assert response.status == 200, path
        audit(phone)
        if (width := phone.evaluate(PAGE_WIDTH)) > 360:
            problems.append(f"{path}: the page is {width} px wide")
        for table in phone.evaluate(TABLES):
            tables += 1
            if table["right"] > 360:
                problems.append(f"{path}: table '{table['caption']}' ends at {table['right']} px")
            if table["headersShown"]:
                continue
            # The column headers are out of sight: every cell names its column itself.
            for cell in table["cells"]:
                if cell["label"] != cell["header"]:
                    problems.append(f"{path}: '{table['caption']}': {cell} shows no column name")
        screenshot(phone, "tables-360-" + re.sub(r"[^a-z0-9]+", "-", f"{account}{path}").strip("-"))
    assert tables >= len(pages(demo)[account]) - 1, tables
    assert not problems, "\n".join(problems)


def test_it_keeps_the_tables_with_their_headers_at_a_desk_and_in_print(
    demo: dict[str, User],
    screen: Callable[[int], Iterator[Any]],
    live_url: str,
    login: Callable[..., None],
) -> None:
    # 1280 px is a desk; 680 px is the width of A4 in print (see test_print.py).
    for width, media in ((1280, "screen"), (680, "print")):
        for page in screen(width):
            login(page, demo["coach1"].email, DEMO_PASSWORD)
            page.emulate_media(media=media)
            for path in pages(demo)["coach1"]:
                page.goto(live_url + path)
                for table in page.evaluate(TABLES):
                    where = f"{path} at {width} px ({media}): '{table['caption']}'"
                    assert table["headersShown"], where
                    assert not any(cell["label"] for cell in table["cells"]), where
