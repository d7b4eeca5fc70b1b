"""What the desk did with each message it read (processed, ignored, failed), and its replies: written in
the database first (an outbox), sent after the commit, retried until sent, each sending audited on the story."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.mail.replies import send_reply
from storydesk.models import Campaign, MailMessage, MailReply, Story

log = logging.getLogger(__name__)

Outcome = MailMessage.Outcome
MAX_SEND_ATTEMPTS = 8
CLAIM_FOR = dt.timedelta(minutes=10)  # a sender that died holding a reply releases it after this


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
        fields = {"origin": facts.origin[:300], "sender": facts.sender[:320], "subject": facts.subject[:300],
                  "sent_at": facts.sent_at, "size_bytes": facts.size_bytes, "outcome": outcome,
                  "reason": reason[:200], "error": error, "story": story}
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


def queue_reply(mail: MailMessage, story: Story, draft) -> MailReply:
    """Write the reply to send (at most one per incoming message); it goes out after the commit."""
    reply, _ = MailReply.objects.get_or_create(mail=mail, defaults={
        "story": story, "kind": draft.kind, "to": draft.to[:320], "subject": draft.subject,
        "body": draft.body, "message_id": draft.message_id, "in_reply_to": draft.in_reply_to[:300],
    })
    return reply


def deliver_reply(reply_id: int, *, actor: Actor, send=None) -> bool:
    """Send one queued reply if nobody else is sending it; True when it went out now. Safe to run twice."""
    now = timezone.now()
    claimed = (MailReply.objects.filter(pk=reply_id, sent_at__isnull=True, attempts__lt=MAX_SEND_ATTEMPTS)
               .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_FOR))
               .update(claimed_at=now, attempts=F("attempts") + 1))
    if not claimed:
        return False
    reply = MailReply.objects.select_related("story").get(pk=reply_id)
    try:
        (send or send_reply)(reply)
    except Exception as error:  # SMTP down, refused, timed out: the reply stays queued for the next round
        MailReply.objects.filter(pk=reply_id).update(claimed_at=None,
                                                     last_error=f"{type(error).__name__}: {error}"[:1000])
        log.warning("reply %s to %s not sent (attempt %s): %s", reply_id, reply.to, reply.attempts, error)
        return False
    with transaction.atomic():
        MailReply.objects.filter(pk=reply_id).update(sent_at=timezone.now(), last_error="")
        audit("message.sent", actor=actor, story=reply.story, kind=reply.kind, subject=reply.subject,
              to=reply.to, message_id=reply.message_id, channel="email")
    return True


def deliver_due_replies(*, actor: Actor, limit: int = 200) -> int:
    """Send replies that a failure or a crash left unsent; returns how many went out."""
    ids = list(MailReply.objects.filter(sent_at__isnull=True, attempts__lt=MAX_SEND_ATTEMPTS)
               .order_by("created_at").values_list("pk", flat=True)[:limit])
    return sum(deliver_reply(pk, actor=actor) for pk in ids)
