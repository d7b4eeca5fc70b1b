"""Polling the campaign inbox: every waiting message, a batch at a time, one message in memory at a time.

A message is filed (\\Seen, then moved to storydesk/processed) only after its story is committed, and a
failed one is moved to storydesk/failed; a crash in between only means it is read again, and recognised.
A connection lost mid-batch ends this poll; the next one resumes where it stopped.
"""
from __future__ import annotations

import logging
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.inbox import MailFacts, Outcome, record_mail
from storydesk.actions.outbox import deliver_due_replies
from storydesk.channels.email import headers
from storydesk.channels.email.imap import CONNECTION_LOST, ImapProblem, ImapSettings, Inbox
from storydesk.channels.email.receive import MailResult, RawMail, prepared_ahead, receive_mail
from storydesk.channels.poll_lease import PollRunning, poll_lease
from storydesk.models import Campaign
from storydesk.plural import counted, plural

log = logging.getLogger(__name__)

POLL_LOCK = "storydesk-imap-poll"  # the inbox's poll lease (channels/poll_lease.py), renewed after every batch


@dataclass
class PollReport:
    processed: int = 0
    ignored: int = 0
    failed: int = 0
    again: int = 0  # read before (a crash before filing, or a repeated Message-ID): filed, nothing new
    waiting: int = 0  # messages in the folder when the poll began
    interrupted: str = ""  # why the poll stopped early; the next poll resumes

    @property
    def read(self) -> int:
        return self.processed + self.ignored + self.failed + self.again

    def count(self, result: MailResult) -> None:
        if result.again:
            self.again += 1
        else:
            setattr(self, result.outcome, getattr(self, result.outcome) + 1)

    def summary(self) -> str:
        text = (f"{self.read} of {counted(self.waiting, 'message')} read: {self.processed} became or completed "
                f"{plural('story', self.processed)}, "
                f"{self.ignored} ignored, {self.failed} failed, {self.again} already known")
        return text + (f"; stopped early ({self.interrupted}), the next poll resumes" if self.interrupted else "")


def poll_configured_inbox() -> str:
    """The periodic task's work: retry unsent replies, then poll the inbox if one is configured."""
    actor = Actor.system()
    sent = deliver_due_replies(actor=actor)
    config = ImapSettings.from_settings()
    if sent:
        log.info("sent %d replies that were waiting to go out", sent)
    if not config.configured:
        return f"no inbox configured; {sent} replies retried"
    try:
        with poll_lease(POLL_LOCK) as renew:
            report = poll_inbox(campaign=current_campaign(), actor=actor, config=config, renew=renew)
    except PollRunning:
        return "another poll is running"
    except ImapProblem as problem:
        log.error("IMAP poll of %s: %s", config.origin, problem)
        return str(problem)
    if report.interrupted or report.failed:  # docs/logging.md: a poll that meets a problem warns
        log.warning("IMAP poll of %s: %s", config.origin, report.summary())
    elif report.read:  # an empty inbox, every few minutes, is not news
        log.info("IMAP poll of %s: %s", config.origin, report.summary())
    return report.summary()


def poll_inbox(*, campaign: Campaign, actor: Actor, config: ImapSettings | None = None, limit: int | None = None,
               ssl_context: ssl.SSLContext | None = None, on_result: Callable[[MailResult], None] | None = None,
               renew: Callable[[], None] | None = None) -> PollReport:
    """Read the waiting messages (at most `limit`). Raises ImapProblem for what an operator must fix."""
    config = config or ImapSettings.from_settings()
    report = PollReport()
    inbox = Inbox(config, ssl_context)
    try:
        uids = inbox.waiting()
        report.waiting = len(uids)
        uids = uids[:limit] if limit is not None else uids
        for start in range(0, len(uids), max(1, config.batch_size)):
            _batch(inbox, uids[start:start + config.batch_size], campaign, actor, report, on_result)
            if renew is not None:
                renew()
    except CONNECTION_LOST as lost:
        report.interrupted = f"connection lost: {lost}" if str(lost) else f"connection lost ({type(lost).__name__})"
        log.warning("IMAP poll of %s stopped: %s", config.origin, report.interrupted)
    finally:
        inbox.close()
    return report


def _batch(inbox: Inbox, uids: list[str], campaign: Campaign, actor: Actor, report: PollReport, on_result) -> None:
    sizes = inbox.sizes(uids)
    done: list[str] = []
    failed: list[str] = []
    try:
        # Downloaded here, one message after another; parsed and checked ahead in a pool; committed here in order.
        for (uid, raw), prepared in prepared_ahead(_downloaded(inbox, uids, sizes), campaign, total=len(sizes)):
            if raw is None:
                result = _too_large(inbox, uid, sizes[uid], campaign, actor)
            else:
                result = receive_mail(raw, campaign=campaign, actor=actor, prepared=prepared)
            (failed if result.outcome == Outcome.FAILED else done).append(uid)
            report.count(result)
            if on_result is not None:
                on_result(result)
    except CONNECTION_LOST:
        raise  # nothing can be filed on a dead connection: the next poll reads these again and files them
    except BaseException:
        _file(inbox, done, failed)  # e.g. the database went away: file what was committed, then stop
        raise
    _file(inbox, done, failed)


def _downloaded(inbox: Inbox, uids: list[str], sizes: dict[str, int]) -> Iterator[tuple[str, RawMail | None]]:
    """(uid, its message), or (uid, None) for one too large to download."""
    for uid in uids:
        if uid not in sizes:
            continue  # expunged since the search (another client)
        if sizes[uid] > inbox.config.max_message_bytes:
            yield uid, None
            continue
        data = inbox.read(uid)
        if data is not None:
            yield uid, RawMail(data, inbox.config.origin)


def _file(inbox: Inbox, done: list[str], failed: list[str]) -> None:
    inbox.file(done, inbox.processed, seen=True)
    inbox.file(failed, inbox.failed, seen=False)  # left unread, so people notice it in a mail client


def _too_large(inbox: Inbox, uid: str, size: int, campaign: Campaign, actor: Actor) -> MailResult:
    """Never download it: record it from its header alone, for staff to deal with by hand."""
    head = inbox.read(uid, header_only=True) or b""
    msg = headers.read_message(head)
    key = headers.source_key(msg, head)
    limit_mb = inbox.config.max_message_bytes // (1024 * 1024)
    error = f"the message is {size / 1024 / 1024:.1f} MB, more than the {limit_mb} MB the desk reads"
    facts = MailFacts(key, inbox.config.origin, headers.sender(msg)[1], headers.header_text(msg, "Subject"),
                      headers.sent_at(msg), size)
    record_mail(campaign, facts, outcome=Outcome.FAILED, error=error, actor=actor)
    return MailResult(Outcome.FAILED, key, detail=error)
