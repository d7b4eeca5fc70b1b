"""The STORYDESK_OIDC_* settings (storydesk/config/groups.py, Oidc) as one value, read from Django's settings at
each use so that a test, or an override, changes them without a restart."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class OpenIDSettings:
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    label: str
    username_claim: str
    trusts_mfa: bool
    timeout_seconds: float
    max_response_bytes: int
    clock_skew_seconds: int

    @property
    def enabled(self) -> bool:
        return bool(self.issuer and self.client_id)

    @property
    def metadata_url(self) -> str:
        return self.discovery_url or self.issuer.rstrip("/") + DISCOVERY_PATH


def current() -> OpenIDSettings:
    return OpenIDSettings(
        issuer=settings.STORYDESK_OIDC_ISSUER,
        discovery_url=settings.STORYDESK_OIDC_DISCOVERY_URL,
        client_id=settings.STORYDESK_OIDC_CLIENT_ID,
        client_secret=settings.STORYDESK_OIDC_CLIENT_SECRET,
        scopes=settings.STORYDESK_OIDC_SCOPES,
        label=settings.STORYDESK_OIDC_BUTTON_LABEL,
        username_claim=settings.STORYDESK_OIDC_USERNAME_CLAIM,
        trusts_mfa=settings.STORYDESK_OIDC_TRUSTS_MFA,
        timeout_seconds=settings.STORYDESK_OIDC_TIMEOUT_SECONDS,
        max_response_bytes=settings.STORYDESK_OIDC_MAX_RESPONSE_BYTES,
        clock_skew_seconds=settings.STORYDESK_OIDC_CLOCK_SKEW_SECONDS,
    )
