"""Limits in the shared cache (so every web process agrees): a fixed-window counter per client address, and a
back-off per name whose wait doubles with each failure (so nobody can lock a name out for longer than the cap).

The client's address is REMOTE_ADDR, or, when that is one of STORYDESK_TRUSTED_PROXIES, the right-most
X-Forwarded-For address that is not itself a trusted proxy (the left-most ones are whatever the client said)."""
from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """'10/h', '100/d', '5/10m'; '0' or '' turns limiting off."""
        text = (text or "").strip().lower()
        if text in ("", "0", "off"):
            return None
        match = re.fullmatch(r"(\d+)\s*/\s*(\d*)\s*([smhd])", text)
        if not match:
            raise ValueError(f"STORYDESK_SUBMIT_RATE {text!r} should look like 10/h")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * _UNITS[unit])


def _trusted(address: str, proxies: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.STORYDESK_TRUSTED_PROXIES
    if not proxies or not _trusted(remote, proxies):
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(chain):
        if not _trusted(address, proxies):
            return address
    return chain[0] if chain else remote


def client_key(request) -> str:
    # Hashed: the cache never holds a participant's address.
    return hashlib.sha256(client_address(request).encode()).hexdigest()[:32]


def seconds_left(rate_text: str) -> int:
    """Until the current window ends (when a limit that holds now lets go)."""
    rate = Rate.parse(rate_text)
    return 0 if rate is None else int(rate.seconds - time.time() % rate.seconds) + 1


def _window_key(scope: str, who: str, rate: Rate) -> str:
    return f"rate:{scope}:{who}:{int(time.time() // rate.seconds)}"


def is_limited(scope: str, who: str, rate_text: str | None = None) -> bool:
    rate = Rate.parse(settings.STORYDESK_SUBMIT_RATE if rate_text is None else rate_text)
    if rate is None:
        return False
    return cache.get(_window_key(scope, who, rate), 0) >= rate.count


def _incr(key: str, timeout: int) -> int:
    """Add one, atomically where the cache is (Redis, local memory): never read-then-write, so two requests at
    once both count. The new total."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        total = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1
    cache.touch(key, timeout)  # some caches' incr re-sets the value with their default timeout
    return total


def count(scope: str, who: str, rate_text: str | None = None) -> int:
    """Count one more; the count in this window so far (0 when limiting is off)."""
    rate = Rate.parse(settings.STORYDESK_SUBMIT_RATE if rate_text is None else rate_text)
    if rate is None:
        return 0
    return _incr(_window_key(scope, who, rate), rate.seconds + 60)


def uncount(scope: str, who: str, rate_text: str | None = None) -> None:
    """Take back one counted in advance (what turned out not to be a failure)."""
    rate = Rate.parse(settings.STORYDESK_SUBMIT_RATE if rate_text is None else rate_text)
    if rate is None:
        return
    try:
        cache.decr(_window_key(scope, who, rate))
    except ValueError:
        pass


def first_in_window(scope: str, who: str, rate_text: str | None = None) -> bool:
    """True once per window of this rate for this name: what is worth saying once (an audit row, a mail) but
    must not be written as often as anyone cares to ask."""
    rate = Rate.parse(settings.STORYDESK_SUBMIT_RATE if rate_text is None else rate_text) or Rate(1, 3600)
    return cache.add(_window_key(f"{scope}:once", who, rate), 1, timeout=rate.seconds + 60)


# Back-off: two failures cost nothing; from the third, each makes the next try wait twice as long, up to the cap.
BACKOFF_FREE_FAILURES, BACKOFF_FIRST_SECONDS = 2, 15
_FORGET_AFTER = 24 * 3600  # a name with no failure for a day starts again from nothing


def _backoff_seconds(failures: int, max_seconds: int) -> int:
    doublings = failures - BACKOFF_FREE_FAILURES - 1
    return 0 if doublings < 0 else min(BACKOFF_FIRST_SECONDS * 2 ** min(doublings, 30), max_seconds)


def backoff_wait(scope: str, who: str) -> int:
    """Seconds until the next try is let through (0: now)."""
    failures, last = cache.get(f"backoff:{scope}:{who}"), cache.get(f"backoff-last:{scope}:{who}")
    if not failures or not last:
        return 0
    at, max_seconds = last
    return max(0, int(at + _backoff_seconds(failures, max_seconds) - time.time() + 0.999))


def backoff_fail(scope: str, who: str, max_seconds: int) -> None:
    # The count is the cache's own counter (atomic where the cache is), and the wait follows from it and the last
    # failure's time, so failures at the same moment each count (a read-then-write would lose all but one).
    cache.set(f"backoff-last:{scope}:{who}", (time.time(), max_seconds), timeout=_FORGET_AFTER)
    _incr(f"backoff:{scope}:{who}", _FORGET_AFTER)


def backoff_clear(scope: str, who: str) -> None:
    cache.delete_many([f"backoff:{scope}:{who}", f"backoff-last:{scope}:{who}"])
