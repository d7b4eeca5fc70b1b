"""When slots are: the campaign's cadence (stories_per_day from publish_time, in its time zone) as UTC moments.

Local wall-clock time is what the campaign means ("every day at 10:00 in New York"), so each day's moments
are built in the campaign's zone and converted; across a DST change the UTC hour moves and the local one
doesn't. A local time that doesn't exist that day (skipped by spring-forward) lands just after the gap; one
that happens twice (fall-back) is taken the first time."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db import transaction

from storydesk.models import Slot
from storydesk.publishing.config import PublishingSpec

UTC = dt.UTC


def moments_on(day: dt.date, *, spec, publishing: PublishingSpec, target: str = "instagram") -> list[dt.datetime]:
    """The day's slot moments of one target (aware, UTC), in order."""
    zone = ZoneInfo(spec.time_zone)
    per_day, publish_time = publishing.cadence(target, spec)
    first = dt.datetime.combine(day, publish_time)
    moments = []
    for k in range(max(1, per_day)):
        local = (first + k * publishing.spacing).replace(tzinfo=zone, fold=0)
        # Round-tripping through UTC normalises a skipped local time to the real instant after the gap.
        moments.append(local.astimezone(UTC))
    return moments


def moments_between(first_day: dt.date, last_day: dt.date, *, spec, publishing: PublishingSpec,
                    target: str) -> Iterator[dt.datetime]:
    day = first_day
    while day <= last_day:
        yield from moments_on(day, spec=spec, publishing=publishing, target=target)
        day += dt.timedelta(days=1)


def local_day(moment: dt.datetime, spec) -> dt.date:
    return moment.astimezone(ZoneInfo(spec.time_zone)).date()


def today(spec, now: dt.datetime) -> dt.date:
    return local_day(now, spec)


def ensure_slots(campaign, first_day: dt.date, last_day: dt.date) -> int:
    """Make the missing slots of every target from first_day to last_day (local days); returns how many.

    Safe to run twice and from two places at once (the unique moment constraint drops repeats). Open slots
    at moments the cadence no longer has (publish_time changed) are removed; any slot with a story stays."""
    spec, publishing = campaign.spec, PublishingSpec.of(campaign)
    moments = {target: list(moments_between(first_day, last_day, spec=spec, publishing=publishing, target=target))
               for target in publishing.targets}
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=ZoneInfo(spec.time_zone))
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=ZoneInfo(spec.time_zone))
    with transaction.atomic():
        existing = Slot.objects.filter(campaign=campaign, starts_at__gte=start, starts_at__lt=end)
        stale = existing.filter(state=Slot.State.OPEN, story__isnull=True, locked=False)
        stale.exclude(target__in=publishing.targets).delete()
        for target, times in moments.items():
            stale.filter(target=target).exclude(starts_at__in=times).delete()
        have = set(existing.values_list("target", "starts_at"))
        new = [Slot(campaign=campaign, target=target, starts_at=moment)
               for target, times in moments.items() for moment in times if (target, moment) not in have]
        Slot.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
