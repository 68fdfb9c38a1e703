"""Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread, which makes
    # Django refuse ORM calls here; the fixtures' calls are still synchronous
    # and safe, so the guard is lifted while the browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def signed_in(browser: Browser, live_server, transactional_db) -> Iterator[Callable[[str], Page]]:
    """A signed-in page per user, each in its own browser context (for journeys with
    two sides: a referral's sender and receiver, a meeting's organiser and invitee)."""
    from accounts.tests.factories import PASSWORD

    contexts = []

    def as_user(username: str) -> Page:
        context = browser.new_context(locale="ja-JP", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, username, PASSWORD)
        return page

    yield as_user
    for context in contexts:
        context.close()


def log_in(page: Page, username: str, password: str) -> None:
    """Sign in; for a role that needs a second factor, with its authenticator's code."""
    from accounts.models import User
    from accounts.policy import requires_second_factor
    from conftest import totp_now, verified_device

    user = User.objects.get(username=username)
    page.goto("/accounts/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(password)
    device = verified_device(user) if requires_second_factor(user) else None
    page.locator("main").get_by_role("button", name="ログイン").click()
    if device is not None:
        page.get_by_label("確認コード").fill(totp_now(device))
        page.locator("main").get_by_role("button", name="確認").click()


def assert_accessible(
    page: Page, impacts: frozenset[str] = frozenset({"serious", "critical"})
) -> None:
    """No axe-core violations of these impacts on the current page."""
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in impacts
    ]
    assert not bad, f"{page.url}: {bad}"


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page fits the viewport's width (a phone must not scroll sideways)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways"
