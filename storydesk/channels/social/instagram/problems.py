"""Graph errors in the words of the social problem log: the one Graph client (storydesk.platforms.instagram)
raises GraphError; intake records each as a PlatformError that says what went wrong and when to try again."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from storydesk.channels.social.errors import AUTH, CONFIG, MALFORMED, NETWORK, RATE_LIMIT, SERVER, PlatformError
from storydesk.platforms.instagram.errors import RATE_LIMIT_CODES, TOKEN_SUBCODES, GraphError
from storydesk.platforms.instagram.usage import DEFAULT_WAIT

LABEL = "Instagram"
TOKEN_HINT = ("Make a new long-lived access token for the campaign's Instagram account (a Facebook Page token with "
              "instagram_basic and instagram_manage_comments) and set STORYDESK_INSTAGRAM_ACCESS_TOKEN.")


@contextmanager
def as_problems(label: str) -> Iterator[None]:
    """Turn a GraphError raised inside into the PlatformError intake records."""
    try:
        yield
    except GraphError as error:
        raise problem(error, label) from None


def problem(error: GraphError, label: str) -> PlatformError:
    detail, status, name = error.detail, error.http_status or None, str(error.code) if error.code is not None else ""
    if error.paused:
        return PlatformError(RATE_LIMIT, error.message, retry_at=_after(error.retry_after_seconds))
    if not error.answered:
        return PlatformError(NETWORK, f"We couldn't reach {label} ({error.message}); we'll try again later",
                             detail=detail)
    if error.unreadable:
        return PlatformError(MALFORMED, f"{label} sent {error.message}; we'll try again later", detail=detail,
                             status=status)
    said = error.message[:200] if error.code is not None else ""
    quoted = f" (“{said}”)" if said else ""
    kind = error.kind
    if kind in ("rate_limit", "quota"):
        retry_at = _after(error.retry_after_seconds) or timezone.now() + DEFAULT_WAIT
        whose = f"code {error.code}: {RATE_LIMIT_CODES.get(error.code, 'a limit')}" if error.code else f"HTTP {status}"
        return PlatformError(RATE_LIMIT, f"{LABEL} says we asked too often ({whose}); we'll wait until "
                             f"{timezone.localtime(retry_at):%H:%M}", detail=detail, status=status, error_name=name,
                             retry_at=retry_at)
    if kind == "token":
        what = TOKEN_SUBCODES.get(error.subcode, "was refused")
        return PlatformError(AUTH, f"{LABEL} says the campaign's access token {what} (code {error.code}{quoted}). "
                             f"{TOKEN_HINT}", detail=detail, status=status, error_name=name)
    if kind == "permission":
        return PlatformError(CONFIG, f"{LABEL} says the app lacks a permission for this (code {error.code}{quoted}): "
                             "check the app's permissions and that App Review granted Instagram Public Content Access",
                             detail=detail, status=status, error_name=name)
    if kind == "transient":
        if error.code is None:
            if (status or 0) < 500:
                return PlatformError(SERVER, f"{label} refused the request ({status})", detail=detail, status=status)
            return PlatformError(SERVER, f"{label} is having trouble (it answered {status}); we'll try again later",
                                 detail=detail, status=status)
        # A passing problem counts as a server error, so the poll tries again.
        return PlatformError(SERVER, f"{LABEL} had a passing problem (code {error.code}){quoted}; we'll try again "
                             "later", detail=detail, status=500, error_name=name)
    return PlatformError(SERVER, f"{LABEL} refused the request (code {error.code}{quoted})", detail=detail,
                         status=status, error_name=name)


def _after(seconds: float | None) -> dt.datetime | None:
    return timezone.now() + dt.timedelta(seconds=seconds) if seconds else None
