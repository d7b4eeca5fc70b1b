"""Social intake tests: a local platform server per test session, the desk pointed at it, and a guard that
fails any test whose code looks up a real name or connects anywhere but this machine."""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
from functools import lru_cache
from pathlib import Path

import pytest

from tests.channels.social.platform_server import Answer, PlatformServer
from tests.fakes.instagram_graph import ACCOUNT, TOKEN, FakeGraph

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "social"
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1", None}


@pytest.fixture(autouse=True)
def only_this_machine(monkeypatch):
    """No packet leaves loopback: a connect elsewhere, or a DNS lookup of a real name, fails the test (and is
    also raised inside the code under test as a BaseException, which no `except Exception` swallows)."""
    violations: list[str] = []
    connects: list[tuple] = []
    real_connect, real_connect_ex, real_lookup = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def check(address):
        if isinstance(address, tuple):
            try:
                ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
            except ValueError:
                ip = None
            if ip is None or not ip.is_loopback:
                violations.append(f"connect to {address}")
                pytest.fail(f"a test tried to connect to {address}: only loopback is allowed", pytrace=True)
            connects.append(address)

    def connect(self, address):
        check(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(address)
        return real_connect_ex(self, address)

    def lookup(host, *args, **kwargs):
        try:
            literal = ipaddress.ip_address(str(host))
        except ValueError:
            literal = None
        if literal is not None and not literal.is_loopback:
            check((str(host), 0))
        if literal is None and host not in LOCAL_NAMES:
            violations.append(f"lookup of {host}")
            pytest.fail(f"a test tried to look up {host!r} in the real DNS", pytrace=True)
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    yield connects
    assert not violations, violations


@pytest.fixture(scope="session")
def platform_server():
    server = PlatformServer()
    yield server
    server.stop()


@pytest.fixture
def server(platform_server):
    platform_server.reset()
    yield platform_server
    platform_server.reset()


@pytest.fixture
def social(settings, server, campaign):
    """The desk pointed at the local server: it is the campaign account's Mastodon server, the Bluesky PDS
    and the media store; its address is on the download allow-list (off by default)."""
    from django.core.cache import cache

    cache.clear()  # rate-limit windows and the Bluesky session of an earlier test
    settings.STORYDESK_MEDIA_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.STORYDESK_MASTODON_API_BASE = server.url
    settings.STORYDESK_MASTODON_ACCESS_TOKEN = "mastodon-token"
    settings.STORYDESK_MASTODON_REQUESTS_PER_5_MIN = 300
    settings.STORYDESK_BLUESKY_API_BASE = server.url
    settings.STORYDESK_BLUESKY_IDENTIFIER = "heforshe.bsky.social"
    settings.STORYDESK_BLUESKY_APP_PASSWORD = "abcd-efgh-ijkl-mnop"
    settings.STORYDESK_SOCIAL_BATCH_SIZE = 200
    set_servers(campaign, [])
    server.on("GET", "/media/kofi-sign.jpg", photo_answer())
    yield server
    cache.clear()


@pytest.fixture
def instagram_on(settings, social):
    """The fake Graph API (tests/fakes/instagram_graph.py) on the local server, for the campaign's business
    account; routes queued with `on()` answer before it."""
    fake = FakeGraph(social)
    settings.STORYDESK_INSTAGRAM_API_BASE = fake.base
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = TOKEN
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = ACCOUNT
    settings.STORYDESK_INSTAGRAM_HASHTAGS_PER_WEEK = 30
    settings.STORYDESK_INSTAGRAM_USAGE_PAUSE_PERCENT = 90
    return fake


@pytest.fixture
def x_on(settings, social):
    """X's API v2 on the local server, with a bearer token and a daily cap of 500 posts."""
    settings.STORYDESK_X_API_BASE = social.url
    settings.STORYDESK_X_BEARER_TOKEN = "x-bearer"
    settings.STORYDESK_X_DAILY_READ_CAP = 500
    return social


def set_servers(campaign, servers: list[str]) -> None:
    config = dict(campaign.config)
    config["social"] = {**config["social"], "mastodon": {**config["social"]["mastodon"], "servers": servers}}
    campaign.config = config
    campaign.save(update_fields=["config"])


def fixture(path: str, base: str = "", **fields):
    """A recorded-shape payload, its media pointing at the local server; `fields` replace top-level keys."""
    text = (FIXTURES / path).read_text(encoding="utf-8").replace("{{MEDIA}}", base)
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    data = json.loads(text.replace("{{LATER}}", later))
    if isinstance(data, dict):
        data.update(fields)
    return data


def status(path: str, base: str, status_id: str, uri: str | None = None, **fields) -> dict:
    data = fixture(f"mastodon/{path}", base, id=status_id, **fields)
    if uri is not None:
        data["uri"] = uri
    return data


def snowflake(when: dt.datetime, sequence: int = 0) -> str:
    return str((int(when.timestamp() * 1000) << 16) + sequence)


@lru_cache(maxsize=8)
def photo_bytes(base: str = "camera") -> bytes:
    from tests.support.samples import photos

    return photos.jpeg_bytes(photos.person_with_sign(base, size=(600, 800)))


def photo_answer(base: str = "camera") -> Answer:
    return Answer(body=photo_bytes(base), headers={"Content-Type": "image/jpeg"})
