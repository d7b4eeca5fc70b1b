"""The dashboard's tables, read from the per-day summary (rollup.py) after recounting any day that changed.
A table is a list of plain rows; its chart and its CSV are drawn from the same rows. What each number means
is defined once, in counts_from_stories.py."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from storydesk.countries import country_name
from storydesk.insights import rollup, waits
from storydesk.insights.counts_from_stories import CONSENTS, STAGES, Filters
from storydesk.insights.engagement import engagement
from storydesk.insights.table import Named, Table
from storydesk.languages import english_name
from storydesk.models import Slot, Target
from storydesk.models.submission import channel_label


def funnel(campaign, filters: Filters) -> Table:
    counts = rollup.totals(campaign, filters, "stage")
    rows, before = [], None
    for stage, label in STAGES:
        n = counts.get(stage, 0)
        rows.append((label, n, "" if before is None else before - n))
        before = n
    return Table("funnel", "Funnel", ("Stage", "Stories", "Dropped since the stage before"), rows)


def arrivals(campaign, filters: Filters, *, per: str) -> Table:
    """Stories per day or week by the channel they arrived on (one on two channels counts in each)."""
    grouped: dict[tuple[str, str], int] = defaultdict(int)
    for day, channel, n in rollup.per_channel_day(campaign, filters):
        grouped[(_period(day, per), channel)] += n
    return Table(f"per-{per}", f"Stories per {per} by channel",
                 ("Day" if per == "day" else "Week of", "Channel", "Stories"),
                 [(period, Named(channel_label(channel), channel), n)
                  for (period, channel), n in sorted(grouped.items())])


# How a country or language code is named (in English: the desk is).
NAMES = {"country": country_name, "language": english_name}


def by_field(campaign, filters: Filters, field: str, title: str, label: str) -> Table:
    counts = rollup.totals(campaign, filters, field)
    return Table(f"{field}s" if field != "country" else "countries", title, (label, "Stories"),
                 [(Named(NAMES[field](key), key) if key else "unknown", n)
                  for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))])


def themes_over_time(campaign, filters: Filters) -> Table:
    grouped: dict[tuple[str, str], int] = defaultdict(int)
    for day, name, n in rollup.per_day(campaign, filters, "theme"):
        grouped[(_period(day, "week"), name)] += n
    return Table("themes", "Themes per week", ("Week of", "Theme", "Stories"),
                 [(week, name, n) for (week, name), n in sorted(grouped.items())])


def moderation_times(campaign, filters: Filters) -> Table:
    """Time from a story's arrival to its first decision: the range holding the median and the 90th
    percentile (nearest rank), overall and per moderator."""
    spread = rollup.wait_counts(campaign, filters)
    overall: dict[int, int] = defaultdict(int)
    per_actor: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (actor, bucket), n in spread.items():
        overall[bucket] += n
        per_actor[actor][bucket] += n
    names = dict(get_user_model().objects.filter(pk__in=[a for a in per_actor if a])
                 .values_list("pk", "username"))
    rows = [("All moderators", *_wait_summary(overall))]
    named = sorted(((names.get(int(actor)) if actor else None) or "(account deleted)", counts)
                   for actor, counts in per_actor.items())
    rows += [(name, *_wait_summary(counts)) for name, counts in named]
    return Table("moderation", "Time to first decision", ("Moderator", "Decisions", "Median", "90th percentile"),
                 rows)


def _wait_summary(counts: dict[int, int]) -> tuple[int, str, str]:
    median, p90 = waits.nearest_rank(counts, 0.5), waits.nearest_rank(counts, 0.9)
    return (sum(counts.values()), "" if median is None else waits.label(median),
            "" if p90 is None else waits.label(p90))


def wait_spread(campaign, filters: Filters) -> Table:
    """How many first decisions came within each range of time: the shape behind the medians."""
    spread: dict[int, int] = defaultdict(int)
    for (_, bucket), n in rollup.wait_counts(campaign, filters).items():
        spread[bucket] += n
    return Table("waits", "Time to first decision, all moderators", ("Waited", "Decisions"),
                 [(waits.label(bucket), spread[bucket]) for bucket in sorted(spread)])


def publishing(campaign, filters: Filters) -> Table:
    """Per week and target: slots with a story placed, and how many of those went out. A year holds a few
    hundred slots, so this reads them directly."""
    start, end = filters.window
    grouped = (Slot.objects.filter(campaign=campaign, starts_at__gte=start, starts_at__lt=end, story__isnull=False)
               .values("starts_at", "target").annotate(planned=Count("pk"),
                                                        done=Count("pk", filter=Q(state=Slot.State.PUBLISHED))))
    weeks: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for g in grouped:
        counts = weeks[(_period(g["starts_at"].astimezone(dt.UTC).date(), "week"), g["target"])]
        counts[0] += g["planned"]
        counts[1] += g["done"]
    return Table("publishing", "Publishing: planned and done", ("Week of", "Target", "Planned", "Published"),
                 [(week, Named(Target(target).label, target), planned, done)
                  for (week, target), (planned, done) in sorted(weeks.items())])


def consent_coverage(campaign, filters: Filters) -> Table:
    """Stories holding each consent now (given and not withdrawn)."""
    counts = rollup.totals(campaign, filters, "consent")
    total = rollup.totals(campaign, filters, "stage").get("received", 0)
    rows = [(label, counts.get(key, 0), _percent(counts.get(key, 0), total)) for key, label in CONSENTS]
    return Table("consent", "Consent coverage", ("Consent", "Stories", "Share of stories (%)"), rows)


# The dashboard's blocks in page order: slug → the query that makes its table (the CSV asks for one alone).
TABLES = {
    "funnel": funnel,
    "per-day": lambda campaign, filters: arrivals(campaign, filters, per="day"),
    "per-week": lambda campaign, filters: arrivals(campaign, filters, per="week"),
    "countries": lambda campaign, filters: by_field(campaign, filters, "country", "Countries", "Country"),
    "themes": themes_over_time,
    "languages": lambda campaign, filters: by_field(campaign, filters, "language", "Languages", "Language"),
    "moderation": moderation_times,
    "waits": wait_spread,
    "publishing": publishing,
    "consent": consent_coverage,
    "engagement": engagement,
}

# Tables read from their own rows (slots, posts), never from the summary: they are never behind it.
DIRECT = {"publishing", "engagement"}


def channels(campaign) -> list[str]:
    """The channels stories have arrived on, for the channel filter."""
    return rollup.channels(campaign)


def all_tables(campaign, filters: Filters) -> list[Table]:
    """Every table, from the summary as it stands: callers refresh it first (rollup.refresh or
    rollup.refresh_for_reading)."""
    return [make(campaign, filters) for make in TABLES.values()]


def _period(day: dt.date, per: str) -> str:
    # Weeks start on Monday, as the database's week truncation does.
    return (day if per == "day" else day - dt.timedelta(days=day.weekday())).isoformat()


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0
