"""What the desk did with each message it read (processed, ignored, failed): one record per message, updated
when the same message is read again; anything but processed is audited."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.models import Campaign, MailMessage, Story
from storydesk.text import storable

Outcome = MailMessage.Outcome


@dataclass(frozen=True)
class MailFacts:
    """What is known of a message even when it can't be parsed (all may be empty)."""

    source_key: str
    origin: str = ""
    sender: str = ""
    subject: str = ""
    sent_at: dt.datetime | None = None
    size_bytes: int = 0


def known_mail(campaign: Campaign, source_key: str) -> MailMessage | None:
    return MailMessage.objects.filter(campaign=campaign, source_key=source_key).first()


def record_mail(campaign: Campaign, facts: MailFacts, *, outcome: str, actor: Actor, reason: str = "",
                error: str = "", story: Story | None = None) -> MailMessage:
    """Create or update the record for this source key (reading a message again updates it)."""
    with transaction.atomic():
        mail = MailMessage.objects.select_for_update().filter(campaign=campaign, source_key=facts.source_key).first()
        fields = storable({"origin": facts.origin[:300], "sender": facts.sender[:320], "subject": facts.subject[:300],
                           "sent_at": facts.sent_at, "size_bytes": facts.size_bytes, "outcome": outcome,
                           "reason": reason[:200], "error": error, "story": story})
        if mail is None:
            mail = MailMessage.objects.create(campaign=campaign, source_key=facts.source_key, **fields)
        else:
            for name, value in fields.items():
                setattr(mail, name, value)
            mail.attempts += 1
            mail.save()
        if outcome != Outcome.PROCESSED:
            audit(f"mail.{outcome}", actor=actor, campaign=campaign, story=story, source_key=facts.source_key,
                  origin=facts.origin, sender=facts.sender, reason=reason, error=error[:500])
    return mail


def seen_again(mail: MailMessage, origin: str) -> None:
    """The same message read again (not moved after a crash, or a duplicate Message-ID): count it only."""
    MailMessage.objects.filter(pk=mail.pk).update(attempts=F("attempts") + 1, origin=origin[:300],
                                                  last_seen_at=timezone.now())
