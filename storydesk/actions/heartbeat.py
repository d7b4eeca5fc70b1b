"""The worker's heartbeat: written by a minute task, read by the desk's banner and `storydesk doctor`.

Huey keeps no record of its consumers, so the only proof a worker runs is work it did: a periodic task that
rewrites one row per queue every minute. A beat older than STALE_AFTER means no worker has run its tasks."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from storydesk.models import WorkerHeartbeat

# The beat is written every minute; a few missed minutes are a busy or restarting worker, not a stopped one.
STALE_AFTER = dt.timedelta(minutes=5)


def record_heartbeat(now: dt.datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(queue=settings.HUEY["name"],
                                             defaults={"beat_at": now or timezone.now()})


def last_heartbeat() -> dt.datetime | None:
    """When this desk's worker last ran its minute task (one query by primary key); None if it never did."""
    return (WorkerHeartbeat.objects.filter(queue=settings.HUEY["name"])
            .values_list("beat_at", flat=True).first())
