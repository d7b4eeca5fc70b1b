"""A second email that brings only what was missing completes the open story instead of starting another."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.channels.email.poll import poll_inbox
from storydesk.contributor_access import status_path
from storydesk.models import AuditEvent, MailReply, Status, Story, Submission
from tests.channels.email import mail_files
from tests.stories import approved


def poll(campaign, mailbox):
    return poll_inbox(campaign=campaign, actor=Actor.system(), config=mailbox.config)


def photo_only(sender: str = "Tomasz Nowak <tomasz.nowak@yahoo.com>", message_id: str = "photo-only-1@yahoo.com",
               extra_headers: str = "") -> bytes:
    """A phone's 'share photo' mail: a photo and no words at all."""
    return (f"From: {sender}\nTo: stories@heforshe.example\nSubject: Photo\nDate: Mon, 9 Mar 2020 09:00:00 +0000\n"
            f"Message-ID: <{message_id}>\n{extra_headers}MIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
            "Sent from my iPhone\n\n--b\nContent-Type: image/jpeg; name=\"IMG_1.jpg\"\n"
            "Content-Disposition: attachment; filename=\"IMG_1.jpg\"\nContent-Transfer-Encoding: base64\n\n"
            ).encode() + mail_files.base64_lines(mail_files.attachment_bytes("jpeg", "coffee")) + b"\n--b--\n"


def gmail_words_only() -> bytes:
    """gmail_photo.eml without its photo: the answer alone."""
    text_only = mail_files.load("gmail_photo.eml").split(b"--000000000000b5c1a9059fdc4a1e\nContent-Type: image/jpeg")[0]
    return text_only + b"--000000000000b5c1a9059fdc4a1e--\n"


def test_a_photo_sent_after_the_words_completes_the_story_and_sends_it_to_screening(campaign, mailbox, outbox,
                                                                                    proven_senders):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.status == Status.NEEDS_INFO and not story.photos.exists()

    mailbox.append(mail_files.proven(photo_only(), "yahoo.com"))
    report = poll(campaign, mailbox)
    assert report.processed == 1
    story = Story.objects.get()  # still one story
    assert story.status == Status.RECEIVED and story.photos.count() == 1
    assert story.answer.startswith("Equality matters to me because my grandmother")
    assert sorted(Submission.objects.values_list("source_key", flat=True)) == [
        "1583739912345.987654.1583739912345@mail.yahoo.com", "photo-only-1@yahoo.com"]
    event = AuditEvent.objects.get(story=story, verb="story.completed")
    assert (event.data["added_photos"], event.data["before"], event.data["after"]) == (1, "needs_info", "received")
    kinds = [m["X-Storydesk-Reply"] for m in outbox.received()]
    assert kinds == ["ask_photo", "completed"]
    assert "We've added what you sent to your story." in outbox.received()[1].get_content()


