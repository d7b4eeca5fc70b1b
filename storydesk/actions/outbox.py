"""Everything the desk sends a contributor, written first (an outbox row, in the caller's transaction), sent after
the commit, retried until sent, each sending audited on the story: replies to their mail (queue_reply), and the
messages the desk starts (ask_contributor: asking for more).

The desk starts a message through the story's own channel where it can reach the contributor there. Each way of
reaching a contributor is a Messenger; MESSENGERS is the explicit list. E-mail reaches whoever gave an address,
whatever channel the story came by (the web form and the import ask for one)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.actions.news import tell_contributor
from storydesk.mail.replies import Kind, send_reply
from storydesk.models import MailMessage, MailReply, Story

log = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 8
CLAIM_FOR = dt.timedelta(minutes=10)  # a sender that died holding a reply releases it after this


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


@dataclass(frozen=True)
class Sent:
    """What became of a message: queued on a channel, or why the desk can't send it."""

    channel: str = ""
    to: str = ""
    why_not: str = ""

    @property
    def queued(self) -> bool:
        return not self.why_not


class Messenger(Protocol):
    channel: str

    def address(self, story: Story) -> str:
        """Where this channel reaches the story's contributor; "" when it can't."""

    def queue(self, story: Story, *, request: str, note: str, once: str) -> Sent:
        """Write the message to the outbox (the caller's transaction) and send it after the commit; once: the
        question's key, so writing it again writes nothing."""


class EmailMessenger:
    channel = "email"

    def address(self, story: Story) -> str:
        return story.contributor.email.strip()

    def queue(self, story: Story, *, request: str, note: str, once: str) -> Sent:
        reply = tell_contributor(story, Kind.NEEDS_INFO, once=once, request=request, note=note,
                                 in_reply_to=_thread_of(story))
        if reply is None:
            return Sent(why_not="The question couldn't be written (the log says why); ask the contributor another way.")
        return Sent(self.channel, reply.to)


MESSENGERS: tuple[Messenger, ...] = (EmailMessenger(),)


def messenger_for(story: Story) -> Messenger | None:
    """The messenger of one of the story's own channels first, then any other that reaches the contributor."""
    channels = {s.channel for s in story.submissions.all()}
    ranked = sorted(MESSENGERS, key=lambda m: m.channel not in channels)
    return next((m for m in ranked if m.address(story)), None)


def why_unreachable(story: Story) -> str:
    channels = ", ".join(sorted({s.channel for s in story.submissions.all()})) or "no channel"
    return (f"The desk can't message this contributor: the story came by {channels} and left no address the desk "
            "can write to. Reach them where they posted it, if you can.")


def ask_contributor(story: Story, *, request: str, note: str, once: str) -> Sent:
    messenger = messenger_for(story)
    if messenger is None:
        return Sent(why_not=why_unreachable(story))
    return messenger.queue(story, request=request, note=note, once=once)


def _thread_of(story: Story) -> str:
    """The Message-ID of the contributor's latest e-mail, so the question lands in their thread."""
    latest = story.submissions.filter(channel="email").exclude(source_key__startswith="sha256:").order_by(
        "-received_at").first()
    return latest.source_key if latest else ""
