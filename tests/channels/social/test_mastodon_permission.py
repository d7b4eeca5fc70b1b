"""Asking a Mastodon author for permission, and recording the yes found on a later poll."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.permission import CannotAsk
from storydesk.channels.social.permission import ask_permission, deliver_permission_request, why_cannot_ask
from storydesk.channels.social.poll import poll_channel
from storydesk.models import AuditEvent, PermissionRequest, SocialProblem, Story
from tests.channels.social.conftest import fixture, status
from tests.channels.social.mastodon_timeline import Timeline
from tests.channels.social.platform_server import Answer
from tests.channels.social.test_mastodon import TAG_PATH, A

State = PermissionRequest.State
LOCAL_ID = "110000000000000042"
CONTEXT = f"/api/v1/statuses/{LOCAL_ID}/context"


@pytest.fixture
def story(campaign, social):
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [status("status_photo.json", social.url, A)]))
    social.on("GET", "/api/v2/search", Answer(json=fixture("mastodon/search_status.json")))
    social.on("POST", "/api/v1/statuses", Answer(json=fixture("mastodon/posted_reply.json")))
    social.on("GET", CONTEXT, Answer(json={"ancestors": [], "descendants": []}))
    poll_channel("mastodon", campaign=campaign, actor=Actor.system())
    return Story.objects.get()


@pytest.fixture
def moderator(staff_user):
    return Actor.staff(staff_user("moderator"))


def test_the_request_is_written_then_sent_as_a_reply_in_the_campaigns_words(story, social, moderator):
    request = ask_permission(story, actor=moderator)
    assert request.state == State.QUEUED
    assert request.message == ("Hello @kofi@127.0.0.1, thank you for your #HeForShe story! May HeForShe share your "
                               "photo and your words on our website and Instagram? If you are 18 or older and "
                               "happy for us to, just reply #YesHeForShe")
    assert AuditEvent.objects.filter(verb="permission.requested", story=story, actor_label="moderator-user").exists()
    assert deliver_permission_request(request.pk, actor=Actor.system())
    search = social.requests("/api/v2/search")[0]
    assert search.arg("q") == "https://mastodon.example/users/kofi/statuses/103751309754368000"
    assert search.arg("resolve") == "true"
    posted = social.requests("/api/v1/statuses", method="POST")[0]
    assert posted.json == {"status": request.message, "in_reply_to_id": LOCAL_ID, "visibility": "public"}
    assert posted.headers["idempotency-key"] == f"storydesk-permission-{request.pk}"
    assert posted.headers["authorization"] == "Bearer mastodon-token"
    request.refresh_from_db()
    assert request.state == State.SENT
    assert request.request_url == "https://heforshe.example/@HeForShe/110000000000000100"
    assert request.request_ref == {"status_id": "110000000000000100", "post_id": LOCAL_ID,
                                   "author_acct": "kofi@mastodon.example"}
    assert not deliver_permission_request(request.pk, actor=Actor.system())  # sent once only


def test_the_authors_yes_on_a_later_poll_becomes_consent_with_the_reply_as_evidence(story, social, moderator):
    request = ask_permission(story, actor=moderator)
    deliver_permission_request(request.pk, actor=Actor.system())
    nothing_yet = poll_channel("mastodon", campaign=story.campaign, actor=Actor.system())
    assert nothing_yet.answers == 0
    only_a_stranger = fixture("mastodon/context_with_yes.json")
    only_a_stranger["descendants"] = only_a_stranger["descendants"][:2]
    social.on("GET", CONTEXT, Answer(json=only_a_stranger), Answer(json=fixture("mastodon/context_with_yes.json")))
    assert poll_channel("mastodon", campaign=story.campaign, actor=Actor.system()).answers == 0
    report = poll_channel("mastodon", campaign=story.campaign, actor=Actor.system())
    assert report.answers == 1
    story.refresh_from_db()
    assert story.age_confirmed
    consents = {c.scope: c for c in story.consents.all()}
    assert all(c.state == "given" for c in consents.values()) and set(consents) == {"website", "instagram"}
    evidence = consents["website"].evidence
    assert evidence["reply_url"] == "https://mastodon.example/@kofi/103760000000000000"
    assert "#yesheforshe of course, share it!" in evidence["reply_text"]
    assert evidence["how"] == "reply on mastodon" and evidence["keyword"] == "#YesHeForShe"
    request.refresh_from_db()
    assert request.state == State.ANSWERED and request.reply_url == evidence["reply_url"]
    assert AuditEvent.objects.filter(verb="consent.confirmed", story=story).exists()
    assert why_cannot_ask(story) == "The author already said yes."


def test_a_yes_after_withdrawal_gives_no_consent(story, social, moderator):
    request = ask_permission(story, actor=moderator)
    deliver_permission_request(request.pk, actor=Actor.system())
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    social.on("GET", CONTEXT, Answer(json=fixture("mastodon/context_with_yes.json")))
    assert poll_channel("mastodon", campaign=story.campaign, actor=Actor.system()).answers == 0
    assert not story.consents.filter(given_at__isnull=False).exists()


def test_a_direct_message_when_the_campaign_asks_that_way(story, social, moderator, campaign):
    config = dict(campaign.config)
    config["social"]["mastodon"]["ask_by"] = "direct"
    campaign.config = config
    campaign.save()
    story.refresh_from_db()
    request = ask_permission(story, actor=moderator)
    deliver_permission_request(request.pk, actor=Actor.system())
    assert social.requests("/api/v1/statuses", method="POST")[0].json["visibility"] == "direct"


def test_without_the_accounts_token_the_desk_says_it_cannot_ask(story, settings, moderator):
    settings.STORYDESK_MASTODON_ACCESS_TOKEN = ""
    assert "set STORYDESK_MASTODON_ACCESS_TOKEN" in why_cannot_ask(story)
    with pytest.raises(CannotAsk, match="STORYDESK_MASTODON_ACCESS_TOKEN"):
        ask_permission(story, actor=moderator)


def test_only_moderators_and_managers_ask_and_only_once_at_a_time(story, staff_user, moderator):
    with pytest.raises(PermissionDenied):
        ask_permission(story, actor=Actor.staff(staff_user("viewer")))
    ask_permission(story, actor=moderator)
    with pytest.raises(CannotAsk, match="already asked"):
        ask_permission(story, actor=Actor.staff(staff_user("manager")))


def test_a_refused_request_fails_with_the_servers_words_and_may_be_asked_again(story, social, moderator):
    social.on("POST", "/api/v1/statuses",
              Answer(422, {"error": "Validation failed: Text character limit of 500 exceeded"}))
    request = ask_permission(story, actor=moderator)
    assert not deliver_permission_request(request.pk, actor=Actor.system())
    request.refresh_from_db()
    assert request.state == State.FAILED
    host = social.url.removeprefix("http://")
    assert request.last_error == (f"Mastodon at {host} refused the request (422) (“Validation failed: Text "
                                  "character limit of 500 exceeded”)")
    assert SocialProblem.objects.filter(kind="permission", story=story).exists()
    assert why_cannot_ask(story) == ""  # a failed request may be asked again


def test_a_request_that_meets_a_server_error_is_sent_by_a_later_poll(story, social, moderator):
    social.on("POST", "/api/v1/statuses", Answer(503, body=b"busy"), Answer(json=fixture("mastodon/posted_reply.json")))
    request = ask_permission(story, actor=moderator)
    assert not deliver_permission_request(request.pk, actor=Actor.system())
    request.refresh_from_db()
    assert request.state == State.QUEUED
    assert "is having trouble" in request.last_error
    report = poll_channel("mastodon", campaign=story.campaign, actor=Actor.system())
    assert report.requests_sent == 1
    request.refresh_from_db()
    assert request.state == State.SENT and request.attempts == 2
