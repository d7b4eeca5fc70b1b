"""Which public stories a gallery page shows: newest first, filtered, searched, a page at a time.

Every query walks an index in the order it returns (published_at, then story id, both descending) and
stops after one page: keyset pagination, so page 4,000 costs what page 1 costs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from storydesk.gallery import terms
from storydesk.models import GalleryFacet, GalleryStory, GalleryTerm

# A term seen on more stories than this is "common": enough to choose which term leads a search.
_ESTIMATE_CAP = 1000


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last story shown; the next page starts just after it."""

    published_at: dt.datetime
    story_id: int

    def token(self) -> str:
        return f"{int(self.published_at.timestamp() * 1_000_000)}.{self.story_id}"

    @classmethod
    def parse(cls, token: str) -> Cursor | None:
        micros, _, story_id = (token or "").partition(".")
        if not (micros.isdigit() and story_id.isdigit()) or len(micros) > 18 or len(story_id) > 18:
            return None
        moment = dt.datetime.fromtimestamp(int(micros) / 1_000_000, tz=dt.UTC)
        return cls(moment, int(story_id))


@dataclass(frozen=True)
class Filters:
    country: str = ""  # ISO code, upper case
    theme: str = ""  # a theme's name as the facet shows it
    words: tuple[str, ...] = ()  # folded search words, all of which must match

    @property
    def any(self) -> bool:
        return bool(self.country or self.theme or self.words)

    def search_terms(self) -> list[str]:
        found = list(self.words)
        if self.country:
            found.append(terms.country_term(self.country))
        if self.theme:
            found.append(terms.theme_term(self.theme))
        return found


@dataclass(frozen=True)
class WallPage:
    stories: list[GalleryStory]
    older: Cursor | None  # the next page's start, when there are older stories


def wall_page(campaign_id: int, filters: Filters, after: Cursor | None, size: int) -> WallPage:
    wanted = filters.search_terms()
    if wanted:
        ids = _matching_ids(campaign_id, wanted, after, size + 1)
        found = GalleryStory.objects.in_bulk(ids)
        stories = [found[i] for i in ids if i in found]
    else:
        rows = GalleryStory.objects.filter(campaign_id=campaign_id)
        if after is not None:
            rows = rows.filter(_older_than(after, "published_at", "story_id"))
        stories = list(rows.order_by("-published_at", "-story_id")[:size + 1])
    older = None
    if len(stories) > size:
        stories = stories[:size]
        older = Cursor(stories[-1].published_at, stories[-1].story_id)
    return WallPage(stories, older)


def month_page(campaign_id: int, month: str, number: int, size: int) -> tuple[list[GalleryStory], int]:
    """One page of a month's archive, and how many pages the month has (a month is small: offsets are fine)."""
    total = GalleryFacet.objects.filter(campaign_id=campaign_id, kind="month", value=month).values_list(
        "count", flat=True).first() or 0
    pages = max(1, -(-total // size))
    rows = (GalleryStory.objects.filter(campaign_id=campaign_id, month=month)
            .order_by("-published_at", "-story_id")[(number - 1) * size:number * size])
    return list(rows), pages


def month_stories(campaign_id: int, month: str):
    """Every story of a month, newest first, streamed (the static copy writes all its pages at once)."""
    return (GalleryStory.objects.filter(campaign_id=campaign_id, month=month)
            .order_by("-published_at", "-story_id").iterator(chunk_size=1000))


def latest(campaign_id: int, n: int) -> list[GalleryStory]:
    return list(GalleryStory.objects.filter(campaign_id=campaign_id).order_by("-published_at", "-story_id")[:n])


def facets(campaign_id: int, kind: str | None = None) -> list[GalleryFacet]:
    """The filter values with stories (of one kind, or all kinds at once), by value."""
    rows = GalleryFacet.objects.filter(campaign_id=campaign_id, count__gt=0)
    return list((rows.filter(kind=kind) if kind else rows).order_by("kind", "value"))


def _older_than(cursor: Cursor, time_field: str, id_field: str) -> Q:
    # "<=" on the time lets the index bound the scan; the OR then drops the ties already shown.
    return Q(**{f"{time_field}__lte": cursor.published_at}) & (
        Q(**{f"{time_field}__lt": cursor.published_at}) | Q(**{f"{id_field}__lt": cursor.story_id}))


def _matching_ids(campaign_id: int, wanted: list[str], after: Cursor | None, limit: int) -> list[int]:
    """Stories having every wanted term, newest first: the rarest term's index entries are walked in order,
    and each is checked for the other terms by the (story, term) unique index."""
    lead = min(wanted, key=lambda term: _estimate(campaign_id, term)) if len(wanted) > 1 else wanted[0]
    rows = GalleryTerm.objects.filter(campaign_id=campaign_id, term=lead)
    for term in wanted:
        if term != lead:
            rows = rows.filter(Exists(GalleryTerm.objects.filter(entry_id=OuterRef("entry_id"), term=term)))
    if after is not None:
        rows = rows.filter(_older_than(after, "published_at", "entry_id"))
    return list(rows.order_by("-published_at", "-entry_id").values_list("entry_id", flat=True)[:limit])


def _estimate(campaign_id: int, term: str) -> int:
    return GalleryTerm.objects.filter(campaign_id=campaign_id, term=term).values("pk")[:_ESTIMATE_CAP].count()
