"""One message, from any mail source, becomes a story (or completes one), is ignored, or fails — and is
recorded either way. Reading the same message twice never makes a second story or a second reply."""
from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction

from storydesk.actions.base import Actor
from storydesk.actions.completion import complete_story, note_would_complete, story_to_complete
from storydesk.actions.inbox import MailFacts, Outcome, known_mail, record_mail, seen_again
from storydesk.actions.intake import receive_story
from storydesk.actions.outbox import deliver_reply, queue_reply
from storydesk.channels.email import headers
from storydesk.channels.email.language import load_models
from storydesk.channels.email.machine_mail import why_ignored
from storydesk.channels.email.parse import MalformedMail, ParsedMail, first_name, parse_mail
from storydesk.channels.prepare_pool import Crashed, prepared_in_order
from storydesk.mail.replies import Kind, draft_reply
from storydesk.models import Campaign, Story
from storydesk.photos.inspect import PhotoLimits

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawMail:
    data: bytes
    origin: str  # where it was read: "imap:INBOX", "eml:/path/to/file.eml", "mbox:/path#12"


@dataclass(frozen=True)
class MailResult:
    outcome: str  # processed | ignored | failed
    source_key: str
    story_id: int | None = None
    detail: str = ""  # why it was ignored, or the error
    again: bool = False  # this message had been handled before: nothing new was written


@dataclass(frozen=True)
class PreparedMail:
    """The CPU-bound, database-free part of reading a message (MIME parsing, the photo checks): made in any
    process (channels/prepare_pool.py), then committed in order by receive_mail."""

    parsed: ParsedMail | None = None
    error: str = ""  # why the message can't be read, for staff
    ours: bool = False  # the error is the message's fault (MalformedMail), not a bug of ours
    trace: str = ""  # the traceback of a bug of ours, for the log


def prepare_mail(raw: RawMail, limits: PhotoLimits = PhotoLimits()) -> PreparedMail:
    """Never raises: what goes wrong is the message's outcome (recorded as failed when committed)."""
    try:
        return PreparedMail(parse_mail(headers.read_message(raw.data), raw.data, limits))
    except Exception as error:
        return _prepared_error(error)


def needs_preparing(raw: RawMail, campaign: Campaign) -> bool:
    """Whether receive_mail would parse this message: not one read before, not one it ignores (cheap: the
    header alone). Only a hint for what to prepare ahead; receive_mail decides again when it commits."""
    try:
        msg = headers.read_header(raw.data)
        known = known_mail(campaign, headers.source_key(msg, raw.data))
        return (known is None or known.outcome == Outcome.FAILED) and not why_ignored(msg)
    except DatabaseError:
        raise
    except Exception:
        return False  # its header can't be read: receive_mail records it without parsing the rest


def prepared_ahead(items: Iterable[tuple[Any, RawMail | None]], campaign: Campaign, *, total: int | None = None,
                   processes: int | None = None) -> Iterator[tuple[tuple[Any, RawMail | None], PreparedMail | None]]:
    """((tag, raw), prepared) in the items' order, the messages parsed ahead in a pool (prepare_pool.py) when
    there are enough; prepared is None for a message that needs no parsing (or raw None: the caller's own case).
    The tag is the caller's (an IMAP UID)."""
    for item, result in prepared_in_order(items, _prepare_item, processes=processes, total=total, warm=load_models,
                                          skip=lambda item: item[1] is None or not needs_preparing(item[1], campaign)):
        if isinstance(result, Crashed):
            result = PreparedMail(error=result.detail, ours=True)
        elif isinstance(result, Exception):  # prepare_mail keeps its own; this is the pool's, for this message
            result = _prepared_error(result)
        yield item, result


def _prepare_item(item: tuple[Any, RawMail]) -> PreparedMail:
    return prepare_mail(item[1])


