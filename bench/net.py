"""Small network helpers for benchmarks that start a server of their own."""
from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{url} answered {error.code}") from None
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
