"""axe-core on every page a job seeker or a coach can reach, found by following links from the
home page (not a fixed list), on a 360 px phone and at a 1280 px desk.

The crawl follows same-site links (and search forms, as sent with their first choices)
breadth-first and opens each with GET only. It leaves out what
is not a page to read (sign out, language switch, downloads, the API, Django's admin) and visits
at most two pages of one URL pattern (two people, two questions), which keeps the run short.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from kring.accounts.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER_PATTERN = 2
# Links that are not pages to read: they sign out, switch the language or send a file.
SKIPPED_NAMES = {
    "logout",
    "set_language",
    "export_network",
    "my_data_download",
    "results_csv",
    "audit_csv",
}
SKIPPED_PREFIXES = ("/api/", "/django-admin/", "/static/", "/media/")
# Links as the browser resolved them, minus those that only start a download, and where each
# search form (GET, such as choosing two moments to compare) leads with the choices it offers.
LINKS = """() => [
    ...[...document.querySelectorAll('a[href]:not([download])')].map((a) => a.href),
    ...[...document.querySelectorAll('form:not([hidden])')]
        .filter((form) => (form.getAttribute('method') || 'get').toLowerCase() === 'get')
        .map((form) => {
            const url = new URL(form.action);
            for (const [name, value] of new FormData(form)) url.searchParams.append(name, value);
            return url.href;
        }),
]"""
PAGE_WIDTH = "document.scrollingElement.scrollWidth"


def _pattern(path: str) -> str | None:
    """Return the URL pattern a path belongs to, or None when the crawl leaves it out."""
    if path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in SKIPPED_NAMES:
        return None
    return match.route


def crawl(page: Any, live_url: str, audit: Callable[[Any], None]) -> tuple[list[str], list[str]]:
    """Visit every page reachable from the home page; return the pages and the problems found."""
    origin = urlsplit(live_url)
    width = page.viewport_size["width"]
    queue: deque[str] = deque([live_url + "/"])
    seen = {live_url + "/"}
    per_pattern: dict[str, int] = {}
    visited: list[str] = []
    problems: list[str] = []
    while queue:
        url = queue.popleft()
        response = page.goto(url)
        path = urlsplit(page.url).path
        if response is None or "text/html" not in (response.header_value("content-type") or ""):
            continue
        visited.append(path)
        if response.status >= 400:
            problems.append(f"{path}: answered {response.status}")
        # The suite's axe-core audit (conftest.py); its findings are collected, not the first.
        try:
            audit(page)
        except AssertionError as found:
            problems.append(str(found).splitlines()[0])
        if (scroll := page.evaluate(PAGE_WIDTH)) > width:
            problems.append(f"{path}: the page is {scroll} px wide on a {width} px screen")
        for href in page.evaluate(LINKS):
            link, _fragment = urldefrag(href)
            parts = urlsplit(link)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or link in seen:
                continue
            seen.add(link)
            pattern = _pattern(parts.path)
            if pattern is None or per_pattern.get(pattern, 0) >= PER_PATTERN:
                continue
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            queue.append(link)
    return visited, problems


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", quiet=True)


@pytest.mark.parametrize(
    ("email", "at_least"),
    [
        ("sanne@demo.kring.test", 15),
        ("coach1@demo.kring.test", 15),
        # The organisation admin sees no network: coaches, offers, results, audit, settings.
        ("admin@demo.kring.test", 8),
    ],
)
def test_it_finds_no_serious_axe_problem_on_any_page_reachable_at_360_px(
    demo: None,
    phone: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    email: str,
    at_least: int,
) -> None:
    login(phone, email, DEMO_PASSWORD)
    visited, problems = crawl(phone, live_url, audit)
    print(f"{len(visited)} pages: {visited}")
    assert len(visited) >= at_least, visited
    assert not problems, "\n".join(problems)


def test_it_finds_no_serious_axe_problem_on_any_page_a_job_seeker_reaches_at_a_desk(
    demo: None,
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
) -> None:
    login(browser_page, "sanne@demo.kring.test", DEMO_PASSWORD)
    visited, problems = crawl(browser_page, live_url, audit)
    print(f"{len(visited)} pages: {visited}")
    assert len(visited) >= 15, visited
    assert not problems, "\n".join(problems)
