"""Whose address a request is: REMOTE_ADDR, or behind a trusted proxy the address that proxy saw."""
import pytest
from django.test import RequestFactory

from storydesk.ratelimit import client_address, client_key


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    # No trusted proxy in front: what the client says is ignored.
    ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
    # Behind a trusted proxy: the address it added (the right-most), not what the client claimed before it.
    ("10.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),
    # Two trusted proxies in a row: the right-most address that is not one of them.
    ("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
    ("10.0.0.2", "2001:db8::5", "2001:db8::5"),
    ("10.0.0.2", "", "10.0.0.2"),
    ("10.0.0.2", None, "10.0.0.2"),
    ("192.0.2.10", "203.0.113.9", "203.0.113.9"),
])
def test_the_client_behind_a_trusted_proxy(settings, remote, forwarded, client):
    settings.STORYDESK_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10"]
    assert client_address(request_from(remote, forwarded)) == client


def test_two_people_behind_one_proxy_are_counted_apart(settings):
    settings.STORYDESK_TRUSTED_PROXIES = ["10.0.0.1"]
    one, two = request_from("10.0.0.1", "198.51.100.1"), request_from("10.0.0.1", "198.51.100.2")
    assert client_key(one) != client_key(two)
    settings.STORYDESK_TRUSTED_PROXIES = []
    assert client_key(one) == client_key(two)  # without the setting, everyone behind it is the proxy
