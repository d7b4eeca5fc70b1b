"""Talking to the Instagram Graph API: the token goes in a header (a URL, with its query, can end up in a
problem's detail on the desk), Meta's numbered errors become plain words, and calls pause when Meta's usage
headers say the app or the account is close to its limit — going over it earns a block that lasts hours.
"""
from __future__ import annotations

import datetime as dt
import json
import time

import httpx
from django.core.cache import cache
from django.utils import timezone

from storydesk.channels.social.api import ApiClient, host_of
from storydesk.channels.social.errors import AUTH, CONFIG, RATE_LIMIT, SERVER, PlatformError

LABEL = "Instagram"
TOKEN_HINT = ("Make a new long-lived access token for the campaign's Instagram account (a Facebook Page token with "
              "instagram_basic and instagram_manage_comments) and set STORYDESK_INSTAGRAM_ACCESS_TOKEN.")
# Meta's throttling codes: the app's calls (4), the account's (17), the Page's (32), a custom limit (613), and
# the Instagram account's business-use-case limit (80002).
RATE_LIMIT_CODES = {4: "the app's hourly limit", 17: "the account's limit", 32: "the Page's limit",
                    613: "a limit on this kind of call", 80002: "the Instagram account's limit"}
EXPIRED_TOKEN = 190
TOKEN_SUBCODES = {463: "has expired", 460: "stopped working when the account's password changed",
                  458: "belongs to an app the account has removed", 467: "is no longer valid"}
TEMPORARY_CODES = {1, 2}  # "unknown" and "service" errors: Meta says wait and retry
PERMISSION_CODES = {10, *range(200, 300)}
# Meta's limits count calls over a rolling hour; without its own estimate we wait that long.
DEFAULT_WAIT = dt.timedelta(hours=1)


def graph_client(base: str, token: str, account_id: str, *, pause_percent: int) -> ApiClient:
    return ApiClient(base, label=f"{LABEL} ({host_of(base)})", auth_hint=TOKEN_HINT,
                     budget=GraphUsage(account_id, pause_percent), explain=explain,
                     headers={"Authorization": f"Bearer {token}"})


class GraphUsage:
    """Meta reports usage as percentages of the limit in X-App-Usage (the app) and X-Business-Use-Case-Usage
    (the account, with the minutes until access returns when blocked). At `pause_percent` we stop calling
    until Meta's estimate, or an hour, has passed; the pause is kept in the shared cache for every worker."""

    def __init__(self, account_id: str, pause_percent: int):
        self.key, self.pause_percent = f"social-instagram:{account_id}:paused-until", pause_percent

    def spend(self) -> None:
        until = cache.get(self.key)
        if until and until > time.time():
            at = dt.datetime.fromtimestamp(until, dt.UTC)
            raise PlatformError(RATE_LIMIT,
                                f"{LABEL} said we have used {self.pause_percent}% or more of what it allows; "
                                f"we'll go on after {_clock(at)}", retry_at=at)

    def heard(self, headers: httpx.Headers) -> None:
        percent, wait = usage(headers)
        if percent >= self.pause_percent:
            until = timezone.now() + (wait or DEFAULT_WAIT)
            cache.set(self.key, until.timestamp(), timeout=int((until - timezone.now()).total_seconds()) + 60)


def usage(headers: httpx.Headers) -> tuple[float, dt.timedelta | None]:
    """The highest percentage in Meta's usage headers, and how long until access returns (if Meta says)."""
    highest, wait = 0.0, None
    for entry in _usage_entries(headers):
        for field in ("call_count", "total_cputime", "total_time"):
            value = entry.get(field)
            if isinstance(value, (int, float)):
                highest = max(highest, float(value))
        minutes = entry.get("estimated_time_to_regain_access")
        if isinstance(minutes, (int, float)) and minutes > 0:
            wait = max(wait or dt.timedelta(0), dt.timedelta(minutes=minutes))
    return highest, wait


def _usage_entries(headers: httpx.Headers) -> list[dict]:
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


def explain(response: httpx.Response, body: bytes, detail: str) -> PlatformError | None:
    """Meta's error {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}} in plain words."""
    data = _json(body)
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), int):
        return None
    code, subcode = error["code"], error.get("error_subcode")
    said = str(error.get("message") or "")[:200]
    quoted = f" (“{said}”)" if said else ""
    status = response.status_code
    if code in RATE_LIMIT_CODES:
        _, wait = usage(response.headers)
        retry_at = timezone.now() + (wait or DEFAULT_WAIT)
        return PlatformError(RATE_LIMIT, f"{LABEL} says we asked too often (code {code}: {RATE_LIMIT_CODES[code]}); "
                             f"we'll wait until {_clock(retry_at)}", detail=detail, status=status,
                             error_name=str(code), retry_at=retry_at)
    if code == EXPIRED_TOKEN:
        what = TOKEN_SUBCODES.get(subcode, "was refused")
        return PlatformError(AUTH, f"{LABEL} says the campaign's access token {what} (code 190{quoted}). {TOKEN_HINT}",
                             detail=detail, status=status, error_name="190")
    if code in TEMPORARY_CODES:
        return PlatformError(SERVER, f"{LABEL} had a passing problem (code {code}){quoted}; we'll try again later",
                             detail=detail, status=500, error_name=str(code))
    if code in PERMISSION_CODES:
        return PlatformError(CONFIG, f"{LABEL} says the app lacks a permission for this (code {code}{quoted}): "
                             "check the app's permissions and that App Review granted Instagram Public Content Access",
                             detail=detail, status=status, error_name=str(code))
    return PlatformError(SERVER, f"{LABEL} refused the request (code {code}{quoted})", detail=detail,
                         status=status, error_name=str(code))


def _json(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _clock(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M")
