"""One large decode per process at a time: a burst of big pictures waits here in turn instead of each
allocating hundreds of megabytes at once (a 49-megapixel PNG is ~150 MB of pixels)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Above this many pixels a decode counts as large (~48 MB as RGB); a phone photo read at reduced scale never is.
LARGE_DECODE_PIXELS = 16_000_000
_large_decode = threading.Lock()


@contextmanager
def one_large_decode_at_a_time(pixels: int) -> Iterator[None]:
    if pixels < LARGE_DECODE_PIXELS:
        yield
        return
    with _large_decode:
        yield
