"""The queue's filters, order, counts and neighbours: what the desk asks of the database, always in a fixed
number of queries, each a filter on an indexed column or an EXISTS on an indexed table (see 0005_desk).

Filters come from the query string; an unknown value is ignored, never an error. With no status asked for,
the queue shows the stories in review (the work); status=all shows every story."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from storydesk.desk.counts import CONSENT_LABELS, FLAGGED, Option, queue_counts, walk_pays
from storydesk.desk.keyset import rows_beyond
from storydesk.models import Consent, Status, Story, StoryTheme, Submission, Verdict

# Each order ends in the primary key, so it is total: the keyset neighbours below rely on that.
SORTS = {
    "flagged": ("-flagged", "created_at", "id"),  # flagged first, then oldest first
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
}
SORT_LABELS = {"flagged": "flagged first, oldest first", "oldest": "oldest first", "newest": "newest first"}
DEFAULT_STATUS = Status.IN_REVIEW


@dataclass(frozen=True)
class QueueFilters:
    status: str = DEFAULT_STATUS  # "" = every status
    channel: str = ""
    step: str = ""  # flagged (or failed) by this screening step
    theme: str = ""
    country: str = ""
    language: str = ""
    consent: str = ""  # website | instagram | none | withdrawn
    duplicate: str = ""  # yes | no
    assigned: str = ""  # me | nobody
    since: dt.date | None = None
    until: dt.date | None = None
    sort: str = "flagged"

    @classmethod
    def from_query(cls, query) -> QueueFilters:
        status = query.get("status", DEFAULT_STATUS)
        return cls(
            status="" if status == "all" else (status if status in Status.values else DEFAULT_STATUS),
            channel=_word(query.get("channel"), 30),
            step=_word(query.get("step"), 50),
            theme=(query.get("theme") or "").strip()[:200],
            country=c if len(c := (query.get("country") or "").strip().upper()) == 2 and c.isalpha() else "",
            language=_word(query.get("language"), 12),
            consent=v if (v := query.get("consent")) in CONSENT_LABELS else "",
            duplicate=v if (v := query.get("duplicate")) in ("yes", "no") else "",
            assigned=v if (v := query.get("assigned")) in ("me", "nobody") else "",
            since=_date(query.get("since")),
            until=_date(query.get("until")),
            sort=v if (v := query.get("sort")) in SORTS else "flagged",
        )

    def as_query(self, **changes) -> str:
        """The query string for these filters (with changes), leaving out what is default."""
        changed = replace(self, **changes)
        pairs = []
        for f in fields(self):
            value = getattr(changed, f.name)
            if f.name == "status":
                if value != DEFAULT_STATUS:
                    pairs.append(("status", value or "all"))
            elif value and value != f.default:
                pairs.append((f.name, value.isoformat() if isinstance(value, dt.date) else value))
        return urlencode(pairs)

    @property
    def active(self) -> bool:
        return self != QueueFilters()

    @property
    def narrows(self) -> bool:
        """Some filter other than the status (and the order) is chosen: the kept counts can't answer."""
        return replace(self, status=DEFAULT_STATUS, sort="flagged") != QueueFilters()

    def without(self, name: str) -> QueueFilters:
        """These filters with one left out (status: every status)."""
        if name == "status":
            return replace(self, status="")
        return replace(self, **{name: next(f.default for f in fields(self) if f.name == name)})

    @property
    def order(self) -> tuple[str, ...]:
        return SORTS[self.sort]

    def apply(self, stories: QuerySet, *, user, skip: str = "", walk: bool = False) -> QuerySet:
        """The stories these filters let through; skip: one filter left out (for that filter's counts).
        walk: for a page read along the order's index (the listing, the neighbours), not for counting, when
        counts.walk_pays says it does."""
        wanted = {f.name: (getattr(self, f.name) if f.name != skip else f.default) for f in fields(self)}
        if skip == "status":
            wanted["status"] = ""
        if wanted["status"]:
            stories = stories.filter(status=wanted["status"])
        if wanted["channel"]:
            stories = stories.filter(Exists(Submission.objects.filter(story=OuterRef("pk"), channel=wanted["channel"])))
        if wanted["step"] and walk and connection.vendor == "postgresql":
            stories = stories.filter(_flagged_by_walking(wanted["step"]))
        elif wanted["step"]:
            stories = stories.filter(Exists(Verdict.objects.filter(story=OuterRef("pk"), step=wanted["step"],
                                                                   outcome__in=FLAGGED)))
        if wanted["theme"]:
            stories = stories.filter(Exists(StoryTheme.objects.filter(story=OuterRef("pk"), name=wanted["theme"])))
        if wanted["country"]:
            stories = stories.filter(country=wanted["country"])
        if wanted["language"]:
            stories = stories.filter(language=wanted["language"])
        if wanted["consent"]:
            stories = stories.filter(consent_condition(wanted["consent"]))
        if wanted["duplicate"]:
            stories = stories.filter(duplicate_of__isnull=wanted["duplicate"] == "no")
        if wanted["assigned"] == "me":
            stories = stories.filter(assigned_to=user)
        elif wanted["assigned"] == "nobody":
            stories = stories.filter(assigned_to__isnull=True)
        if wanted["since"]:
            stories = stories.filter(created_at__gte=_start_of(wanted["since"]))
        if wanted["until"]:
            stories = stories.filter(created_at__lt=_start_of(wanted["until"] + dt.timedelta(days=1)))
        return stories


