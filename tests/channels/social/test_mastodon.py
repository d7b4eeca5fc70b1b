"""Mastodon intake against a local server that pages like Mastodon: what becomes a story, re-polls that ask
only for what is new, several servers, and every kind of bad answer."""
from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.channels.social.poll import poll_channel
from storydesk.channels.social.receive import NOT_ASKED
from storydesk.models import SocialProblem, SocialSource, Status, Story, Submission
from tests.channels.social.conftest import fixture, photo_answer, set_servers, snowflake, status
from tests.channels.social.mastodon_timeline import Timeline
from tests.channels.social.platform_server import Answer

TAG_PATH = "/api/v1/timelines/tag/YearOfMaleAllyship"
DAY = dt.datetime(2020, 3, 2, 9, tzinfo=dt.UTC)
A, B, C, D = (snowflake(DAY + dt.timedelta(minutes=m)) for m in (1, 2, 3, 4))
Kind = SocialProblem.Kind


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("storydesk.channels.social.mastodon.connector.PAGE_SIZE", 2)


@pytest.fixture
def timeline(social):
    server = social
    for name in ("amadou-1", "amadou-2"):
        server.on("GET", f"/media/{name}.jpg", photo_answer("coffee" if name.endswith("2") else "camera"))
    line = Timeline(server.url, TAG_PATH, [
        status("status_photo.json", server.url, A),
        status("status_two_photos.json", server.url, B),
        status("status_video.json", server.url, C),
    ])
    server.on("GET", TAG_PATH, line)
    return line


def poll(campaign, **kwargs):
    return poll_channel("mastodon", campaign=campaign, actor=Actor.system(), **kwargs)


def source(campaign, server_url=None) -> SocialSource:
    return SocialSource.objects.get(campaign=campaign, channel="mastodon",
                                    feed=f"{server_url or campaign_server(campaign)} #YearOfMaleAllyship")


def campaign_server(campaign):
    return settings.STORYDESK_MASTODON_API_BASE


def story_of(uri: str) -> Story:
    return Submission.objects.get(channel="mastodon", source_key=f"mastodon:{uri}").story


# --- what a poll brings in -----------------------------------------------------------------------------

@pytest.mark.clock
def test_the_first_poll_pages_forward_from_the_campaign_start_with_the_link_header(campaign, timeline, social,
                                                                                  small_pages):
    report = poll(campaign)
    assert (report.received, report.problems) == (3, [])
    calls = social.requests(TAG_PATH)
    assert len(calls) == 2  # a full page, then a short one: caught up
    start = dt.datetime(2020, 3, 1, tzinfo=dt.UTC)
    assert calls[0].arg("min_id") == snowflake(start) and calls[0].arg("limit") == "2"
    assert calls[1].arg("min_id") == B  # the "prev" link of the first page: forward from its newest post
    assert calls[0].headers["authorization"] == "Bearer mastodon-token"  # our own server: our token
    feed = source(campaign)
    assert (feed.cursor, feed.posts_received, feed.failures) == (C, 3, 0)


def test_a_post_becomes_a_story_with_its_words_author_photo_and_unasked_consent(campaign, timeline, social):
    poll(campaign)
    story = story_of("https://mastodon.example/users/kofi/statuses/103751309754368000")
    assert story.answer == ("Equality matters to me because my daughters deserve every door I ever walked "
                            "through.")
    assert story.status == Status.RECEIVED and story.photos.count() == 1
    assert story.contributor.social_handle == "@kofi@127.0.0.1"  # a local account, named with its server
    assert story.contributor.profile_url == "https://mastodon.example/@kofi"
    assert story.contributor.email == ""
    assert story.participant_language == "en"
    raw = story.submissions.get().raw
    assert raw["hashtags"] == ["HeForShe", "YearOfMaleAllyship"] and raw["mentions"] == ["@HeForShe"]
    assert raw["post"]["content"].startswith("<p><a href=")  # the platform's own JSON, whole
    consents = {c.scope: c for c in story.consents.all()}
    assert set(consents) == {"website", "instagram"}
    assert all(c.given_at is None and c.evidence["state"] == NOT_ASKED for c in consents.values())


def test_every_photo_of_a_multi_photo_post_is_kept_in_order(campaign, timeline):
    poll(campaign)
    story = story_of("https://social.example/users/amadou/statuses/103751400000000000")
    assert story.photos.count() == 2  # the second only had a remote_url
    assert [p.position for p in story.photos.all()] == [0, 1]
    assert story.contributor.social_handle == "@amadou@social.example"
    assert story.answer.startswith("L'égalité compte pour moi")
    assert story.participant_language == "fr"  # the post's own language: replies to them are in it


