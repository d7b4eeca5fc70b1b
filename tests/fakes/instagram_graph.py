"""The one local stand-in for the Instagram Graph API, for intake, publishing and metrics tests, on 127.0.0.1.

It speaks the documented shapes and keeps state like Instagram does, so tests can count what really "went
out": content publishing (IG User media, IG Container status_code, media_publish, content_publishing_limit,
the account's media listing with cursor paging), how posts do (`GET /{media-id}/insights?metric=…` in the
Media Insights reference's shape — lifetime values, metrics without data left out, (#10) "Not enough viewers",
impressions refused as deprecated — and the `like_count` / `comments_count` fields of `GET /{media-id}`), and
what intake reads (`ig_hashtag_search`, a hashtag's `recent_media` and the account's `tags`, newest first with
opaque `after` cursors and Meta's token-carrying `next` links). Every call must carry our token in the
Authorization header, never in the address.

It runs on a PlatformServer (tests/channels/social/platform_server.py): its own, or the social tests' shared
one, which also serves the media store. A route queued there with `on()` answers before the fake (a recorded
payload, an error, a callable that wraps an Edge); `fail_next` scripts failures of the fake's own endpoints."""
from __future__ import annotations

import base64
import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx

from tests.channels.social.platform_server import Answer, PlatformServer, Seen

ACCOUNT = "17841400000000001"
TOKEN = "test-token-not-real"
VERSION = "v24.0"  # the version STORYDESK_INSTAGRAM_API_BASE names by default


@dataclass
class Container:
    id: str
    image_url: str
    caption: str
    alt_text: str
    statuses: list[str]  # popped on each status read until one is left
    detail: str = ""
    created: float = field(default_factory=time.time)

    @property
    def status(self) -> str:
        return self.statuses[0]


@dataclass
class Failure:
    status: int
    body: dict | str | None = None  # a str is sent as it is (not JSON)
    delay: float = 0.0  # seconds to wait before answering (longer than the client's timeout: no answer)
    act_first: bool = False  # do the real work, then fail to answer (the lost response)
    headers: dict = field(default_factory=dict)


def graph_error(code: int, message: str, *, subcode=None, type_="OAuthException", transient=None, user_msg=""):
    error = {"message": message, "type": type_, "code": code, "fbtrace_id": "AbCdEfGh123"}
    if subcode is not None:
        error["error_subcode"] = subcode
    if transient is not None:
        error["is_transient"] = transient
    if user_msg:
        error["error_user_msg"] = user_msg
    return {"error": error}


def cursor_at(offset: int) -> str:
    """The opaque `after` cursor of the page that starts at this offset."""
    return base64.b64encode(f"offset:{offset}".encode()).decode()


class Edge:
    """A Graph edge as Meta pages it (a hashtag's recent_media, the account's tags): newest first, `limit` per
    page (at most 50), opaque `after` cursors, and a `next` link until the last page."""

    def __init__(self, fake: FakeGraph, path: str, media: list[dict] | None = None):
        self.fake, self.path, self.media = fake, path, list(media or [])

    def add(self, *media: dict) -> None:
        self.media.extend(media)

    def __call__(self, seen: Seen) -> Answer:
        limit = min(int(seen.arg("limit") or 25), 50)
        start = int(base64.b64decode(seen.arg("after")).decode().split(":")[1]) if seen.arg("after") else 0
        ordered = sorted(self.media, key=lambda m: m["timestamp"], reverse=True)
        page = ordered[start:start + limit]
        cursors = {"before": cursor_at(start), "after": cursor_at(start + len(page))}
        body = {"data": page, "paging": {"cursors": cursors}}
        if start + limit < len(ordered):
            # Meta's own next link carries the token in its query: it must never be followed as it is.
            body["paging"]["next"] = (f"{self.fake.base}/{self.path}?access_token={TOKEN}&limit={limit}"
                                      f"&after={cursor_at(start + len(page))}")
        return Answer(json=body)


