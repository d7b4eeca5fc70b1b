"""The dashboard's numbers. Every one is a GROUP BY in the database (on indexed columns), never a Python
loop over stories: a table is a list of plain rows, and a chart is drawn from the same rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import RowNumber, TruncDate, TruncWeek
from django.db.models.expressions import Window

from storydesk.insights.engagement import engagement
from storydesk.models import Consent, Decision, Publication, Slot, Story, StoryTheme, Submission, Verdict
from storydesk.models.story import Status

# A moderator's answer to a story; assigning, merging and reopening are not decisions on its content.
DECIDING = ("approve", "reject", "needs_info")


@dataclass(frozen=True)
class Table:
    """One block of the dashboard: its columns and rows, which the HTML table, the chart and the CSV share."""

    slug: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple]


@dataclass(frozen=True)
class Filters:
    start: dt.date  # first day, inclusive (UTC)
    end: dt.date  # last day, inclusive
    channel: str = ""  # "" is every channel

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=dt.UTC)
        return start, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def stories(campaign, filters: Filters):
    """The stories that arrived in the range (on the channel). Merged duplicates are left out: their
    submissions now belong to the story they were merged into, which is counted instead."""
    start, end = filters.window
    chosen = Story.objects.filter(campaign=campaign, created_at__gte=start, created_at__lt=end).exclude(
        status=Status.MERGED)
    if filters.channel:
        chosen = chosen.filter(Exists(Submission.objects.filter(story=OuterRef("pk"), channel=filters.channel)))
    return chosen


def _has(model, **lookups):
    return Exists(model.objects.filter(story=OuterRef("pk"), **lookups))


def funnel(campaign, filters: Filters) -> Table:
    """How far stories got. Each stage also requires the ones before it, so a stage never exceeds the last."""
    screened = _has(Verdict)
    reviewed = screened & (Q(status__in=[Status.IN_REVIEW, Status.APPROVED]) | _has(Decision, action__in=DECIDING))
    approved = reviewed & (Q(status=Status.APPROVED) | _has(Decision, action="approve"))
    published = approved & _has(Publication, published_at__isnull=False)
    counts = stories(campaign, filters).aggregate(
        received=Count("pk"), screened=Count("pk", filter=screened), in_review=Count("pk", filter=reviewed),
        approved=Count("pk", filter=approved), published=Count("pk", filter=published))
    rows, before = [], None
    for stage, label in (("received", "Received"), ("screened", "Screened"), ("in_review", "In review"),
                         ("approved", "Approved"), ("published", "Published")):
        rows.append((label, counts[stage], "" if before is None else before - counts[stage]))
        before = counts[stage]
    return Table("funnel", "Funnel", ("Stage", "Stories", "Dropped since the stage before"), rows)


def arrivals(campaign, filters: Filters, *, per: str) -> Table:
    """Stories per day or week by the channel they arrived on (one on two channels counts in each)."""
    trunc = TruncDate if per == "day" else TruncWeek
    subs = Submission.objects.filter(story__in=stories(campaign, filters))
    if filters.channel:
        subs = subs.filter(channel=filters.channel)
    grouped = (subs.annotate(period=trunc("story__created_at")).values("period", "channel")
               .annotate(n=Count("story", distinct=True)).order_by("period", "channel"))
    rows = [(_day(g["period"]), g["channel"], g["n"]) for g in grouped]
    return Table(f"per-{per}", f"Stories per {per} by channel",
                 ("Day" if per == "day" else "Week of", "Channel", "Stories"), rows)


def by_field(campaign, filters: Filters, field: str, title: str, label: str) -> Table:
    grouped = stories(campaign, filters).values(field).annotate(n=Count("pk")).order_by("-n", field)
    return Table(f"{field}s" if field != "country" else "countries", title, (label, "Stories"),
                 [(g[field] or "unknown", g["n"]) for g in grouped])


def themes_over_time(campaign, filters: Filters) -> Table:
    grouped = (StoryTheme.objects.filter(story__in=stories(campaign, filters))
               .annotate(period=TruncWeek("story__created_at")).values("period", "name")
               .annotate(n=Count("story", distinct=True)).order_by("period", "name"))
    return Table("themes", "Themes per week", ("Week of", "Theme", "Stories"),
                 [(_day(g["period"]), g["name"], g["n"]) for g in grouped])


def moderation_times(campaign, filters: Filters) -> Table:
    """Hours from a story's arrival to its first decision: median and 90th percentile, overall and per
    moderator. Percentiles are the nearest rank (the value at rank ⌈p·n⌉), found with window functions so
    SQLite, which has no percentile aggregate, gives the same numbers as PostgreSQL."""
    earlier = Decision.objects.filter(story=OuterRef("story"), action__in=DECIDING,
                                      created_at__lt=OuterRef("created_at"))
    wait = ExpressionWrapper(F("created_at") - F("story__created_at"), output_field=DurationField())
    first = (Decision.objects.filter(story__in=stories(campaign, filters), action__in=DECIDING)
             .exclude(Exists(earlier)).annotate(wait=wait))
    overall = _percentiles_by(first, None).get(None, (0, "", ""))
    rows = [("All moderators", *overall)]
    per_actor = _percentiles_by(first, "actor__username")
    rows += [(name or "(account deleted)", *values)
             for name, values in sorted(per_actor.items(), key=lambda item: item[0] or "")]
    return Table("moderation", "Time to first decision (hours)",
                 ("Moderator", "Decisions", "Median", "90th percentile"), rows)


def _ranked(first, partition):
    by = [F(partition)] if partition else []
    return first.annotate(rank=Window(RowNumber(), partition_by=by, order_by=[F("wait").asc(), F("pk").asc()]),
                          n=Window(Count("pk"), partition_by=by))


def _percentiles_by(first, partition: str | None) -> dict:
    """partition value → (decisions, median hours, p90 hours); partition None → one row, key None."""
    found: dict = {}
    for p, column in ((0.5, 1), (0.9, 2)):
        # rank - 1 < p·n ≤ rank: exactly the nearest-rank row of each moderator.
        picked = _ranked(first, partition).filter(rank__gte=F("n") * p, rank__lt=F("n") * p + 1)
        for row in picked.values(*([partition] if partition else []), "wait", "n"):
            values = found.setdefault(row.get(partition), [row["n"], None, None])
            values[column] = _hours(row["wait"])
    return {k: tuple(v) for k, v in found.items()}


def publishing(campaign, filters: Filters) -> Table:
    """Per week and target: slots with a story placed, and how many of those went out."""
    start, end = filters.window
    grouped = (Slot.objects.filter(campaign=campaign, starts_at__gte=start, starts_at__lt=end, story__isnull=False)
               .annotate(period=TruncWeek("starts_at")).values("period", "target")
               .annotate(planned=Count("pk"), done=Count("pk", filter=Q(state=Slot.State.PUBLISHED)))
               .order_by("period", "target"))
    return Table("publishing", "Publishing: planned and done", ("Week of", "Target", "Planned", "Published"),
                 [(_day(g["period"]), g["target"], g["planned"], g["done"]) for g in grouped])


def consent_coverage(campaign, filters: Filters) -> Table:
    """Stories holding each consent now (given and not withdrawn)."""
    live = {"given_at__isnull": False, "withdrawn_at__isnull": True}
    website, instagram = _has(Consent, scope="website", **live), _has(Consent, scope="instagram", **live)
    counts = stories(campaign, filters).aggregate(
        all=Count("pk"), website=Count("pk", filter=website), instagram=Count("pk", filter=instagram),
        both=Count("pk", filter=website & instagram), neither=Count("pk", filter=~website & ~instagram))
    total = counts["all"]
    rows = [(label, counts[key], _percent(counts[key], total)) for key, label in (
        ("website", "Website"), ("instagram", "Instagram"), ("both", "Both"), ("neither", "Neither"))]
    return Table("consent", "Consent coverage", ("Consent", "Stories", "Share of stories (%)"), rows)


def channels(campaign) -> list[str]:
    return list(Submission.objects.filter(campaign=campaign).values_list("channel", flat=True)
                .distinct().order_by("channel"))


# The dashboard's blocks in page order: slug → the query that makes its table (the CSV asks for one alone).
TABLES = {
    "funnel": funnel,
    "per-day": lambda campaign, filters: arrivals(campaign, filters, per="day"),
    "per-week": lambda campaign, filters: arrivals(campaign, filters, per="week"),
    "countries": lambda campaign, filters: by_field(campaign, filters, "country", "Countries", "Country"),
    "themes": themes_over_time,
    "languages": lambda campaign, filters: by_field(campaign, filters, "language", "Languages", "Language"),
    "moderation": moderation_times,
    "publishing": publishing,
    "consent": consent_coverage,
    "engagement": engagement,
}


def all_tables(campaign, filters: Filters) -> list[Table]:
    return [make(campaign, filters) for make in TABLES.values()]


def _day(value) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _hours(wait) -> float:
    # SQLite hands the duration back as microseconds, PostgreSQL as a timedelta.
    seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else wait / 1e6
    return round(seconds / 3600, 1)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0
