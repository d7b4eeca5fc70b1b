"""One poll of a source at a time (the campaign inbox, each social platform), whether the scheduler or a
`storydesk ingest` command runs it: a lease in the shared cache, so every machine agrees, renewed as the poll
goes, so a poll whose process died frees its source within minutes."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.cache import cache

LEASE_SECONDS = 15 * 60


class PollRunning(Exception):
    """Another poll holds this source."""


@contextmanager
def poll_lease(key: str) -> Iterator[Callable[[], None]]:
    """Hold the source named by `key` for one poll, or raise PollRunning; yields a renew()."""
    token = secrets.token_hex(8)
    if not cache.add(key, token, LEASE_SECONDS):
        raise PollRunning
    try:
        yield lambda: cache.set(key, token, LEASE_SECONDS)
    finally:
        if cache.get(key) == token:
            cache.delete(key)
