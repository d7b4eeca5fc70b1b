"""Nothing lost, nothing doubled: filing only after the commit, crashes in between, a connection dropped
mid-batch, failed messages set aside while the batch goes on, repeated Message-IDs, and one poll at a time."""
from __future__ import annotations

import logging

import pytest
from django.db import OperationalError

from storydesk.actions.base import Actor
from storydesk.channels.email import imap, receive
from storydesk.channels.email import poll as poll_module
from storydesk.channels.email.imap import ImapProblem, ImapSettings
from storydesk.channels.email.poll import PollReport, poll_configured_inbox, poll_inbox
from storydesk.models import AuditEvent, MailMessage, MailReply, Status, Story, Submission
from tests.channels.email import mail_files
from tests.support.mailserver import free_port

STORIES = ["gmail_photo.eml", "apple_mail_inline.eml", "outlook_two_photos.eml", "yahoo_no_photo.eml",
           "apple_mail_heic.eml"]


def poll(campaign, mailbox, **kwargs):
    return poll_inbox(campaign=campaign, actor=Actor.system(), config=mailbox.config, **kwargs)


def test_a_crash_after_the_commit_but_before_filing_reads_it_again_without_a_duplicate(
        campaign, mailbox, outbox, monkeypatch):
    mailbox.append(mail_files.load("gmail_photo.eml"))

    def crash(*args):
        raise SystemExit("the worker was killed")

    monkeypatch.setattr(poll_module, "_file", crash)
    with pytest.raises(SystemExit):
        poll(campaign, mailbox)
    # The story is committed and answered, but the message is still waiting and unread.
    assert Story.objects.count() == 1 and len(outbox.received()) == 1
    [(_, flags)] = mailbox.messages("INBOX")
    assert "\\Seen" not in flags

    monkeypatch.undo()
    report = poll(campaign, mailbox)
    assert (report.again, report.processed) == (1, 0)
    assert Story.objects.count() == 1 and Submission.objects.count() == 1
    assert len(outbox.received()) == 1 and MailReply.objects.count() == 1  # not answered twice
    assert MailMessage.objects.get().attempts == 2
    assert mailbox.count("INBOX") == 0 and mailbox.count("storydesk/processed") == 1


