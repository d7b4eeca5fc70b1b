"""The queue's counts beside each filter option, within what a page may spend at a million stories.

Three sources, best first, chosen per filter (its options are counted with the other filters applied):
- kept: when no filter but the status applies, the counts the database triggers keep (models.DeskCount,
  migration 0019) — exact and a few indexed rows, whatever the number of stories. The default queue (in
  review, nothing else chosen) is always counted this way.
- counted: otherwise, the exact GROUP BY, when it finishes within what is left of the page's budget
  (PostgreSQL cancels it past that: SET LOCAL statement_timeout). On SQLite, always (a small desk).
- estimated: past the budget, the kept count of each option scaled by the share of stories each other chosen
  filter lets through — a kept count too (stories on Instagram / all stories), and for dates PostgreSQL's
  estimate (EXPLAIN's rows, from its histogram) — as if the filters were independent of each other. No
  count query runs: the budget is spent. (EXPLAIN's estimate for the whole filter set was tried first: it
  takes ~5 ms of planning per filter, and it misjudges EXISTS filters — 410 stories for 7,500.) The page
  shows such a count as "about N" and says why.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from storydesk.countries import country_name
from storydesk.desk.keyset import set_local
from storydesk.languages import english_name
from storydesk.models import Consent, DeskCount, DeskCountDelta, Status, StoryTheme, Submission, Verdict
from storydesk.models.submission import channel_label
from storydesk.screening.evidence import step_label

# What a page's filter counts may take, all filters together, is settings.STORYDESK_DESK_COUNT_BUDGET_MS; past
# it the rest are estimated.
# Below this, a query isn't started: it would be cancelled before it could answer.
LEAST_MS = 5
FLAGGED = (Verdict.Outcome.FLAG, Verdict.Outcome.FAIL)
CONSENT_LABELS = {"website": gettext_lazy("website: given"), "instagram": gettext_lazy("instagram: given"),
                  "none": gettext_lazy("none given yet"), "withdrawn": gettext_lazy("withdrawn")}
FACETS = ("status", "channel", "step", "theme", "country", "language", "consent", "duplicate", "assigned")
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    about: bool = False  # an estimate, not an exact count

    @property
    def shown(self) -> str:
        return _("about %(count)s") % {"count": self.count} if self.about else str(self.count)


def queue_counts(filters, stories: QuerySet, *, user, campaign_id: int) -> dict[str, list[Option]]:
    """For each filter, its options with how many stories each would show, the other filters applied."""
    kept_by_status = _kept(campaign_id)
    out, narrowed = {}, {}
    for facet in FACETS:
        others = filters.without(facet)
        if not others.narrows:
            out[facet] = _options(facet, _add_up(kept_by_status, _statuses(facet, others))[facet], user,
                                  chosen=getattr(filters, facet))
        else:
            narrowed[facet] = filters.apply(stories, user=user, skip=facet)
    counted = _counted_within(time.monotonic() + settings.STORYDESK_DESK_COUNT_BUDGET_MS / 1000,
                              {facet: partial(exact, facet, rows, user) for facet, rows in narrowed.items()})
    dates = _date_share(filters, stories, kept_by_status) if len(counted) < len(narrowed) else 1.0
    for facet in narrowed:
        if facet in counted:
            out[facet] = _options(facet, counted[facet], user, chosen=getattr(filters, facet))
        else:
            kept = _add_up(kept_by_status, _statuses(facet, filters.without(facet)))
            out[facet] = _estimated(facet, filters, kept, dates, user)
    return {facet: out[facet] for facet in FACETS}


def _statuses(facet: str, others) -> list[str]:
    """The statuses a filter's options are counted over: every one for the status filter itself."""
    return [others.status] if others.status and facet != "status" else list(Status.values)


# A page walked along the order's index, asking each story whether a step flagged it, reads about
# page size / share stories: at 1 in 100 or more, a few thousand at most.
WALK_SHARE = 0.01


def walk_pays(filters, campaign_id: int) -> bool:
    """Whether the listing should ask each story along the order's index (queue.QueueFilters.apply's walk)
    rather than join from the step's verdicts: when the kept counts say the step flagged at least WALK_SHARE
    of the stories in the chosen status. Without a step filter it changes nothing."""
    if not filters.step:
        return False
    statuses = [filters.status] if filters.status else list(Status.values)
    by_status = _kept(campaign_id)
    story = sum(by_status[status].get(("story", ""), 0) for status in statuses)
    step = sum(by_status[status].get(("step", filters.step), 0) for status in statuses)
    return story > 0 and step / story >= WALK_SHARE


