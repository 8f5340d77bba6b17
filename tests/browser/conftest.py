"""Browser tests: Playwright drives the system Chromium (Debian's package, /usr/bin/chromium;
no browser is ever downloaded) against the portal served by gunicorn on a free local port over a
fresh SQLite database seeded with the demo data (see server.py).

Every test here is marked `browser`. Without Chromium they are skipped, and the run says so;
with REQUIRE_BROWSER_TESTS=1 (CI) a missing Chromium is an error instead.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyotp
import pytest

from tests.browser import server
from tests.browser.checks import ARTIFACTS, BROWSER_ZONE, DESKTOP, NO_SCRIPT_PAGES
from tests.helpers import codes

CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEST_TIMEOUT_SECONDS = 180
SKIP_REASON = f"SKIPPED browser tests: no Chromium at {CHROMIUM}"
HERE = Path(__file__).parent
_skipped = []


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # A browser that stops answering must not hang the run (CI included).
            item.add_marker(pytest.mark.timeout(TEST_TIMEOUT_SECONDS))
            if not CHROMIUM.exists() and {"portal", "browser"} & set(getattr(item, "fixturenames", ())):
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))
                _skipped.append(item)
    if _skipped and os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER_TESTS=1 but there is no Chromium at {CHROMIUM}")


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(f"{SKIP_REASON} ({len(_skipped)} tests; apt-get install chromium to run them)",
                                    yellow=True, bold=True)


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    """The running portal; test-artifacts/browser/ is emptied first, so that it holds this run's
    screenshots, axe reports and server log only."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    running = server.start(tmp_path_factory.mktemp("portal"), log_to=ARTIFACTS / "server.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Staff accounts set up their second factor at their first sign-in in a run: the key and the
# recovery codes the pages showed, per e-mail address (what the person keeps in their app).
TOTP_KEYS: dict[str, str] = {}
RECOVERY_CODES: dict[str, list[str]] = {}


def sign_in(page, email: str, password: str = server.PASSWORD) -> None:
    """Sign in as a person would: the password, then (staff) set up the authenticator app at the
    first sign-in or enter its code."""
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    if "/login/setup" in page.url:
        set_up_second_factor(page, email)
    elif "/login/code" in page.url:
        enter_code(page, email)
    assert "/login" not in page.url, f"signing in as {email} failed"


def set_up_second_factor(page, email: str) -> None:
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    TOTP_KEYS[email] = key
    page.get_by_label("Code").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on the second factor").click()
    page.wait_for_load_state("load")
    assert "/account/recovery-codes" in page.url, "the second factor was not turned on"
    RECOVERY_CODES[email] = page.locator(".recovery-codes code").all_inner_texts()
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_load_state("load")


def enter_code(page, email: str) -> None:
    """The code the app shows (or its neighbour, when this time step's was used by another sign-in)."""
    for code in codes(TOTP_KEYS[email]):
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("load")
        if "/login/code" not in page.url:
            return


@pytest.fixture(scope="session")
def signed_in_state(portal, browser, tmp_path_factory):
    """The cookies of a signed-in session per account (role), made once: page checks open
    pages as that user without signing in every time."""
    states: dict[str, Path] = {}
    directory = tmp_path_factory.mktemp("sessions")

    def state(account: str) -> Path:
        if account not in states:
            context = browser.new_context(base_url=portal.url, timezone_id=BROWSER_ZONE)
            page = context.new_page()
            sign_in(page, portal.accounts[account])
            states[account] = directory / f"{account}.json"
            context.storage_state(path=str(states[account]))
            context.close()
        return states[account]

    return state


@pytest.fixture
def open_page(portal, browser, signed_in_state):
    """open_page(account=None, width=1280, javascript=True) -> a new page in its own browser
    context (its own cookies), signed in as `account` ("patient", "provider", ...) or not.

    The test fails if a page logs a JavaScript error (a script blocked by the Content-Security-
    Policy is one) or the server answers 500 or more.
    """
    contexts, problems = [], []

    def make(account: str | None = None, width: int = DESKTOP, javascript: bool = True, **options):
        context = browser.new_context(
            base_url=portal.url, viewport={"width": width, "height": 900}, java_script_enabled=javascript,
            timezone_id=BROWSER_ZONE,
            storage_state=str(signed_in_state(account)) if account else None, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if not javascript:
            NO_SCRIPT_PAGES.add(page)

        def on_console(message):
            # A 4xx answer (a form with errors is answered 400) is logged as a failed resource load.
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                problems.append(f"console error on {page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("response", lambda response: response.status >= 500 and problems.append(
            f"{response.status} from {response.request.method} {response.url}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
