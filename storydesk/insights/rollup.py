"""The dashboard's per-day summary (models.InsightsCount): recount the days the database triggers logged as
changed (models.InsightsDirtyDay), and add days up for a date range.

A day is recounted whole, from each of its stories' flags as counts_from_stories.py defines them, for all
channels and for each channel seen that day. Refreshing before a read makes every figure agree with the data;
the worker also refreshes every minute, so the dashboard rarely finds much to do."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Sum

from storydesk.insights import counts_from_stories, waits
from storydesk.insights.counts_from_stories import STAGES, Filters
from storydesk.models import Campaign, InsightsCount, InsightsDirtyDay, StoryTheme, Submission

DELETE_CHUNK = 500
# The most changed days a page recounts before answering; beyond that (a migration, a bulk import) the
# worker's refresh does it and the page says which figures are behind.
READ_RECOUNT_DAYS = 14
# An arbitrary tag for PostgreSQL's advisory lock, so two refreshes never count one campaign at once.
LOCK_TAG = 0x5D1_0000


def refresh(campaign: Campaign | None = None, filters: Filters | None = None) -> int:
    """Recount every logged day (of one campaign, or all; in the range of `filters`, if given); returns how
    many days were recounted."""
    logged = InsightsDirtyDay.objects.order_by("id")
    if campaign is not None:
        logged = logged.filter(campaign=campaign)
    if filters is not None:
        logged = logged.filter(day__gte=filters.start, day__lte=filters.end)
    entries = list(logged.values_list("id", "campaign_id", "day"))
    if not entries:
        return 0
    days = sorted({(campaign_id, day) for _, campaign_id, day in entries})
    campaigns = Campaign.objects.in_bulk({campaign_id for campaign_id, _ in days})
    for campaign_id, day in days:
        if campaign_id in campaigns:
            recount_day(campaigns[campaign_id], day)
    # Only the entries read above: a change logged since then is recounted next time.
    ids = [entry_id for entry_id, _, _ in entries]
    for start in range(0, len(ids), DELETE_CHUNK):
        InsightsDirtyDay.objects.filter(id__in=ids[start:start + DELETE_CHUNK]).delete()
    return len(days)


def days_waiting(campaign: Campaign, filters: Filters | None = None) -> int:
    """How many changed days (in the range of `filters`, if given) wait to be recounted."""
    logged = InsightsDirtyDay.objects.filter(campaign=campaign)
    if filters is not None:
        logged = logged.filter(day__gte=filters.start, day__lte=filters.end)
    return logged.values("day").distinct().count()


def refresh_for_reading(campaign: Campaign, filters: Filters | None = None) -> int:
    """Recount what changed (in the range of `filters`, if given) unless it is more than a page should wait
    for; returns the days still waiting."""
    waiting = days_waiting(campaign, filters)
    if waiting > READ_RECOUNT_DAYS:
        return waiting
    refresh(campaign, filters)
    return 0


def recount_day(campaign: Campaign, day: dt.date) -> None:
    with transaction.atomic():
        # Count inside the lock: a refresh that waited counts what the one before it committed.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_TAG + campaign.pk])
        rows = list(_count_day(campaign, day))
        InsightsCount.objects.filter(campaign=campaign, day=day).delete()
        InsightsCount.objects.bulk_create(rows, batch_size=1000)


def _count_day(campaign: Campaign, day: dt.date):
    """The day's counts, for all channels ("") and for each channel seen that day. Four queries read the
    day's stories once (each with its stage and consent flags), their channels, themes and first decisions;
    the channels are then counted from those rows, so a busy day costs the same however many channels."""
    everyone = Filters(day, day)
    facts = list(counts_from_stories.story_facts(campaign, everyone))
    if not facts:
        return
    arrived = counts_from_stories.stories(campaign, everyone)
    channels_of: dict[int, set[str]] = defaultdict(set)
    for story_id, channel in Submission.objects.filter(story__in=arrived).values_list("story_id", "channel"):
        channels_of[story_id].add(channel)
    themes_of: dict[int, list[str]] = defaultdict(list)
    for story_id, name in StoryTheme.objects.filter(story__in=arrived).values_list("story_id", "name"):
        themes_of[story_id].append(name)
    decided = counts_from_stories.first_decisions(campaign, everyone)
    for channel in ["", *sorted(set().union(*channels_of.values()))]:
        chosen = [f for f in facts if not channel or channel in channels_of[f["pk"]]]
        ids = {f["pk"] for f in chosen}
        counts = {
            "stage": {"received": len(chosen), **{stage: sum(f[stage] for f in chosen) for stage, _ in STAGES[1:]}},
            "country": Counter(f["country"] or "" for f in chosen),
            "language": Counter(f["language"] or "" for f in chosen),
            "theme": Counter(name for f in chosen for name in set(themes_of[f["pk"]])),
            "consent": {"website": sum(f["website"] for f in chosen), "instagram": sum(f["instagram"] for f in chosen),
                        "both": sum(f["website"] and f["instagram"] for f in chosen),
                        "neither": sum(not f["website"] and not f["instagram"] for f in chosen)},
        }
        for measure, by_key in counts.items():
            for key, n in by_key.items():
                if n:
                    yield InsightsCount(campaign=campaign, day=day, channel=channel, measure=measure, key=key, n=n)
        spread = Counter((str(actor or ""), waits.bucket_of(seconds))
                         for story_id, actor, seconds in decided if story_id in ids)
        for (actor, bucket), n in spread.items():
            yield InsightsCount(campaign=campaign, day=day, channel=channel, measure="wait", key=actor,
                                bucket=bucket, n=n)


def _in_range(campaign: Campaign, filters: Filters, measure: str):
    return InsightsCount.objects.filter(campaign=campaign, measure=measure, channel=filters.channel,
                                        day__gte=filters.start, day__lte=filters.end)


def totals(campaign: Campaign, filters: Filters, measure: str) -> dict[str, int]:
    """key → stories over the range."""
    grouped = _in_range(campaign, filters, measure).values("key").annotate(total=Sum("n")).order_by()
    return {g["key"]: g["total"] for g in grouped}


def per_day(campaign: Campaign, filters: Filters, measure: str) -> list[tuple[dt.date, str, int]]:
    """(day, key, n) rows over the range, on the chosen channel (or all)."""
    return list(_in_range(campaign, filters, measure).values_list("day", "key", "n"))


def per_channel_day(campaign: Campaign, filters: Filters) -> list[tuple[dt.date, str, int]]:
    """(day, channel, stories received) over the range: each channel, or only the chosen one."""
    rows = InsightsCount.objects.filter(campaign=campaign, measure="stage", key="received",
                                        day__gte=filters.start, day__lte=filters.end)
    rows = rows.filter(channel=filters.channel) if filters.channel else rows.exclude(channel="")
    return list(rows.values_list("day", "channel", "n"))


def wait_counts(campaign: Campaign, filters: Filters) -> dict[tuple[str, int], int]:
    """(moderator's user id as text, "" when deleted; wait bucket) → first decisions over the range."""
    grouped = (_in_range(campaign, filters, "wait").values("key", "bucket").annotate(total=Sum("n")).order_by())
    return {(g["key"], g["bucket"]): g["total"] for g in grouped}


def received_outside(campaign: Campaign, filters: Filters) -> tuple[int, int]:
    """Stories (every channel) that arrived before the range, and after it."""
    received = InsightsCount.objects.filter(campaign=campaign, measure="stage", key="received", channel="")
    before = received.filter(day__lt=filters.start).aggregate(n=Sum("n"))["n"] or 0
    after = received.filter(day__gt=filters.end).aggregate(n=Sum("n"))["n"] or 0
    return before, after


def channels(campaign: Campaign) -> list[str]:
    return list(InsightsCount.objects.filter(campaign=campaign, measure="stage", key="received")
                .exclude(channel="").values_list("channel", flat=True).distinct().order_by("channel"))
