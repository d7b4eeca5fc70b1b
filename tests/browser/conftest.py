"""Browser tests: Playwright drives Debian's Chromium against a live server of the app (pytest-django's
live_server, which also serves the static files), and axe-core checks the pages it shows.

Chromium comes from apt and axe-core from npm, both through `make test-deps`. When one is missing the tests
skip with a line that says what to install, or fail when STORYDESK_REQUIRE_SERVICES=1 (as in CI)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.browser.prerequisites import CHROMIUM, CHROMIUM_ARGS, require

WAIT_MS = 20_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every browser test, closed when they are done."""
    require(CHROMIUM, "Chromium (Debian package chromium)")
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: two cores shared with other test runs can be slow; a passing step never waits them out.
    expect.set_options(timeout=WAIT_MS)

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an asyncio loop under the test's own thread, so Django takes the test's
        # plain ORM calls for calls from async code and refuses them. Nothing here is really async.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) on the live server; fails the test on an uncaught script error."""
    from django.core.cache import cache

    # The queue's counts and the log-in limits live in the cache, which outlives each test's database.
    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    script_errors: list[str] = []
    tab.on("pageerror", lambda error: script_errors.append(f"{tab.url}: {error}"))
    yield tab
    context.close()
    if script_errors:
        pytest.fail("script errors in the page:\n" + "\n".join(script_errors), pytrace=False)



@pytest.fixture
def provider():
    """A local OpenID provider (tests/support/oidc_provider.py) for single sign-on; tests/sso/conftest.py's
    turn_on points the desk at it."""
    from storydesk.sso import provider as provider_module
    from tests.support.oidc_provider import OIDCProvider

    provider_module.forget()
    with OIDCProvider() as running:
        yield running
    provider_module.forget()


_STARTED = time.time()


def pytest_terminal_summary(terminalreporter):
    """Say where this run's layout screenshots are (written by the layout tests, in any worker process)."""
    from tests.browser.layout import SCREENSHOTS

    fresh = [p for p in SCREENSHOTS.glob("*/*.png") if p.stat().st_mtime >= _STARTED]
    if fresh:
        terminalreporter.write_line(f"layout screenshots ({len(fresh)}): {SCREENSHOTS}/<width>/<page>.png")
