"""Social intake's writes: a feed's progress (cursor, backoff), the problems staff should see, and what the
platforms' own budgets count (Instagram's hashtags per week, X's posts read per day)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.models import Campaign, InstagramHashtag, PlatformReads, SocialProblem, SocialSource, Story

# The same problem again within this time counts up on its row instead of adding one per poll.
COALESCE_WITHIN = dt.timedelta(hours=24)
MAX_BACKOFF = dt.timedelta(hours=4)


def source_for(campaign: Campaign, channel: str, feed: str) -> SocialSource:
    source, _ = SocialSource.objects.get_or_create(campaign=campaign, channel=channel, feed=feed)
    return source


def advance_cursor(source: SocialSource, cursor: str, *, received: int) -> None:
    """Every post before this cursor is stored: move the mark (and forget any post that was stuck)."""
    SocialSource.objects.filter(pk=source.pk).update(cursor=cursor, stuck_post="", stuck_attempts=0,
                                                     posts_received=F("posts_received") + received)
    source.cursor, source.stuck_post, source.stuck_attempts = cursor, "", 0
    source.posts_received += received


def hold_at(source: SocialSource, post_key: str) -> int:
    """A post failed for a passing reason: the cursor stays before it. Returns how often it has failed."""
    attempts = source.stuck_attempts + 1 if source.stuck_post == post_key else 1
    SocialSource.objects.filter(pk=source.pk).update(stuck_post=post_key[:300], stuck_attempts=attempts)
    source.stuck_post, source.stuck_attempts = post_key[:300], attempts
    return attempts


def poll_started(source: SocialSource) -> None:
    source.last_polled_at = timezone.now()
    SocialSource.objects.filter(pk=source.pk).update(last_polled_at=source.last_polled_at)


def poll_succeeded(source: SocialSource) -> None:
    now = timezone.now()
    SocialSource.objects.filter(pk=source.pk).update(last_success_at=now, failures=0, retry_after=None,
                                                     last_error="")
    source.last_success_at, source.failures, source.retry_after, source.last_error = now, 0, None, ""


def poll_failed(source: SocialSource, message: str, *, retry_at: dt.datetime | None, base_minutes: int) -> None:
    """Wait before polling this feed again: as long as the platform asked, else doubling with each failure."""
    failures = source.failures + 1
    backoff = min(dt.timedelta(minutes=base_minutes) * 2 ** (failures - 1), MAX_BACKOFF)
    retry_after = max(retry_at, timezone.now()) if retry_at else timezone.now() + backoff
    SocialSource.objects.filter(pk=source.pk).update(failures=failures, retry_after=retry_after,
                                                     last_error=message)
    source.failures, source.retry_after, source.last_error = failures, retry_after, message


def record_problem(campaign: Campaign, *, channel: str, kind: str, message: str, actor: Actor, detail: str = "",
                   source: SocialSource | None = None, post_key: str = "", post_url: str = "",
                   story: Story | None = None) -> SocialProblem:
    """Write (or count again) a problem for staff, and leave it in the audit trail."""
    with transaction.atomic():
        recent = (SocialProblem.objects.select_for_update()
                  .filter(campaign=campaign, channel=channel, source=source, kind=kind, message=message,
                          post_key=post_key[:300], story=story,
                          last_seen_at__gte=timezone.now() - COALESCE_WITHIN)
                  .order_by("-last_seen_at").first())
        if recent is not None:
            recent.count += 1
            recent.detail = detail or recent.detail
            recent.save(update_fields=["count", "detail", "last_seen_at"])
            return recent
        problem = SocialProblem.objects.create(
            campaign=campaign, channel=channel, source=source, kind=kind, message=message, detail=detail,
            post_key=post_key[:300], post_url=post_url[:500], story=story)
        audit("social.problem", actor=actor, campaign=campaign, story=story, channel=channel, kind=kind,
              message=message, feed=source.feed if source else "", post=post_key[:300])
    return problem


def count_posts_read(channel: str, posts: int) -> int:
    """Add posts read today (UTC) on a pay-per-post platform; returns today's total."""
    today = timezone.now().astimezone(dt.UTC).date()
    PlatformReads.objects.get_or_create(channel=channel, day=today)
    if posts:
        PlatformReads.objects.filter(channel=channel, day=today).update(posts=F("posts") + posts)
    return PlatformReads.objects.get(channel=channel, day=today).posts


def hashtag_used(account_id: str, name: str, *, new_window: bool) -> InstagramHashtag:
    """The account queried this hashtag now; `new_window` when this query starts its 7 days (again)."""
    now = timezone.now()
    row, created = InstagramHashtag.objects.get_or_create(
        account_id=account_id, name=name, defaults={"window_started_at": now, "last_used_at": now})
    if not created:
        row.last_used_at = now
        if new_window:
            row.window_started_at = now
        row.save(update_fields=["last_used_at", "window_started_at"])
    return row


def hashtag_looked_up(row: InstagramHashtag, hashtag_id: str) -> None:
    InstagramHashtag.objects.filter(pk=row.pk).update(hashtag_id=hashtag_id, lookups=F("lookups") + 1)
    row.hashtag_id, row.lookups = hashtag_id, row.lookups + 1