def test_a_video_post_is_kept_and_flagged_no_photo(campaign, timeline):
    poll(campaign)
    story = story_of("https://mastodon.example/users/diego/statuses/103751500000000000")
    assert story.status == Status.NEEDS_INFO and story.photos.count() == 0
    problem = SocialProblem.objects.get(story=story)
    assert problem.kind == Kind.NO_PHOTO and "has a video but no photo" in problem.message
    assert problem.post_url == "https://mastodon.example/@diego/103751500000000000"


def test_a_repoll_asks_only_for_what_is_newer(campaign, timeline, social):
    poll(campaign)
    social.seen.clear()
    again = poll(campaign)
    assert (again.received, again.known) == (0, 0)
    assert [c.arg("min_id") for c in social.requests(TAG_PATH)] == [C]
    timeline.add(status("status_photo.json", social.url, D, uri="https://mastodon.example/users/kofi/statuses/9"))
    social.seen.clear()
    third = poll(campaign)
    assert third.received == 1 and [c.arg("min_id") for c in social.requests(TAG_PATH)] == [C]
    assert source(campaign).cursor == D
    assert Story.objects.count() == 4
    # The same author again is the same contributor.
    assert story_of("https://mastodon.example/users/kofi/statuses/9").contributor_id == story_of(
        "https://mastodon.example/users/kofi/statuses/103751309754368000").contributor_id


def test_the_same_post_through_two_servers_is_one_story(campaign, timeline, social):
    other = social.url + "/other"
    set_servers(campaign, [other])
    uri = "https://mastodon.example/users/kofi/statuses/103751309754368000"
    social.on("GET", "/other" + TAG_PATH, Timeline(other, "/other" + TAG_PATH, [
        status("status_photo.json", social.url, snowflake(DAY, 7), account={
            "id": "1", "username": "kofi", "acct": "kofi@mastodon.example", "url": "https://mastodon.example/@kofi"}),
    ]))
    report = poll(campaign)
    assert (report.received, report.known, report.feeds) == (3, 1, 2)
    assert Submission.objects.filter(source_key=f"mastodon:{uri}").count() == 1
    assert source(campaign, other).cursor == snowflake(DAY, 7)
    assert len(social.requests("/other" + TAG_PATH)) == 1
    assert "authorization" not in social.requests("/other" + TAG_PATH)[0].headers  # our token is not theirs


def test_the_campaigns_own_posts_and_yes_replies_are_not_stories(campaign, social):
    own = status("status_photo.json", social.url, A, uri="https://x/own", account={
        "id": "1", "username": "HeForShe", "acct": "HeForShe", "url": "https://mastodon.example/@HeForShe"})
    yes = status("status_photo.json", social.url, B, uri="https://x/yes", in_reply_to_id="5",
                 content="<p>#YesHeForShe #YearOfMaleAllyship</p>")
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [own, yes]))
    report = poll(campaign)
    assert (report.received, report.skipped) == (0, 2)
    assert source(campaign).cursor == B


# --- bad answers ---------------------------------------------------------------------------------------

@pytest.mark.clock
def test_a_rate_limit_waits_until_the_servers_reset_without_asking_again(campaign, timeline, social):
    reset = (timezone.now() + dt.timedelta(minutes=3)).replace(microsecond=0)
    social.on("GET", TAG_PATH, Answer(429, fixture("mastodon/error_rate_limit.json"), headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset.isoformat().replace("+00:00", "Z")}), timeline)
    report = poll(campaign)
    assert report.received == 0 and "asked too often" in report.problems[0]
    feed = source(campaign)
    assert feed.retry_after == reset and feed.failures == 1 and feed.cursor == ""
    problem = SocialProblem.objects.get(kind=Kind.RATE_LIMIT)
    assert "Too many requests" in problem.detail and problem.source == feed
    waiting = poll(campaign)  # before the reset: the server is not asked at all
    assert len(social.requests(TAG_PATH)) == 1 and waiting.feeds == 0 and waiting.waiting
    SocialSource.objects.filter(pk=feed.pk).update(retry_after=timezone.now() - dt.timedelta(seconds=1))
    cache.clear()  # the clock has passed the server's reset
    later = poll(campaign)
    assert later.received == 3 and source(campaign).failures == 0 and source(campaign).retry_after is None


@pytest.mark.clock
def test_our_own_budget_stops_before_the_servers_limit(campaign, timeline, social, settings, small_pages):
    settings.STORYDESK_MASTODON_REQUESTS_PER_5_MIN = 1
    report = poll(campaign)
    assert report.received == 2  # the first page only
    assert len(social.requests(TAG_PATH)) == 1
    assert "We used the 1 requests per 5 minutes" in report.problems[0]
    feed = source(campaign)
    assert feed.cursor == B  # the stored page counts; the next poll goes on from there
    assert feed.retry_after is not None and feed.retry_after.timestamp() % 300 == 0  # the next window


