"""What each of the dashboard's numbers means, counted straight from the stories of a date range.

_conditions says what a stage or a consent is for one story. rollup.py reads each day's stories with those
flags (story_facts) and stores the day's counts; the dashboard adds stored days up (queries.py), so a year of
a million stories reads a few thousand rows. The aggregate forms here (stage_counts, field_counts, …) count
a range in the database directly: the tests hold the stored summary to them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

from storydesk.models import Consent, Decision, Publication, Story, StoryTheme, Submission, Verdict
from storydesk.models.story import Status

# A moderator's answer to a story; assigning, merging and reopening are not decisions on its content.
DECIDING = ("approve", "reject", "needs_info")
STAGES = (("received", "Received"), ("screened", "Screened"), ("in_review", "In review"),
          ("approved", "Approved"), ("published", "Published"))
CONSENTS = (("website", "Website"), ("instagram", "Instagram"), ("both", "Both"), ("neither", "Neither"))


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


def _conditions() -> dict[str, Q]:
    """What each stage and consent means for one story. Each stage also requires the ones before it, so a
    stage never holds more stories than the one before."""
    screened = _has(Verdict)
    reviewed = screened & (Q(status__in=[Status.IN_REVIEW, Status.APPROVED]) | _has(Decision, action__in=DECIDING))
    approved = reviewed & (Q(status=Status.APPROVED) | _has(Decision, action="approve"))
    published = approved & _has(Publication, published_at__isnull=False)
    live = {"given_at__isnull": False, "withdrawn_at__isnull": True}  # a consent held now
    website, instagram = _has(Consent, scope="website", **live), _has(Consent, scope="instagram", **live)
    return {"screened": Q(screened), "in_review": reviewed, "approved": approved, "published": published,
            "website": Q(website), "instagram": Q(instagram)}


def stage_counts(campaign, filters: Filters) -> dict[str, int]:
    """How far stories got: received, then each stage."""
    met = _conditions()
    return stories(campaign, filters).aggregate(
        received=Count("pk"), **{stage: Count("pk", filter=met[stage]) for stage, _ in STAGES[1:]})


def story_facts(campaign, filters: Filters):
    """One row per story: its id, country and language, and whether it meets each stage and holds each
    consent — the conditions the counts above use, for counting in Python (rollup.py counts a day at once
    for every channel from these)."""
    flags = {name: ExpressionWrapper(condition, output_field=BooleanField())
             for name, condition in _conditions().items()}
    return stories(campaign, filters).annotate(**flags).values("pk", "country", "language", *flags)


def field_counts(campaign, filters: Filters, field: str) -> dict[str, int]:
    """Stories per value of a Story field (country, language); "" where it isn't known."""
    grouped = stories(campaign, filters).values(field).annotate(n=Count("pk"))
    return {g[field] or "": g["n"] for g in grouped}


def theme_counts(campaign, filters: Filters) -> dict[str, int]:
    grouped = (StoryTheme.objects.filter(story__in=stories(campaign, filters)).values("name")
               .annotate(n=Count("story", distinct=True)))
    return {g["name"]: g["n"] for g in grouped}


def consent_counts(campaign, filters: Filters) -> dict[str, int]:
    """Stories holding each consent now (given and not withdrawn)."""
    met = _conditions()
    website, instagram = met["website"], met["instagram"]
    return stories(campaign, filters).aggregate(
        website=Count("pk", filter=website), instagram=Count("pk", filter=instagram),
        both=Count("pk", filter=website & instagram), neither=Count("pk", filter=~website & ~instagram))


def first_decisions(campaign, filters: Filters) -> list[tuple[int, int | None, float]]:
    """(story id, moderator's user id, seconds from arrival) for each story's first decision; a tie at the
    same instant goes to the earlier row."""
    earlier = Decision.objects.filter(story=OuterRef("story"), action__in=DECIDING).filter(
        Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")))
    first = (Decision.objects.filter(story__in=stories(campaign, filters), action__in=DECIDING)
             .exclude(Exists(earlier)).values_list("story_id", "actor_id", "created_at", "story__created_at"))
    return [(story, actor, (decided - arrived).total_seconds()) for story, actor, decided, arrived in first]
