"""X bills every post a search returns, so reading has a daily cap, counted in the database (PlatformReads)
so that a restart, or a second worker, can't start the day again from zero."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from storydesk.actions.social import count_posts_read
from storydesk.channels.social.errors import RATE_LIMIT, PlatformError
from storydesk.models import PlatformReads

SMALLEST_PAGE = 10  # X's least max_results: a page can't be asked for fewer


class DailyCap:
    def __init__(self, channel: str, cap: int):
        self.channel, self.cap = channel, cap

    def allowance(self) -> int:
        """How many posts the next page may ask for; PlatformError when the day's cap leaves less than a page
        (asking for 10 with 4 left could spend 6 posts more than the cap allows)."""
        left = self.cap - self.read_today()
        if left < SMALLEST_PAGE:
            tomorrow = dt.datetime.combine(_today() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
            raise PlatformError(
                RATE_LIMIT, f"X intake has read {self.read_today()} of the {self.cap} posts a day it may read "
                f"(STORYDESK_X_DAILY_READ_CAP: X bills each post read); it goes on after midnight UTC",
                retry_at=tomorrow)
        return left

    def read(self, posts: int) -> None:
        count_posts_read(self.channel, posts)

    def read_today(self) -> int:
        today = PlatformReads.objects.filter(channel=self.channel, day=_today())
        return today.values_list("posts", flat=True).first() or 0


def _today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()
