"""The one Instagram Graph API client, for intake, publishing and the metrics poll: timeouts and a size cap on
every call, the token in the Authorization header (never in a URL, so it can't end up in a log line or on the
desk), every failure a GraphError, and every call asked of the account's usage budget first."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from storydesk.platforms.instagram.errors import GraphError
from storydesk.platforms.instagram.usage import UsageBudget, usage

# The settings that turn Instagram on; STORYDESK_INSTAGRAM_API_BASE has a default.
REQUIRED = ("STORYDESK_INSTAGRAM_ACCESS_TOKEN", "STORYDESK_INSTAGRAM_ACCOUNT_ID")
# Container status codes (IG Container reference).
IN_PROGRESS, FINISHED, PUBLISHED, ERROR, EXPIRED = "IN_PROGRESS", "FINISHED", "PUBLISHED", "ERROR", "EXPIRED"


class NotConfigured(Exception):
    pass


def missing_settings() -> list[str]:
    """The names of the settings Instagram needs that are empty ([] when it is set up)."""
    return [name for name in REQUIRED if not getattr(settings, name)]


@dataclass(frozen=True)
class Quota:
    usage: int
    total: int
    window_seconds: int

    @property
    def used_up(self) -> bool:
        return self.usage >= self.total


@dataclass(frozen=True)
class ContainerStatus:
    code: str
    detail: str = ""  # "status": for ERROR, Instagram's error subcode and words


@dataclass(frozen=True)
class Media:
    id: str
    caption: str = ""
    permalink: str = ""
    timestamp: dt.datetime | None = None


class Graph:
    def __init__(self, *, base: str, token: str, account_id: str, timeout: float, max_response_bytes: int,
                 pause_percent: int, transport: httpx.BaseTransport | None = None):
        self.account_id, self.max_response_bytes = account_id, max_response_bytes
        self.label = f"Instagram ({urlsplit(base).netloc or base})"
        self.budget = UsageBudget(account_id, pause_percent)
        self.client = httpx.Client(base_url=base.rstrip("/") + "/", timeout=timeout, transport=transport,
                                   headers={"Authorization": f"Bearer {token}"}, follow_redirects=False)

    @classmethod
    def from_settings(cls) -> Graph:
        missing = missing_settings()
        if missing:
            raise NotConfigured(f"Instagram isn't set up: set {' and '.join(missing)}")
        return cls(base=settings.STORYDESK_INSTAGRAM_API_BASE, token=settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN,
                   account_id=settings.STORYDESK_INSTAGRAM_ACCOUNT_ID,
                   timeout=settings.STORYDESK_INSTAGRAM_TIMEOUT_SECONDS,
                   max_response_bytes=settings.STORYDESK_INSTAGRAM_MAX_RESPONSE_BYTES,
                   pause_percent=settings.STORYDESK_INSTAGRAM_USAGE_PAUSE_PERCENT)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Any call: the JSON object Graph answered, or GraphError. `expect` checks its shape.

    def get(self, path: str, *, params=None, expect: Callable[[dict], bool] | None = None) -> dict:
        return self.call("GET", path, params=params, expect=expect)

    def post(self, path: str, *, params=None, data=None, expect: Callable[[dict], bool] | None = None) -> dict:
        return self.call("POST", path, params=params, data=data, expect=expect)

    # Content publishing, in the order a post needs the calls.

    def publishing_limit(self) -> Quota:
        body = self.get(f"{self.account_id}/content_publishing_limit", params={"fields": "quota_usage,config"})
        row = (body.get("data") or [{}])[0]
        config = row.get("config") or {}
        try:
            return Quota(int(row.get("quota_usage", 0)), int(config.get("quota_total", 0)),
                         int(config.get("quota_duration", 86400)))
        except (TypeError, ValueError):
            raise GraphError(f"content_publishing_limit answered in an unknown shape: {str(body)[:200]}",
                             transient_flag=True) from None

    def create_container(self, *, image_url: str, caption: str, alt_text: str) -> str:
        body = self.post(f"{self.account_id}/media",
                         data={"image_url": image_url, "caption": caption, "alt_text": alt_text})
        return self._id(body, "the new container")

    def container_status(self, container_id: str) -> ContainerStatus:
        body = self.get(container_id, params={"fields": "status_code,status"})
        return ContainerStatus(str(body.get("status_code", "")), str(body.get("status", "")))

    def publish(self, container_id: str) -> str:
        body = self.post(f"{self.account_id}/media_publish", data={"creation_id": container_id})
        return self._id(body, "the published media")

    def media(self, media_id: str) -> Media:
        return _media(self.get(media_id, params={"fields": "id,caption,permalink,timestamp"}))

    def recent_media(self, *, pages: int, per_page: int = 25) -> Iterator[Media]:
        """The account's media, newest first, page by page (paging by the `after` cursor)."""
        params = {"fields": "id,caption,permalink,timestamp", "limit": str(per_page)}
        for _ in range(pages):
            body = self.get(f"{self.account_id}/media", params=params)
            for row in body.get("data") or []:
                if isinstance(row, dict) and row.get("id"):
                    yield _media(row)
            after = ((body.get("paging") or {}).get("cursors") or {}).get("after")
            if not after or not (body.get("paging") or {}).get("next"):
                return
            params = {**params, "after": after}

    # How posts do (Instagram Media Insights and IG Media references).

    def media_insights(self, media_id: str, metrics: tuple[str, ...]) -> dict[str, int]:
        """One post's lifetime metrics by name. A metric Instagram has no data for yet is simply absent: the
        API answers an empty data set, not 0, until it has numbers (they lag up to 48 hours)."""
        body = self.get(f"{media_id}/insights", params={"metric": ",".join(metrics)})
        rows = body.get("data")
        if not isinstance(rows, list):
            raise GraphError(f"insights answered in an unknown shape: {str(body)[:200]}", transient_flag=True)
        return {name: value for name, value in (_metric(row, body) for row in rows) if value is not None}

    def media_counts(self, media_id: str) -> tuple[int | None, int | None]:
        """(like_count, comments_count) fields of one post: live counts, without the insights' delay."""
        body = self.get(media_id, params={"fields": "like_count,comments_count"})
        return _count(body.get("like_count"), body), _count(body.get("comments_count"), body)

    # Plumbing.

    def call(self, method: str, path: str, *, params=None, data=None,
             expect: Callable[[dict], bool] | None = None) -> dict:
        self.budget.check()
        where = f"{method} {self.client.base_url.join(path.lstrip('/')).copy_with(query=None)}"
        try:
            request = self.client.build_request(method, path.lstrip("/"), params=params, data=data)
            response = self.client.send(request, stream=True)
        except httpx.TimeoutException:
            raise GraphError(f"no answer within {self.client.timeout.read:g} s", answered=False,
                             detail=f"{where}: timed out") from None
        except httpx.TransportError as lost:
            raise GraphError(f"the connection failed: {lost.__class__.__name__}", answered=False,
                             detail=f"{where}: {lost!r}") from None
        try:
            raw = self._read(response, where)
        except httpx.TimeoutException:
            raise GraphError(f"the answer stopped coming within {self.client.timeout.read:g} s",
                             answered=False, detail=f"{where}: timed out") from None
        except httpx.TransportError as lost:
            raise GraphError(f"the answer was cut off: {lost.__class__.__name__}", answered=False,
                             detail=f"{where}: {lost!r}") from None
        finally:
            response.close()
        self.budget.heard(response.headers)
        detail = f"{where} → {response.status_code}: {_peek(raw)}"
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = None
        if response.status_code >= 400 or (isinstance(body, dict) and "error" in body):
            _, wait = usage(response.headers)
            raise GraphError.from_body(response.status_code, body, wait.total_seconds() if wait else None, detail)
        if not isinstance(body, dict):
            raise GraphError("an answer we couldn't read (not JSON)", http_status=response.status_code,
                             transient_flag=True, unreadable=True, detail=detail)
        if expect is not None and not expect(body):
            raise GraphError("an answer of a shape we don't know", http_status=response.status_code,
                             transient_flag=True, unreadable=True, detail=detail)
        return body

    def _read(self, response: httpx.Response, where: str) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_response_bytes:
                raise GraphError(f"an answer larger than {self.max_response_bytes} bytes",
                                 http_status=response.status_code, transient_flag=True, unreadable=True,
                                 detail=f"{where}: over {self.max_response_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _id(body: dict, what: str) -> str:
        if not body.get("id"):
            raise GraphError(f"Instagram answered without the id of {what}: {str(body)[:200]}", transient_flag=True)
        return str(body["id"])


def _media(row: dict) -> Media:
    return Media(id=str(row.get("id", "")), caption=str(row.get("caption") or ""),
                 permalink=str(row.get("permalink") or ""), timestamp=_timestamp(row.get("timestamp")))


def _metric(row, body) -> tuple[str, int]:
    # {"name": "reach", "period": "lifetime", "values": [{"value": 12}], ...}; newer metrics may carry
    # {"total_value": {"value": 12}} instead.
    if not isinstance(row, dict) or not row.get("name"):
        raise GraphError(f"insights answered in an unknown shape: {str(body)[:200]}", transient_flag=True)
    values = row.get("values")
    if isinstance(values, list) and values and isinstance(values[0], dict):
        value = values[0].get("value")
    else:
        value = (row.get("total_value") or {}).get("value") if isinstance(row.get("total_value"), dict) else None
    return str(row["name"]), _count(value, body)


def _count(value, body) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise GraphError(f"Instagram answered a count that isn't one: {str(body)[:200]}", transient_flag=True)
    return value


def _timestamp(value) -> dt.datetime | None:
    # Graph timestamps look like 2020-03-08T15:00:12+0000.
    try:
        return dt.datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def _peek(body: bytes) -> str:
    text = body[:300].decode("utf-8", "replace").replace("\n", " ")
    return text + ("…" if len(body) > 300 else "")