def test_an_expired_token_is_a_login_problem_that_says_what_to_do(campaign, social):
    social.on("GET", TAG_PATH, Answer(401, fixture("mastodon/error_token.json")))
    report = poll(campaign)
    assert report.received == 0
    problem = SocialProblem.objects.get()
    assert problem.kind == Kind.AUTH
    assert "refused our login (“The access token is invalid”)" in problem.message
    assert "STORYDESK_MASTODON_ACCESS_TOKEN" in problem.message
    feed = source(campaign)
    assert feed.failures == 1 and feed.last_error == problem.message
    assert dt.timedelta(minutes=9) < feed.retry_after - timezone.now() <= dt.timedelta(minutes=10)


@pytest.mark.parametrize("answer, words", [
    (Answer(body=b"<html><body>Mastodon is down for maintenance</body></html>",
            headers={"Content-Type": "text/html"}), "couldn't read (not JSON)"),
    (Answer(json={"error": "unexpected"}), "shape we don't know"),
    (Answer(body=b'[{"id": "1", "uri": ', headers={"Content-Type": "application/json"}), "couldn't read"),
])
def test_a_malformed_answer_is_recorded_and_the_cursor_stays(campaign, social, answer, words):
    social.on("GET", TAG_PATH, answer)
    report = poll(campaign)
    assert report.received == 0 and words in report.problems[0]
    problem = SocialProblem.objects.get()
    assert problem.kind == Kind.MALFORMED and problem.detail.startswith("GET http://127.0.0.1")
    assert source(campaign).cursor == ""


@pytest.mark.clock
def test_a_server_error_backs_off_longer_each_time(campaign, social):
    social.on("GET", TAG_PATH, Answer(502, body=b"Bad Gateway", headers={"Content-Type": "text/plain"}))
    waits = []
    for _ in range(3):
        poll(campaign)
        feed = source(campaign)
        waits.append(round((feed.retry_after - timezone.now()).total_seconds() / 60))
        SocialSource.objects.filter(pk=feed.pk).update(retry_after=timezone.now())
    assert waits == [10, 20, 40]
    problem = SocialProblem.objects.get()  # the same problem counts up instead of piling up rows
    assert problem.count == 3 and "is having trouble (it answered 502)" in problem.message


def test_a_post_we_cant_read_is_recorded_and_the_others_are_stored(campaign, social):
    broken = status("status_photo.json", social.url, A)
    del broken["uri"]
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [broken, status("status_video.json", social.url, B)]))
    report = poll(campaign)
    assert report.received == 1
    problem = SocialProblem.objects.get(kind=Kind.MALFORMED)
    assert "sent a post we couldn't read" in problem.message and "no uri or account" in problem.detail
    assert source(campaign).cursor == B


def test_a_50_mb_photo_is_cut_off_and_the_story_kept(campaign, social):
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [status("status_photo.json", social.url, A)]))
    social.on("GET", "/media/kofi-sign.jpg", Answer(chunks=lambda: (b"\xff" * (1 << 20) for _ in range(50))))
    report = poll(campaign)
    assert report.received == 1
    story = Story.objects.get()
    assert story.status == Status.NEEDS_INFO and story.photos.count() == 0
    messages = list(story.social_problems.order_by("id").values_list("kind", "message"))
    assert messages[0] == (Kind.MEDIA, "Photo 1: the photo is larger than the 20 MB we take, so we stopped "
                                       "downloading it at 20 MB. Open the post to see it.")
    assert messages[1][0] == Kind.NO_PHOTO


def test_a_photo_server_that_is_down_holds_the_post_then_lets_it_through(campaign, social):
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [status("status_photo.json", social.url, A)]))
    social.on("GET", "/media/kofi-sign.jpg", Answer(503, body=b"busy"))
    for attempt in (1, 2):
        report = poll(campaign)
        assert report.received == 0 and f"({attempt} of 3 tries)" in report.problems[0]
        assert Story.objects.count() == 0 and source(campaign).cursor == ""
    report = poll(campaign)  # the third time the story is taken without the photo, rather than never
    assert report.received == 1 and source(campaign).cursor == A
    story = Story.objects.get()
    assert story.social_problems.filter(kind=Kind.MEDIA, message__contains="answered 503").exists()
    assert source(campaign).stuck_post == ""


def test_a_photo_that_isnt_a_photo_is_left_out_with_the_reason(campaign, social):
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [status("status_photo.json", social.url, A)]))
    social.on("GET", "/media/kofi-sign.jpg",
              Answer(body=b"%PDF-1.4 not a photo", headers={"Content-Type": "image/jpeg"}))
    poll(campaign)
    problem = Story.objects.get().social_problems.filter(kind=Kind.MEDIA).get()
    assert problem.message.startswith("Photo 1: ")