def _flagged_by_walking(step: str) -> RawSQL:
    """Flagged by this step, asked of each story as a page walks the order's index. PostgreSQL turns the
    plain EXISTS into a join from every verdict of the step, then sorts them all for one page: it expects few
    stories to match (410 for 7,500 at a million stories) and took 130–180 ms. OFFSET 0 keeps the subquery
    from being pulled up into a join (PostgreSQL's simplify_EXISTS_query): the walk stops after a page's
    worth (20 ms). Only when the step flags enough stories (counts.walk_pays): a rare one is better joined."""
    return RawSQL("EXISTS (SELECT 1 FROM storydesk_verdict v WHERE v.story_id = storydesk_story.id "
                  "AND v.step = %s AND v.outcome IN (%s, %s) OFFSET 0)", [step, *FLAGGED],
                  output_field=BooleanField())


def consent_condition(state: str):
    live = Consent.objects.filter(story=OuterRef("pk"), given_at__isnull=False, withdrawn_at__isnull=True)
    if state in ("website", "instagram"):
        return Exists(live.filter(scope=state))
    if state == "none":
        return ~Exists(live)
    return Exists(Consent.objects.filter(story=OuterRef("pk"), withdrawn_at__isnull=False))


# --- counts per filter (counts.py) -----------------------------------------------------------------

def cached_counts(filters: QueueFilters, stories: QuerySet, *, user, campaign_id: int
                  ) -> tuple[dict[str, list[Option]], dt.datetime]:
    """The counts beside each filter option, and when they were made. With no filter but the status they are
    the triggers' kept counts: exact, fresh and cheap, never cached. Other filter sets are counted within a
    budget (or estimated) and kept for STORYDESK_DESK_COUNTS_SECONDS per filter set and person, so paging
    through one filter counts once."""
    seconds = settings.STORYDESK_DESK_COUNTS_SECONDS
    if seconds <= 0 or not filters.narrows:
        return queue_counts(filters, stories, user=user, campaign_id=campaign_id), timezone.now()
    chosen = filters.as_query(sort="flagged")
    # The options' labels are translated when made: one entry per language too.
    key = "desk-counts:" + hashlib.sha256(f"{campaign_id}:{user.pk}:{get_language()}:{chosen}".encode()
                                          ).hexdigest()[:40]
    kept = cache.get(key)
    if kept is None:
        kept = (queue_counts(filters, stories, user=user, campaign_id=campaign_id), timezone.now())
        cache.set(key, kept, seconds)
    return kept


# --- neighbours -----------------------------------------------------------------------------------

def neighbours(filters: QueueFilters, stories: QuerySet, story: Story, *, user) -> tuple[int | None, int | None]:
    """The stories before and after this one in the queue's order (keyset queries, a few indexed tiers each:
    keyset.rows_beyond). The story
    itself need not match the filters any more (it was just decided): its place in the order is enough."""
    walk = walk_pays(filters, story.campaign_id)
    listed = filters.apply(stories, user=user, walk=walk).values_list("pk", flat=True)
    after = next(iter(rows_beyond(listed, filters.order, story, forward=True, limit=1)), None)
    before = next(iter(rows_beyond(listed, filters.order, story, forward=False, limit=1)), None)
    return before, after


def _word(value, limit: int) -> str:
    value = (value or "").strip()
    return value if value and len(value) <= limit else ""


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
