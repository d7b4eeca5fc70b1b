"""What a reading of the insights summary leaves out, in words for its reader: the stories that arrived
outside its date range, and the changed days not yet recounted."""
from __future__ import annotations

import datetime as dt

from storydesk.insights import rollup
from storydesk.insights.counts_from_stories import Filters


def left_out(campaign, filters: Filters) -> str:
    """A sentence naming the stories that arrived before or after the range; "" when there are none. Read
    after a refresh: it adds up the summary."""
    before, after = rollup.received_outside(campaign, filters)
    parts = [f"{_stories(n)} that arrived {side} {_day(day)}"
             for n, side, day in ((before, "before", filters.start), (after, "after", filters.end)) if n]
    if not parts:
        return ""
    return (f"Not counted here: {' and '.join(parts)}, outside the days covered "
            f"({_day(filters.start)} to {_day(filters.end)}, UTC).")


def behind(filters: Filters, days: int) -> str:
    """A sentence saying the figures of the range are behind, and by how many changed days."""
    return (f"These figures are behind: {days} changed day{'s' if days != 1 else ''} between {_day(filters.start)} "
            f"and {_day(filters.end)} wait to be recounted.")


def _stories(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"  # as the report's own dates read ("1 Mar 2020")
