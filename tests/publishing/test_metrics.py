"""The daily Instagram metrics poll against the fake Graph API: likes, comments and reach stored, re-read,
and every documented way it goes wrong recorded for staff without crashing the worker."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.cli import main
from storydesk.insights.engagement import engagement
from storydesk.insights.instagram_metrics import poll_instagram_metrics
from storydesk.insights.queries import Filters
from storydesk.models import EngagementPoll, PostEngagement, Publication
from storydesk.tasks import poll_instagram_metrics as daily
from tests.fakes.instagram_graph import Failure, graph_error
from tests.publishing.factories import bare_story

pytestmark = pytest.mark.clock

RATE_LIMIT = Failure(400, graph_error(4, "(#4) Application request limit reached", transient=True))


def posted(campaign, graph, *, days_ago: float = 1, name: str = "Kwame", likes=None, comments=None,
           reach=None) -> Publication:
    """A story that went out on Instagram (the fake holds the post), with its numbers on Instagram's side."""
    story = bare_story(campaign)
    story.display_name = name
    story.save(update_fields=["display_name"])
    media = graph.add_media(story.public_caption, minutes_ago=days_ago * 1440)
    graph.set_metrics(media["id"], likes=likes, comments=comments, reach=reach)
    return Publication.objects.create(story=story, target="instagram", state=Publication.State.PUBLISHED,
                                      external_id=media["id"], permalink=media["permalink"],
                                      published_at=timezone.now() - dt.timedelta(days=days_ago))


def numbers(publication) -> tuple:
    row = PostEngagement.objects.get(publication=publication)
    return row.likes, row.comments, row.reach


def insight_calls(graph) -> list[str]:
    return [path.split("/")[2] for kind, path, _ in graph.calls if kind == "insights"]


def test_likes_comments_and_reach_are_read_and_stored(campaign, graph):
    one = posted(campaign, graph, likes=12, comments=3, reach=240)
    two = posted(campaign, graph, likes=0, comments=0, reach=5)
    result = poll_instagram_metrics()
    assert (result.read, result.outcome, result.message) == (2, "done", "")
    assert numbers(one) == (12, 3, 240) and numbers(two) == (0, 0, 5)
    assert PostEngagement.objects.get(publication=one).read_at is not None
    # One insights call per post, for the metrics that still exist (impressions was deprecated in 2025).
    assert [params["metric"] for params in graph.calls_to("insights")] == ["reach,likes,comments"] * 2
    assert graph.calls_to("media") == []  # insights had everything: no second call
    assert EngagementPoll.objects.get().outcome == "done"


def test_a_second_poll_updates_the_numbers(campaign, graph):
    post = posted(campaign, graph, likes=1, comments=0, reach=10)
    poll_instagram_metrics(now=timezone.now() - dt.timedelta(days=1))
    first_read = PostEngagement.objects.get(publication=post).read_at
    graph.set_metrics(post.external_id, likes=40, comments=7, reach=900)
    poll_instagram_metrics()
    assert numbers(post) == (40, 7, 900)
    assert PostEngagement.objects.get(publication=post).read_at > first_read
    assert PostEngagement.objects.count() == 1


def test_a_new_post_without_insights_yet_takes_likes_and_comments_from_its_fields(campaign, graph):
    fresh = posted(campaign, graph, likes=4, comments=2, reach=None)
    graph.insights_lag.add(fresh.external_id)  # insights answer an empty data set for now
    few = posted(campaign, graph, likes=1, comments=3, reach=2)
    graph.too_few_viewers.add(few.external_id)  # (#10) Not enough viewers for the media to show insights
    result = poll_instagram_metrics()
    assert result.read == 2 and result.outcome == "done"
    assert numbers(fresh) == (4, 2, None) and numbers(few) == (1, 3, None)
    assert [params["fields"] for params in graph.calls_to("media")] == ["like_count,comments_count"] * 2


def test_a_number_left_out_later_keeps_its_last_value(campaign, graph):
    post = posted(campaign, graph, likes=5, comments=1, reach=80)
    poll_instagram_metrics()
    graph.set_metrics(post.external_id, likes=6, comments=1, reach=None)
    poll_instagram_metrics()
    assert numbers(post) == (6, 1, 80)