def test_the_words_sent_after_a_photo_complete_the_story(campaign, mailbox, outbox, proven_senders):
    mailbox.append(photo_only(sender="Kofi Mensah <kofi.mensah@gmail.com>"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.answer == "" and story.photos.count() == 1
    mailbox.append(mail_files.proven(gmail_words_only(), "gmail.com"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.answer.startswith("Gender equality matters to me because my daughter")
    assert story.photos.count() == 1 and story.submissions.count() == 2


def status_links_go_only_to_their_contributors(outbox) -> None:
    """No message the desk sent carries a story's private status link to anyone but that story's contributor."""
    for story in Story.objects.select_related("contributor"):
        link = status_path.url(story)
        for sent in outbox.received():
            if link in sent.get_content():
                assert story.contributor.email in sent["To"], f"story {story.pk}'s link went to {sent['To']}"


def test_a_reply_to_our_request_from_another_address_is_its_own_story_and_never_gets_the_first_link(
        campaign, mailbox, outbox, proven_senders, client, staff_user):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))  # from tomasz.nowak@yahoo.com
    poll(campaign, mailbox)
    first = Story.objects.get()
    asked = MailReply.objects.get()
    # From kofi.mensah@gmail.com, whose address his own server proves: still not the contributor of `first`.
    reply = mail_files.load("gmail_reply_quoted.eml", in_reply_to=asked.message_id)
    mailbox.append(mail_files.proven(reply, "gmail.com"))
    poll(campaign, mailbox)
    first.refresh_from_db()
    assert first.status == Status.NEEDS_INFO and not first.photos.exists() and first.submissions.count() == 1
    second = Story.objects.exclude(pk=first.pk).get()
    assert second.contributor.email == "kofi.mensah@gmail.com" and second.photos.count() == 1
    assert second.would_complete == first
    assert AuditEvent.objects.get(story=second, verb="story.sender_unproven").data["would_complete"] == first.pk
    assert [(m["To"], m["X-Storydesk-Reply"]) for m in outbox.received()] == [
        ("Tomasz Nowak <tomasz.nowak@yahoo.com>", "ask_photo"),
        ("Kofi Mensah <kofi.mensah@gmail.com>", "acknowledgement")]
    status_links_go_only_to_their_contributors(outbox)
    client.force_login(staff_user("moderator"))
    page = client.get(reverse("desk:story", args=[second.pk])).content.decode()
    assert "The story it would have completed (sender not proven)." in page
    page = client.get(reverse("desk:story", args=[first.pk])).content.decode()
    assert "Later mail that would have completed this story (sender not proven)." in page


def test_a_reply_to_our_request_from_the_contributors_own_address_completes_it_unproven(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    asked = MailReply.objects.get()
    reply = mail_files.load("gmail_reply_quoted.eml", in_reply_to=asked.message_id)
    mailbox.append(reply.replace(b"Kofi Mensah <kofi.mensah@gmail.com>", b"Tomasz Nowak <tomasz.nowak@yahoo.com>"))
    poll(campaign, mailbox)
    story = Story.objects.get()  # our Message-ID, which only the contributor was sent, is the proof
    assert story.photos.count() == 1 and story.status == Status.RECEIVED and story.submissions.count() == 2
    assert story.answer.startswith("Equality matters to me because my grandmother")  # the first words stay
    status_links_go_only_to_their_contributors(outbox)


def test_a_forged_from_does_not_add_to_someones_open_story(campaign, mailbox, outbox, proven_senders):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    first = Story.objects.get()
    mailbox.append(photo_only())  # claims to be from tomasz.nowak@yahoo.com; no server vouches for it
    poll(campaign, mailbox)
    first.refresh_from_db()
    assert not first.photos.exists() and first.submissions.count() == 1
    second = Story.objects.exclude(pk=first.pk).get()
    assert second.would_complete == first and second.photos.count() == 1
    assert second.submissions.get().raw["sender_verified"] is False
    status_links_go_only_to_their_contributors(outbox)


@pytest.mark.parametrize("verdict", [
    pytest.param({"by": "mx.elsewhere.example"}, id="another server's verdict"),
    pytest.param({"dmarc": "fail"}, id="our server says fail"),
])
def test_only_our_servers_pass_lets_the_sender_complete_their_story(campaign, mailbox, outbox, proven_senders,
                                                                     verdict):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    mailbox.append(mail_files.proven(photo_only(), "yahoo.com", **verdict))
    poll(campaign, mailbox)
    assert Story.objects.count() == 2 and Story.objects.filter(would_complete__isnull=False).count() == 1


@pytest.mark.clock
def test_after_seven_days_a_photo_starts_a_new_story(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    Story.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    mailbox.append(photo_only())
    poll(campaign, mailbox)
    assert Story.objects.count() == 2
    # A story of its own, which (having no words) waits for its answer.
    assert Story.objects.get(photos__isnull=False).status == Status.NEEDS_INFO


def test_a_message_with_photo_and_words_always_starts_its_own_story(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    mailbox.append(mail_files.load("gmail_photo.eml").replace(b"Kofi.Mensah@gmail.com", b"tomasz.nowak@yahoo.com"))
    poll(campaign, mailbox)
    assert Story.objects.count() == 2


def test_a_withdrawn_story_is_not_completed(campaign, mailbox, outbox):
    mailbox.append(mail_files.load("yahoo_no_photo.eml"))
    poll(campaign, mailbox)
    withdraw_story(Story.objects.get(), actor=Actor.contributor(), via="test")
    mailbox.append(photo_only())
    poll(campaign, mailbox)
    assert Story.objects.count() == 2 and Story.objects.filter(status=Status.WITHDRAWN).get().photos.count() == 0


def test_the_words_completing_an_answerless_story_send_it_to_screening(campaign, mailbox, outbox, proven_senders):
    mailbox.append(photo_only(sender="Kofi Mensah <kofi.mensah@gmail.com>"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.status == Status.NEEDS_INFO and story.screening_queued_at is None  # waiting for the answer
    mailbox.append(mail_files.proven(gmail_words_only(), "gmail.com"))
    poll(campaign, mailbox)
    story.refresh_from_db()
    assert story.status == Status.RECEIVED and story.answer.startswith("Gender equality")
    assert story.screening_queued_at is not None
    event = AuditEvent.objects.get(story=story, verb="story.completed")
    assert (event.data["added_answer"], event.data["before"], event.data["after"]) == (True, "needs_info", "received")
    assert [m["X-Storydesk-Reply"] for m in outbox.received()] == ["ask_answer", "completed"]


def test_a_second_photo_without_words_leaves_the_story_waiting_for_its_answer(campaign, mailbox, outbox,
                                                                              proven_senders):
    mailbox.append(photo_only(sender="Kofi Mensah <kofi.mensah@gmail.com>"))
    poll(campaign, mailbox)
    ask = MailReply.objects.get()
    mailbox.append(mail_files.proven(photo_only(sender="Kofi Mensah <kofi.mensah@gmail.com>", message_id="p2@gmail.com",
                                                extra_headers=f"In-Reply-To: <{ask.message_id}>\n"), "gmail.com"))
    poll(campaign, mailbox)
    story = Story.objects.get()
    assert story.photos.count() == 2 and story.status == Status.NEEDS_INFO


def test_a_thank_you_to_our_reply_after_the_decision_is_kept_on_the_story_not_made_a_new_one(
        campaign, mailbox, outbox):
    mailbox.append(mail_files.load("gmail_photo.eml"))
    poll(campaign, mailbox)
    story = approved(Story.objects.get())
    ack = MailReply.objects.get(kind=MailReply.Kind.ACKNOWLEDGEMENT)
    thanks = mail_files.load("gmail_reply_quoted.eml", in_reply_to=ack.message_id)
    thanks = thanks.split(b"--0000000000007b9e8105a0026d1f\nContent-Type: image/jpeg")[0]
    mailbox.append(thanks + b"--0000000000007b9e8105a0026d1f--\n")
    report = poll(campaign, mailbox)
    assert report.processed == 1
    story.refresh_from_db()
    assert Story.objects.count() == 1 and story.status == Status.APPROVED and story.submissions.count() == 2
    assert AuditEvent.objects.filter(story=story, verb="story.submission_added").exists()
    # The acknowledgement and the news of the approval; no answer to a thank-you.
    assert sorted(MailReply.objects.values_list("kind", flat=True)) == ["acknowledgement", "approved"]
