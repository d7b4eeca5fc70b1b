"""When slots are: the campaign's cadence (stories_per_day from publish_time, in its time zone) as UTC moments.

Local wall-clock time is what the campaign means ("every day at 10:00 in New York"), so each day's moments
are built in the campaign's zone and converted; across a DST change the UTC hour moves and the local one
doesn't. A local time that doesn't exist that day (skipped by spring-forward) lands just after the gap; one
that happens twice (fall-back) is taken the first time.

Pure: `layout` says which slots some days lack (or have too many); actions.calendar.lay_out_slots writes
them, and the calendar page shows them without writing."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

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


def day_span(first_day: dt.date, last_day: dt.date, spec) -> tuple[dt.datetime, dt.datetime]:
    """From the start of first_day to the end of last_day, local days, as aware moments."""
    zone = ZoneInfo(spec.time_zone)
    return (dt.datetime.combine(first_day, dt.time.min, tzinfo=zone),
            dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


@dataclass(frozen=True)
class Layout:
    """The slots some days should have by the cadence, against the slots they have."""

    missing: list[tuple[str, dt.datetime]]  # (target, moment) without a slot yet, in order
    stale: list[Slot]  # open, empty, unlocked slots at moments the cadence no longer has (publish_time changed)


def layout(campaign, first_day: dt.date, last_day: dt.date, existing: Iterable[Slot], *,
           targets: Iterable[str] | None = None) -> Layout:
    """Compare the campaign's cadence from first_day to last_day (local days) with `existing`, its slots of
    those days, for `targets` (all the campaign's by default). Any slot with a story, a lock or a state of its
    own stays, wherever it is; so do a left-out target's slots."""
    spec, publishing = campaign.spec, PublishingSpec.of(campaign)
    targets = publishing.targets if targets is None else [t for t in publishing.targets if t in set(targets)]
    moments = {target: list(moments_between(first_day, last_day, spec=spec, publishing=publishing, target=target))
               for target in targets}
    wanted = {(target, moment) for target, times in moments.items() for moment in times}
    existing = list(existing)
    stale = [s for s in existing if s.state == Slot.State.OPEN and s.story_id is None and not s.locked
             and s.target in moments and (s.target, s.starts_at) not in wanted]
    have = {(s.target, s.starts_at) for s in existing}
    missing = [(target, moment) for target, times in moments.items() for moment in times
               if (target, moment) not in have]
    return Layout(missing, stale)
