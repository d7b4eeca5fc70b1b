"""The suite's pinned clock (tests/clock.py): where each test starts, and that each awkward instant is awkward."""
from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.clock import DEFAULT_NOW, INSTANTS, pinned_now

NEW_YORK = ZoneInfo("America/New_York")  # the bundled campaign's time zone


def test_a_test_starts_at_the_pinned_instant_and_the_clock_ticks(clock):
    start = timezone.now()
    assert abs(start - pinned_now()) < dt.timedelta(seconds=30)
    time.sleep(0.01)
    assert timezone.now() > start
    clock.move_to(dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.UTC))
    assert timezone.now().date() == dt.date(2030, 1, 2)


@pytest.mark.parametrize("value, expected", [
    ("", DEFAULT_NOW),
    ("29-feb", INSTANTS["29-feb"]),
    ("2031-05-06T07:08:00+02:00", dt.datetime(2031, 5, 6, 5, 8, tzinfo=dt.UTC)),
])
def test_storydesk_test_now_names_an_instant_or_gives_one(monkeypatch, value, expected):
    monkeypatch.setenv("STORYDESK_TEST_NOW", value)
    assert pinned_now() == expected


def test_a_time_without_its_offset_is_refused_with_what_to_write(monkeypatch):
    monkeypatch.setenv("STORYDESK_TEST_NOW", "2031-05-06T07:08")
    with pytest.raises(ValueError, match=r"needs an offset .* or one of 28-feb, 29-feb"):
        pinned_now()


def local(name: str) -> dt.datetime:
    return INSTANTS[name].astimezone(NEW_YORK)


def test_each_instant_is_the_moment_its_name_says():
    assert (local("28-feb").month, local("28-feb").day) == (2, 28)
    assert (local("28-feb") + dt.timedelta(days=1)).month == 3  # a short month's last day
    assert (local("29-feb").month, local("29-feb").day) == (2, 29)
    assert local("first-of-month").day == 1
    last = local("last-of-month")
    assert (last + dt.timedelta(days=1)).day == 1 and INSTANTS["last-of-month"].astimezone(dt.UTC).day == 1
    eve = local("new-year-eve")
    assert (eve.month, eve.day, eve.hour, eve.minute) == (12, 31, 23, 30)
    assert INSTANTS["new-year-eve"].astimezone(dt.UTC).year == eve.year + 1
    for name in ("dst-spring", "dst-autumn"):  # New York changes its clocks within the next hour
        before, after = local(name), (INSTANTS[name] + dt.timedelta(hours=1)).astimezone(NEW_YORK)
        assert before.utcoffset() != after.utcoffset(), name
    publish = INSTANTS["after-publish-time"].astimezone(dt.UTC)
    assert (publish.hour, publish.minute) == (15, 1)
    assert local("after-publish-time").time() > dt.time(10)  # the campaign publishes at 10:00 New York time
