"""The worker's heartbeat: written by a minute task, read by the desk's banner and `storydesk doctor`.

Huey keeps no record of its consumers, so the only proof a worker runs is work it did: a periodic task that
rewrites one row per queue every minute. That task waits its turn behind the queue, so a worker busy with a
long queue of screening would look stopped: every task it starts beats too (beat_while_busy, at most once a
minute per process). A beat older than STALE_AFTER means no worker has run its tasks."""
from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.utils import timezone

from storydesk.models import WorkerHeartbeat

# The beat is written every minute; a few missed minutes are a busy or restarting worker, not a stopped one.
STALE_AFTER = dt.timedelta(minutes=5)


def record_heartbeat(now: dt.datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(queue=settings.HUEY["name"],
                                             defaults={"beat_at": now or timezone.now()})


# When this process last beat from a task it started (time.monotonic()); None before the first.
_busy_beat: float | None = None
BUSY_BEAT_EVERY = 60.0  # seconds


def beat_while_busy(*_signal_args) -> bool:
    """A Huey signal handler: beat when a task starts, if this process has not done so this minute (one write a
    minute at most, however many tasks run). Returns whether it wrote."""
    global _busy_beat
    now = time.monotonic()
    if _busy_beat is not None and now - _busy_beat < BUSY_BEAT_EVERY:
        return False
    _busy_beat = now
    record_heartbeat()
    return True


def last_heartbeat() -> dt.datetime | None:
    """When this desk's worker last ran its minute task (one query by primary key); None if it never did."""
    return (WorkerHeartbeat.objects.filter(queue=settings.HUEY["name"])
            .values_list("beat_at", flat=True).first())
