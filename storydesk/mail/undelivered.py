"""Messages to contributors that haven't gone out when they should have: what the desk's banner and
`storydesk doctor` warn about."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from storydesk.models import MailReply

# A message is sent within seconds of its commit; one still waiting after this, or one that failed, needs a look.
LATE_AFTER = dt.timedelta(minutes=5)
# Older ones are long given up (the mail page still lists them): the banner is about mail that is failing now.
RECENT = dt.timedelta(days=7)


@dataclass(frozen=True)
class Undelivered:
    count: int
    oldest: dt.datetime | None

    def __bool__(self) -> bool:
        return self.count > 0


def undelivered(now: dt.datetime | None = None) -> Undelivered:
    """One query on the unsent rows only (the mail_reply_unsent index): few, when mail works."""
    now = now or timezone.now()
    late = (MailReply.objects.filter(sent_at__isnull=True, created_at__gte=now - RECENT)
            .filter(Q(created_at__lt=now - LATE_AFTER) | ~Q(last_error=""))
            .aggregate(count=Count("id"), oldest=Min("created_at")))
    return Undelivered(late["count"], late["oldest"])
