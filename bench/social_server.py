"""A local Mastodon for the social benchmark, on 127.0.0.1 only: a hashtag timeline of N generated posts, paged
forward by min_id with Link headers as Mastodon pages it, each post with one photo from a small set of
generated JPEGs served from the same server."""
from __future__ import annotations

import bisect
import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TAG = "YearOfMaleAllyship"
FIRST_POST = dt.datetime(2020, 3, 2, 9, tzinfo=dt.UTC)


def status_id(n: int) -> str:
    """Post n's id: a Mastodon snowflake, one post a second from the campaign's second day."""
    return str(int((FIRST_POST + dt.timedelta(seconds=n)).timestamp() * 1000) << 16)


class BenchMastodon:
    def __init__(self, posts: int, photos: list[bytes]):
        self.posts, self.photos = posts, photos
        self.ids = [status_id(n) for n in range(posts)]
        self.numbers = [int(i) for i in self.ids]  # increasing, for bisect
        self.served_bytes = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="bench-mastodon", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> BenchMastodon:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def timeline(self, query: dict[str, list[str]]) -> tuple[bytes, dict]:
        limit = min(int(query.get("limit", ["20"])[0]), 40)
        floor = int(query.get("min_id", ["0"])[0])
        first = bisect.bisect_right(self.numbers, floor)
        page = list(reversed(range(first, min(first + limit, self.posts))))  # newest first, as Mastodon sends
        headers = {}
        if page:
            base = f"{self.url}/api/v1/timelines/tag/{TAG}?limit={limit}"
            headers["Link"] = (f'<{base}&max_id={self.ids[page[-1]]}>; rel="next", '
                               f'<{base}&min_id={self.ids[page[0]]}>; rel="prev"')
        return json.dumps([self.status(n) for n in page]).encode(), headers

    def status(self, n: int) -> dict:
        created = (FIRST_POST + dt.timedelta(seconds=n)).isoformat().replace("+00:00", ".000Z")
        author = f"bench{n % 500}"  # 500 authors, ten posts each
        return {
            "id": self.ids[n], "created_at": created, "in_reply_to_id": None, "language": "en",
            "uri": f"https://bench.example/users/{author}/statuses/{n}", "url": f"https://bench.example/@{author}/{n}",
            "content": (f"<p>Equality matters to me because every child deserves the same chances (post {n}). "
                        f'<a href="https://bench.example/tags/{TAG}" class="mention hashtag" rel="tag">#<span>{TAG}'
                        "</span></a></p>"),
            "account": {"id": str(n % 500), "username": author, "acct": f"{author}@bench.example",
                        "display_name": f"Bench Author {n % 500}", "url": f"https://bench.example/@{author}"},
            "media_attachments": [{"id": str(n), "type": "image", "url": f"{self.url}/media/{n}.jpg",
                                   "preview_url": f"{self.url}/media/{n}-small.jpg", "description": "A sign"}],
            "tags": [{"name": TAG.lower(), "url": f"https://bench.example/tags/{TAG.lower()}"}],
        }


def _handler(server: BenchMastodon):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            parts = urlsplit(self.path)
            if parts.path == f"/api/v1/timelines/tag/{TAG}":
                body, headers = server.timeline(parse_qs(parts.query))
                self._send(200, body, {"Content-Type": "application/json; charset=utf-8", **headers})
            elif parts.path.startswith("/media/") and parts.path.endswith(".jpg"):
                number = parts.path.rsplit("/", 1)[-1].split(".")[0].split("-")[0]
                photo = server.photos[int(number) % len(server.photos)] if number.isdigit() else b""
                server.served_bytes += len(photo)
                self._send(200 if photo else 404, photo, {"Content-Type": "image/jpeg"})
            else:
                self._send(404, b'{"error": "Record not found"}', {"Content-Type": "application/json"})

        def _send(self, status: int, body: bytes, headers: dict) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
