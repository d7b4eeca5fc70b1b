"""Calling a platform's JSON API (Mastodon, Bluesky, X; Instagram has its own Graph client in
storydesk.platforms.instagram): timeouts and a size cap on every call, and every bad answer turned into one
PlatformError that says, in plain words, what went wrong and when it is worth trying again."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.utils import timezone

from storydesk.channels.social.errors import AUTH, MALFORMED, NETWORK, RATE_LIMIT, SERVER, PlatformError
from storydesk.channels.social.ratelimit import Budget, retry_time

MAX_JSON_BYTES = 10 * 1024 * 1024  # a timeline page is tens of kB; anything near this is not one
TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0)
USER_AGENT = "storydesk (photo-story campaign desk)"

@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: httpx.Headers
    data: object  # the parsed JSON
    url: str


class ApiClient:
    """One platform server. `label` names it for people ("Mastodon at mastodon.social"); `auth_hint` says
    what to fix when it refuses our credentials."""

    def __init__(self, base: str, *, label: str, auth_hint: str, budget: Budget | None = None,
                 headers: dict | None = None, transport: httpx.BaseTransport | None = None):
        self.base = base.rstrip("/")
        self.label, self.auth_hint, self.budget = label, auth_hint, budget
        self.client = httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT, **(headers or {})},
                                   follow_redirects=False, transport=transport)

    def close(self) -> None:
        self.client.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base + path

    def same_server(self, url: str) -> bool:
        mine, theirs = urlsplit(self.base), urlsplit(url)
        return (mine.scheme, mine.netloc) == (theirs.scheme, theirs.netloc)

    def get(self, path: str, **kwargs) -> ApiResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> ApiResponse:
        return self.request("POST", path, **kwargs)

    def request(self, method: str, path: str, *, params=None, json_body=None, headers=None,
                expect: Callable[[object], bool] | None = None) -> ApiResponse:
        """Raises PlatformError for anything but a 2xx answer whose body is JSON (of the expected shape)."""
        url = self.url(path)
        if self.budget is not None:
            self.budget.spend()
        try:
            with self.client.stream(method, url, params=params, json=json_body, headers=headers) as response:
                body = _read_capped(response)
        except httpx.TimeoutException:
            raise PlatformError(NETWORK, f"{self.label} didn't answer in time; we'll try again later",
                                detail=f"{method} {url}: timed out") from None
        except httpx.HTTPError as error:
            raise PlatformError(NETWORK, f"We couldn't reach {self.label} ({_short(error)}); "
                                "we'll try again later", detail=f"{method} {url}: {error!r}") from None
        except _TooBig:
            raise PlatformError(MALFORMED, f"{self.label} sent an answer far too large to be what we asked for",
                                detail=f"{method} {url}: over {MAX_JSON_BYTES} bytes") from None
        if self.budget is not None:
            self.budget.heard(response.headers)
        if not 200 <= response.status_code < 300:
            raise self._refusal(method, url, response, body)
        try:
            data = json.loads(body)
        except ValueError:
            raise PlatformError(MALFORMED, f"{self.label} sent an answer we couldn't read (not JSON); "
                                "we'll try again later", detail=f"{method} {url}: {_peek(body)}",
                                status=response.status_code) from None
        if expect is not None and not expect(data):
            raise PlatformError(MALFORMED, f"{self.label} sent an answer of a shape we don't know; "
                                "we'll try again later", detail=f"{method} {url}: {_peek(body)}",
                                status=response.status_code)
        return ApiResponse(response.status_code, response.headers, data, str(response.url))

    def _refusal(self, method: str, url: str, response: httpx.Response, body: bytes) -> PlatformError:
        status = response.status_code
        name, said = _error_fields(body)
        detail = f"{method} {url} → {status}: {_peek(body)}"
        quoted = f" (“{said[:200]}”)" if said else ""
        if status == 429:
            retry_at = retry_time(response.headers)
            when = timezone.localtime(retry_at).strftime("%H:%M") if retry_at else "in a few minutes"
            return PlatformError(RATE_LIMIT, f"{self.label} says we asked too often; we'll wait until {when}",
                                 detail=detail, status=status, error_name=name, retry_at=retry_at)
        if status in (401, 403) or name in ("ExpiredToken", "InvalidToken", "AuthenticationRequired"):
            return PlatformError(AUTH, f"{self.label} refused our login{quoted}. {self.auth_hint}",
                                 detail=detail, status=status, error_name=name)
        if status >= 500:
            return PlatformError(SERVER, f"{self.label} is having trouble (it answered {status}); "
                                 "we'll try again later", detail=detail, status=status, error_name=name)
        return PlatformError(SERVER, f"{self.label} refused the request ({status}){quoted}",
                             detail=detail, status=status, error_name=name)


class _TooBig(Exception):
    pass


def _read_capped(response: httpx.Response) -> bytes:
    parts, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_JSON_BYTES:
            raise _TooBig
        parts.append(chunk)
    return b"".join(parts)


def _error_fields(body: bytes) -> tuple[str, str]:
    """(error name, message) from the error bodies platforms send: Mastodon {"error": "…"}, AT Protocol
    {"error": "ExpiredToken", "message": "…"}, X's problem {"title": "Unauthorized", "detail": "…"}."""
    try:
        data = json.loads(body)
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    error, message = data.get("error"), data.get("message")
    if isinstance(error, str) and isinstance(message, str):
        return error, message
    if isinstance(error, str):
        return "", error
    title, detail = data.get("title"), data.get("detail")
    if isinstance(detail, str):
        return (title if isinstance(title, str) else ""), detail
    return "", ""


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def _peek(body: bytes) -> str:
    text = body[:300].decode("utf-8", "replace").replace("\n", " ")
    return text + ("…" if len(body) > 300 else "")


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "…"
