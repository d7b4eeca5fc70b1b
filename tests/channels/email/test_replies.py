"""Replies: written with the story, sent after the commit, retried when SMTP is down, worded by the campaign."""
from __future__ import annotations

from storydesk.actions.base import Actor
from storydesk.actions.consent import confirm_consent
from storydesk.actions.outbox import deliver_due_replies
from storydesk.channels.email.poll import poll_inbox
from storydesk.models import AuditEvent, Campaign, MailReply, Story
from tests.channels.email import mail_files
from tests.channels.email.test_completion import photo_only
from tests.support.mailserver import free_port


def poll(campaign, mailbox):
    return poll_inbox(campaign=campaign, actor=Actor.system(), config=mailbox.config)


def test_when_smtp_is_down_the_story_still_lands_and_the_reply_waits(campaign, mailbox, outbox, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    mailbox.append(mail_files.load("gmail_photo.eml"))
    report = poll(campaign, mailbox)
    assert report.processed == 1 and Story.objects.count() == 1
    assert mailbox.count("storydesk/processed") == 1  # the message is filed: its story is safe
    reply = MailReply.objects.get()
    assert reply.sent_at is None and reply.attempts == 1 and "ConnectionRefusedError" in reply.last_error
    assert not AuditEvent.objects.filter(verb="message.sent").exists()

    settings.EMAIL_PORT = outbox.port
    assert deliver_due_replies(actor=Actor.system()) == 1
    assert deliver_due_replies(actor=Actor.system()) == 0  # sent once, never again
    reply.refresh_from_db()
    assert reply.sent_at is not None and reply.attempts == 2 and reply.last_error == ""
    [sent] = outbox.received()
    assert sent["Message-ID"].strip() == f"<{reply.message_id}>"  # the same message as the first try
    event = AuditEvent.objects.get(verb="message.sent")
    assert (event.story_id, event.data["kind"], event.data["subject"]) == (
        reply.story_id, "acknowledgement", "Thank you for your #HeForShe story")


def test_the_wording_comes_from_the_campaign_file(campaign, mailbox, outbox):
    config = dict(campaign.config)
    config["messages"] = {**config["messages"], "email_acknowledgement_subject": "Asante, {first_name}!",
                          "email_acknowledgement_body": "Your {sign_tag} story reached {organiser}."}
    Campaign.objects.filter(pk=campaign.pk).update(config=config)
    mailbox.append(mail_files.load("gmail_photo.eml"))
    poll(Campaign.objects.get(pk=campaign.pk), mailbox)
    [sent] = outbox.received()
    assert sent["Subject"] == "Asante, Kofi!"
    assert "Your #HeForShe story reached HeForShe." in sent.get_content()


def test_attachments_left_out_of_a_story_are_named_in_the_acknowledgement(campaign, mailbox, outbox):
    raw = mail_files.load("pdf_only.eml").replace(b"--=-=-=_pdf_only_boundary--", (
        b"--=-=-=_pdf_only_boundary\nContent-Type: image/jpeg; name=\"me.jpg\"\n"
        b"Content-Disposition: attachment; filename=\"me.jpg\"\nContent-Transfer-Encoding: base64\n\n"
        + mail_files.base64_lines(mail_files.attachment_bytes("jpeg", "camera")) + b"\n--=-=-=_pdf_only_boundary--"))
    mailbox.append(raw)
    poll(campaign, mailbox)
    assert Story.objects.get().photos.count() == 1
    [sent] = outbox.received()
    body = sent.get_content()
    assert sent["X-Storydesk-Reply"] == "acknowledgement"
    assert "We couldn't use these attachments, so we left them out:" in body
    assert "- HeForShe story.pdf: This looks like a PDF" in body


def test_once_consent_is_given_the_link_is_offered_without_asking_again(campaign, mailbox, outbox, proven_senders):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    confirm_consent(Story.objects.get(), scopes={"website": True}, actor=Actor.contributor())

    mailbox.append(mail_files.proven(photo_only(), "yahoo.com"))
    poll(campaign, mailbox)
    first, second = (m.get_content() for m in outbox.received())
    assert "confirm you are 18 or older" in first
    assert "confirm you are 18 or older" not in second and "Your private link shows where your story is" in second
