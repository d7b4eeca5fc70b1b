"""A fixed-window counter per client address in the shared cache (so every web process agrees)."""
from __future__ import annotations

import hashlib
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


def client_key(request) -> str:
    # Hashed: the cache never holds a participant's address.
    return hashlib.sha256(request.META.get("REMOTE_ADDR", "").encode()).hexdigest()[:32]


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
