"""Messages the desk starts to a contributor (asking for more): through the story's own channel where the
desk can reach the contributor there, written to an outbox in the caller's transaction and sent after it.

Each way of reaching a contributor is a Messenger; MESSENGERS is the explicit list. E-mail reaches whoever
gave an address, whatever channel the story came by (the web form and the import ask for one)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from storydesk.actions.base import after_commit
from storydesk.mail.replies import Kind, draft_reply
from storydesk.models import MailReply, Story
from storydesk.work import Work


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

    def queue(self, story: Story, *, request: str, note: str) -> Sent:
        """Write the message to the outbox (the caller's transaction) and send it after the commit."""


class EmailMessenger:
    channel = "email"

    def address(self, story: Story) -> str:
        return story.contributor.email.strip()

    def queue(self, story: Story, *, request: str, note: str) -> Sent:
        contributor = story.contributor
        draft = draft_reply(Kind.NEEDS_INFO, story=story,
                            to_name=contributor.first_name, first_name=contributor.first_name,
                            to_address=self.address(story), in_reply_to=_thread_of(story), request=request, note=note)
        reply = MailReply.objects.create(story=story, kind=draft.kind, to=draft.to[:320], subject=draft.subject,
                                         body=draft.body, message_id=draft.message_id,
                                         in_reply_to=draft.in_reply_to[:300])
        after_commit(Work.SEND_CONTRIBUTOR_MESSAGE, reply.pk)
        return Sent(self.channel, draft.to)


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


def ask_contributor(story: Story, *, request: str, note: str) -> Sent:
    messenger = messenger_for(story)
    if messenger is None:
        return Sent(why_not=why_unreachable(story))
    return messenger.queue(story, request=request, note=note)


def _thread_of(story: Story) -> str:
    """The Message-ID of the contributor's latest e-mail, so the question lands in their thread."""
    latest = story.submissions.filter(channel="email").exclude(source_key__startswith="sha256:").order_by(
        "-received_at").first()
    return latest.source_key if latest else ""