def test_a_reply_the_crash_kept_from_sending_goes_out_when_the_message_is_read_again(
        campaign, mailbox, outbox, monkeypatch):
    mailbox.append(mail_files.load("gmail_photo.eml"))

    monkeypatch.setattr(receive, "deliver_reply", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        poll(campaign, mailbox)
    assert MailReply.objects.get().sent_at is None and not outbox.received()
    monkeypatch.undo()
    poll(campaign, mailbox)
    assert MailReply.objects.get().sent_at is not None and len(outbox.received()) == 1


def test_a_connection_dropped_mid_batch_resumes_on_the_next_poll(campaign, mailbox, outbox):
    mailbox.append(*(mail_files.load(name) for name in STORIES))
    seen = []

    def drop_after_two(result):
        seen.append(result)
        if len(seen) == 2:
            mailbox.server.kick(mailbox.user)  # the server cuts every connection of this account

    first = poll(campaign, mailbox, on_result=drop_after_two)
    assert first.interrupted.startswith("connection lost")
    assert first.processed == 2 and Story.objects.count() == 2
    assert mailbox.count("INBOX") == 5  # nothing could be filed on the dead connection

    second = poll(campaign, mailbox)
    assert (second.again, second.processed, second.interrupted) == (2, 3, "")
    assert Story.objects.count() == 5 and Submission.objects.count() == 5
    assert len(outbox.received()) == 5
    assert mailbox.count("INBOX") == 0 and mailbox.count("storydesk/processed") == 5


def test_a_message_that_fails_is_set_aside_and_the_batch_goes_on(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("gmail_photo.eml"), mail_files.load("malformed_mime.eml"),
                   mail_files.load("yahoo_no_photo.eml"))
    report = poll(campaign, mailbox)
    assert (report.processed, report.failed) == (2, 1)
    failed = MailMessage.objects.get(outcome="failed")
    assert failed.source_key == "broken-mime-0001@example.org"
    assert "boundary is missing" in failed.error and failed.sender == "someone@example.org"
    assert mailbox.count("storydesk/failed") == 1 and mailbox.count("storydesk/processed") == 2
    assert AuditEvent.objects.filter(verb="mail.failed", data__source_key=failed.source_key).exists()


def test_an_unexpected_error_fails_only_that_message(campaign, mailbox, outbox, monkeypatch):
    real = receive.receive_story

    def explode_on_kofi(incoming, **kwargs):
        if incoming.email == "kofi.mensah@gmail.com":
            raise ValueError("a bug in the desk")
        return real(incoming, **kwargs)

    monkeypatch.setattr(receive, "receive_story", explode_on_kofi)
    mailbox.append(mail_files.load("gmail_photo.eml"), mail_files.load("apple_mail_inline.eml"))
    report = poll(campaign, mailbox)
    assert (report.processed, report.failed) == (1, 1)
    assert MailMessage.objects.get(outcome="failed").error == "ValueError: a bug in the desk"

    # Once fixed, moving it back to the inbox (or polling the failed folder) reads it again.
    monkeypatch.undo()
    failed_folder = ImapSettings(**{**mailbox.config.__dict__, "folder": "storydesk/failed"})
    again = poll_inbox(campaign=campaign, actor=Actor.system(), config=failed_folder)
    assert again.processed == 1
    mail = MailMessage.objects.get(source_key__startswith="CAJx5Ua9")
    assert (mail.outcome, mail.error, mail.attempts) == ("processed", "", 2)
    assert Story.objects.count() == 2 and mailbox.count("storydesk/processed") == 2


def test_a_database_error_stops_the_poll_and_leaves_the_message_waiting(campaign, mailbox, outbox, monkeypatch):
    mailbox.append(mail_files.load("gmail_photo.eml"), mail_files.load("apple_mail_inline.eml"))
    real = receive.receive_story
    calls = []

    def database_gone(incoming, **kwargs):
        calls.append(incoming)
        if len(calls) == 2:
            raise OperationalError("database is locked")
        return real(incoming, **kwargs)

    monkeypatch.setattr(receive, "receive_story", database_gone)
    with pytest.raises(OperationalError):
        poll(campaign, mailbox)
    # The first message was committed, so it is filed; the second isn't the message's fault: it waits.
    assert mailbox.count("storydesk/processed") == 1 and mailbox.count("INBOX") == 1
    assert not MailMessage.objects.filter(outcome="failed").exists()
    monkeypatch.undo()
    assert poll(campaign, mailbox).processed == 1 and Story.objects.count() == 2


def test_the_same_message_id_twice_makes_one_story(campaign, mailbox, outbox):
    raw = mail_files.load("gmail_photo.eml")
    mailbox.append(raw, raw.replace(b"Subject: My #HeForShe story", b"Subject: My #HeForShe story (again)"))
    report = poll(campaign, mailbox)
    assert (report.processed, report.again) == (1, 1)
    assert Story.objects.count() == 1 and len(outbox.received()) == 1
    assert MailMessage.objects.get().attempts == 2
    assert mailbox.count("storydesk/processed") == 2 and mailbox.count("INBOX") == 0
    # Polling an empty inbox again changes nothing.
    assert poll(campaign, mailbox).read == 0


def test_large_inboxes_are_read_in_batches_one_message_at_a_time(campaign, mailbox, outbox, monkeypatch):
    mailbox.append(*(mail_files.load(name) for name in STORIES))
    fetches, filings = [], []
    read, file = imap.Inbox.read, imap.Inbox.file
    monkeypatch.setattr(imap.Inbox, "read", lambda self, uid, **kw: fetches.append(uid) or read(self, uid, **kw))
    monkeypatch.setattr(imap.Inbox, "file", lambda self, uids, folder, **kw: filings.append(list(uids))
                        or file(self, uids, folder, **kw))
    report = poll(campaign, mailbox)  # batch size 3 in tests
    assert report.processed == 5 and len(fetches) == 5
    assert [f for f in filings if f] == [["1", "2", "3"], ["4", "5"]]
    assert poll(campaign, mailbox, limit=2).read == 0


def test_a_limit_reads_only_the_oldest_messages(campaign, mailbox, outbox):
    mailbox.append(*(mail_files.load(name) for name in STORIES))
    report = poll(campaign, mailbox, limit=2)
    assert (report.read, report.waiting) == (2, 5)
    assert mailbox.count("INBOX") == 3


def test_a_wrong_password_or_server_is_said_plainly(campaign, mailbox):
    wrong = ImapSettings(**{**mailbox.config.__dict__, "password": "nope"})
    with pytest.raises(ImapProblem, match="refused the login for 'desk"):
        poll_inbox(campaign=campaign, actor=Actor.system(), config=wrong)

    nobody = ImapSettings(**{**mailbox.config.__dict__, "port": free_port()})
    with pytest.raises(ImapProblem, match="can't connect to the IMAP server"):
        poll_inbox(campaign=campaign, actor=Actor.system(), config=nobody)
    missing = ImapSettings(**{**mailbox.config.__dict__, "folder": "Stories"})
    with pytest.raises(ImapProblem, match="there is no folder 'Stories'"):
        poll_inbox(campaign=campaign, actor=Actor.system(), config=missing)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_connections_check_the_server_certificate(campaign, mailbox, outbox, monkeypatch, security):
    server = mailbox.server
    port = server.tls_port if security == "ssl" else server.port
    config = ImapSettings(**{**mailbox.config.__dict__, "security": security, "port": port})
    mailbox.append(mail_files.load("gmail_photo.eml"))
    with pytest.raises(ImapProblem, match="certificate we can't trust"):
        poll_inbox(campaign=campaign, actor=Actor.system(), config=config)
    monkeypatch.setenv("SSL_CERT_FILE", str(server.cert_file))  # trust the throwaway server's own certificate
    assert poll_inbox(campaign=campaign, actor=Actor.system(), config=config).processed == 1
    assert Story.objects.get().status == Status.RECEIVED


def _poll_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.getMessage().startswith("IMAP poll of")]


def test_the_periodic_poll_warns_of_failed_messages_and_says_the_rest_at_info(campaign, inbox_settings, outbox,
                                                                            caplog):
    inbox_settings.append(mail_files.load("malformed_mime.eml"))
    with caplog.at_level(logging.INFO, logger="storydesk.channels.email.poll"):
        poll_configured_inbox()
    [failed] = _poll_lines(caplog)
    assert failed.levelno == logging.WARNING and "1 failed" in failed.getMessage()
    caplog.clear()
    inbox_settings.append(mail_files.load("gmail_photo.eml"))
    with caplog.at_level(logging.INFO, logger="storydesk.channels.email.poll"):
        poll_configured_inbox()
    [read] = _poll_lines(caplog)
    assert read.levelno == logging.INFO and "0 failed" in read.getMessage()


def test_the_periodic_poll_warns_when_it_stopped_early(campaign, inbox_settings, monkeypatch, caplog):
    monkeypatch.setattr(poll_module, "poll_inbox", lambda **_: PollReport(interrupted="connection lost"))
    with caplog.at_level(logging.INFO, logger="storydesk.channels.email.poll"):
        poll_configured_inbox()
    [stopped] = _poll_lines(caplog)
    assert stopped.levelno == logging.WARNING and "stopped early" in stopped.getMessage()
