"""Bluesky intake against a local server that answers like a PDS: the app-password session (kept, refreshed,
renewed), searchPosts by tag walked back with its cursor, image embeds, and permission by reply."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.channels.social.bluesky.connector import BlueskyConnector
from storydesk.channels.social.permission import ask_permission, deliver_permission_request
from storydesk.channels.social.poll import poll_channel
from storydesk.models import PermissionRequest, SocialProblem, SocialSource, Status, Story, Submission
from tests.channels.social.conftest import fixture, photo_answer
from tests.channels.social.platform_server import Answer, Seen

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
LOGIN = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"
LEI = "at://did:plc:leileileileileilei0003/app.bsky.feed.post/3kzimages00003"
RAHUL = "at://did:plc:rahulrahulrahulrahul0001/app.bsky.feed.post/3kzquote000001"
JAMES = "at://did:plc:jamesjamesjamesjames0002/app.bsky.feed.post/3kzvideo000002"


class Search:
    """searchPosts as the AppView answers it: newest first, `since` inclusive, an opaque cursor per page, and
    only for a valid access token."""

    def __init__(self, posts: list[dict], valid_token: str = "ACCESS-1"):
        self.posts, self.valid_token = posts, valid_token

    def __call__(self, seen: Seen) -> Answer:
        if seen.headers.get("authorization") != f"Bearer {self.valid_token}":
            return Answer(400, fixture("bluesky/error_expired.json"))
        since = seen.arg("since") or ""
        hits = sorted((p for p in self.posts if p["indexedAt"] >= since), key=lambda p: p["indexedAt"], reverse=True)
        start, limit = int(seen.arg("cursor") or 0), int(seen.arg("limit") or 25)
        page = hits[start:start + limit]
        body = {"posts": page, "hitsTotal": len(hits)}
        if start + limit < len(hits):
            body["cursor"] = str(start + limit)
        return Answer(json=body)


@pytest.fixture
def posts(social):
    base = social.url
    for path in ("/img/feed_fullsize/plain/did:plc:rahul/bafkreirahul@jpeg",
                 "/img/feed_fullsize/plain/did:plc:lei/bafkreilei1@jpeg",
                 "/img/feed_fullsize/plain/did:plc:lei/bafkreilei2@jpeg"):
        social.on("GET", path, photo_answer("astronaut" if "lei2" in path else "camera"))
    return fixture("bluesky/search_newest.json", base)["posts"] + fixture("bluesky/search_older.json", base)["posts"]


@pytest.fixture
def search(social, posts):
    social.on("POST", LOGIN, Answer(json=fixture("bluesky/session.json")))
    found = Search(posts)
    social.on("GET", SEARCH, found)
    return found


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("storydesk.channels.social.bluesky.connector.PAGE_SIZE", 2)


def poll(campaign, **kwargs):
    return poll_channel("bluesky", campaign=campaign, actor=Actor.system(), **kwargs)


def feed(campaign) -> SocialSource:
    return SocialSource.objects.get(campaign=campaign, channel="bluesky")


def story_of(uri: str) -> Story:
    return Submission.objects.get(channel="bluesky", source_key=f"bluesky:{uri}").story


def test_search_logs_in_once_and_walks_back_with_the_cursor(campaign, search, social, small_pages):
    report = poll(campaign)
    assert (report.received, report.problems) == (3, [])
    login = social.requests(LOGIN)
    assert len(login) == 1 and login[0].json == {"identifier": "heforshe.bsky.social",
                                                  "password": "abcd-efgh-ijkl-mnop"}
    calls = social.requests(SEARCH)
    assert [c.arg("cursor") for c in calls] == [None, "2"]
    first = calls[0]
    assert (first.arg("tag"), first.arg("sort"), first.arg("since")) == ("YearOfMaleAllyship", "latest", "2020-03-01")
    assert first.arg("q") == "#YearOfMaleAllyship" and first.headers["authorization"] == "Bearer ACCESS-1"
    state = feed(campaign).cursor
    assert '"walk": null' in state and '"since": "2020-03-03T07:50:02Z"' in state  # the newest, less the overlap


def test_photos_come_from_image_embeds_and_quotes_with_media(campaign, search):
    poll(campaign)
    lei = story_of(LEI)
    assert lei.photos.count() == 2 and lei.status == Status.RECEIVED
    assert lei.answer == "I share the care of our parents with my sisters, because it was never only their job."
    assert lei.contributor.social_handle == "@lei.bsky.social"
    assert lei.contributor.profile_url == "https://bsky.app/profile/lei.bsky.social"
    assert lei.submissions.get().raw["url"] == "https://bsky.app/profile/lei.bsky.social/post/3kzimages00003"
    rahul = story_of(RAHUL)  # app.bsky.embed.recordWithMedia: the photo is the author's, the quote is not
    assert rahul.photos.count() == 1
    assert rahul.answer.endswith("gender equality means my sister gets the same chances I did.")
    james = story_of(JAMES)
    assert james.status == Status.NEEDS_INFO and james.photos.count() == 0
    assert "has a video but no photo" in james.social_problems.get().message


def test_a_repoll_asks_only_since_the_newest_post_and_keeps_the_session(campaign, search, social, posts):
    poll(campaign)
    newer = copy.deepcopy(posts[2])
    newer.update(uri="at://did:plc:leileileileileilei0003/app.bsky.feed.post/3kznewer00004",
                 indexedAt="2020-03-04T09:00:00.000Z")
    search.posts.append(newer)
    social.seen.clear()
    report = poll(campaign)
    assert (report.received, report.known) == (1, 1)  # the overlap brings Rahul's post again: known, not new
    assert social.requests(LOGIN) == []  # the session from the first poll is reused
    assert social.requests(SEARCH)[0].arg("since") == "2020-03-03T07:50:02Z"
    assert Story.objects.count() == 4


def test_a_walk_cut_short_resumes_below_where_it_stopped(campaign, search, social, small_pages):
    first = poll(campaign, limit=2)
    assert first.received == 2 and '"cursor": "2"' in feed(campaign).cursor
    social.seen.clear()
    second = poll(campaign, limit=2)
    assert second.received == 1 and social.requests(SEARCH)[0].arg("cursor") == "2"
    assert social.requests(SEARCH)[0].arg("since") == "2020-03-01"  # the mark moves only when the walk ends
    assert '"walk": null' in feed(campaign).cursor


def test_an_expired_token_is_refreshed_and_the_call_repeated(campaign, search, social):
    poll(campaign)
    search.valid_token = "ACCESS-2"  # the first access token has run out
    refreshed = fixture("bluesky/session.json", accessJwt="ACCESS-2", refreshJwt="REFRESH-2")
    social.on("POST", REFRESH, Answer(json=refreshed))
    social.seen.clear()
    report = poll(campaign)
    assert report.problems == []
    assert [s.headers["authorization"] for s in social.requests(REFRESH)] == ["Bearer REFRESH-1"]
    assert [s.headers["authorization"] for s in social.requests(SEARCH)] == ["Bearer ACCESS-1", "Bearer ACCESS-2"]
    assert social.requests(LOGIN) == []


def test_when_the_refresh_token_has_expired_too_we_log_in_again(campaign, search, social):
    poll(campaign)
    search.valid_token = "ACCESS-3"
    social.on("POST", REFRESH, Answer(400, fixture("bluesky/error_expired.json")))
    social.on("POST", LOGIN, Answer(json=fixture("bluesky/session.json", accessJwt="ACCESS-3")))
    social.seen.clear()
    assert poll(campaign).problems == []
    assert len(social.requests(REFRESH)) == 1 and len(social.requests(LOGIN)) == 1


def test_a_wrong_app_password_says_what_to_check(campaign, social):
    social.on("POST", LOGIN, Answer(401, fixture("bluesky/error_bad_password.json")))
    report = poll(campaign)
    problem = SocialProblem.objects.get()
    assert problem.kind == "auth" and report.problems == [problem.message]
    assert "refused our login (“Invalid identifier or password”)" in problem.message
    assert "STORYDESK_BLUESKY_APP_PASSWORD" in problem.message
    assert social.requests(SEARCH) == []


@pytest.mark.clock
def test_a_rate_limit_waits_for_the_ratelimit_reset(campaign, search, social):
    reset = int((timezone.now() + dt.timedelta(minutes=4)).timestamp())
    social.on("GET", SEARCH, Answer(429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, headers={
        "RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": str(reset),
        "RateLimit-Policy": "3000;w=300"}))
    poll(campaign)
    source = feed(campaign)
    assert source.retry_after == dt.datetime.fromtimestamp(reset, dt.UTC)
    assert SocialProblem.objects.get().kind == "rate_limit"


@pytest.mark.parametrize("body", [{"posts": "none"}, {"cursor": "1"}, ["not", "an", "object"]])
def test_a_malformed_search_answer_is_recorded(campaign, social, body):
    social.on("POST", LOGIN, Answer(json=fixture("bluesky/session.json")))
    social.on("GET", SEARCH, Answer(json=body))
    report = poll(campaign)
    assert report.received == 0 and SocialProblem.objects.get().kind == "malformed"
    assert feed(campaign).cursor == ""


def test_asking_by_reply_and_the_yes_in_the_thread(campaign, search, social, staff_user):
    poll(campaign)
    social.on("POST", "/xrpc/com.atproto.repo.createRecord", Answer(json=fixture("bluesky/create_record.json")))
    social.on("GET", "/xrpc/app.bsky.feed.getPostThread", Answer(json=fixture("bluesky/thread_with_yes.json")))
    story = story_of(LEI)
    request = ask_permission(story, actor=Actor.staff(staff_user("manager")))
    assert deliver_permission_request(request.pk, actor=Actor.system())
    created = social.requests("/xrpc/com.atproto.repo.createRecord")[0].json
    assert created["repo"] == "did:plc:heforshe00000000000000aa" and created["collection"] == "app.bsky.feed.post"
    record = created["record"]
    assert record["text"].startswith("Hello @lei.bsky.social, thank you for your #HeForShe story!")
    post_ref = {"uri": LEI, "cid": "bafyreiimages0000000000000000000000000000000000000000000003"}
    assert record["reply"] == {"root": post_ref, "parent": post_ref}
    tag = record["facets"][0]
    assert record["text"].encode()[tag["index"]["byteStart"]:tag["index"]["byteEnd"]] == b"#YesHeForShe"
    request.refresh_from_db()
    assert request.request_url == "https://bsky.app/profile/heforshe.bsky.social/post/3kzask0000001"
    report = poll(campaign)
    assert report.answers == 1
    thread_call = social.requests("/xrpc/app.bsky.feed.getPostThread")[0]
    assert thread_call.arg("uri") == LEI
    website = story.consents.get(scope="website")
    assert website.state == "given"
    assert website.evidence["reply_url"] == "https://bsky.app/profile/lei.bsky.social/post/3kzyes0000009"
    request.refresh_from_db()
    assert request.state == PermissionRequest.State.ANSWERED


def test_a_reply_under_a_post_that_is_itself_a_reply_keeps_the_threads_root():
    raw = {"uri": "at://a/app.bsky.feed.post/2", "cid": "c2", "author": {"did": "did:plc:a"},
           "record": {"reply": {"root": {"uri": "at://r/app.bsky.feed.post/1", "cid": "c1"},
                                "parent": {"uri": "at://p/app.bsky.feed.post/9", "cid": "c9"}}}}
    target = BlueskyConnector.target(None, raw)
    assert target["root"] == {"uri": "at://r/app.bsky.feed.post/1", "cid": "c1"}
    assert (target["uri"], target["cid"], target["did"]) == ("at://a/app.bsky.feed.post/2", "c2", "did:plc:a")


def test_a_request_longer_than_bluesky_allows_fails_with_what_to_change(campaign, search, staff_user):
    poll(campaign)
    config = dict(campaign.config)
    config["social"]["permission_request"] = "Hello {handle}! " + "Please say yes. " * 20 + "{reply_keyword}"
    campaign.config = config
    campaign.save()
    story = story_of(LEI)
    request = ask_permission(story, actor=Actor.staff(staff_user("manager")))
    assert not deliver_permission_request(request.pk, actor=Actor.system())
    request.refresh_from_db()
    assert request.state == PermissionRequest.State.FAILED
    assert "Bluesky allows 300: shorten [social] permission_request" in request.last_error
