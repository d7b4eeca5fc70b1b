"""Single sign-on turned on against a local OpenID provider (tests/support/oidc_provider.py)."""
from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from storydesk.sso import provider as provider_module
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, OIDCProvider


@pytest.fixture
def provider():
    provider_module.forget()
    with OIDCProvider() as running:
        yield running
    provider_module.forget()


@pytest.fixture
def sso_on(settings, provider):
    return turn_on(settings, provider)


def turn_on(settings, provider):
    settings.STORYDESK_OIDC_ISSUER = provider.issuer
    settings.STORYDESK_OIDC_CLIENT_ID = CLIENT_ID
    settings.STORYDESK_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.STORYDESK_OIDC_BUTTON_LABEL = "Example ID"
    return settings


@pytest.fixture
def ada(staff_user):
    """A moderator whose staff account has the e-mail address the provider's person signs in with."""
    user = staff_user("moderator", "ada")
    user.email = "Ada@Example.org"  # matched without regard to case
    user.save()
    return user


def to_provider(client, next_url: str = "/desk/") -> str:
    """Press "Sign in with …": the address the desk sends the browser to."""
    response = client.get("/accounts/sso/login/", {"next": next_url})
    assert response.status_code == 302, response.content
    return response["Location"]


def approve(authorize_url: str) -> str:
    """The provider approves its person: the desk's callback path and query it sends the browser back to."""
    answer = httpx.get(authorize_url, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    return f"{back.path}?{back.query}"


def sign_in(client, next_url: str = "/desk/"):
    """The whole round trip, followed by hand: the callback's response."""
    return client.get(approve(to_provider(client, next_url)))
