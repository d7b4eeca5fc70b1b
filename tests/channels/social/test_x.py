"""X intake against a local server that answers like API v2 recent search: off without a bearer token, walks
by next_token with one since_id, re-polls only for what is newer, photos and videos from `includes`, the
daily read cap kept in the database, the 429 reset, and every kind of bad answer."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.channels.social.connector import NotConfigured
from storydesk.channels.social.permission import why_cannot_ask
from storydesk.channels.social.poll import poll_channel
from storydesk.channels.social.registry import build_connector
from storydesk.models import PlatformReads, SocialProblem, SocialSource, Status, Story, Submission
from tests.channels.social.conftest import fixture, photo_answer
from tests.channels.social.platform_server import Answer
from tests.channels.social.x_search import RecentSearch, snowflake, tweet

SEARCH = "/2/tweets/search/recent"
Kind = SocialProblem.Kind


@pytest.fixture
def search(x_on):
    x_on.on("GET", "/x/media/sign.jpg", photo_answer("camera"))
    found = RecentSearch(x_on.url, [tweet("tweet_photo.json", x_on.url, 30), tweet("tweet_video.json", x_on.url, 20)])
    x_on.on("GET", SEARCH, found)
    return found


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("storydesk.channels.social.x.connector.PAGE_SIZE", 10)


def poll(campaign, **kwargs):
    return poll_channel("x", campaign=campaign, actor=Actor.system(), **kwargs)


def source(campaign) -> SocialSource:
    return SocialSource.objects.get(campaign=campaign, channel="x", feed="#YearOfMaleAllyship")


def plain(x_on, count: int, first_minutes_ago: float = 60) -> list[dict]:
    """Text-only tweets by one author, oldest first."""
    return [tweet("tweet_photo.json", x_on.url, first_minutes_ago - n, n, attachments=None,
                  text=f"Equality matters to me, reason number {n}. #YearOfMaleAllyship") for n in range(count)]


def test_x_is_off_without_a_bearer_token_and_says_why(campaign, social, settings):
    settings.STORYDESK_X_BEARER_TOKEN = ""
    with pytest.raises(NotConfigured, match="X intake needs STORYDESK_X_BEARER_TOKEN .* X bills every post read"):
        build_connector("x", campaign)
    assert social.requests() == []


@pytest.mark.clock
def test_the_first_poll_asks_the_documented_way_from_seven_days_back(campaign, search, x_on):
    report = poll(campaign)
    assert (report.received, report.problems) == (2, [])
    call = x_on.requests(SEARCH)[0]
    assert call.headers["authorization"] == "Bearer x-bearer"
    assert call.arg("query") == "#YearOfMaleAllyship -is:retweet -from:HeForShe"
    assert call.arg("max_results") == "100"
    assert call.arg("expansions") == "attachments.media_keys,author_id"
    assert call.arg("media.fields") == "url,type,preview_image_url,alt_text"
    assert "username" in call.arg("user.fields").split(",")
    assert call.arg("since_id") is None
    start = dt.datetime.fromisoformat(call.arg("start_time").replace("Z", "+00:00"))
    assert dt.timedelta(days=6, hours=23) < timezone.now() - start < dt.timedelta(days=7)
    assert json.loads(source(campaign).cursor) == {"since_id": max((t["id"] for t in search.tweets), key=int),
                                                   "walk": None}


def test_a_photo_post_becomes_a_story_with_its_author(campaign, search):
    poll(campaign)
    first = search.tweets[0]
    story = Submission.objects.get(source_key=f"x:{first['id']}").story
    assert story.answer == ("Equality matters to me because my son should learn that strength means standing up "
                            "for others.")
    assert story.photos.count() == 1
    assert story.contributor.social_handle == "@ravi_k" and story.contributor.profile_url == "https://x.com/ravi_k"
    raw = story.submissions.get().raw
    assert raw["url"] == f"https://x.com/ravi_k/status/{first['id']}"
    assert raw["post"]["tweet"]["text"].endswith("https://t.co/AbCdEf1234")  # the platform's text, whole
    assert raw["media"] == [{"kind": "image", "url": raw["media"][0]["url"],
                             "description": "Ravi holding a #HeForShe sign"}]


def test_a_video_post_is_kept_and_flagged_no_photo_without_downloading_its_preview(campaign, search, x_on):
    poll(campaign)
    story = Submission.objects.get(source_key=f"x:{search.tweets[1]['id']}").story
    assert story.status == Status.NEEDS_INFO and story.photos.count() == 0
    assert SocialProblem.objects.get(story=story).message.startswith("No photo: the X post has a video but no photo.")
    assert not x_on.requests("/x/ext_tw_video_thumb/preview.jpg")


def test_a_walk_pages_with_next_token_and_a_repoll_asks_only_after_its_newest(campaign, x_on, small_pages):
    found = RecentSearch(x_on.url, plain(x_on, 25))
    x_on.on("GET", SEARCH, found)
    assert poll(campaign).received == 25
    calls = x_on.requests(SEARCH)
    assert [c.arg("next_token") for c in calls] == [None, "b26v89c19zqg8o3f10", "b26v89c19zqg8o3f20"]
    assert {c.arg("start_time") for c in calls} == {calls[0].arg("start_time")} and calls[0].arg("max_results") == "10"
    newest = max((t["id"] for t in found.tweets), key=int)
    assert json.loads(source(campaign).cursor) == {"since_id": newest, "walk": None}
    x_on.seen.clear()
    again = poll(campaign)
    assert (again.received, again.known) == (0, 0)
    repoll = x_on.requests(SEARCH)
    assert len(repoll) == 1 and repoll[0].arg("since_id") == newest and repoll[0].arg("start_time") is None
    found.add(tweet("tweet_photo.json", x_on.url, 1, 99, attachments=None, text="One more #YearOfMaleAllyship"))
    assert poll(campaign).received == 1


@pytest.mark.clock
def test_a_since_id_older_than_seven_days_is_not_sent(campaign, search, x_on):
    week_ago = snowflake(timezone.now() - dt.timedelta(days=8))
    SocialSource.objects.create(campaign=campaign, channel="x", feed="#YearOfMaleAllyship",
                                cursor=json.dumps({"since_id": week_ago, "walk": None}))
    assert poll(campaign).received == 2
    call = x_on.requests(SEARCH)[0]
    assert call.arg("since_id") is None and call.arg("start_time")


# --- the daily read cap -------------------------------------------------------------------------------

@pytest.mark.clock
def test_the_daily_cap_stops_reading_and_holds_across_restarts(campaign, x_on, settings):
    settings.STORYDESK_X_DAILY_READ_CAP = 35
    tweets = plain(x_on, 45)
    x_on.on("GET", SEARCH, RecentSearch(x_on.url, tweets))
    report = poll(campaign)
    assert report.received == 35
    assert x_on.requests(SEARCH)[0].arg("max_results") == "35"  # never more than the cap leaves
    assert len(x_on.requests(SEARCH)) == 1  # 0 left: less than X's smallest page of 10
    today = timezone.now().astimezone(dt.UTC).date()
    assert PlatformReads.objects.get(channel="x", day=today).posts == 35
    problem = SocialProblem.objects.get(kind=Kind.RATE_LIMIT)
    assert problem.message == ("X intake has read 35 of the 35 posts a day it may read (STORYDESK_X_DAILY_READ_CAP: "
                               "X bills each post read); it goes on after midnight UTC")
    feed = source(campaign)
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    assert feed.retry_after == tomorrow
    oldest_read = min((t["id"] for t in sorted(tweets, key=lambda t: int(t["id"]), reverse=True)[:35]), key=int)
    assert json.loads(feed.cursor)["walk"]["until_id"] == oldest_read
    # A restart changes nothing: the count is in the database, not in the process.
    SocialSource.objects.filter(pk=feed.pk).update(retry_after=None)
    x_on.seen.clear()
    assert poll(campaign).received == 0 and x_on.requests(SEARCH) == []
    # The next day the walk goes on below the oldest post it read, as a new query.
    PlatformReads.objects.filter(channel="x").update(day=today - dt.timedelta(days=1))
    SocialSource.objects.filter(pk=feed.pk).update(retry_after=None)
    later = poll(campaign)
    assert later.received == 10
    resumed = x_on.requests(SEARCH)[0]
    assert resumed.arg("until_id") == oldest_read and resumed.arg("next_token") is None
    assert json.loads(source(campaign).cursor) == {"since_id": max((t["id"] for t in tweets), key=int), "walk": None}
    assert Story.objects.count() == 45


# --- bad answers ---------------------------------------------------------------------------------------

@pytest.mark.clock
def test_a_429_waits_until_x_rate_limit_reset(campaign, search, x_on):
    reset = int((timezone.now() + dt.timedelta(minutes=12)).timestamp())
    x_on.on("GET", SEARCH, Answer(429, fixture("x/error_rate_limit.json"), headers={
        "x-rate-limit-limit": "450", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)}))
    report = poll(campaign)
    assert report.received == 0 and "says we asked too often" in report.problems[0]
    assert source(campaign).retry_after == dt.datetime.fromtimestamp(reset, dt.UTC)
    x_on.seen.clear()
    assert poll(campaign).waiting and x_on.requests(SEARCH) == []


def test_a_refused_bearer_token_says_which_setting_to_renew(campaign, search, settings):
    settings.STORYDESK_X_BEARER_TOKEN = "revoked"
    poll(campaign)
    problem = SocialProblem.objects.get()
    assert problem.kind == Kind.AUTH
    assert "refused our login (“Unauthorized”)" in problem.message and "set STORYDESK_X_BEARER_TOKEN" in problem.message


@pytest.mark.parametrize("answer, words", [
    (Answer(body=b"<html>Over capacity</html>", headers={"Content-Type": "text/html"}), "couldn't read (not JSON)"),
    (Answer(json={"data": "nope"}), "shape we don't know"),
    (Answer(body=b'{"data": [{"id": ', headers={"Content-Type": "application/json"}), "couldn't read"),
])
def test_a_malformed_answer_is_recorded_and_the_cursor_stays(campaign, x_on, answer, words):
    x_on.on("GET", SEARCH, answer)
    report = poll(campaign)
    assert report.received == 0 and words in report.problems[0]
    assert SocialProblem.objects.get().kind == Kind.MALFORMED and source(campaign).cursor == ""


def test_a_tweet_without_its_author_is_skipped_and_the_rest_kept(campaign, search, x_on):
    search.add(tweet("tweet_photo.json", x_on.url, 5, 1, author_id="999", attachments=None))
    assert poll(campaign).received == 2
    assert "X sent a post we couldn't read" in SocialProblem.objects.get(kind=Kind.MALFORMED).message


def test_a_50_mb_photo_is_cut_off_at_20_mb(campaign, search, x_on):
    x_on.on("GET", "/x/media/sign.jpg", Answer(chunks=lambda: (b"\xff" * (1 << 20) for _ in range(50))))
    poll(campaign)
    story = Submission.objects.get(source_key=f"x:{search.tweets[0]['id']}").story
    assert story.photos.count() == 0
    assert story.social_problems.filter(kind=Kind.MEDIA, message__contains="stopped downloading it at 20 MB").exists()


def test_the_desk_says_plainly_that_it_cannot_ask_on_x(campaign, search, client, staff_user):
    poll(campaign)
    story = Submission.objects.get(source_key=f"x:{search.tweets[0]['id']}").story
    assert why_cannot_ask(story).startswith("storydesk reads X with the app's bearer token, and replying on X needs "
                                            "the campaign account's own sign-in (OAuth user context)")
    client.force_login(staff_user("moderator"))
    page = client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Public post on X" in page and "OAuth user context" in page
    assert "for permission on X</button>" not in page
