"""The progress bar of a long `storydesk` command: on stderr, with its rate and the time left.

A bar over bytes (an mbox file, read as a stream, whose messages aren't counted first) still shows the items
done and their rate beside it, since "messages a second" is what a person wants to know.
"""
from __future__ import annotations

import sys
import time

from tqdm import tqdm


class Progress:
    def __init__(self, *, desc: str, unit: str, total: int | None = None, total_bytes: int | None = None,
                 file=None, disable: bool | None = None):
        self.unit, self.items, self.started = unit, 0, time.monotonic()
        self.by_bytes = total_bytes is not None
        options = dict(desc=desc, file=file or sys.stderr, disable=disable, dynamic_ncols=True)
        if self.by_bytes:
            self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1024, **options)
        else:
            self.bar = tqdm(total=total, unit=unit, **options)

    def advance(self, *, items: int = 1, nbytes: int = 0) -> None:
        self.items += items
        if not self.by_bytes:
            self.bar.update(items)
            return
        self.bar.update(min(nbytes, self.bar.total - self.bar.n))
        rate = self.items / max(time.monotonic() - self.started, 1e-6)
        self.bar.set_postfix_str(f"{self.items} {self.unit}, {rate:.1f} {self.unit}/s", refresh=False)

    def close(self) -> None:
        if self.by_bytes and self.bar.total:
            self.bar.update(self.bar.total - self.bar.n)  # separators and escapes were not counted exactly
        self.bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