class FakeGraph:
    def __init__(self, server: PlatformServer | None = None):
        self.own_server = server is None
        self.server = server or PlatformServer()
        self.server.fallback = self._serve
        self.lock = threading.Lock()
        self.calls: list[tuple[str, str, dict]] = []
        # Content publishing and metrics.
        self.containers: dict[str, Container] = {}
        self.media: list[dict] = []  # newest first, like GET /{ig-user-id}/media
        self.quota_usage, self.quota_total = 0, 50
        self.container_statuses = ["IN_PROGRESS", "FINISHED"]  # what each new container goes through
        self.container_detail = ""  # its "status" field (for ERROR, the subcode and words)
        self.failures: dict[str, list[Failure]] = {}
        self.fetch_images = False  # fetch image_url like Instagram does (ERROR when it can't)
        self.fetched: list[tuple[int, str, bytes]] = []
        self.metrics: dict[str, dict[str, int | None]] = {}  # media id → {"reach", "likes", "comments"}
        self.too_few_viewers: set[str] = set()  # media ids whose insights answer (#10) Not enough viewers
        self.insights_lag: set[str] = set()  # media ids too new for insights: an empty data set, fields still count
        # Intake: media the account is tagged in, and hashtags (name → id, id → its recent media).
        self.tagged = Edge(self, f"{ACCOUNT}/tags")
        self.hashtags: dict[str, str] = {}
        self.recent: dict[str, Edge] = {}
        self._ids = iter(range(1, 10**6))

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def base(self) -> str:
        return f"{self.server.url}/{VERSION}"

    def path(self, path: str) -> str:
        """The request path of a Graph path ("{ACCOUNT}/tags" → "/v24.0/{ACCOUNT}/tags")."""
        return f"/{VERSION}/{path.lstrip('/')}"

    def stop(self) -> None:
        if self.own_server:
            self.server.stop()

    # What the server saw, and routes queued before the fake (the PlatformServer's own).

    def on(self, method: str, path: str, *answers) -> None:
        self.server.on(method, path, *answers)

    def requests(self, path: str | None = None, method: str | None = None) -> list[Seen]:
        return self.server.requests(path, method)

    @property
    def seen(self) -> list[Seen]:
        return self.server.seen

    @property
    def streamed(self) -> dict[str, int]:
        return self.server.streamed

    def fail_next(self, endpoint: str, failure: Failure, times: int = 1) -> None:
        """endpoint: "limit", "create", "status", "publish", "media", "list", "insights", "tags", "search",
        "recent"."""
        self.failures.setdefault(endpoint, []).extend([failure] * times)

    def calls_to(self, endpoint: str) -> list[dict]:
        return [params for kind, _, params in self.calls if kind == endpoint]

    # State a test sets up.

    def add_hashtag(self, name: str, hashtag_id: str, *media: dict) -> Edge:
        """A hashtag ig_hashtag_search finds, and its recent media."""
        self.hashtags[name.casefold()] = hashtag_id
        self.recent[hashtag_id] = Edge(self, f"{hashtag_id}/recent_media", list(media))
        return self.recent[hashtag_id]

    def add_media(self, caption: str, *, minutes_ago: float = 0) -> dict:
        """Someone else's (or an earlier) post on the account."""
        with self.lock:
            return self._new_media(caption, container="", when=time.time() - minutes_ago * 60)

    def set_metrics(self, media_id: str, *, likes=None, comments=None, reach=None) -> None:
        """None: Instagram has no number for it yet (left out of insights; the fields still count)."""
        with self.lock:
            self.metrics[media_id] = {"likes": likes, "comments": comments, "reach": reach}

    def delete_media(self, media_id: str) -> None:
        """Someone deleted the post in the Instagram app."""
        with self.lock:
            self.media = [m for m in self.media if m["id"] != media_id]

    # Serving.

    def _serve(self, seen: Seen) -> Answer:
        params = {k: v[-1] for k, v in seen.query.items()}
        if seen.method == "POST" and seen.body:
            params.update({k: v[-1] for k, v in parse_qs(seen.body.decode()).items()})
        parts = seen.path.strip("/").split("/")[1:]  # without the version
        endpoint = self._endpoint(seen.method, parts)
        with self.lock:
            self.calls.append((endpoint, seen.path, params))
            failure = self.failures[endpoint].pop(0) if self.failures.get(endpoint) else None
        if seen.headers.get("authorization") != f"Bearer {TOKEN}" or "access_token" in seen.query:
            return _answer(400, graph_error(190, "Invalid OAuth access token - Cannot parse access token"))
        if failure and not failure.act_first:
            return _answer(failure.status, failure.body, failure.headers, failure.delay)
        answer = self._act(endpoint, parts, params, seen)
        if failure:  # it happened; the answer is what goes wrong
            return _answer(failure.status, failure.body, failure.headers, failure.delay)
        return answer

    @staticmethod
    def _endpoint(method: str, parts: list[str]) -> str:
        if parts == ["ig_hashtag_search"] and method == "GET":
            return "search"
        if len(parts) == 2 and parts[0] != ACCOUNT and method == "GET":
            return {"insights": "insights", "recent_media": "recent"}.get(parts[1], "unknown")
        if len(parts) == 2 and parts[0] == ACCOUNT:
            return {("GET", "content_publishing_limit"): "limit", ("POST", "media"): "create",
                    ("POST", "media_publish"): "publish", ("GET", "media"): "list",
                    ("GET", "tags"): "tags"}.get((method, parts[1]), "unknown")
        if len(parts) == 1 and method == "GET":
            return "status" if parts[0].startswith("c") else "media"
        return "unknown"

    def _act(self, endpoint: str, parts: list[str], params: dict, seen: Seen) -> Answer:
        if endpoint == "limit":
            return _answer(200, {"data": [{"quota_usage": self.quota_usage,
                                           "config": {"quota_total": self.quota_total, "quota_duration": 86400}}]})
        if endpoint == "create":
            return self._create(params)
        if endpoint == "status":
            with self.lock:
                container = self.containers.get(parts[0])
                if container is None:
                    return _answer(400, graph_error(100, "Unsupported get request.", type_="GraphMethodException",
                                                    subcode=33))
                if len(container.statuses) > 1:
                    container.statuses.pop(0)
                return _answer(200, {"status_code": container.status, "status": container.detail, "id": container.id})
        if endpoint == "publish":
            return self._publish(params)
        if endpoint == "media":
            with self.lock:
                found = next((m for m in self.media if m["id"] == parts[0]), None)
            if found is None:
                return _answer(400, _missing(parts[0]))
            fields = params.get("fields", "id,caption,permalink,timestamp").split(",")
            counts = self.metrics.get(parts[0], {})
            row = {**found, "like_count": counts.get("likes") or 0, "comments_count": counts.get("comments") or 0}
            return _answer(200, {k: row[k] for k in fields if k in row})
        if endpoint == "insights":
            return self._insights(parts[0], params)
        if endpoint == "list":
            return self._list(params)
        if endpoint == "search":
            found = self.hashtags.get(params.get("q", "").casefold())
            return _answer(200, {"data": [{"id": found}] if found else []})
        if endpoint == "tags":
            return self.tagged(seen)
        if endpoint == "recent" and parts[0] in self.recent:
            return self.recent[parts[0]](seen)
        return _answer(400, graph_error(100, "Unknown path components", type_="OAuthException"))

    def _create(self, params: dict) -> Answer:
        if not params.get("image_url"):
            return _answer(400, graph_error(100, "The parameter image_url is required"))
        caption = params.get("caption", "")
        if len(caption) > 2200:
            return _answer(400, graph_error(100, "Param caption must be at most 2200 characters long."))
        statuses, detail = list(self.container_statuses), self.container_detail
        if self.fetch_images:
            problem = self._fetch(params["image_url"])
            if problem:
                statuses, detail = ["ERROR"], problem
        with self.lock:
            container = Container(f"c{next(self._ids)}", params["image_url"], caption, params.get("alt_text", ""),
                                  statuses, detail)
            self.containers[container.id] = container
        return _answer(200, {"id": container.id})

    def _fetch(self, image_url: str) -> str:
        try:
            response = httpx.get(image_url, timeout=5)
        except httpx.HTTPError as failed:
            return f"2207052: media could not be fetched ({failed.__class__.__name__})"
        self.fetched.append((response.status_code, response.headers.get("content-type", ""), response.content))
        if response.status_code != 200 or response.headers.get("content-type") != "image/jpeg":
            return f"2207052: media could not be fetched from this URI (HTTP {response.status_code})"
        return ""

    def _publish(self, params: dict) -> Answer:
        with self.lock:
            container = self.containers.get(params.get("creation_id", ""))
            if container is None:
                return _answer(400, graph_error(24, "The requested resource does not exist", subcode=2207008,
                                                user_msg="Media builder not found"))
            if container.status == "PUBLISHED":
                return _answer(400, graph_error(9007, "Media ID is not available", subcode=2207027,
                                                user_msg="The media has already been published."))
            if container.status != "FINISHED":
                return _answer(400, graph_error(
                    9007, "Media ID is not available", subcode=2207027,
                    user_msg="The media is not ready for publishing, please wait for a moment"))
            if self.quota_usage >= self.quota_total:
                return _answer(400, graph_error(9, "Application request limit reached", subcode=2207042,
                                                user_msg="You reached maximum number of posts that is allowed to be "
                                                         "published by Content Publishing API."))
            container.statuses = ["PUBLISHED"]
            self.quota_usage += 1
            media = self._new_media(container.caption, container=container.id, when=time.time())
        return _answer(200, {"id": media["id"]})

    def _new_media(self, caption: str, *, container: str, when: float) -> dict:
        media_id = f"1790{next(self._ids):011d}"
        stamp = dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        media = {"id": media_id, "caption": caption, "timestamp": stamp, "container": container,
                 "permalink": f"https://www.instagram.com/p/FAKE{media_id[-6:]}/"}
        self.media.insert(0, media)
        self.media.sort(key=lambda m: m["timestamp"], reverse=True)
        return media

    def _insights(self, media_id: str, params: dict) -> Answer:
        with self.lock:
            exists = any(m["id"] == media_id for m in self.media)
            counts = dict(self.metrics.get(media_id, {}))
        if not exists:
            return _answer(400, _missing(media_id))
        asked = [m for m in params.get("metric", "").split(",") if m]
        if "impressions" in asked:
            return _answer(400, graph_error(100, "(#100) impressions metric is no longer supported for media created "
                                                 "after July 2, 2024. Use views instead.", type_="OAuthException"))
        unknown = [m for m in asked if m not in ("reach", "likes", "comments", "saved", "shares", "views",
                                                   "total_interactions")]
        if not asked or unknown:
            return _answer(400, graph_error(100, "(#100) metric[0] must be one of the following values: reach, "
                                                 "likes, comments, saved, shares, views, total_interactions"))
        if media_id in self.too_few_viewers:
            return _answer(400, graph_error(10, "(#10) Not enough viewers for the media to show insights",
                                            type_="OAuthException"))
        titles = {"reach": "Accounts reached", "likes": "Likes", "comments": "Comments"}
        data = [{"name": name, "period": "lifetime", "values": [{"value": counts[name]}],
                 "title": titles.get(name, name.title()), "description": f"The number of {name} on your post.",
                 "id": f"{media_id}/insights/{name}/lifetime"}
                for name in asked if counts.get(name) is not None and media_id not in self.insights_lag]
        return _answer(200, {"data": data})

    def _list(self, params: dict) -> Answer:
        limit = int(params.get("limit", 25))
        start = int(params.get("after", "0") or 0)
        with self.lock:
            rows = self.media[start:start + limit]
            more = start + limit < len(self.media)
        body = {"data": [{k: m[k] for k in ("id", "caption", "permalink", "timestamp")} for m in rows],
                "paging": {"cursors": {"before": str(start), "after": str(start + limit)}}}
        if more:
            body["paging"]["next"] = f"{self.base}/{ACCOUNT}/media?after={start + limit}&limit={limit}"
        return _answer(200, body)


def _answer(status: int, body, headers: dict | None = None, delay: float = 0.0) -> Answer:
    if isinstance(body, str):  # sent as it is: the HTML error pages proxies and outages answer with
        return Answer(status, body=body.encode(), headers={"Content-Type": "text/html", **(headers or {})},
                      delay=delay)
    if body is None:
        return Answer(status, body=b"", headers=dict(headers or {}), delay=delay)
    return Answer(status, json=body, headers=dict(headers or {}), delay=delay)


def _missing(object_id: str) -> dict:
    return graph_error(100, f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be loaded "
                            "due to missing permissions, or does not support this operation",
                       type_="GraphMethodException", subcode=33)
