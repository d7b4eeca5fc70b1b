"""Mail no person wrote is recorded as ignored: never a story, never answered (that is how loops start)."""
from __future__ import annotations

import pytest

from storydesk.actions.base import Actor
from storydesk.channels.email import headers
from storydesk.channels.email.machine_mail import why_ignored
from storydesk.channels.email.poll import poll_inbox
from storydesk.models import MailMessage, MailReply, Story
from tests.channels.email import mail_files

PERSON = "From: Kofi <kofi@example.org>\nTo: stories@heforshe.example\nSubject: hi\nMessage-ID: <m1@example.org>\n"


def message(extra: str, sender: str = "") -> object:
    head = PERSON.replace("From: Kofi <kofi@example.org>", f"From: {sender}") if sender else PERSON
    return headers.read_message(f"{head}{extra}\nHello\n".encode())


@pytest.mark.parametrize("extra,sender,reason", [
    ("Auto-Submitted: auto-replied\n", "", "auto-reply (Auto-Submitted: auto-replied)"),
    ("Auto-Submitted: auto-generated\n", "", "auto-reply (Auto-Submitted: auto-generated)"),
    ("X-Autoreply: yes\n", "", "auto-reply (X-Autoreply)"),
    ("X-Autorespond: vacation\n", "", "auto-reply (X-Autorespond)"),
    ("Precedence: bulk\n", "", "automatic mail (Precedence: bulk)"),
    ("Precedence: auto_reply\n", "", "automatic mail (Precedence: auto_reply)"),
    ("Precedence: junk\n", "", "automatic mail (Precedence: junk)"),
    ("Return-Path: <>\n", "", "automatic mail (empty Return-Path)"),
    ("", "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "bounce (from mailer-daemon@googlemail.com)"),
    ("", "postmaster@example.net", "bounce (from postmaster@example.net)"),
    ("X-Failed-Recipients: nobody@example.org\n", "", "bounce (X-Failed-Recipients)"),
    ("Content-Type: multipart/report; report-type=delivery-status; boundary=x\n", "",
     "bounce (multipart/report; delivery-status)"),
    ("X-Storydesk-Reply: acknowledgement\n", "", "sent by this desk (X-Storydesk-Reply)"),
    ("", "HeForShe <STORIES@heforshe.example>", "sent by this desk (from stories@heforshe.example)"),
])
def test_each_kind_of_automatic_mail_is_named(db, settings, extra, sender, reason):
    settings.DEFAULT_FROM_EMAIL = "HeForShe <stories@heforshe.example>"
    assert why_ignored(message(extra, sender)) == reason


@pytest.mark.parametrize("extra", ["", "Auto-Submitted: no\n", "Precedence: list\n", "X-Mailer: iPhone Mail\n"])
def test_mail_from_people_is_not_ignored(db, extra):
    assert why_ignored(message(extra)) is None


def test_our_own_reply_coming_back_is_recognised_by_its_message_id(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("gmail_photo.eml"))
    config = mailbox.config
    poll_inbox(campaign=campaign, actor=Actor.system(), config=config)
    [sent] = outbox.received()
    # A forwarding rule (or a participant's "reply all") puts our reply back in the inbox, stripped of our
    # own header; its Message-ID is still ours.
    echoed = sent.as_bytes().replace(b"X-Storydesk-Reply:", b"X-Removed-By-Relay:")
    echoed = echoed.replace(b"Auto-Submitted: auto-replied\n", b"")
    mailbox.append(echoed)
    report = poll_inbox(campaign=campaign, actor=Actor.system(), config=config)
    assert report.ignored == 1
    assert MailMessage.objects.get(outcome="ignored").reason == "sent by this desk (its Message-ID)"
    assert Story.objects.count() == 1 and MailReply.objects.count() == 1 and len(outbox.received()) == 1
