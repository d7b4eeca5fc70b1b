"""A local stand-in for a platform's API (and its media store): a real HTTP server on 127.0.0.1 that answers
each route with what the test queued — recorded-shape JSON, error bodies, headers, or a body streamed in
chunks — and remembers every request it got. A stateful fake (tests/fakes/instagram_graph.py) may answer
every request no route was queued for (`fallback`)."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    status: int = 200
    json: object = None
    body: bytes | None = None  # sent as it is (e.g. a photo, or HTML instead of JSON)
    headers: dict = field(default_factory=dict)
    chunks: Callable[[], Iterable[bytes]] | None = None  # streamed, without a Content-Length
    delay: float = 0.0  # seconds before answering


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


Responder = Answer | Callable[[Seen], Answer]


class PlatformServer:
    def __init__(self):
        self.routes: dict[tuple[str, str], list[Responder]] = {}
        self.seen: list[Seen] = []
        self.streamed: dict[str, int] = {}  # path → bytes actually written before the client hung up
        self.fallback: Callable[[Seen], Answer] | None = None  # answers what no route was queued for
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="platform-server", daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def on(self, method: str, path: str, *answers: Responder) -> None:
        """Answer this route with these, in turn; the last one keeps answering."""
        with self.lock:
            self.routes[(method, path)] = list(answers)

    def requests(self, path: str | None = None, method: str | None = None) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if (path is None or s.path == path) and (method is None or s.method == method)]

    def reset(self) -> None:
        with self.lock:
            self.routes.clear()
            self.seen.clear()
            self.streamed.clear()
            self.fallback = None

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, seen: Seen) -> Answer:
        with self.lock:
            self.seen.append(seen)
            queue = self.routes.get((seen.method, seen.path))
            if not queue and self.fallback is None:
                return Answer(404, {"error": "Record not found"})
            responder = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else self.fallback
        return responder(seen) if callable(responder) else responder


def _handler(server: PlatformServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            self._serve()

        def do_POST(self):
            self._serve()

        def _serve(self):
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, parts.path, parse_qs(parts.query),
                        {k.lower(): v for k, v in self.headers.items()}, body)
            answer = server._answer(seen)
            if answer.delay:
                time.sleep(answer.delay)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            if answer.chunks is not None:
                self.end_headers()
                self._stream(parts.path, answer.chunks())
                self.close_connection = True
                return
            data = answer.body if answer.body is not None else json.dumps(answer.json).encode()
            if answer.body is None and "Content-Type" not in answer.headers:
                self.send_header("Content-Type", "application/json; charset=utf-8")
            if "Content-Length" not in answer.headers:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def _stream(self, path: str, chunks: Iterable[bytes]):
            # No Content-Length: the body ends when the connection closes (HTTP/1.1 with Connection: close).
            sent = 0
            try:
                for chunk in chunks:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with server.lock:
                    server.streamed[path] = sent

    return Handler
