"""Publishing tests: the fake Graph API on 127.0.0.1, and nothing may reach any other address."""
from __future__ import annotations

import ipaddress

import httpx
import pytest
from django.core.cache import cache

from storydesk.platforms.instagram.usage import pause_key
from tests.fakes.instagram_graph import ACCOUNT, TOKEN, FakeGraph

LOOPBACK_NAMES = {"localhost", "testserver"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch):
    """Any outbound HTTP call from these tests to a non-loopback host fails the test at once."""
    real = httpx.HTTPTransport.handle_request

    def guarded(self, request):
        assert _is_loopback(request.url.host), f"a test tried to reach {request.url.host}"
        return real(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded)


@pytest.fixture
def graph(settings, request):
    """The fake Graph API, with storydesk pointed at it (short timeouts, quick polling)."""
    fake = FakeGraph()
    # The usage pause lives in the cache, in the database by default: only a test with the database can hear one.
    with_database = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames)
    if with_database:
        cache.delete(pause_key(ACCOUNT))  # a pause an earlier test heard
    settings.STORYDESK_INSTAGRAM_API_BASE = fake.base
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = TOKEN
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = ACCOUNT
    settings.STORYDESK_INSTAGRAM_TIMEOUT_SECONDS = 1.0
    settings.STORYDESK_INSTAGRAM_POLL_SECONDS = 0.01
    settings.STORYDESK_INSTAGRAM_POLL_MAX_SECONDS = 0.3
    try:
        yield fake
    finally:
        fake.stop()
        if with_database:
            cache.delete(pause_key(ACCOUNT))


@pytest.fixture
def instagram_on(settings):
    """Instagram counted as set up (token and account id present), for calendar tests that never publish: its
    address answers nothing, so a test that did publish would fail, not reach anything."""
    settings.STORYDESK_INSTAGRAM_API_BASE = "http://127.0.0.1:9/v24.0"
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = "calendar-test-token"
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = "17841400000000000"