def listed_total(filters, counts: dict[str, list[Option]], *, whole_queue: list | None = None) -> Option:
    """How many stories the queue lists: its status's count (every status's, added up, for status=all), which
    has every other filter applied. `whole_queue`: the page's rows when they are the whole queue, which then
    count it exactly, now: a filtered queue's counts may be a snapshot (cached_counts), a story ago."""
    if whole_queue is not None:
        return Option(filters.status, "", len(whole_queue))
    chosen = [o for o in counts["status"] if not filters.status or o.value == filters.status]
    return Option(filters.status, "", sum(o.count for o in chosen), about=any(o.about for o in chosen))


def estimated_any(counts: dict[str, list[Option]]) -> bool:
    return any(o.about for options in counts.values() for o in options)


# --- kept counts ------------------------------------------------------------------------------------

def _kept(campaign_id: int) -> dict[str, dict[tuple[str, str], int]]:
    """status → (facet, key) → stories: every kept count of the campaign (a few hundred rows) plus the deltas
    PostgreSQL's triggers appended since the last fold (fold_deltas), two queries."""
    by_status: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for model in (DeskCount, DeskCountDelta):
        rows = (model.objects.filter(campaign_id=campaign_id).values_list("status", "facet", "key")
                .annotate(total=Sum("n")).values_list("status", "facet", "key", "total"))
        for status, facet, key, n in rows:
            by_status[status][(facet, key)] += n
    return defaultdict(dict, {status: {mark: n for mark, n in marks.items() if n > 0}
                              for status, marks in by_status.items()})


def fold_deltas() -> int:
    """Move the deltas PostgreSQL's triggers appended into DeskCount, in one statement; returns how many were
    folded. One folder at a time (an advisory lock; another caller returns 0), and it is DeskCount's only
    writer, so it waits on no one. Nothing to do on SQLite, whose triggers write DeskCount directly."""
    if connection.vendor != "postgresql":
        return 0
    count, delta = DeskCount._meta.db_table, DeskCountDelta._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext('storydesk-desk-count-fold'))")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(
            f'WITH moved AS (DELETE FROM {delta} RETURNING campaign_id, status, facet, "key", n), '
            f'summed AS (SELECT campaign_id, status, facet, "key", SUM(n) AS n, COUNT(*) AS rows FROM moved '
            f"GROUP BY 1, 2, 3, 4), "
            f'folded AS (INSERT INTO {count} (campaign_id, status, facet, "key", n) '
            f'SELECT campaign_id, status, facet, "key", n FROM summed ORDER BY 1, 2, 3, 4 '
            f'ON CONFLICT (campaign_id, status, facet, "key") DO UPDATE SET n = {count}.n + excluded.n) '
            f"SELECT COALESCE(SUM(rows), 0) FROM summed")
        return int(cursor.fetchone()[0])


def _add_up(kept_by_status, statuses) -> dict[str, dict[str, int]]:
    """facet → key → stories over these statuses; status → key → stories too (its "story" rows)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for status in statuses:
        for (facet, key), n in kept_by_status.get(status, {}).items():
            out[facet][key] += n
            if facet == "story":
                out["status"][status] += n
    live = out["consent"].pop("live", 0)
    out["consent"]["none"] = out["story"].get("", 0) - live
    return out


# --- exact counts -----------------------------------------------------------------------------------

def exact(facet: str, stories: QuerySet, user) -> dict[str, int]:
    """key → stories, for one filter's options, counted from the stories (the exact query)."""
    if facet == "status":
        return dict(stories.order_by().values_list("status").annotate(n=Count("pk")))
    if facet == "channel":
        return dict(Submission.objects.filter(story__in=stories.values("pk")).order_by().values_list("channel")
                    .annotate(n=Count("story", distinct=True)))
    if facet == "step":
        return dict(Verdict.objects.filter(story__in=stories.values("pk"), outcome__in=FLAGGED).order_by()
                    .values_list("step").annotate(n=Count("story")))
    if facet == "theme":
        return dict(StoryTheme.objects.filter(story__in=stories.values("pk")).order_by().values_list("name")
                    .annotate(n=Count("story")))
    if facet in ("country", "language"):
        return dict(stories.exclude(**{facet: ""}).order_by().values_list(facet).annotate(n=Count("pk")))
    if facet == "consent":
        return _consent_counts(stories)
    if facet == "duplicate":
        return stories.aggregate(yes=Count("pk", filter=Q(duplicate_of__isnull=False)),
                                 no=Count("pk", filter=Q(duplicate_of__isnull=True)))
    assigned = stories.aggregate(me=Count("pk", filter=Q(assigned_to=user)),
                                 nobody=Count("pk", filter=Q(assigned_to__isnull=True)))
    return {str(user.pk): assigned["me"], "": assigned["nobody"]}


