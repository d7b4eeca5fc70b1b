"""Instagram intake against a local server that answers like the Graph API: the hashtag's id looked up once and
the 30-a-week budget, recent_media and tags walked by `after` cursor, carousels and videos, Meta's error codes
and usage headers (whose pause publishing and the metrics poll share), big media, and every kind of bad answer."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.publishing import publish_slot
from storydesk.channels.social.connector import NotConfigured
from storydesk.channels.social.poll import poll_channel
from storydesk.channels.social.registry import build_connector
from storydesk.insights.instagram_metrics import poll_instagram_metrics
from storydesk.models import InstagramHashtag, Publication, SocialProblem, SocialSource, Status, Story, Submission
from tests.channels.social.conftest import fixture, photo_answer
from tests.channels.social.platform_server import Answer
from tests.fakes.instagram_graph import ACCOUNT, TOKEN, cursor_at
from tests.publishing.factories import approved_story
from tests.publishing.helpers import due_slot

TAG_ID = "17843857450040591"  # as in fixtures/social/instagram/hashtag_search.json
V = "/v24.0"
SEARCH = f"{V}/ig_hashtag_search"
RECENT = f"{V}/{TAG_ID}/recent_media"
TAGS = f"{V}/{ACCOUNT}/tags"
Kind = SocialProblem.Kind


def media(path: str, base: str, media_id: str | None = None, at: str | None = None, **fields) -> dict:
    data = fixture(f"instagram/{path}", base, **fields)
    if media_id:
        data["id"] = media_id
    if at:
        data["timestamp"] = at
    return data


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("storydesk.channels.social.instagram.walk.PAGE_SIZE", 2)


@pytest.fixture
def graph(instagram_on):
    server = instagram_on
    for name in ("amani-sign.jpg", "carousel-1.jpg", "tagged-sign.jpg"):
        server.on("GET", f"/ig/{name}", photo_answer("camera"))
    server.on("GET", "/ig/carousel-3.jpg", photo_answer("coffee"))
    hashtag = server.add_hashtag("yearofmaleallyship", TAG_ID, media("media_image.json", server.url),
                                 media("media_carousel.json", server.url), media("media_video.json", server.url))
    server.tagged.add(media("tagged_image.json", server.url))
    return hashtag, server.tagged


def graph_calls(server) -> list:
    return [seen for seen in server.requests() if seen.path.startswith(V)]


def poll(campaign, **kwargs):
    return poll_channel("instagram", campaign=campaign, actor=Actor.system(), **kwargs)


def feed(campaign, name: str) -> SocialSource:
    return SocialSource.objects.get(campaign=campaign, channel="instagram", feed=name)


def story_of(media_id: str) -> Story:
    return Submission.objects.get(channel="instagram", source_key=f"instagram:{media_id}").story


# --- what a poll brings in -----------------------------------------------------------------------------

def test_tags_then_the_hashtag_with_the_token_in_a_header_and_the_documented_fields(campaign, graph, instagram_on):
    report = poll(campaign)
    assert (report.received, report.feeds, report.problems) == (4, 2, [])
    calls = instagram_on.requests()
    paths = [c.path for c in calls if c.path.startswith(V)]
    assert paths == [TAGS, SEARCH, RECENT]  # the tags first: what is found there may be asked under
    search = instagram_on.requests(SEARCH)[0]
    assert (search.arg("user_id"), search.arg("q")) == (ACCOUNT, "yearofmaleallyship")
    recent = instagram_on.requests(RECENT)[0]
    assert recent.arg("user_id") == ACCOUNT
    assert recent.arg("fields") == "id,caption,media_type,media_url,permalink,timestamp,children{media_type,media_url}"
    assert instagram_on.requests(TAGS)[0].arg("fields").endswith(",username")
    for call in calls:
        if call.path.startswith(V):
            assert call.headers["authorization"] == f"Bearer {TOKEN}" and "access_token" not in call.query


def test_a_hashtag_post_becomes_a_story_without_an_author(campaign, graph):
    poll(campaign)
    story = story_of("17895695668004550")
    assert story.answer == ("Equality matters to me because my sister should never have to be twice as good to get "
                            "half as far.")
    assert story.photos.count() == 1 and story.status == Status.RECEIVED
    assert story.contributor.social_handle == "" and story.contributor.profile_url == ""
    raw = story.submissions.get().raw
    assert raw["post"]["found_via"] == "hashtag" and raw["post"]["media"]["id"] == "17895695668004550"
    assert raw["url"] == "https://www.instagram.com/p/B9O3xYzAbCd/"
    assert raw["hashtags"] == ["HeForShe", "YearOfMaleAllyship"]


def test_a_tagged_post_names_its_author(campaign, graph):
    poll(campaign)
    story = story_of("17956789012345678")
    assert story.contributor.social_handle == "@tunde.builds"
    assert story.contributor.profile_url == "https://www.instagram.com/tunde.builds/"
    assert story.submissions.get().raw["post"]["found_via"] == "tags"


def test_a_carousel_keeps_its_photos_in_order_and_leaves_its_video_out(campaign, graph, instagram_on):
    poll(campaign)
    story = story_of("17912345678901234")
    assert story.photos.count() == 2
    assert [p.position for p in story.photos.all()] == [0, 1]
    assert not instagram_on.requests("/ig/carousel-2.mp4")  # a video is never downloaded


def test_a_video_post_is_kept_and_flagged_no_photo(campaign, graph):
    poll(campaign)
    story = story_of("17934567890123456")
    assert story.status == Status.NEEDS_INFO and story.photos.count() == 0
    problem = SocialProblem.objects.get(story=story)
    assert problem.kind == Kind.NO_PHOTO
    assert problem.message == ("No photo: the Instagram post has a video but no photo. Watch it on Instagram; the "
                               "story waits here.")


def test_pages_are_walked_by_after_cursor_and_a_repoll_reads_only_what_is_new(campaign, graph, instagram_on,
                                                                            small_pages):
    hashtag, _ = graph
    report = poll(campaign)
    assert report.received == 4
    recent = instagram_on.requests(RECENT)
    assert [c.arg("limit") for c in recent] == ["2", "2"]
    assert recent[0].arg("after") is None and recent[1].arg("after") == cursor_at(2)  # from the first answer
    mark = json.loads(feed(campaign, "#YearOfMaleAllyship").cursor)
    assert mark == {"mark": {"at": "2020-03-02T11:45:00+00:00", "ids": ["17934567890123456"]}, "walk": None}
    instagram_on.seen.clear()
    again = poll(campaign)
    assert (again.received, again.known) == (0, 0)
    assert len(instagram_on.requests(RECENT)) == 1  # the top page reaches the mark: nothing older is asked for
    assert not instagram_on.requests(SEARCH)  # the hashtag's id is kept
    hashtag.add(media("media_image.json", instagram_on.url, "17999999999999999", "2020-03-02T13:00:00+0000"))
    third = poll(campaign)
    assert (third.received, third.known) == (1, 0)
    assert InstagramHashtag.objects.get().lookups == 1


def test_a_walk_longer_than_one_poll_goes_on_from_its_cursor(campaign, graph, instagram_on, small_pages):
    first = poll(campaign, limit=2)  # one page per feed
    assert first.received == 3  # the tagged post, and the two newest hashtag posts
    cursor = json.loads(feed(campaign, "#YearOfMaleAllyship").cursor)
    assert cursor["mark"] is None and cursor["walk"]["after"]
    assert cursor["walk"]["top"]["at"].startswith("2020-03-02T11:45")
    instagram_on.seen.clear()
    second = poll(campaign, limit=2)
    assert second.received == 1
    assert instagram_on.requests(RECENT)[0].arg("after") == cursor["walk"]["after"]
    assert json.loads(feed(campaign, "#YearOfMaleAllyship").cursor)["mark"]["at"].startswith("2020-03-02T11:45")
    assert Story.objects.count() == 4


# --- the hashtag budget --------------------------------------------------------------------------------

def fill_week(count: int, days_ago: float = 1):
    at = timezone.now() - dt.timedelta(days=days_ago)
    for n in range(count):
        InstagramHashtag.objects.create(account_id=ACCOUNT, name=f"other{n}", hashtag_id=str(n),
                                        window_started_at=at + dt.timedelta(minutes=n), last_used_at=at)


@pytest.mark.clock
def test_a_31st_hashtag_in_7_days_is_refused_before_any_call(campaign, graph, instagram_on):
    fill_week(30)
    report = poll(campaign)
    assert report.received == 1  # the tags still come in
    assert not instagram_on.requests(SEARCH) and not instagram_on.requests(RECENT)
    problem = SocialProblem.objects.get(kind=Kind.RATE_LIMIT)
    assert problem.message.startswith("Instagram lets an account query 30 different hashtags in 7 days, and this "
                                      "account has queried 30 since ")
    assert "(#other0, #other1, #other2, #other3, #other4 …); #yearofmaleallyship would be one more" in problem.message
    source = feed(campaign, "#YearOfMaleAllyship")
    first = InstagramHashtag.objects.get(name="other0").window_started_at
    assert source.retry_after == first + dt.timedelta(days=7)
    assert not InstagramHashtag.objects.filter(name="yearofmaleallyship").exists()


@pytest.mark.clock
def test_hashtags_older_than_7_days_free_their_place(campaign, graph, instagram_on):
    fill_week(30, days_ago=8)
    assert poll(campaign).received == 4
    assert InstagramHashtag.objects.get(name="yearofmaleallyship").lookups == 1


@pytest.mark.clock
def test_a_hashtag_already_counted_this_week_is_read_even_with_the_budget_used(campaign, graph, instagram_on):
    poll(campaign)  # counts #yearofmaleallyship
    fill_week(29)
    instagram_on.seen.clear()
    report = poll(campaign)
    assert report.problems == [] and len(instagram_on.requests(RECENT)) == 1


# --- bad answers ---------------------------------------------------------------------------------------

@pytest.mark.clock
def test_a_rate_limit_code_waits_as_long_as_meta_estimates(campaign, graph, instagram_on):
    usage = json.dumps({"17841400000000001": [{"type": "instagram", "call_count": 100, "total_cputime": 12,
                                               "total_time": 20, "estimated_time_to_regain_access": 17}]})
    instagram_on.on("GET", TAGS, Answer(400, fixture("instagram/error_rate_limit.json"),
                                         headers={"X-Business-Use-Case-Usage": usage}))
    report = poll(campaign)
    problem = SocialProblem.objects.get(source=feed(campaign, "@tags"))
    assert problem.kind == Kind.RATE_LIMIT
    assert problem.message.startswith("Instagram says we asked too often (code 4: the app's hourly limit); we'll wait")
    wait = feed(campaign, "@tags").retry_after - timezone.now()
    assert dt.timedelta(minutes=16) < wait <= dt.timedelta(minutes=17)
    assert report.problems


@pytest.mark.clock
@pytest.mark.parametrize("code", [17, 32, 613, 80002])
def test_every_throttling_code_is_a_rate_limit_of_an_hour_without_an_estimate(campaign, graph, instagram_on, code):
    body = {"error": {"message": f"(#{code}) Calls limit reached", "type": "OAuthException", "code": code,
                      "fbtrace_id": "Ab1"}}
    instagram_on.on("GET", TAGS, Answer(403, body))
    poll(campaign)
    source = feed(campaign, "@tags")
    assert f"(code {code}: " in source.last_error
    assert dt.timedelta(minutes=59) < source.retry_after - timezone.now() <= dt.timedelta(hours=1)


@pytest.mark.clock
def test_usage_headers_at_90_percent_pause_the_calls_that_follow(campaign, graph, instagram_on):
    hashtag, tags = graph

    def busy(seen):
        answer = tags(seen)
        answer.headers["X-App-Usage"] = json.dumps({"call_count": 92, "total_cputime": 30, "total_time": 41})
        return answer

    instagram_on.on("GET", TAGS, busy)
    report = poll(campaign)
    assert report.received == 1  # the answer that said 92% is used
    assert not instagram_on.requests(SEARCH) and not instagram_on.requests(RECENT)
    source = feed(campaign, "#YearOfMaleAllyship")
    assert "used 90% or more of what it allows" in source.last_error
    assert dt.timedelta(minutes=59) < source.retry_after - timezone.now() <= dt.timedelta(hours=1)


def test_usage_below_the_threshold_does_not_pause(campaign, graph, instagram_on):
    _, tags = graph

    def fine(seen):
        answer = tags(seen)
        answer.headers["X-App-Usage"] = json.dumps({"call_count": 89, "total_cputime": 10, "total_time": 10})
        return answer

    instagram_on.on("GET", TAGS, fine)
    assert poll(campaign).received == 4


def test_an_expired_token_says_which_setting_to_renew(campaign, graph, instagram_on):
    instagram_on.on("GET", TAGS, Answer(400, fixture("instagram/error_token_expired.json")))
    poll(campaign)
    problem = SocialProblem.objects.filter(kind=Kind.AUTH).first()
    assert problem.message.startswith("Instagram says the campaign's access token has expired (code 190 (“Error "
                                      "validating access token: Session has expired")
    assert "set STORYDESK_INSTAGRAM_ACCESS_TOKEN" in problem.message
    assert '"code": 190' in problem.detail and TOKEN not in problem.detail


def test_a_missing_permission_names_app_review(campaign, graph, instagram_on):
    instagram_on.on("GET", SEARCH, Answer(400, fixture("instagram/error_permission.json")))
    poll(campaign)
    problem = SocialProblem.objects.get(source=feed(campaign, "#YearOfMaleAllyship"))
    assert problem.kind == Kind.CONFIG and "Instagram Public Content Access" in problem.message


@pytest.mark.parametrize("answer, words", [
    (Answer(body=b"<html>Sorry, something went wrong.</html>", headers={"Content-Type": "text/html"}),
     "couldn't read (not JSON)"),
    (Answer(json={"media": []}), "shape we don't know"),
    (Answer(body=b'{"data": [{"id": "1", "caption": ', headers={"Content-Type": "application/json"}), "couldn't read"),
])
def test_a_malformed_answer_is_recorded_and_the_cursor_stays(campaign, graph, instagram_on, answer, words):
    instagram_on.on("GET", TAGS, answer)
    report = poll(campaign)
    assert report.received == 3 and words in report.problems[0]
    assert SocialProblem.objects.get(kind=Kind.MALFORMED).source == feed(campaign, "@tags")
    assert feed(campaign, "@tags").cursor == ""


def test_a_media_object_without_an_id_is_skipped_and_the_rest_kept(campaign, graph, instagram_on):
    _, tags = graph
    broken = media("tagged_image.json", instagram_on.url)
    del broken["id"]
    tags.add(broken)
    assert poll(campaign).received == 4
    assert "sent a media object we couldn't read" in SocialProblem.objects.get(kind=Kind.MALFORMED).message


def test_a_50_mb_photo_is_cut_off_at_20_mb_and_the_story_kept(campaign, graph, instagram_on):
    instagram_on.on("GET", "/ig/tagged-sign.jpg", Answer(chunks=lambda: (b"\xff" * (1 << 20) for _ in range(50))))
    poll(campaign)
    story = story_of("17956789012345678")
    assert story.photos.count() == 0 and story.status == Status.NEEDS_INFO
    assert story.social_problems.filter(kind=Kind.MEDIA, message__contains="stopped downloading it at 20 MB").exists()
    assert instagram_on.streamed["/ig/tagged-sign.jpg"] < 50 * (1 << 20)


def test_off_without_token_or_account_id_and_says_which(campaign, settings, instagram_on):
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = ""
    with pytest.raises(NotConfigured, match="needs STORYDESK_INSTAGRAM_ACCOUNT_ID: "):
        build_connector("instagram", campaign)
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = ""
    with pytest.raises(NotConfigured, match="STORYDESK_INSTAGRAM_ACCESS_TOKEN and STORYDESK_INSTAGRAM_ACCOUNT_ID"):
        build_connector("instagram", campaign)
    assert instagram_on.requests() == []


def test_a_photo_instagram_gives_no_address_for_is_noted_and_the_others_kept(campaign, graph, instagram_on):
    hashtag, _ = graph
    carousel = media("media_carousel.json", instagram_on.url, "17990000000000001", "2020-03-02T14:00:00+0000")
    del carousel["children"]["data"][0]["media_url"]  # as Graph sends media with copyrighted music
    hashtag.add(carousel)
    poll(campaign)
    story = story_of("17990000000000001")
    assert story.photos.count() == 1
    assert story.social_problems.get(kind=Kind.MEDIA).message == (
        "Photo 1: the platform gave no address to download it from. Open the post to see it.")


# --- one usage budget for intake, publishing and the metrics poll -----------------------------------------

@pytest.mark.clock
def test_usage_heard_by_intake_pauses_publishing_and_the_metrics_poll_too(campaign, graph, instagram_on):
    _, tags = graph

    def busy(seen):
        answer = tags(seen)
        answer.headers["X-Business-Use-Case-Usage"] = json.dumps({ACCOUNT: [{"type": "instagram", "call_count": 95,
                                                                             "estimated_time_to_regain_access": 25}]})
        return answer

    instagram_on.on("GET", TAGS, busy)
    poll(campaign)
    heard = len(graph_calls(instagram_on))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "retry"
    publication = Publication.objects.get(slot=slot)
    assert "used 90% or more of what it allows" in publication.error
    assert dt.timedelta(minutes=24) < publication.next_attempt_at - timezone.now() <= dt.timedelta(minutes=25)
    Publication.objects.create(story=story_of("17956789012345678"), target="instagram", external_id="1790",
                               state=Publication.State.PUBLISHED, published_at=timezone.now())
    metrics = poll_instagram_metrics()
    assert metrics.outcome == "rate_limited" and "used 90% or more" in metrics.message
    assert len(graph_calls(instagram_on)) == heard  # neither publishing nor the metrics poll called Instagram