def receive_mail(raw: RawMail, *, campaign: Campaign, actor: Actor, limits: PhotoLimits = PhotoLimits(),
                 prepared: PreparedMail | None = None) -> MailResult:
    """Database errors propagate (the message is not at fault: leave it for the next poll); anything else
    wrong with the message is recorded as failed, with the error for staff. `prepared`: prepare_mail's result
    for this message, when it was made ahead (in a pool)."""
    try:
        msg = headers.read_header(raw.data)  # the header alone: a message read before is never parsed again
        key = headers.source_key(msg, raw.data)
    except Exception as error:  # not even headers: keyed by its bytes so a re-read finds the record
        facts = MailFacts("sha256:" + hashlib.sha256(raw.data).hexdigest(), raw.origin, size_bytes=len(raw.data))
        return _failed(campaign, facts, _prepared_error(error), actor)
    known = known_mail(campaign, key)
    if known is not None and known.outcome != Outcome.FAILED:
        seen_again(known, raw.origin)
        reply = getattr(known, "reply", None)
        if reply is not None and reply.sent_at is None:
            deliver_reply(reply.pk, actor=actor)  # it was written but the sending never happened
        return MailResult(known.outcome, key, known.story_id, known.reason or known.error, again=True)
    facts = _facts(msg, key, raw)
    try:
        reason = why_ignored(msg)
        if reason:
            record_mail(campaign, facts, outcome=Outcome.IGNORED, reason=reason, actor=actor)
            return MailResult(Outcome.IGNORED, key, detail=reason)
        prepared = prepared or prepare_mail(raw, limits)
        if prepared.parsed is None:
            return _failed(campaign, facts, prepared, actor)
        parsed = prepared.parsed
        story, reply_kind = _file_story(parsed, raw.origin, campaign, actor)
    except DatabaseError:
        raise
    except Exception as error:
        return _failed(campaign, facts, _prepared_error(error), actor)
    with transaction.atomic():
        mail = record_mail(campaign, facts, outcome=Outcome.PROCESSED, story=story, actor=actor)
        reply = _queue_reply(mail, story, parsed, reply_kind) if reply_kind else None
    if reply is not None:
        deliver_reply(reply.pk, actor=actor)
    return MailResult(Outcome.PROCESSED, key, story.pk)


def _file_story(parsed: ParsedMail, origin: str, campaign: Campaign, actor: Actor) -> tuple[Story, str | None]:
    """Complete the open story this message belongs to, or start a new one; and which reply it earns."""
    incoming = parsed.incoming_story(origin)
    match = story_to_complete(campaign, incoming, parsed.references)
    problems = parsed.reportable_problems
    if match is not None and match.proven:
        completed = complete_story(match.story, incoming, actor=actor)
        if completed.added_photos or completed.added_answer:
            return completed.story, Kind.COMPLETED
        return completed.story, Kind.ATTACHMENT_PROBLEM if problems else None
    received = receive_story(incoming, campaign=campaign, actor=actor, checked=parsed.checked)
    if match is not None:  # its sender may not be that story's contributor: a story of its own, linked for staff
        note_would_complete(received.story, match.story, actor=actor)
    if parsed.photos:
        return received.story, Kind.ACKNOWLEDGEMENT if received.story.answer.strip() else Kind.ASK_ANSWER
    return received.story, Kind.ATTACHMENT_PROBLEM if problems else Kind.ASK_PHOTO


def _queue_reply(mail, story: Story, parsed: ParsedMail, kind: str):
    # Every reply carries the story's private status link: it goes to the story's contributor, never elsewhere.
    address = story.contributor.email.strip().lower()
    if not address:
        return None
    name = parsed.sender_name if address == parsed.sender_address else story.contributor.first_name
    draft = draft_reply(kind, story=story, to_name=name, to_address=address,
                        first_name=first_name(name), in_reply_to=parsed.source_key,
                        problems=parsed.reportable_problems)
    return queue_reply(mail, story, draft)


def _facts(msg, key: str, raw: RawMail) -> MailFacts:
    return MailFacts(source_key=key, origin=raw.origin, sender=headers.sender(msg)[1],
                     subject=headers.header_text(msg, "Subject"), sent_at=headers.sent_at(msg),
                     size_bytes=len(raw.data))


def _prepared_error(error: Exception) -> PreparedMail:
    ours = _is_ours(error)
    return PreparedMail(error=str(error) if ours else f"{type(error).__name__}: {error}", ours=ours,
                        trace="" if ours else "".join(traceback.format_exception(error)))


def _failed(campaign: Campaign, facts: MailFacts, problem: PreparedMail, actor: Actor) -> MailResult:
    # An error we raised is the message's fault; any other is ours, and its traceback goes to the log.
    if problem.ours:
        log.warning("mail %s from %s failed: %s", facts.source_key, facts.origin, problem.error)
    else:
        log.warning("mail %s from %s failed: %s\n%s", facts.source_key, facts.origin, problem.error, problem.trace)
    record_mail(campaign, facts, outcome=Outcome.FAILED, error=problem.error, actor=actor)
    return MailResult(Outcome.FAILED, facts.source_key, detail=problem.error)


def _is_ours(error: Exception) -> bool:
    return isinstance(error, MalformedMail)
