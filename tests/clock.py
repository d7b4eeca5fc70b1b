"""The suite's clock: every test runs at a pinned instant, never at the moment the suite happens to run.

The instant is DEFAULT_NOW, or the one STORYDESK_TEST_NOW names (an ISO 8601 time with its offset, or a name
from INSTANTS). `make test` runs the tests marked `clock` (those whose outcome depends on the date or hour)
once more at each of INSTANTS: the awkward moments of a calendar. The clock ticks from there, so durations,
timeouts and retries behave as they would; only the starting instant is chosen.
"""
from __future__ import annotations

import datetime as dt
import os

NEW_YORK = dt.timezone(dt.timedelta(hours=-5))  # the campaign's zone in winter (EST)
NEW_YORK_SUMMER = dt.timezone(dt.timedelta(hours=-4))  # and in summer (EDT)

# A Wednesday in mid-June, in the morning in New York, long after the bundled campaign's year (2020-21).
DEFAULT_NOW = dt.datetime(2027, 6, 16, 13, 0, tzinfo=dt.UTC)

# Each instant a date-sensitive test must pass at, named for what makes it awkward.
INSTANTS: dict[str, dt.datetime] = {
    "28-feb": dt.datetime(2027, 2, 28, 12, 0, tzinfo=dt.UTC),  # last day of a short month
    "29-feb": dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC),  # a leap day
    "first-of-month": dt.datetime(2027, 4, 1, 0, 30, tzinfo=NEW_YORK_SUMMER),  # just past midnight in New York
    "last-of-month": dt.datetime(2027, 4, 30, 23, 30, tzinfo=NEW_YORK_SUMMER),  # already 1 May in UTC
    "new-year-eve": dt.datetime(2027, 12, 31, 23, 30, tzinfo=NEW_YORK),  # already next year in UTC
    "dst-spring": dt.datetime(2027, 3, 14, 1, 30, tzinfo=NEW_YORK),  # 2:00 does not exist in New York tonight
    "dst-autumn": dt.datetime(2027, 11, 7, 1, 30, tzinfo=NEW_YORK_SUMMER),  # 1:00-2:00 happens twice tonight
    "after-publish-time": dt.datetime(2027, 6, 16, 15, 1, tzinfo=dt.UTC),  # today's 10:00 (New York) slot is gone
}


def pinned_now() -> dt.datetime:
    """The instant this test run starts its clock at."""
    named = os.environ.get("STORYDESK_TEST_NOW", "").strip()
    if not named:
        return DEFAULT_NOW
    if named in INSTANTS:
        return INSTANTS[named]
    when = dt.datetime.fromisoformat(named)
    if when.tzinfo is None:
        raise ValueError(f"STORYDESK_TEST_NOW={named!r} needs an offset (e.g. +00:00) or one of {', '.join(INSTANTS)}")
    return when
