"""A local stand-in for the Instagram Graph API's content-publishing calls, on 127.0.0.1.

It speaks the documented shapes (IG User media, IG Container status_code, media_publish,
content_publishing_limit, IG User media listing with cursor paging, the error object) and keeps state like
Instagram does, so tests can count what really "went out". Tests script failures with `fail_next`.

It also answers how posts do: `GET /{media-id}/insights?metric=…` in the Media Insights reference's shape
(lifetime values; metrics without data left out; (#10) "Not enough viewers"; impressions refused as
deprecated) and the `like_count` / `comments_count` fields of `GET /{media-id}`."""
from __future__ import annotations

import datetime as dt
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import httpx

ACCOUNT = "17841400000000001"
TOKEN = "test-token-not-real"


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


class FakeGraph:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls: list[tuple[str, str, dict]] = []
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
        self._ids = iter(range(1, 10**6))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v24.0"

    def start(self) -> FakeGraph:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, endpoint: str, failure: Failure, times: int = 1) -> None:
        """endpoint: "limit", "create", "status", "publish", "media", "list", "insights"."""
        self.failures.setdefault(endpoint, []).extend([failure] * times)

    def calls_to(self, endpoint: str) -> list[dict]:
        return [params for kind, _, params in self.calls if kind == endpoint]

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

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake._serve(self, "GET")

            def do_POST(self):
                fake._serve(self, "POST")

        return Handler

    def _serve(self, request, method: str) -> None:
        url = urlparse(request.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if method == "POST":
            length = int(request.headers.get("Content-Length") or 0)
            params.update({k: v[-1] for k, v in parse_qs(request.rfile.read(length).decode()).items()})
        parts = url.path.strip("/").split("/")[1:]  # without the version
        endpoint = self._endpoint(method, parts)
        with self.lock:
            self.calls.append((endpoint, url.path, params))
            failure = (self.failures.get(endpoint) or [None]).pop(0) if self.failures.get(endpoint) else None
        if request.headers.get("Authorization") != f"Bearer {TOKEN}" and params.get("access_token") != TOKEN:
            refusal = graph_error(190, "Invalid OAuth access token - Cannot parse access token")
            return self._answer(request, 400, refusal)
        if failure and not failure.act_first:
            time.sleep(failure.delay)
            return self._answer(request, failure.status, failure.body, failure.headers)
        status, body = self._act(endpoint, parts, params)
        if failure:  # it happened; the answer is what goes wrong
            time.sleep(failure.delay)
            return self._answer(request, failure.status, failure.body, failure.headers)
        return self._answer(request, status, body)

    @staticmethod
    def _endpoint(method: str, parts: list[str]) -> str:
        if len(parts) == 2 and parts[0] != ACCOUNT and parts[1] == "insights" and method == "GET":
            return "insights"
        if len(parts) == 2 and parts[0] == ACCOUNT:
            return {("GET", "content_publishing_limit"): "limit", ("POST", "media"): "create",
                    ("POST", "media_publish"): "publish", ("GET", "media"): "list"}.get((method, parts[1]), "unknown")
        if len(parts) == 1 and method == "GET":
            return "status" if parts[0].startswith("c") else "media"
        return "unknown"

    def _act(self, endpoint: str, parts: list[str], params: dict) -> tuple[int, dict]:
        if endpoint == "limit":
            return 200, {"data": [{"quota_usage": self.quota_usage,
                                   "config": {"quota_total": self.quota_total, "quota_duration": 86400}}]}
        if endpoint == "create":
            return self._create(params)
        if endpoint == "status":
            with self.lock:
                container = self.containers.get(parts[0])
                if container is None:
                    return 400, graph_error(100, "Unsupported get request.", type_="GraphMethodException", subcode=33)
                if len(container.statuses) > 1:
                    container.statuses.pop(0)
                return 200, {"status_code": container.status, "status": container.detail, "id": container.id}
        if endpoint == "publish":
            return self._publish(params)
        if endpoint == "media":
            with self.lock:
                found = next((m for m in self.media if m["id"] == parts[0]), None)
            if found is None:
                return 400, _missing(parts[0])
            fields = params.get("fields", "id,caption,permalink,timestamp").split(",")
            counts = self.metrics.get(parts[0], {})
            row = {**found, "like_count": counts.get("likes") or 0, "comments_count": counts.get("comments") or 0}
            return 200, {k: row[k] for k in fields if k in row}
        if endpoint == "insights":
            return self._insights(parts[0], params)
        if endpoint == "list":
            return self._list(params)
        return 400, graph_error(100, "Unknown path components", type_="OAuthException")

    def _create(self, params: dict) -> tuple[int, dict]:
        if not params.get("image_url"):
            return 400, graph_error(100, "The parameter image_url is required")
        caption = params.get("caption", "")
        if len(caption) > 2200:
            return 400, graph_error(100, "Param caption must be at most 2200 characters long.")
        statuses, detail = list(self.container_statuses), self.container_detail
        if self.fetch_images:
            problem = self._fetch(params["image_url"])
            if problem:
                statuses, detail = ["ERROR"], problem
        with self.lock:
            container = Container(f"c{next(self._ids)}", params["image_url"], caption, params.get("alt_text", ""),
                                  statuses, detail)
            self.containers[container.id] = container
        return 200, {"id": container.id}

    def _fetch(self, image_url: str) -> str:
        try:
            response = httpx.get(image_url, timeout=5)
        except httpx.HTTPError as failed:
            return f"2207052: media could not be fetched ({failed.__class__.__name__})"
        self.fetched.append((response.status_code, response.headers.get("content-type", ""), response.content))
        if response.status_code != 200 or response.headers.get("content-type") != "image/jpeg":
            return f"2207052: media could not be fetched from this URI (HTTP {response.status_code})"
        return ""

    def _publish(self, params: dict) -> tuple[int, dict]:
        with self.lock:
            container = self.containers.get(params.get("creation_id", ""))
            if container is None:
                return 400, graph_error(24, "The requested resource does not exist", subcode=2207008,
                                        user_msg="Media builder not found")
            if container.status == "PUBLISHED":
                return 400, graph_error(9007, "Media ID is not available", subcode=2207027,
                                        user_msg="The media has already been published.")
            if container.status != "FINISHED":
                return 400, graph_error(9007, "Media ID is not available", subcode=2207027,
                                        user_msg="The media is not ready for publishing, please wait for a moment")
            if self.quota_usage >= self.quota_total:
                return 400, graph_error(9, "Application request limit reached", subcode=2207042,
                                        user_msg="You reached maximum number of posts that is allowed to be "
                                                 "published by Content Publishing API.")
            container.statuses = ["PUBLISHED"]
            self.quota_usage += 1
            media = self._new_media(container.caption, container=container.id, when=time.time())
        return 200, {"id": media["id"]}

    def _new_media(self, caption: str, *, container: str, when: float) -> dict:
        media_id = f"1790{next(self._ids):011d}"
        stamp = dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        media = {"id": media_id, "caption": caption, "timestamp": stamp, "container": container,
                 "permalink": f"https://www.instagram.com/p/FAKE{media_id[-6:]}/"}
        self.media.insert(0, media)
        self.media.sort(key=lambda m: m["timestamp"], reverse=True)
        return media

    def _insights(self, media_id: str, params: dict) -> tuple[int, dict]:
        with self.lock:
            exists = any(m["id"] == media_id for m in self.media)
            counts = dict(self.metrics.get(media_id, {}))
        if not exists:
            return 400, _missing(media_id)
        asked = [m for m in params.get("metric", "").split(",") if m]
        if "impressions" in asked:
            return 400, graph_error(100, "(#100) impressions metric is no longer supported for media created after "
                                         "July 2, 2024. Use views instead.", type_="OAuthException")
        unknown = [m for m in asked if m not in ("reach", "likes", "comments", "saved", "shares", "views",
                                                   "total_interactions")]
        if not asked or unknown:
            return 400, graph_error(100, "(#100) metric[0] must be one of the following values: reach, likes, "
                                         "comments, saved, shares, views, total_interactions")
        if media_id in self.too_few_viewers:
            return 400, graph_error(10, "(#10) Not enough viewers for the media to show insights",
                                    type_="OAuthException")
        titles = {"reach": "Accounts reached", "likes": "Likes", "comments": "Comments"}
        data = [{"name": name, "period": "lifetime", "values": [{"value": counts[name]}],
                 "title": titles.get(name, name.title()), "description": f"The number of {name} on your post.",
                 "id": f"{media_id}/insights/{name}/lifetime"}
                for name in asked if counts.get(name) is not None and media_id not in self.insights_lag]
        return 200, {"data": data}

    def _list(self, params: dict) -> tuple[int, dict]:
        limit = int(params.get("limit", 25))
        start = int(params.get("after", "0") or 0)
        with self.lock:
            rows = self.media[start:start + limit]
            more = start + limit < len(self.media)
        body = {"data": [{k: m[k] for k in ("id", "caption", "permalink", "timestamp")} for m in rows],
                "paging": {"cursors": {"before": str(start), "after": str(start + limit)}}}
        if more:
            body["paging"]["next"] = f"{self.base}/{ACCOUNT}/media?after={start + limit}&limit={limit}"
        return 200, body

    @staticmethod
    def _answer(request, status: int, body, headers=None) -> None:
        try:
            # A str body goes out as it is: the HTML error pages proxies and outages answer with.
            data = b"" if body is None else body.encode() if isinstance(body, str) else json.dumps(body).encode()
            request.send_response(status)
            request.send_header("Content-Type", "text/html" if isinstance(body, str) else "application/json")
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that is the point of a delayed answer


def _missing(object_id: str) -> dict:
    return graph_error(100, f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be loaded "
                            "due to missing permissions, or does not support this operation",
                       type_="GraphMethodException", subcode=33)