def test_a_rate_limit_stops_the_run_and_keeps_what_was_read(campaign, graph):
    first, second, third = (posted(campaign, graph, days_ago=d, likes=d, comments=1, reach=10 * d)
                            for d in (3, 2, 1))
    graph.failures["insights"] = [None, RATE_LIMIT]  # the second call is refused
    result = poll_instagram_metrics()
    assert result.outcome == "rate_limited" and result.read == 1
    assert "slow down" in result.message and "code 4" in result.message
    assert numbers(first) == (3, 1, 30)
    assert not PostEngagement.objects.filter(publication__in=[second, third]).exists()
    assert len(insight_calls(graph)) == 2  # the third post was not asked
    run = EngagementPoll.objects.get()
    assert (run.outcome, run.posts_read, run.finished_at is not None) == ("rate_limited", 1, True)
    # The next run reads them all.
    assert poll_instagram_metrics().read == 3
    assert numbers(third) == (1, 1, 10)


def test_a_deleted_post_is_recorded_once_and_not_asked_again(campaign, graph):
    kept = posted(campaign, graph, likes=2, comments=0, reach=9)
    deleted = posted(campaign, graph, likes=8, comments=1, reach=50)
    poll_instagram_metrics()
    graph.delete_media(deleted.external_id)
    result = poll_instagram_metrics()
    assert (result.read, result.gone, result.outcome) == (1, 1, "done")
    row = PostEngagement.objects.get(publication=deleted)
    assert row.gone_at is not None and "no longer exists" in row.problem
    assert (row.likes, row.comments, row.reach) == (8, 1, 50)  # its last numbers stay
    graph.calls.clear()
    poll_instagram_metrics()
    assert insight_calls(graph) == [kept.external_id]


def test_a_refused_token_is_recorded_in_plain_words_and_stops_the_run(campaign, graph, settings):
    post = posted(campaign, graph, likes=1, comments=1, reach=1)
    posted(campaign, graph, likes=1, comments=1, reach=1)
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = "expired-token"
    result = poll_instagram_metrics()
    assert result.outcome == "refused" and result.read == 0
    assert "Instagram refused the access token" in result.message
    assert "STORYDESK_INSTAGRAM_ACCESS_TOKEN" in result.message
    assert "code 190" in result.message
    assert len(graph.calls) == 1  # every other call would be refused the same way
    assert not PostEngagement.objects.filter(publication=post).exists()
    assert EngagementPoll.objects.get().message == result.message


def test_server_errors_and_unreadable_answers_are_recorded_per_post(campaign, graph):
    posts = [posted(campaign, graph, days_ago=d, likes=d, comments=0, reach=d) for d in (4, 3, 2, 1)]
    graph.failures["insights"] = [
        Failure(500, graph_error(2, "An unexpected error has occurred. Please retry your request later.",
                                 transient=True)),
        None,
        Failure(502, "<html><body>502 Bad Gateway</body></html>"),
        Failure(200, {"data": [{"name": "likes", "period": "lifetime", "values": [{"value": "lots"}]}]}),
    ]
    result = poll_instagram_metrics()
    assert (result.read, result.failed, result.outcome) == (1, 3, "done")
    problems = [PostEngagement.objects.get(publication=p).problem for p in posts]
    assert "HTTP 500" in problems[0] and problems[1] == ""
    assert "without a Graph error object" in problems[2] and "HTTP 502" in problems[2]
    assert "count that isn't one" in problems[3]
    assert numbers(posts[1]) == (3, 0, 3)
    client_rows = [PostEngagement.objects.get(publication=p).read_at for p in posts]
    assert client_rows[0] is None and client_rows[1] is not None
    assert poll_instagram_metrics().read == 4  # and they are asked again next time
    assert all(PostEngagement.objects.get(publication=p).problem == "" for p in posts)


def test_instagram_failing_again_and_again_stops_the_run(campaign, graph):
    for d in (5, 4, 3, 2, 1):
        posted(campaign, graph, days_ago=d, likes=1, comments=1, reach=1)
    graph.fail_next("insights", Failure(503, graph_error(2, "Service temporarily unavailable")), times=5)
    result = poll_instagram_metrics()
    assert (result.read, result.failed, result.outcome) == (0, 3, "failing")
    assert "3 times in a row" in result.message
    assert len(insight_calls(graph)) == 3


