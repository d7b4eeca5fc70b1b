"""Meta's usage headers, and the one pause every caller of the account respects.

Meta reports usage as percentages of the limit in X-App-Usage (the app) and X-Business-Use-Case-Usage (the
account, with the minutes until access returns when blocked). At `pause_percent` the account stops calling —
intake, publishing and the metrics poll alike — until Meta's estimate, or an hour, has passed: going over the
limit earns a block that lasts hours. The pause is kept in the shared cache, so every worker sees it.
"""
from __future__ import annotations

import datetime as dt
import json

from django.core.cache import cache
from django.utils import timezone

from storydesk.platforms.instagram.errors import GraphError

# Meta's limits count calls over a rolling hour; without its own estimate we wait that long.
DEFAULT_WAIT = dt.timedelta(hours=1)


def usage(headers) -> tuple[float, dt.timedelta | None]:
    """The highest percentage in Meta's usage headers, and how long until access returns (if Meta says)."""
    highest, wait = 0.0, None
    for entry in _entries(headers):
        for field in ("call_count", "total_cputime", "total_time"):
            value = entry.get(field)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                highest = max(highest, float(value))
        minutes = entry.get("estimated_time_to_regain_access")
        if isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and minutes > 0:
            wait = max(wait or dt.timedelta(0), dt.timedelta(minutes=minutes))
    return highest, wait


def pause_key(account_id: str) -> str:
    return f"instagram:{account_id}:paused-until"


class UsageBudget:
    """Asked before every Graph call (check may refuse it) and told every answer's headers (heard)."""

    def __init__(self, account_id: str, pause_percent: int):
        self.key, self.pause_percent = pause_key(account_id), pause_percent

    def check(self) -> None:
        until = cache.get(self.key)
        now = timezone.now()
        if until and until > now.timestamp():
            at = dt.datetime.fromtimestamp(until, dt.UTC)
            raise GraphError(f"Instagram said we have used {self.pause_percent}% or more of what it allows; "
                             f"we'll go on after {timezone.localtime(at):%H:%M}", paused=True,
                             retry_after_seconds=until - now.timestamp())

    def heard(self, headers) -> None:
        percent, wait = usage(headers)
        if percent >= self.pause_percent:
            until = timezone.now() + (wait or DEFAULT_WAIT)
            cache.set(self.key, until.timestamp(), timeout=int((until - timezone.now()).total_seconds()) + 60)


def _entries(headers) -> list[dict]:
    entries = []
    app = _json(headers.get("x-app-usage"))
    if isinstance(app, dict):
        entries.append(app)
    business = _json(headers.get("x-business-use-case-usage"))
    if isinstance(business, dict):  # {"<business id>": [{"type": "instagram", "call_count": …}, …]}
        for items in business.values():
            if isinstance(items, list):
                entries.extend(item for item in items if isinstance(item, dict))
    return entries


def _json(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None
