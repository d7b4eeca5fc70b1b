"""Decisions from the story page: approve, reject with the campaign's reasons, ask for more (a message through
the story's channel where the desk can reach the contributor), and a manager's reversal. Each writes a
Decision and an AuditEvent with before → after."""
import html

import pytest
from django.core import mail
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.actions.guards import Refused, version_of
from storydesk.channels.email.receive import RawMail, receive_mail
from storydesk.models import AuditEvent, Decision, MailReply, Status, Story
from tests.channels.email.mail_files import load
from tests.desk.conftest import open_story, personal_data_result
from tests.stories import make_story


@pytest.fixture
def run_queue_now():
    """Tasks queued after a commit run at once, in this process."""
    HUEY.immediate = True
    yield
    HUEY.immediate = False


def post(client, name, story, data=None, **query):
    story.refresh_from_db()
    url = reverse(f"desk:{name}", args=[story.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, {"version": version_of(story), **(data or {})})


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_approving_moves_on_to_the_next_story_and_leaves_a_trail(client, login, in_review):
    mo = login("moderator", "mo")
    story, after = in_review(n=1), in_review(n=2)
    open_story(client, story.pk)  # opens it: claimed
    response = post(client, "approve", story)
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:story", args=[after.pk])
    story.refresh_from_db()
    assert story.status == Status.APPROVED and story.claimed_by is None
    decision = Decision.objects.get(story=story)
    assert (decision.action, decision.actor) == ("approve", mo)
    event = AuditEvent.objects.get(story=story, verb="story.approve")
    assert (event.data["before"], event.data["after"], event.actor, event.actor_label) == (
        "in_review", "approved", mo, "mo")
    assert f"Story {story.pk} approved." in text(client.get(response["Location"]))


def test_the_last_story_in_the_queue_goes_back_to_the_queue(client, login, in_review):
    login("moderator")
    story = in_review()
    assert post(client, "approve", story, status="in_review")["Location"] == "/desk/"


def test_approving_saves_the_caption_without_personal_data(client, login, in_review):
    login("moderator")
    answer = "Call me on +44 7700 900123, equality matters to every one of us here."
    story = in_review(answer=answer, results={"text_check": personal_data_result(answer, ("phone", "+44 7700 900123"))})
    post(client, "approve", story)
    story.refresh_from_db()
    assert story.public_caption == "Call me on [removed], equality matters to every one of us here."
    assert story.display_name == "Kofi, GH" and "@" not in story.display_name


def test_rejecting_needs_a_reason_from_the_campaign(client, login, in_review):
    login("moderator")
    story = in_review()
    missing = post(client, "reject", story, {"note": "blurry"})
    assert missing.status_code == 400
    assert "Choose a reason for the rejection." in text(missing)
    assert "blurry" in text(missing)  # what was typed is still there
    other = post(client, "reject", story, {"reason": "other"})
    assert other.status_code == 400 and "Say in the note why" in text(other)
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW
    done = post(client, "reject", story, {"reason": "no_sign", "note": "sign is cropped"})
    assert done.status_code == 303
    event = AuditEvent.objects.get(story=story, verb="story.reject")
    assert event.data["reason"] == "no_sign" and event.data["note"] == "sign is cropped"
    assert event.data["reason_text"] == "The photo doesn't show a #HeForShe sign."
    assert Decision.objects.get(story=story).reason == "no_sign"


def test_the_reject_form_offers_the_campaigns_reasons(client, login, in_review, campaign):
    login("moderator")
    page = client.get(reverse("desk:story", args=[in_review().pk])).content.decode()
    for key in campaign.spec.reject_reasons:
        assert f'<option value="{key}">' in page


def test_a_manager_reverses_a_rejection(client, login, staff_user, in_review):
    story = in_review()
    decide(story.pk, "reject", actor=Actor.system(), seen_version=None, reason="no_sign")
    login("moderator", "mo")
    assert post(client, "reopen", story).status_code == 403
    manager = login("manager", "mana")
    response = post(client, "reopen", story)
    assert response.status_code == 303 and response["Location"] == reverse("desk:story", args=[story.pk])
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    event = AuditEvent.objects.get(story=story, verb="story.reopen")
    assert (event.data["before"], event.data["after"], event.actor) == ("rejected", "in_review", manager)
    assert post(client, "approve", story).status_code == 303
    assert Story.objects.get(pk=story.pk).status == Status.APPROVED


def test_a_story_that_is_not_in_review_cant_be_approved(client, login, campaign):
    login("moderator")
    story = make_story(campaign)  # received, not screened
    response = post(client, "approve", story)
    assert response.status_code == 409
    assert f"Story {story.pk} is received: it can't be approved now." in text(response)
    with pytest.raises(Refused):
        decide(story.pk, "reopen", actor=Actor.system(), seen_version=None)


def test_asking_for_more_e_mails_the_contributor_in_their_thread(client, login, in_review, run_queue_now,
                                                                django_capture_on_commit_callbacks):
    login("moderator", "mo")
    story = in_review(channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "needs-info", story, {"request": "sign", "note": "The sign is cut off at the edge."})
    assert response.status_code == 303
    story.refresh_from_db()
    assert story.status == Status.NEEDS_INFO
    reply = MailReply.objects.get(story=story)
    assert reply.kind == "needs_info" and reply.mail is None and reply.sent_at is not None
    assert reply.in_reply_to == "test-email-0-camera"  # the contributor's own message: the same thread
    [sent] = mail.outbox
    assert sent.to == ["Kofi <kofi0@example.org>"]
    assert sent.subject == "A question about your #HeForShe story"
    assert "We couldn't read the #HeForShe sign in your photo." in sent.body
    assert "The sign is cut off at the edge." in sent.body
    assert "/s/" in sent.body  # their private status link
    assert AuditEvent.objects.filter(story=story, verb="message.sent").exists()
    followed = text(client.get(response["Location"]))
    assert ("The question is queued to go to the contributor by e-mail (Kofi <kofi0@example.org>); if it can't be "
            "sent, the banner at the top of the desk says so.") in followed
    assert "goes to the contributor" not in followed  # never claims the mail went before it did


def test_a_question_that_cannot_be_sent_is_said_queued_and_the_banner_shows_the_failure(
        client, login, in_review, run_queue_now, settings, django_capture_on_commit_callbacks):
    """The SMTP server refuses: the desk says the question is queued (never that it went), and the banner on
    the next page says a message to a contributor is waiting, with the way to the mail page."""
    from tests.support.mailserver import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    login("moderator", "mo")
    story = in_review(channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "needs-info", story, {"request": "sign", "note": ""})
    assert response.status_code == 303
    reply = MailReply.objects.get(story=story, kind="needs_info")
    assert reply.sent_at is None and "Connection refused" in reply.last_error
    followed = client.get(response["Location"]).content.decode()
    assert "The question is queued to go to the contributor by e-mail" in followed
    assert "goes to the contributor" not in followed
    banner = followed[followed.index('<section class="notices"'):]
    assert "still waiting to go out" in banner.split("</section>")[0]
    assert f'<a href="{reverse("desk:mail")}">See why on the mail page</a>' in banner


def test_the_contributors_answer_completes_the_story(client, login, in_review, run_queue_now, campaign,
                                                     django_capture_on_commit_callbacks):
    login("moderator")
    story = in_review(channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "needs-info", story, {"request": "sign"})
    question = MailReply.objects.get(story=story)
    HUEY.immediate = False  # the screening it queues is not this test's business
    with django_capture_on_commit_callbacks(execute=True):
        answer = load("gmail_reply_quoted.eml", in_reply_to=question.message_id)
        answer = answer.replace(b"kofi.mensah@gmail.com", story.contributor.email.encode())  # their own address
        result = receive_mail(RawMail(answer, "eml:test"), campaign=campaign, actor=Actor.system())
    assert result.story_id == story.pk
    story.refresh_from_db()
    assert story.status == Status.RECEIVED and story.photos.count() == 2  # back to screening with the new photo


def test_when_the_desk_cant_reach_the_contributor_it_says_so(client, login, in_review):
    login("moderator")
    story = in_review(channel="import", email="")
    page = text(client.get(reverse("desk:story", args=[story.pk])))
    assert "The desk can't message this contributor: the story came by import" in page
    response = post(client, "needs-info", story, {"request": "other", "note": "Is this you in the photo?"})
    assert response.status_code == 303
    assert Story.objects.get(pk=story.pk).status == Status.NEEDS_INFO
    assert not MailReply.objects.exists()
    warned = text(client.get(response["Location"]))
    assert "The desk can't message this contributor" in warned
    assert AuditEvent.objects.get(story=story, verb="story.needs_info").data["message"]["why_not"]


def test_a_viewer_sees_decisions_but_cant_make_them(client, login, in_review):
    login("viewer")
    story = in_review()
    assert post(client, "approve", story).status_code == 403
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW
