"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every page a test visits can be audited with axe-core (from npm, see package.json) through
`audit(page)`; Content-Security-Policy violations reported by the browser fail the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from kring.accounts.models import User

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # A loaded CI machine can be slow; assertions wait for the page instead of failing early.
    expect.set_options(timeout=10_000)

    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("KRING_SKIP_BROWSER") == "1":
            pytest.skip("KRING_SKIP_BROWSER=1 and no chromium installed")
        pytest.fail("Browser tests need Debian's chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server: object) -> str:
    return str(live_server.url)  # type: ignore[attr-defined]


def page_in(browser: Any, **options: Any) -> Iterator[Any]:
    """Yield a Dutch page in a new browser context; fail the test on any CSP violation."""
    context = browser.new_context(locale="nl-NL", **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not csp_errors, f"CSP violations: {csp_errors}"


@pytest.fixture
def sanne() -> User:
    """A job seeker with the demo's large, mixed network (48 people)."""
    from kring.accounts.models import Role
    from kring.network.demo import _large
    from tests.conftest import make_organisation, make_user

    jobseeker = make_user(Role.JOBSEEKER, organisation=make_organisation(), name="Sanne")
    _large(jobseeker)
    return jobseeker


@pytest.fixture
def browser_page(browser: object, live_url: str) -> Iterator[object]:
    yield from page_in(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    """A page in a 360 px wide touch phone, 740 px high."""
    yield from page_in(
        browser, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )


@pytest.fixture
def login(live_url: str) -> Callable[..., None]:
    def do_login(page: object, email: str, password: str) -> None:
        """Sign in; for staff also pass the second step with the code their app would show."""
        from kring.accounts.models import User
        from tests.conftest import current_totp

        page.goto(f"{live_url}/login/")  # type: ignore[attr-defined]
        page.get_by_label("E-mailadres").fill(email)  # type: ignore[attr-defined]
        page.get_by_label("Wachtwoord").fill(password)  # type: ignore[attr-defined]
        page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]
        url = page.url  # type: ignore[attr-defined]
        if "/account/two-step/" not in url:
            return
        user = User.objects.get(email=email)
        setting_up = "/verify/" not in url
        page.get_by_label("Code").fill(current_totp(user, confirmed=not setting_up))  # type: ignore[attr-defined]
        button = "Aanzetten" if setting_up else "Verder"
        page.get_by_role("button", name=button).click()  # type: ignore[attr-defined]
        if setting_up:
            page.get_by_role("link", name="Verder").click()  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]

    return do_login


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does this)")
    return AXE_PATH.read_text()


@pytest.fixture
def audit(axe_source: str) -> Callable[[object], None]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; fail on serious or critical findings."""

    def run(page: object) -> None:
        page.evaluate(axe_source)  # type: ignore[attr-defined]
        result = page.evaluate(  # type: ignore[attr-defined]
            """async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }"""
        )
        bad = [v for v in result if v["impact"] in ("serious", "critical")]
        url = page.url  # type: ignore[attr-defined]
        assert not bad, f"axe-core found serious problems on {url}: {bad}"

    return run


@pytest.fixture
def screenshot() -> Callable[[object, str], Path]:
    def take(page: object, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return take
