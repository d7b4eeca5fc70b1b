"""The daily read of the campaign's Instagram posts: likes, comments and reach, stored per post for insights
(engagement.py shows them). The Graph calls are the one client's (storydesk.platforms.instagram).

What Instagram answers (Instagram Media Insights reference, checked November 2026:
https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights):
`GET /{ig-media-id}/insights?metric=reach,likes,comments` gives {"data": [{"name", "period": "lifetime",
"values": [{"value"}], "title", "description", "id"}]}. `impressions` is not asked for: it was deprecated for
all versions on 21 April 2025 and errors for newer media (`views` replaced it). Metrics without data yet are
left out of the answer (they lag up to 48 hours), and a post seen by too few people answers error (#10) "Not
enough viewers"; then likes and comments come from the post's own `like_count` and `comments_count` fields
(IG Media reference: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media).
A deleted post answers code 100, subcode 33, "Object with ID … does not exist"."""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from storydesk.models import EngagementPoll, PostEngagement, Publication, Target
from storydesk.platforms.instagram.client import Graph, missing_settings
from storydesk.platforms.instagram.errors import GraphError

log = logging.getLogger(__name__)

METRICS = ("reach", "likes", "comments")
# Failures in a row (server errors, no answer) before the run stops: the rest would most likely fail the same.
STOP_AFTER_FAILURES = 3
GONE_SUBCODE = 33  # code 100: the object does not exist (or can't be loaded)


@dataclass(frozen=True)
class Reading:
    likes: int | None
    comments: int | None
    reach: int | None


@dataclass(frozen=True)
class PollResult:
    configured: bool
    read: int = 0
    gone: int = 0
    failed: int = 0
    outcome: str = ""
    message: str = ""


def posts_to_read(now: dt.datetime) -> QuerySet:
    """Live Instagram posts of the last STORYDESK_INSTAGRAM_METRICS_DAYS days that still exist, oldest first."""
    since = now - dt.timedelta(days=settings.STORYDESK_INSTAGRAM_METRICS_DAYS)
    return (Publication.objects.filter(target=Target.INSTAGRAM, state=Publication.State.PUBLISHED,
                                       published_at__gte=since)
            .exclude(external_id="").exclude(engagement__gone_at__isnull=False).order_by("published_at", "pk"))


def read_post(graph: Graph, media_id: str) -> Reading:
    try:
        found = graph.media_insights(media_id, METRICS)
    except GraphError as error:
        if not _too_few_viewers(error):
            raise
        found = {}
    likes, comments = found.get("likes"), found.get("comments")
    if likes is None or comments is None:
        live_likes, live_comments = graph.media_counts(media_id)
        likes = live_likes if likes is None else likes
        comments = live_comments if comments is None else comments
    return Reading(likes, comments, found.get("reach"))


def poll_instagram_metrics(*, now: dt.datetime | None = None,
                           progress: Callable[[Publication], None] | None = None) -> PollResult:
    """Read every post due and store its numbers. Never raises: what stopped the run is recorded on its
    EngagementPoll row for staff, and whatever was read before that is kept."""
    now = now or timezone.now()
    if missing_settings():
        return PollResult(configured=False)  # no Instagram account set up: nothing to read, nothing to say
    graph = Graph.from_settings()
    run = EngagementPoll.objects.create(started_at=now)
    read = gone = failed = in_row = 0
    outcome, message = EngagementPoll.Outcome.DONE, ""
    try:
        for publication in posts_to_read(now):
            if progress:
                progress(publication)
            try:
                reading = read_post(graph, publication.external_id)
            except GraphError as error:
                if _gone(error):
                    _store(publication, gone_at=now, problem=(
                        f"Instagram says this post no longer exists (deleted in the app?): {error.describe()}. "
                        "Its last numbers are kept and it won't be asked again."))
                    gone += 1
                    continue
                if error.kind in ("rate_limit", "quota"):
                    outcome, message = EngagementPoll.Outcome.RATE_LIMITED, (
                        f"Instagram asked storydesk to slow down: {error.describe()}. The numbers read before "
                        "that are kept; the next daily poll reads the rest.")
                    break
                if error.kind in ("token", "permission"):
                    outcome, message = EngagementPoll.Outcome.REFUSED, refused_message(error)
                    break
                failed, in_row = failed + 1, in_row + 1
                _store(publication, problem=f"Instagram couldn't give this post's numbers: {error.describe()}. "
                                            "The next poll asks again.")
                if in_row >= STOP_AFTER_FAILURES:
                    outcome, message = EngagementPoll.Outcome.FAILING, (
                        f"Instagram failed {in_row} times in a row, so the poll stopped: {error.describe()}. "
                        "The numbers read before that are kept; the next daily poll tries again.")
                    break
                continue
            in_row = 0
            _store(publication, reading=reading, read_at=now, problem="")
            read += 1
    except Exception as crash:  # a bug or a database hiccup: recorded for staff, never a crashed worker
        log.exception("Instagram metrics poll crashed")
        outcome, message = EngagementPoll.Outcome.FAILING, (
            f"The poll stopped with an unexpected error: {crash.__class__.__name__}: {crash}. The numbers read "
            "before that are kept.")
    finally:
        graph.close()
    EngagementPoll.objects.filter(pk=run.pk).update(finished_at=timezone.now(), outcome=outcome, posts_read=read,
                                                    message=message)
    if message:
        log.warning("Instagram metrics poll: %s", message)
    return PollResult(True, read, gone, failed, outcome, message)


def refused_message(error: GraphError) -> str:
    said = error.describe()
    if error.kind == "token":
        return (f"Instagram refused the access token while reading likes, comments and reach: {said}. Make a new "
                "long-lived token for the campaign's account, set STORYDESK_INSTAGRAM_ACCESS_TOKEN and restart "
                "storydesk; the next daily poll (or `storydesk insights poll-instagram`) reads the numbers again.")
    return (f"The access token may not read post insights: {said}. Grant the app instagram_manage_insights (with "
            "instagram_basic and pages_read_engagement), make a new token, set STORYDESK_INSTAGRAM_ACCESS_TOKEN and "
            "restart storydesk.")


def _store(publication: Publication, *, reading: Reading | None = None, **fields) -> None:
    row, _ = PostEngagement.objects.get_or_create(publication=publication)
    if reading is not None:
        # A number Instagram left out this time keeps its last known value rather than going blank.
        for name in ("likes", "comments", "reach"):
            value = getattr(reading, name)
            if value is not None:
                setattr(row, name, value)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


def _gone(error: GraphError) -> bool:
    return error.code == 100 and (error.subcode == GONE_SUBCODE or "does not exist" in error.message.lower())


def _too_few_viewers(error: GraphError) -> bool:
    return error.code == 10 and "not enough viewers" in error.message.lower()
