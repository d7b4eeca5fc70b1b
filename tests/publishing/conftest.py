"""Publishing tests: a fake Graph API on 127.0.0.1, and nothing may reach any other address."""
from __future__ import annotations

import ipaddress

import httpx
import pytest

from tests.publishing.fake_graph import ACCOUNT, TOKEN, FakeGraph

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
def graph(settings):
    """The fake Graph API, with storydesk pointed at it (short timeouts, quick polling)."""
    fake = FakeGraph().start()
    settings.STORYDESK_INSTAGRAM_API_BASE = fake.base
    settings.STORYDESK_INSTAGRAM_TOKEN = TOKEN
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = ACCOUNT
    settings.STORYDESK_INSTAGRAM_TIMEOUT_SECONDS = 1.0
    settings.STORYDESK_INSTAGRAM_POLL_SECONDS = 0.01
    settings.STORYDESK_INSTAGRAM_POLL_MAX_SECONDS = 0.3
    try:
        yield fake
    finally:
        fake.stop()