def test_old_and_unpublished_posts_are_not_read(campaign, graph, settings):
    settings.STORYDESK_INSTAGRAM_METRICS_DAYS = 30
    recent = posted(campaign, graph, days_ago=29, likes=1, comments=1, reach=1)
    posted(campaign, graph, days_ago=31, likes=1, comments=1, reach=1)
    removed = posted(campaign, graph, likes=1, comments=1, reach=1)
    Publication.objects.filter(pk=removed.pk).update(state=Publication.State.REMOVAL_NEEDED)
    poll_instagram_metrics()
    assert insight_calls(graph) == [recent.external_id]


def test_without_instagram_the_poll_and_its_daily_task_do_nothing_quietly(campaign, settings):
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = ""
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = ""
    bare_story(campaign)
    assert poll_instagram_metrics().configured is False
    assert daily.call_local() == "Instagram not set up"
    assert not EngagementPoll.objects.exists()


def test_the_daily_task_runs_once_a_day_at_the_set_hour(settings):
    schedule = daily.s().validate_datetime
    day = dt.datetime(2026, 3, 5)
    due = [hour for hour in range(24) for minute in range(60) if schedule(day.replace(hour=hour, minute=minute))]
    assert due == [settings.STORYDESK_INSTAGRAM_METRICS_HOUR]


def test_the_daily_task_polls_through_the_fake_graph(campaign, graph):
    post = posted(campaign, graph, likes=3, comments=2, reach=70)
    assert daily.call_local() == "done: 1 read"
    assert numbers(post) == (3, 2, 70)


def test_the_command_reads_now(campaign, graph, capsys):
    post = posted(campaign, graph, likes=9, comments=4, reach=120)
    assert main(["insights", "poll-instagram"]) == 0
    assert "Read 1 post;" in capsys.readouterr().err
    assert numbers(post) == (9, 4, 120)


def test_the_command_says_when_a_run_stopped(campaign, graph, settings, capsys):
    posted(campaign, graph, likes=1, comments=1, reach=1)
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = "expired-token"
    assert main(["insights", "poll-instagram"]) == 1
    assert "Instagram refused the access token" in capsys.readouterr().err


def test_the_dashboard_shows_the_polled_numbers_and_why_a_run_stopped(campaign, graph, staff_user, client,
                                                                    settings):
    post = posted(campaign, graph, name="Kwame", likes=21, comments=5, reach=300)
    client.force_login(staff_user("manager"))
    html = client.get(reverse("desk:insights")).content.decode()
    assert "Not read yet: the numbers are read daily at 04:23 UTC" in html
    poll_instagram_metrics()
    html = client.get(reverse("desk:insights")).content.decode()
    assert "Not read yet" not in html
    section = html[html.index('id="engagement"'):]
    assert f'<a href="{post.permalink}" rel="noopener">Kwame, {post.published_at:%Y-%m-%d}</a>' in section
    assert "<td>21</td><td>5</td><td>300</td>" in section
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = "expired-token"
    poll_instagram_metrics()
    html = client.get(reverse("desk:insights")).content.decode()
    assert "stopped early. Instagram refused the access token" in html
    assert "<td>21</td><td>5</td><td>300</td>" in html  # the last numbers read stay on show


def test_doctor_tells_when_the_numbers_were_last_read_and_a_refused_token(campaign, graph, settings, capsys):
    posted(campaign, graph, likes=1, comments=1, reach=1)
    poll_instagram_metrics()
    main(["doctor"])  # (its social intake line wants intake's own token setting, which these tests leave out)
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("instagram metrics"))
    assert "ok: read daily at 04:23 UTC, posts of the last 90 days; last run" in line and "1 posts read" in line
    graph.calls.clear()
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = "expired-token"
    poll_instagram_metrics()
    assert main(["doctor"]) == 1
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("instagram metrics"))
    assert "PROBLEM: the last poll" in line and "Instagram refused the access token" in line
    assert graph.calls[1:] == []  # doctor itself asked Instagram nothing


def test_a_post_whose_last_read_failed_keeps_its_numbers_and_says_so(campaign, graph):
    posted(campaign, graph, likes=2, comments=1, reach=30)
    poll_instagram_metrics()
    graph.fail_next("insights", Failure(500, graph_error(2, "Service temporarily unavailable")))
    poll_instagram_metrics()
    today = timezone.now().date()
    table = engagement(campaign, Filters(today - dt.timedelta(days=7), today))
    assert table.rows[0][1:4] == (2, 1, 30) and table.rows[0][4].endswith("(last try failed)")
    assert table.rows[-1][:4] == ("Total (1 post)", 2, 1, 30)
