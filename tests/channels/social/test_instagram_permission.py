"""Asking an Instagram author for permission: only under posts that @mention the account, as a reply through
/{ig-user-id}/mentions; the author's reply to our comment with the keyword becomes consent on a later poll."""
from __future__ import annotations

import pytest
from django.urls import reverse

from storydesk.actions.base import Actor
from storydesk.actions.permission import CannotAsk
from storydesk.channels.social.permission import ask_permission, deliver_permission_request, why_cannot_ask
from storydesk.channels.social.poll import poll_channel
from storydesk.models import PermissionRequest, Story
from tests.channels.social.conftest import fixture
from tests.channels.social.platform_server import Answer
from tests.channels.social.test_instagram import ACCOUNT, TAGS, V, graph, media, story_of  # noqa: F401 (fixture)
from tests.fakes.instagram_graph import TOKEN

State = PermissionRequest.State
COMMENT = "17873440459141021"
REPLIES = f"{V}/{COMMENT}/replies"
MENTIONS = f"{V}/{ACCOUNT}/mentions"


@pytest.fixture
def moderator(staff_user):
    return Actor.staff(staff_user("moderator"))


@pytest.fixture
def stories(campaign, graph, instagram_on):  # noqa: F811
    instagram_on.on("POST", MENTIONS, Answer(json=fixture("instagram/mention_posted.json")))
    instagram_on.on("GET", REPLIES, Answer(json={"data": []}))
    poll_channel("instagram", campaign=campaign, actor=Actor.system())
    return instagram_on


def test_the_request_is_a_reply_through_mentions_and_the_yes_becomes_consent(campaign, stories, moderator):
    story = story_of("17956789012345678")
    assert why_cannot_ask(story) == ""
    request = ask_permission(story, actor=moderator)
    assert request.message.startswith("Hello @tunde.builds, thank you for your #HeForShe story!")
    assert request.target == {"media_id": "17956789012345678", "username": "tunde.builds"}
    assert deliver_permission_request(request.pk, actor=Actor.system())
    posted = stories.requests(MENTIONS, method="POST")[0]
    assert posted.arg("media_id") == "17956789012345678" and posted.arg("message") == request.message
    assert posted.headers["authorization"] == f"Bearer {TOKEN}"
    request.refresh_from_db()
    assert request.state == State.SENT and request.request_ref == {"comment_id": COMMENT,
                                                                   "media_id": "17956789012345678"}
    assert poll_channel("instagram", campaign=campaign, actor=Actor.system()).answers == 0  # no reply yet
    stories.on("GET", REPLIES, Answer(json=fixture("instagram/replies_with_yes.json")))
    report = poll_channel("instagram", campaign=campaign, actor=Actor.system())
    assert report.answers == 1
    assert stories.requests(REPLIES)[-1].arg("fields") == "id,text,username,timestamp"
    consents = {c.scope: c for c in story.consents.all()}
    assert set(consents) == {"website", "instagram"} and all(c.state == "given" for c in consents.values())
    evidence = consents["instagram"].evidence
    assert evidence["reply_text"] == "Of course! #YesHeForShe"  # the author's, not someone else's yes
    assert evidence["how"] == "reply on instagram" and evidence["post_url"] == "https://www.instagram.com/p/B9R2cDeFgHi/"
    request.refresh_from_db()
    assert request.state == State.ANSWERED


def test_a_yes_from_someone_else_is_not_consent(campaign, stories, moderator):
    story = story_of("17956789012345678")
    deliver_permission_request(ask_permission(story, actor=moderator).pk, actor=Actor.system())
    others = fixture("instagram/replies_with_yes.json")
    others["data"] = others["data"][:2]  # "#yesheforshe" from someone.else only
    stories.on("GET", REPLIES, Answer(json=others))
    assert poll_channel("instagram", campaign=campaign, actor=Actor.system()).answers == 0
    assert not story.consents.filter(given_at__isnull=False).exists()


def test_hashtag_found_media_cannot_be_commented_on_and_the_desk_says_so(campaign, stories, moderator):
    story = story_of("17895695668004550")
    why = why_cannot_ask(story)
    assert why.startswith("Instagram doesn't let apps comment on posts found by hashtag search")
    with pytest.raises(CannotAsk, match="found by hashtag search"):
        ask_permission(story, actor=moderator)
    assert not stories.requests(MENTIONS, method="POST")


def test_a_post_that_only_tags_the_account_cannot_be_replied_to(campaign, instagram_on, moderator):
    tagged = media("tagged_image.json", instagram_on.url, "17960000000000001", "2020-03-03T08:00:00+0000",
                   caption="My #HeForShe sign, finally! #YearOfMaleAllyship")
    instagram_on.on("GET", TAGS, Answer(json={"data": [tagged], "paging": {"cursors": {"after": "x"}}}))
    instagram_on.on("GET", "/ig/tagged-sign.jpg", Answer(status=404, body=b""))
    instagram_on.on("GET", f"{V}/ig_hashtag_search", Answer(json=fixture("instagram/hashtag_search.json")))
    instagram_on.on("GET", f"{V}/17843857450040591/recent_media", Answer(json={"data": []}))
    poll_channel("instagram", campaign=campaign, actor=Actor.system())
    why = why_cannot_ask(Story.objects.get())
    assert why.startswith("Instagram lets us reply only under posts whose caption @mentions @heforshe")


def test_a_request_longer_than_an_instagram_comment_fails_with_the_reason(campaign, stories, moderator):
    config = dict(campaign.config)
    config["social"]["permission_request"] = "Hello {handle}! " + "Please say yes. " * 150 + "{reply_keyword}"
    campaign.config = config
    campaign.save()
    request = ask_permission(story_of("17956789012345678"), actor=moderator)
    assert not deliver_permission_request(request.pk, actor=Actor.system())
    request.refresh_from_db()
    assert request.state == State.FAILED and "Instagram allows 2200" in request.last_error
    assert not stories.requests(MENTIONS, method="POST")


def test_the_desk_shows_a_hashtag_story_without_an_author_and_why_it_cannot_ask(campaign, stories, client, staff_user):
    client.force_login(staff_user("moderator"))
    page = client.get(reverse("desk:story", args=[story_of("17895695668004550").pk])).content.decode()
    assert "Public post on Instagram" in page and "not named by Instagram" in page
    assert "doesn&#x27;t let apps comment on posts found by hashtag search" in page
    assert "for permission on Instagram</button>" not in page
