"""What the provider sends back is bounded: a compressed answer is refused before anything is unpacked, a
trickle ends at the deadline (headers included), and nonsense (JSON nested past Python's stack, an address
httpx can't parse) is a plain message on the log-in page, never a 500."""
from __future__ import annotations

import time

import pytest

from storydesk.models import AuditEvent
from storydesk.sso import provider as provider_module
from tests.sso.conftest import sign_in

pytestmark = pytest.mark.django_db


def refusal() -> dict:
    [event] = AuditEvent.objects.filter(verb="login.sso_refused")
    return event.data


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_compressed_answer_is_refused_unread(client, sso_on, provider, encoding):
    if encoding == "br":
        pytest.importorskip("brotli")
    provider.bomb_encoding = encoding
    response = client.get("/accounts/sso/login/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert refusal()["reason"] == "provider_unavailable"
    assert f"compressed ({encoding})" in refusal()["detail"]
    assert provider.accept_encodings == ["identity"]  # and it was asked for plain bytes


def test_an_answer_that_trickles_in_is_given_up_on_at_the_deadline(client, sso_on, provider):
    sso_on.STORYDESK_OIDC_TIMEOUT_SECONDS = 0.5
    provider.trickle_seconds = 0.05  # ~7 s for the metadata; each byte well within httpx's own read timeout
    began = time.monotonic()
    response = client.get("/accounts/sso/login/")
    assert time.monotonic() - began < 2
    assert response["Location"] == "/accounts/login/"
    assert refusal()["reason"] == "provider_unavailable" and "over 0.5 s" in refusal()["detail"]


def test_metadata_nested_past_the_stack_is_refused(client, sso_on, provider):
    provider.raw_answers["/.well-known/openid-configuration"] = b"[" * 100_000 + b"]" * 100_000
    response = client.get("/accounts/sso/login/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert refusal()["reason"] == "provider_unavailable"


def test_a_discovery_address_httpx_cannot_parse_is_refused_at_the_start(client, sso_on, provider):
    sso_on.STORYDESK_OIDC_DISCOVERY_URL = f"{provider.issuer}/.well-known/openid-configuration\x00"
    response = client.get("/accounts/sso/login/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert refusal()["reason"] == "provider_unavailable" and "InvalidURL" in refusal()["detail"]


def test_a_keys_address_httpx_cannot_parse_is_refused_at_the_callback(client, sso_on, provider, ada):
    provider.metadata_overrides["jwks_uri"] = f"{provider.issuer}/jwks\x00"
    response = sign_in(client)
    assert response["Location"] == "/accounts/login/"
    assert refusal()["reason"] == "provider_unavailable" and "InvalidURL" in refusal()["detail"]


def test_anything_unexpected_at_the_start_is_a_refusal_and_logged(client, sso_on, monkeypatch, caplog):
    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(provider_module.ProviderClient, "metadata", broken)
    response = client.get("/accounts/sso/login/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert refusal()["reason"] == "error"
    assert "single sign-on could not start" in caplog.text
    assert "could not be verified" in client.get("/accounts/login/").content.decode()
