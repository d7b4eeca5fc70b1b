"""News of their story: the e-mails a contributor who gave an address gets as their story moves on — received
(web form; e-mail senders get the inbox's acknowledgement instead), approved, published (per target, with its
link), not published (the campaign's words for the reason, and an invitation to send another) and withdrawn.
The desk's questions (needs info) go through actions.outbox.ask_contributor, keyed the same way.

Each is written to the outbox in the caller's transaction, keyed by the event (MailReply.once_key), so the event
and its message commit together: running the event's code twice, or a crash between, can't lose or double it.
Sending is the outbox's, after the commit, retried until sent. Nothing here can stop the event: a message that
can't even be written is logged and left out.

Approval is told at once, even while consent is missing: the message then asks for it (its private-link line),
which is the participant's next step; waiting for consent first would leave them without news or a reason to act.
Screening's own rejections are not told: a person may reverse them, and most are spam, where a reply is noise.
A merged story's news goes to the story it was merged into (whose key it is): its contributor hears once."""
from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from storydesk.actions.base import after_commit
from storydesk.mail.replies import Kind, Link, draft_reply
from storydesk.models import MailReply, Publication, Story
from storydesk.models.publication import Target
from storydesk.work import Work

log = logging.getLogger(__name__)

# The channels whose arrival earns a "received" message (e-mail has its own reply; an import is staff's work).
RECEIVED_BY = frozenset({"web"})


def tell_contributor(story: Story, kind: str, *, once: str, reason: str = "", request: str = "", note: str = "",
                     in_reply_to: str = "", links: tuple[Link, ...] = ()) -> MailReply | None:
    """Write the message for this event (once: the event's key) in the caller's transaction; it goes out after
    the commit. None when the contributor left no address, or the message couldn't be written."""
    address = story.contributor.email.strip()
    if not address:
        return None
    existing = MailReply.objects.filter(once_key=once).first()
    if existing is not None:
        return existing
    contributor = story.contributor
    try:
        draft = draft_reply(kind, story=story, to_name=contributor.first_name, first_name=contributor.first_name,
                            to_address=address, in_reply_to=in_reply_to, request=request, note=note, reason=reason,
                            links=links)
    except Exception:  # a broken campaign word or template: the story moves on, the log says why
        log.exception("story %s: the %s message could not be written", story.pk, kind)
        return None
    reply, created = MailReply.objects.get_or_create(once_key=once, defaults={
        "story": story, "kind": draft.kind, "to": draft.to[:320], "subject": draft.subject, "body": draft.body,
        "message_id": draft.message_id, "in_reply_to": draft.in_reply_to[:300],
    })
    if created:
        after_commit(Work.SEND_CONTRIBUTOR_MESSAGE, reply.pk)
    return reply


def story_received(story: Story, channel: str) -> MailReply | None:
    if channel not in RECEIVED_BY:
        return None
    return tell_contributor(story, Kind.RECEIVED, once=f"received:{story.pk}")


def story_approved(story: Story) -> MailReply | None:
    # Keyed by the story: approved again after a manager reopened it is no news to the participant.
    return tell_contributor(story, Kind.APPROVED, once=f"approved:{story.pk}")


def story_not_published(story: Story, *, reason: str) -> MailReply | None:
    return tell_contributor(story, Kind.NOT_PUBLISHED, once=f"not_published:{story.pk}", reason=reason)


def story_withdrawn(story: Story) -> MailReply | None:
    return tell_contributor(story, Kind.WITHDRAWN, once=f"withdrawn:{story.pk}")


def story_published(publication: Publication) -> MailReply | None:
    """One message per target the story goes out on, each with every link live by then."""
    story = publication.story
    return tell_contributor(story, Kind.PUBLISHED, once=f"published:{story.pk}:{publication.target}",
                            links=published_links(story))


def published_links(story: Story) -> tuple[Link, ...]:
    language = story.participant_language or story.campaign.spec.language
    live = {p.target: p for p in story.publications.filter(state=Publication.State.PUBLISHED)}
    links = []
    with translation.override(language):
        if Target.GALLERY in live:
            links.append(Link(gettext("Your story on our website:"),
                              settings.SITE_URL + reverse("gallery:story", kwargs={"story_id": story.pk})))
        if Target.INSTAGRAM in live and live[Target.INSTAGRAM].permalink:
            links.append(Link(gettext("Your story on Instagram:"), live[Target.INSTAGRAM].permalink))
    return tuple(links)
