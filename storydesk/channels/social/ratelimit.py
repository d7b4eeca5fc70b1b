"""Staying under a platform's request limit, counted in the shared cache so every worker agrees.

Mastodon counts requests in fixed 5-minute windows aligned to the clock (its rack-attack throttle keys on
`time / period`), so counting in the same windows keeps us at or below its limit in each of its windows.
The server's own X-RateLimit-Remaining is heeded too: when it says none are left, we wait for its reset.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import time
from typing import Protocol

import httpx
from django.core.cache import cache
from django.utils import timezone

from storydesk.channels.social.errors import RATE_LIMIT, PlatformError

WINDOW_SECONDS = 300


class Budget(Protocol):
    """What an ApiClient asks before each call (spend may refuse it) and tells after each answer."""

    def spend(self) -> None: ...

    def heard(self, headers: httpx.Headers) -> None: ...


class RequestBudget:
    def __init__(self, key: str, limit: int, *, label: str, window: int = WINDOW_SECONDS):
        self.key, self.limit, self.label, self.window = key, limit, label, window

    def spend(self) -> None:
        """Count one request, or raise PlatformError(rate_limit) if this window's requests are used up."""
        server_reset = cache.get(self._server_key)
        if server_reset and server_reset > time.time():
            raise PlatformError(RATE_LIMIT, f"{self.label} said we have no requests left; we'll go on after "
                                f"{_clock(server_reset)}", retry_at=_at(server_reset))
        window = int(time.time() // self.window)
        key = f"{self.key}:{window}"
        cache.add(key, 0, timeout=self.window + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # the window's key expired between add and incr: a new window began
            cache.add(key, 1, timeout=self.window + 60)
            used = 1
        if used > self.limit:
            resume = (window + 1) * self.window
            raise PlatformError(RATE_LIMIT, f"We used the {self.limit} requests per {self.window // 60} minutes "
                                f"that {self.label} allows; we'll go on after {_clock(resume)}",
                                retry_at=_at(resume))

    def heard(self, headers: httpx.Headers) -> None:
        """Remember when the server says it has no requests left for us."""
        remaining = (headers.get("x-ratelimit-remaining") or headers.get("ratelimit-remaining")
                     or headers.get("x-rate-limit-remaining"))
        if remaining is None or not remaining.strip().isdigit() or int(remaining) > 0:
            return
        reset = reset_time(headers)
        if reset is not None:
            seconds = max(1, int((reset - timezone.now()).total_seconds()) + 1)
            cache.set(self._server_key, reset.timestamp(), timeout=seconds)

    @property
    def _server_key(self) -> str:
        return f"{self.key}:server-reset"


def retry_time(headers: httpx.Headers) -> dt.datetime | None:
    """When a rate limit lifts: Retry-After (seconds or a date), else the reset header — Mastodon sends an
    ISO time in X-RateLimit-Reset, the AT Protocol epoch seconds in RateLimit-Reset, X epoch seconds in
    x-rate-limit-reset."""
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return timezone.now() + dt.timedelta(seconds=int(value))
    if value:
        try:
            return email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            pass
    return reset_time(headers)


def reset_time(headers: httpx.Headers) -> dt.datetime | None:
    for name in ("x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset"):
        value = headers.get(name, "").strip()
        if not value:
            continue
        if value.isdigit():
            number = int(value)
            # Epoch seconds are ~1.7e9; a small number is "seconds from now" (the IETF draft's form).
            return (dt.datetime.fromtimestamp(number, dt.UTC) if number > 10**9
                    else timezone.now() + dt.timedelta(seconds=number))
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return None


def _at(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def _clock(epoch: float) -> str:
    return timezone.localtime(_at(epoch)).strftime("%H:%M:%S")
