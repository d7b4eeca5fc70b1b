"""A planned slot whose time passed too long ago is missed, not due: publish_slot parks it rather than send a
post hours late, so every page says "missed — not sent" of it, never "going out now". One rule, read here by
the calendar's words, the story page's standing, publish now's plan and the slot path itself."""
from __future__ import annotations

import datetime as dt

from django.conf import settings


def missed(starts_at: dt.datetime, now: dt.datetime) -> bool:
    """True once STORYDESK_PUBLISH_MISSED_HOURS have passed since starts_at."""
    return now - starts_at > dt.timedelta(hours=settings.STORYDESK_PUBLISH_MISSED_HOURS)
