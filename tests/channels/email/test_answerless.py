"""A photo sent with no answer — only what phones and mail programs add, a greeting or a name — is a story that
waits for its answer (needs info), and the reply asks for it, as a photo-less one asks for the photo."""
from __future__ import annotations

import hashlib

import pytest

from storydesk.actions.base import Actor
from storydesk.channels.email.answer import clean_answer, says_nothing
from storydesk.channels.email.poll import poll_inbox
from storydesk.models import MailReply, Status, Story
from tests.channels.email import mail_files


def poll(campaign, mailbox):
    return poll_inbox(campaign=campaign, actor=Actor.system(), config=mailbox.config)


def photo_mail(sender: str, text: str, *, mailer: str = "", html: str = "") -> bytes:
    """A phone's or a mail program's message with one photo attached and `text` as its body."""
    alternative = ""
    if html:
        alternative = ("Content-Type: multipart/alternative; boundary=\"alt\"\n\n--alt\n"
                       "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                       f"{text}\n--alt\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                       f"{html}\n--alt--\n")
    else:
        alternative = f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{text}\n"
    message_id = hashlib.sha1((sender + text).encode()).hexdigest()[:16]
    head = (f"From: {sender}\nTo: stories@heforshe.example\nSubject: =?utf-8?q?HeForShe?=\n"
            f"Date: Tue, 3 Mar 2020 18:04:11 +0100\nMessage-ID: <{message_id}@phone.example>\n"
            f"{mailer}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\n{alternative}"
            "--b\nContent-Type: image/jpeg; name=\"20200303_180355.jpg\"\n"
            "Content-Disposition: attachment; filename=\"20200303_180355.jpg\"\nContent-Transfer-Encoding: base64\n\n")
    return head.encode() + mail_files.base64_lines(mail_files.attachment_bytes("jpeg", "camera")) + b"\n--b--\n"


ANSWERLESS = {
    "samsung": ("Kwame Boateng <kwame.boateng@gmail.com>", "\n\n\nSent from my Galaxy", "X-Mailer: Samsung Mail\n"),
    "outlook ios": ("Ana Souza <ana.souza@outlook.com>", "\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n", ""),
    "iphone in french": ("Jean-Luc Martin <jl.martin@orange.fr>", "Bonjour,\n\nEnvoyé de mon iPhone", ""),
    "signature block": ("Ravi Patel <ravi.patel@example.in>",
                        "\n-- \nRavi Patel\nSenior Engineer, Acme Ltd\n+91 98 7654 3210", ""),
    "just a name": ("Tomasz Nowak <tomasz.nowak@yahoo.com>", "Tomasz", ""),
    "thanks and a name": ("Kofi Mensah <kofi.mensah@gmail.com>",
                          "Thanks,\nKofi\n\nSent from Yahoo Mail for Android", ""),
}


@pytest.mark.parametrize("name", ANSWERLESS)
def test_a_photo_with_no_answer_waits_for_it_and_the_reply_asks_for_it(name, campaign, mailbox, outbox):
    sender, text, mailer = ANSWERLESS[name]
    mailbox.append(photo_mail(sender, text, mailer=mailer))
    assert poll(campaign, mailbox).processed == 1
    story = Story.objects.get()
    assert story.photos.count() == 1 and story.answer == ""
    assert story.status == Status.NEEDS_INFO and story.screening_queued_at is None
    [sent] = outbox.received()
    assert sent["X-Storydesk-Reply"] == MailReply.Kind.ASK_ANSWER
    assert sent["Subject"] == "Could you add a few words to your #HeForShe photo?"
    body = sent.get_content()
    assert "We couldn't find your answer in your email." in body and "Why does gender equality matter" in body
    assert "https://stories.heforshe.example/s/" in body


def test_an_html_only_signature_is_no_answer_either(campaign, mailbox, outbox):
    mailbox.append(photo_mail("Kwame Boateng <kwame.boateng@gmail.com>", "Sent from my Galaxy",
                              html="<div dir=\"auto\"><br></div><div>Sent from my Galaxy</div>"))
    poll(campaign, mailbox)
    assert Story.objects.get().status == Status.NEEDS_INFO


def test_a_short_real_answer_is_an_answer(campaign, mailbox, outbox):
    mailbox.append(photo_mail("Kwame Boateng <kwame.boateng@gmail.com>",
                              "Because my mother raised six of us alone.\n\nKwame\n\nSent from my Galaxy"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.answer.startswith("Because my mother raised six of us alone.")
    assert story.status == Status.RECEIVED
    assert outbox.received()[0]["X-Storydesk-Reply"] == MailReply.Kind.ACKNOWLEDGEMENT


@pytest.mark.parametrize(("text", "sender", "nothing"), [
    ("Sent from my Galaxy", "", True),
    ("Kofi", "Kofi Mensah", True),
    ("Thank you Kofi", "", True),
    ("Best regards,\nJean-Pierre Dupont", "", True),
    ("Hi,\n\nhere it is!\n\nTomasz", "", True),
    ("Saludos,\nMaría José", "", True),
    ("photo", "", True),
    ("Equality is for all of us", "Kofi Mensah", False),
    ("Respect women", "", False),
    ("Thanks for asking: my daughters", "", False),
    ("محمد", "", False),  # a name in a script without capitals is kept: better an answer to read than none
])
def test_what_counts_as_saying_nothing(text, sender, nothing):
    assert says_nothing(clean_answer(text), sender) is nothing
