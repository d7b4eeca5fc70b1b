"""Real mail, from a real IMAP server, becomes stories: each shape of message people send, end to end —
appended to Dovecot over IMAP, polled, filed into storydesk/processed, and answered over SMTP."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from storydesk.actions.base import Actor
from storydesk.channels.email import imap
from storydesk.channels.email.poll import poll_inbox
from storydesk.models import AuditEvent, MailMessage, MailReply, Photo, Status, Story, Submission
from tests.channels.email import mail_files


@dataclass(frozen=True)
class Case:
    fixture: str
    outcome: str  # processed | ignored | failed
    status: str | None = None  # the story's status
    answer: str = ""  # the whole cleaned answer ("" → no story to check)
    formats: tuple[str, ...] = ()  # the photos' formats, lead first
    reply: str | None = None  # the kind of reply sent
    name: tuple[str, str] = ("", "")  # (first name, full name)
    folder: str = "storydesk/processed"


CASES = [
    Case("gmail_photo.eml", "processed", Status.RECEIVED,
         "Gender equality matters to me because my daughter deserves every chance my son gets. At home we share "
         "the cooking and the school runs, and I speak up at work when a woman's idea is ignored.\n\nKofi",
         ("JPEG",), "acknowledgement", ("Kofi", "Kofi Mensah")),
    Case("apple_mail_inline.eml", "processed", Status.RECEIVED,
         "Because I grew up watching my mother work two jobs and still be told she was “just a housewife”. "
         "I want my nieces to grow up knowing their work counts.",
         ("JPEG",), "acknowledgement", ("José", "José Hernández")),
    Case("apple_mail_heic.eml", "processed", Status.RECEIVED,
         "Equality matters to me because I coach a girls' football team, and every one of them deserves a pitch, "
         "a kit and a crowd, just like the boys get.", ("HEIF",), "acknowledgement", ("David", "David Okafor")),
    Case("gmail_inline_cid.eml", "processed", Status.RECEIVED,
         "I stand for equality because my wife earns more than me and I am proud of it. No man should feel "
         "smaller because a woman succeeds.", ("JPEG",), "acknowledgement", ("Arjun", "Arjun Sharma")),
    Case("outlook_two_photos.eml", "processed", Status.RECEIVED,
         "Hello,\n\nI'm sending two photos: one with my sign, and one with my whole team holding theirs. Equality "
         "matters to me because the best engineers I have worked with were women who had to work twice as hard "
         "to be heard.\n\nKind regards,\nKwame", ("JPEG", "PNG"), "acknowledgement", ("Kwame", "Mensah, Kwame")),
    Case("thunderbird_forward_attached.eml", "processed", Status.RECEIVED,
         "I sent this to the wrong address last week, here it is again.\n\nWhen my son was born I took six months "
         "of parental leave. Some colleagues laughed. Equality means that caring is everyone's job.",
         ("JPEG",), "acknowledgement", ("Lars", "Lars Eriksson")),
    Case("gmail_forward_inline.eml", "processed", Status.RECEIVED,
         "My husband asked me to send this for him.\n\nI cook for our family every evening so that my wife can "
         "study for her degree. Equality is something you do, not something you say.",
         ("JPEG",), "acknowledgement", ("Priya", "Priya Nair")),
    Case("gmail_reply_quoted.eml", "processed", Status.RECEIVED,
         "Of course, here it is. Equality matters to me because my mother raised five of us alone, and nobody "
         "ever paid her for a single hour of it.", ("JPEG",), "acknowledgement", ("Kofi", "Kofi Mensah")),
    Case("outlook_html_only.eml", "processed", Status.RECEIVED,
         "Hi there,\nI believe in equality because I saw my sister turned down for a job \"because she might have "
         "children\". That should never happen again.", ("WEBP",), "acknowledgement", ("Liam", "Liam Walsh")),
    Case("latin1_quoted_printable.eml", "processed", Status.NEEDS_INFO,
         "L'égalité compte pour moi parce que ma fille mérite les mêmes chances que mon fils. À la maison, nous "
         "partageons tout : la cuisine, le ménage et les devoirs.", (), "ask_photo", ("André", "André Lefèvre")),
    Case("windows1252_8bit.eml", "processed", Status.NEEDS_INFO,
         "I’m a teacher. When a boy in my class said “girls can’t do maths”, I asked the top three pupils to "
         "stand up – all girls. That’s why equality matters to me.", (), "ask_photo", ("Sean", "O’Brien, Sean")),
    Case("utf8_base64.eml", "processed", Status.NEEDS_INFO,
         "A igualdade importa porque a minha filha vai crescer num mundo onde pode ser o que quiser. 💜",
         (), "ask_photo", ("João", "João Silva")),
    Case("koi8r_quoted_printable.eml", "processed", Status.NEEDS_INFO,
         "Равенство важно для меня, потому что моя мама работала инженером и всегда получала меньше коллег.",
         (), "ask_photo", ("Иван", "Иван Петров")),
    Case("yahoo_no_photo.eml", "processed", Status.NEEDS_INFO,
         "Equality matters to me because my grandmother was never allowed to finish school, and my daughters "
         "will finish whatever they start.", (), "ask_photo", ("Tomasz", "Tomasz Nowak")),
    Case("no_message_id.eml", "processed", Status.RECEIVED,
         "La igualdad me importa porque mis hermanas merecen las mismas oportunidades que yo.",
         ("JPEG",), "acknowledgement", ("Juan", "Juan Pérez")),
    Case("pdf_only.eml", "processed", Status.NEEDS_INFO,
         "Please find my story and photo in the attached document.", (), "attachment_problem",
         ("Samuel", "Samuel Adeyemi")),
    Case("exchange_auto_reply.eml", "ignored"),
    Case("mailer_daemon_bounce.eml", "ignored"),
    Case("malformed_mime.eml", "failed", folder="storydesk/failed"),
]


def poll(campaign, mailbox, **kwargs):
    return poll_inbox(campaign=campaign, actor=Actor.system(), config=mailbox.config, **kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c.fixture.removesuffix(".eml") for c in CASES])
def test_each_kind_of_message_ends_where_it_should(campaign, mailbox, outbox, case):
    mailbox.append(mail_files.load(case.fixture, in_reply_to="not-one-of-ours@example.org"))
    report = poll(campaign, mailbox)

    assert (report.read, getattr(report, case.outcome), report.interrupted) == (1, 1, "")
    mail = MailMessage.objects.get()
    assert mail.outcome == case.outcome
    assert mailbox.count("INBOX") == 0 and mailbox.count(case.folder) == 1
    [(_, flags)] = mailbox.messages(case.folder)
    assert ("\\Seen" in flags) == (case.outcome != "failed")  # failed mail stays unread for people to notice
    if case.outcome != "processed":
        assert not Story.objects.exists() and not outbox.received()
        assert (mail.reason if case.outcome == "ignored" else mail.error)
        return

    story = Story.objects.get()
    assert (story.status, story.answer) == (case.status, case.answer)
    assert list(story.photos.order_by("position").values_list("format", flat=True)) == list(case.formats)
    assert (story.contributor.first_name, story.contributor.full_name) == case.name
    assert story.contributor.email == mail.sender and "@" in mail.sender and mail.sender == mail.sender.lower()
    assert not story.age_confirmed and not story.consents.exists()  # consent comes from the status link
    submission = Submission.objects.get()
    assert (submission.channel, submission.source_key) == ("email", mail.source_key)
    assert submission.raw["from"] == mail.sender and submission.raw["attachments"] is not None
    assert mail.story == story

    [sent] = outbox.received()
    assert MailReply.objects.get().kind == case.reply
    assert sent["To"].addresses[0].addr_spec == story.contributor.email
    event = AuditEvent.objects.get(story=story, verb="message.sent")
    # (a folded, encoded Subject reads back with the fold's leading space)
    assert (event.data["kind"], event.data["subject"]) == (case.reply, sent["Subject"].strip())


def test_a_message_without_message_id_is_keyed_by_its_bytes(campaign, mailbox, outbox):
    raw = mail_files.load("no_message_id.eml")
    mailbox.append(raw, raw)
    report = poll(campaign, mailbox)
    assert (report.processed, report.again) == (1, 1)
    assert Submission.objects.get().source_key.startswith("sha256:")
    assert Story.objects.count() == 1 and len(outbox.received()) == 1


def test_two_photos_keep_their_order_and_the_first_leads(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("outlook_two_photos.eml"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    lead, second = story.photos.order_by("position")
    assert (lead.position, second.position) == (0, 1)
    assert story.lead_photo == lead and lead.format == "JPEG"
    assert lead.size_bytes == len(mail_files.attachment_bytes("jpeg", "camera"))


def test_an_inline_picture_in_a_signature_is_left_out_quietly(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("gmail_inline_cid.eml"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.photos.count() == 1
    attachments = {a["filename"]: a for a in story.submissions.get().raw["attachments"]}
    assert attachments["IMG_1234.jpg"]["inline"] and attachments["IMG_1234.jpg"]["used"]
    assert attachments["logo.png"]["problem"] == "too_small"
    body = outbox.received()[0].get_content()
    assert "logo.png" not in body  # the sender isn't told about a logo they never meant to send


def test_a_pdf_gets_a_reply_naming_the_problem(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("pdf_only.eml"))
    poll(campaign, mailbox)
    [sent] = outbox.received()
    body = sent.get_content()
    assert sent["Subject"] == "We couldn't open your attachment"
    assert "- HeForShe story.pdf: This looks like a PDF, not a photo we can use." in body
    assert "Please reply with a photo of you holding your #HeForShe sign." in body


def test_an_oversized_attachment_gets_a_reply_naming_its_size(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("oversized_attachment.eml"))
    report = poll(campaign, mailbox)
    assert report.processed == 1
    story = Story.objects.get()
    assert story.status == Status.NEEDS_INFO and not Photo.objects.exists()
    assert story.answer.startswith("I think equality starts at home")
    body = outbox.received()[0].get_content()
    assert "- DSC_0001.JPG: This photo is 21.1 MB, which is more than our 20 MB limit." in body


def test_a_message_too_big_to_read_is_not_downloaded_but_listed_as_failed(campaign, mailbox, outbox, monkeypatch):
    mailbox.append(mail_files.load("gmail_photo.eml"))
    fetched = []
    original = imap.Inbox.read
    monkeypatch.setattr(imap.Inbox, "read", lambda self, uid, header_only=False: fetched.append(header_only)
                        or original(self, uid, header_only=header_only))
    config = mailbox.config.__class__(**{**mailbox.config.__dict__, "max_message_bytes": 10_000})
    report = poll_inbox(campaign=campaign, actor=Actor.system(), config=config)
    assert report.failed == 1 and fetched == [True]  # only the header was read
    mail = MailMessage.objects.get()
    assert mail.outcome == "failed" and "more than the 0 MB the desk reads" in mail.error
    assert mail.sender == "kofi.mensah@gmail.com" and mail.subject == "My #HeForShe story"
    assert mailbox.count("storydesk/failed") == 1 and not Story.objects.exists()


def test_replies_are_marked_automatic_and_thread_under_the_message(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("gmail_photo.eml"))
    poll(campaign, mailbox)
    [sent] = outbox.received()
    reply = MailReply.objects.get()
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent["X-Storydesk-Reply"] == "acknowledgement"
    assert sent["Message-ID"].strip() == f"<{reply.message_id}>" and reply.message_id.endswith("@heforshe.example")
    assert sent["In-Reply-To"].strip() == "<CAJx5Ua9x3dQ+8w_k7p2Vb3n0ZtG1aLxhLZ=1m5Qx7b3s4dVQ@mail.gmail.com>"
    assert sent["From"] == "HeForShe <stories@heforshe.example>"
    body = sent.get_content()
    assert body.startswith("Hello Kofi,\n\nThank you for sending us your photo and your answer.")
    assert "confirm you are 18 or older" in body
    assert "https://stories.heforshe.example/s/" in body
    assert body.rstrip().endswith("With thanks,\nThe HeForShe team")
    assert reply.sent_at is not None and reply.attempts == 1


def test_an_answerless_photo_waits_for_its_answer_and_the_answer_is_asked_for(campaign, mailbox, outbox):
    raw = mail_files.load("gmail_photo.eml").replace(b"Gender equality matters", b"> Gender equality matters")
    raw = raw.replace(b"son gets.", b"> son gets.").replace(b"at work when", b"> at work when")
    raw = raw.replace(b"\nKofi\n", b"\n-- \nKofi\n")
    mailbox.append(raw)
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.answer == "" and story.status == Status.NEEDS_INFO
    [sent] = outbox.received()
    assert sent["X-Storydesk-Reply"] == "ask_answer"
    assert "We couldn't find your answer in your email." in sent.get_content()
    assert "Why does gender equality matter to you?" in sent.get_content()
