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


def count(scope: str, who: str, rate_text: str | None = None) -> None:
    rate = Rate.parse(settings.STORYDESK_SUBMIT_RATE if rate_text is None else rate_text)
    if rate is None:
        return
    key = _window_key(scope, who, rate)
    if not cache.add(key, 1, timeout=rate.seconds + 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=rate.seconds + 60)


# Back-off: two failures cost nothing; from the third, each makes the next try wait twice as long, up to the cap.
BACKOFF_FREE_FAILURES, BACKOFF_FIRST_SECONDS = 2, 15
_FORGET_AFTER = 24 * 3600  # a name with no failure for a day starts again from nothing


def backoff_wait(scope: str, who: str) -> int:
    """Seconds until the next try is let through (0: now)."""
    state = cache.get(f"backoff:{scope}:{who}")
    return max(0, int(state["until"] - time.time() + 0.999)) if state else 0


def backoff_fail(scope: str, who: str, max_seconds: int) -> None:
    key = f"backoff:{scope}:{who}"
    failures = (cache.get(key) or {"failures": 0})["failures"] + 1
    doublings = failures - BACKOFF_FREE_FAILURES - 1
    wait = 0 if doublings < 0 else min(BACKOFF_FIRST_SECONDS * 2 ** min(doublings, 30), max_seconds)
    cache.set(key, {"failures": failures, "until": time.time() + wait}, timeout=_FORGET_AFTER)


def backoff_clear(scope: str, who: str) -> None:
    cache.delete(f"backoff:{scope}:{who}")