def _consent_counts(stories: QuerySet) -> dict[str, int]:
    """Counted from the consent rows (a join), not an EXISTS per story per option: four times cheaper."""
    live = Q(given_at__isnull=False, withdrawn_at__isnull=True)
    rows = Consent.objects.filter(story__in=stories.values("pk")).aggregate(
        website=Count("story", filter=live & Q(scope="website")),  # one row per story and scope
        instagram=Count("story", filter=live & Q(scope="instagram")),
        live=Count("story", distinct=True, filter=live),
        withdrawn=Count("story", distinct=True, filter=Q(withdrawn_at__isnull=False)))
    return {"website": rows["website"], "instagram": rows["instagram"], "withdrawn": rows["withdrawn"],
            "none": stories.count() - rows["live"]}


def _counted_within(deadline: float, counts: dict) -> dict:
    """facet → count(), for those that finish before the deadline, in order; the rest are left out. Only
    PostgreSQL can stop a query midway; SQLite desks are small, and always counted."""
    if connection.vendor != "postgresql" or not counts:
        return {facet: count() for facet, count in counts.items()}
    done = {}
    try:
        # One savepoint for them all: a cancelled query spends the budget, so what follows it is estimated.
        with transaction.atomic(), connection.cursor() as cursor:
            before = None
            for facet, count in counts.items():
                left_ms = int((deadline - time.monotonic()) * 1000)
                if left_ms < LEAST_MS:
                    break
                was = set_local(cursor, "statement_timeout", str(left_ms))
                before = was if before is None else before
                done[facet] = count()
            # SET LOCAL outlives the savepoint (to the end of the surrounding transaction): back to what it was.
            if before is not None:
                set_local(cursor, "statement_timeout", before)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
    return done


# --- estimates --------------------------------------------------------------------------------------

def _estimated(facet: str, filters, kept: dict[str, dict[str, int]], dates: float, user) -> list[Option]:
    """Each option's kept count (the status alone applied), times the share of stories each other chosen
    filter lets through, as if they were independent: that share is itself a kept count (e.g. stories on
    Instagram / all stories), and the date range's is PostgreSQL's estimate. No query: the budget is spent."""
    total = kept["story"].get("", 0)
    share = dates
    for other in FACETS:
        value = getattr(filters, other)
        if other not in ("status", facet) and value and total:
            share *= kept[other].get(_key(other, value, user), 0) / total
    # A story or more under the status, and some share of them let through: "about 1" at least, never 0,
    # which would drop the option from its list (a share of 0 is exact: another filter keeps none).
    by_key = {key: max(1, round(n * share)) if n > 0 and share > 0 else 0 for key, n in kept[facet].items()}
    return [replace_about(o) for o in _options(facet, by_key, user, chosen=getattr(filters, facet))]


def _key(facet: str, value: str, user) -> str:
    """The kept count's key for a filter's value."""
    if facet == "assigned":
        return str(user.pk) if value == "me" else ""
    return value


def _date_share(filters, stories: QuerySet, kept_by_status) -> float:
    """The share of the campaign's stories received in the chosen dates (1 without), from PostgreSQL's
    estimate (its histogram of arrival times is good at ranges)."""
    if not (filters.since or filters.until):
        return 1.0
    total = sum(kept.get(("story", ""), 0) for kept in kept_by_status.values())
    dated = type(filters)(status="", since=filters.since, until=filters.until).apply(stories, user=None)
    return min(1.0, _planned_rows(dated) / total) if total else 0.0


def _planned_rows(stories: QuerySet) -> int:
    """PostgreSQL's estimate of the rows a query returns: planning only, nothing is read."""
    plan = json.loads(stories.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def replace_about(option: Option) -> Option:
    return Option(option.value, option.label, option.count, about=True)


# --- options ----------------------------------------------------------------------------------------

def _options(facet: str, by_key: dict[str, int], user, chosen: str = "") -> list[Option]:
    """The options of one filter, with their counts. Free values (channels, steps, themes, …) are listed
    when some story has them, and the chosen one always: gone from its <select>, the next submit would
    silently drop that filter."""
    if facet == "status":
        return [Option(v, label, by_key.get(v, 0)) for v, label in Status.choices]
    if facet == "consent":
        return [Option(k, label, by_key.get(k, 0)) for k, label in CONSENT_LABELS.items()]
    if facet == "duplicate":
        return [Option("yes", _("duplicates"), by_key.get("yes", 0)),
                Option("no", _("not duplicates"), by_key.get("no", 0))]
    if facet == "assigned":
        return [Option("me", _("assigned to me"), by_key.get("me", by_key.get(str(user.pk), 0))),
                Option("nobody", _("unassigned"), by_key.get("nobody", by_key.get("", 0)))]
    label = WORDS.get(facet, str)
    return [Option(v, label(v), n) for v, n in sorted({chosen: 0, **by_key}.items(), key=lambda r: (-r[1], r[0]))
            if v and (n > 0 or v == chosen)]


# The free values' words (a theme's name is its words).
WORDS = {"step": step_label, "channel": channel_label, "country": country_name, "language": english_name}
