"""News of their story: a participant who gave an address hears, in their language, of each event once —
received, a question, approved, published (with its links), not published, withdrawn — through real SMTP."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.merge import merge_stories
from storydesk.actions.news import story_approved, story_withdrawn
from storydesk.actions.outbox import deliver_due_replies, deliver_reply
from storydesk.actions.publishing import publish_slot
from storydesk.models import Campaign, MailReply, Status, Story
from tests.publishing.factories import approved_story
from tests.publishing.helpers import due_slot
from tests.stories import make_story, reviewed
from tests.support.mailserver import free_port

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https://stories\.heforshe\.example((?:/[a-z-]+)?/s/\S+)")


@pytest.fixture
def run_queue_now():
    """Tasks queued after a commit run at once, in this process (the send task, as the worker would)."""
    HUEY.immediate = True
    yield
    HUEY.immediate = False


def send_all() -> int:
    return deliver_due_replies(actor=Actor.system())


def kinds(outbox) -> list[str]:
    return [m["X-Storydesk-Reply"] for m in outbox.received()]


def with_words(campaign, **tables) -> Campaign:
    """The campaign with more words in its file (e.g. wording={"fr": {"messages": {...}}})."""
    config = dict(campaign.config)
    config.update(tables)
    Campaign.objects.filter(pk=campaign.pk).update(config=config)
    return Campaign.objects.get(pk=campaign.pk)


def test_a_french_web_submitter_gets_the_acknowledgement_in_french_with_a_working_link(
        campaign, outbox, client, run_queue_now, django_capture_on_commit_callbacks):
    french = campaign.spec.in_language("fr")
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(campaign, participant_language="fr", first_name="Amélie", email="amelie@example.fr")
    assert story.participant_language == "fr"
    [sent] = outbox.received()  # sent by the queue's task, after the commit
    assert sent["X-Storydesk-Reply"] == "received" and sent["To"] == "Amélie <amelie@example.fr>"
    assert sent["Subject"].strip() == french.messages["email_received_subject"].format(sign_tag="#HeForShe")
    assert sent["Subject"].strip() != campaign.spec.messages["email_received_subject"].format(sign_tag="#HeForShe")
    body = sent.get_content()
    assert body.startswith(french.messages["email_greeting"].format(first_name="Amélie"))
    assert french.messages["email_status_link"] in body
    link = LINK.search(body).group(1)
    assert link.startswith("/fr/s/")  # the link opens the status page in French too
    page = client.get(link)
    assert page.status_code == 200 and 'lang="fr"' in page.content.decode()
    assert MailReply.objects.get().sent_at is not None


def test_only_the_web_form_earns_a_received_message(campaign, outbox):
    make_story(campaign, n=1, channel="import")
    make_story(campaign, n=2, channel="web", email="")  # no address: nobody to tell
    assert not MailReply.objects.exists()


def test_each_event_is_told_once_however_often_its_code_runs(campaign, outbox, run_queue_now,
                                                             django_capture_on_commit_callbacks):
    story = reviewed(make_story(campaign))
    with django_capture_on_commit_callbacks(execute=True):
        decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        again = story_approved(story)  # the event's code again: the same row, nothing queued
    approved = MailReply.objects.get(kind="approved")
    assert again.pk == approved.pk and approved.once_key == f"approved:{story.pk}"
    assert deliver_reply(approved.pk, actor=Actor.system()) is False  # the task retried: already sent
    assert send_all() == 1  # the "received" one, which nobody sent (no commit hook ran for it)
    assert sorted(kinds(outbox)) == ["approved", "received"]

    # A manager reopens it and approves again: no second "approved".
    decide(story.pk, "reopen", actor=Actor.system(), seen_version=None)
    decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    assert send_all() == 0 and MailReply.objects.filter(kind="approved").count() == 1


def test_approval_while_consent_is_missing_says_what_to_do(campaign, outbox):
    story = reviewed(make_story(campaign, channel="email", consents={}))
    story.age_confirmed = False
    story.save(update_fields=["age_confirmed"])
    decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    send_all()
    [sent] = outbox.received()
    assert sent["Subject"] == "Good news about your #HeForShe story"
    assert "please open your private link to confirm you are 18 or older" in sent.get_content()


def test_each_question_is_a_message_of_its_own_with_the_way_to_answer(campaign, outbox):
    story = reviewed(make_story(campaign))
    MailReply.objects.all().delete()  # the "received" one is not this test's business
    decide(story.pk, "needs_info", actor=Actor.system(), seen_version=None, request="sign")
    story.refresh_from_db()
    Story.objects.filter(pk=story.pk).update(status=Status.IN_REVIEW)  # answered; then asked again
    decide(story.pk, "needs_info", actor=Actor.system(), seen_version=None, request="person")
    assert send_all() == 2
    first, second = sorted((m.get_content() for m in outbox.received()), key=lambda body: "read the" not in body)
    assert "We couldn't read the #HeForShe sign in your photo." in first
    assert "We couldn't see you in the photo." in second
    for body in (first, second):
        assert "Simply reply to this email, or answer on your private page:" in body and LINK.search(body)
    assert len(set(MailReply.objects.values_list("once_key", flat=True))) == 2


def test_a_rejection_tells_the_campaigns_words_and_invites_another_story_never_the_note(campaign, outbox):
    story = reviewed(make_story(campaign))
    decide(story.pk, "reject", actor=Actor.system(), seen_version=None, reason="no_sign",
           note="Blurry, and he looks drunk.")
    send_all()
    sent = next(m for m in outbox.received() if m["X-Storydesk-Reply"] == "not_published")
    body = sent.get_content()
    assert sent["Subject"] == "About your #HeForShe story"
    assert "We couldn't see a #HeForShe sign in your photo" in body
    assert "send a new story at any time" in body and "https://stories.heforshe.example/submit/" in body
    assert "drunk" not in body and "/s/" not in body


def test_every_reason_a_moderator_can_give_has_words_for_the_participant(campaign):
    spec = campaign.spec
    assert set(spec.reject_reasons) <= set(spec.rejections)


def test_the_withdrawal_confirmation_is_written_with_the_withdrawal(campaign, outbox):
    story = make_story(campaign)
    withdraw_story(story, actor=Actor.contributor(), via="status page")  # no commit hook runs here
    reply = MailReply.objects.get(kind="withdrawn")  # written in the withdrawal's own transaction
    assert reply.once_key == f"withdrawn:{story.pk}" and reply.to == "Kofi <kofi0@example.org>"
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    story.refresh_from_db()
    story_withdrawn(story)
    assert MailReply.objects.filter(kind="withdrawn").count() == 1
    send_all()
    sent = next(m for m in outbox.received() if m["X-Storydesk-Reply"] == "withdrawn")
    assert "we have taken your story back" in sent.get_content()


def test_a_merged_storys_news_goes_once_to_the_story_it_lives_on_in(campaign, outbox):
    keep, other = make_story(campaign, n=1), make_story(campaign, n=1, base="coffee")  # one person, twice
    merge_stories(keep.pk, other.pk, actor=Actor.system())
    other.refresh_from_db()
    withdraw_story(other, actor=Actor.contributor(), via="status page")  # through the merged copy's link
    withdraw_story(keep, actor=Actor.contributor(), via="status page")
    assert list(MailReply.objects.filter(kind="withdrawn").values_list("story_id", flat=True)) == [keep.pk]


def test_the_published_messages_carry_the_gallery_page_and_the_instagram_post(campaign, graph, outbox):
    story = approved_story(campaign, email="kwame@example.org")
    gallery = due_slot(story, "gallery")
    assert publish_slot(gallery.pk) == "published"
    assert publish_slot(due_slot(story, "instagram").pk) == "published"
    assert send_all() == 3  # received, then one per target
    publish_slot(gallery.pk)  # queued again: no second message
    assert send_all() == 0
    on_gallery, on_both = (m for m in outbox.received() if m["X-Storydesk-Reply"] == "published")
    page = f"https://stories.heforshe.example/stories/{story.pk}/"
    permalink = graph.media[0]["permalink"]
    assert on_gallery["Subject"] == "Your #HeForShe story is live"
    assert f"Your story on our website:\n{page}" in on_gallery.get_content()
    assert permalink not in on_gallery.get_content()
    assert f"Your story on our website:\n{page}" in on_both.get_content()
    assert f"Your story on Instagram:\n{permalink}" in on_both.get_content()


def test_a_social_only_contributor_is_told_nothing(campaign, outbox):
    story = reviewed(make_story(campaign, channel="mastodon", email="",
                                profile_url="https://mastodon.social/@kofi"))
    decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    assert not MailReply.objects.exists()


def test_when_smtp_fails_the_story_moves_on_and_the_message_waits_in_sight(campaign, outbox, settings, client,
                                                                          staff_user, run_queue_now,
                                                                          django_capture_on_commit_callbacks):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    story = reviewed(make_story(campaign))
    with django_capture_on_commit_callbacks(execute=True):
        decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    assert Story.objects.get(pk=story.pk).status == Status.APPROVED
    approved = MailReply.objects.get(kind="approved")
    assert approved.sent_at is None and approved.attempts == 1 and "ConnectionRefusedError" in approved.last_error

    client.force_login(staff_user("moderator"))
    page = client.get(reverse("desk:stories")).content.decode()
    assert "1 message to contributors is still waiting to go out" in page
    assert '<a href="/desk/mail/">See why on the mail page</a>' in page
    assert "kofi0@example.org" in client.get(reverse("desk:mail")).content.decode()

    settings.EMAIL_PORT = outbox.port
    assert send_all() == 2  # the approval, and the "received" nobody had sent
    assert "waiting to go out" not in client.get(reverse("desk:stories")).content.decode()
    assert sorted(kinds(outbox)) == ["approved", "received"]



def test_a_french_participant_hears_of_publication_in_french_with_the_gallery_page_in_french(
        campaign, graph, outbox, client, django_capture_on_commit_callbacks):
    french = campaign.spec.in_language("fr")
    story = approved_story(campaign, email="amelie@example.fr", first_name="Amélie", participant_language="fr")
    with django_capture_on_commit_callbacks(execute=True):  # the gallery takes the story in after the commit
        assert publish_slot(due_slot(story, "gallery").pk) == "published"
    send_all()
    received, published = outbox.received()
    assert received["X-Storydesk-Reply"] == "received" and published["X-Storydesk-Reply"] == "published"
    assert published["Subject"].strip() == french.messages["email_published_subject"].format(sign_tag="#HeForShe")
    body = published.get_content()
    assert body.startswith(french.messages["email_greeting"].format(first_name="Amélie"))
    page = f"https://stories.heforshe.example/fr/stories/{story.pk}/"
    assert page in body and "Your story on our website" not in body  # the label is in French too
    response = client.get(page.removeprefix("https://stories.heforshe.example"))
    assert response.status_code == 200 and 'lang="fr"' in response.content.decode()
