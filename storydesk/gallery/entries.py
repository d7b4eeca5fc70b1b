"""Keeping the gallery's read model (models.gallery) in step with publishing.public_set.public_stories.

sync_stories is idempotent and safe to run twice or at once: it reads what is public now for the given
stories and makes their rows, terms and filter counts say exactly that."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django_countries import countries

from storydesk.gallery import terms
from storydesk.models import Campaign, GalleryFacet, GalleryStory, GalleryTerm, Photo, Publication, Story, Target
from storydesk.publishing.public_set import public_stories

CHUNK = 500
MAX_WORDS = 300  # captions are at most ~1,200 characters; this only guards against a runaway one
_COMPARED = ("campaign_id", "published_at", "month", "caption", "display_name", "country", "themes",
             "photo_key", "photo_width", "photo_height", "thumb_width", "thumb_height")


@dataclass
class SyncResult:
    shown: set[int] = field(default_factory=set)  # came onto the gallery, or changed on it
    removed: set[int] = field(default_factory=set)  # left it
    months: set[str] = field(default_factory=set)  # archives ("2020-03") whose pages changed

    @property
    def changed(self) -> bool:
        return bool(self.shown or self.removed)

    def add(self, other: SyncResult) -> None:
        self.shown |= other.shown
        self.removed |= other.removed
        self.months |= other.months


def sync_stories(story_ids: Iterable[int]) -> SyncResult:
    ids = sorted({int(i) for i in story_ids})
    result = SyncResult()
    for start in range(0, len(ids), CHUNK):
        result.add(_sync_chunk(ids[start:start + CHUNK]))
    return result


def reconcile(campaign: Campaign) -> SyncResult:
    """Find and fix every difference from public_stories: a missed change, or an edit to a public story
    (caption, name, photo) that was not announced. Reads every id once, so it runs in the background."""
    public = set(public_stories(campaign).order_by().values_list("pk", flat=True))
    shown = set(GalleryStory.objects.filter(campaign=campaign).values_list("pk", flat=True))
    edited = set(GalleryStory.objects.filter(campaign=campaign, story__updated_at__gt=F("synced_at"))
                 .values_list("pk", flat=True))
    republished = set(Publication.objects.filter(story__in=shown & public, target=Target.GALLERY,
                                                 updated_at__gt=F("story__gallery_entry__synced_at"))
                      .values_list("story_id", flat=True))
    return sync_stories((public ^ shown) | edited | republished)


def _sync_chunk(ids: list[int]) -> SyncResult:
    result = SyncResult()
    with transaction.atomic():
        # Two syncs of the same story wait for each other (PostgreSQL; SQLite writes one at a time anyway).
        campaign_ids = set(Story.objects.select_for_update().filter(pk__in=ids).values_list("campaign_id", flat=True))
        existing = {e.pk: e for e in GalleryStory.objects.filter(pk__in=ids)}
        old_terms: dict[int, set[str]] = defaultdict(set)
        for entry_id, term in GalleryTerm.objects.filter(entry_id__in=ids).values_list("entry_id", "term"):
            old_terms[entry_id].add(term)
        facets: set[tuple[int, str]] = set()  # (campaign id, facet term) whose counts must be made again
        public_ids: set[int] = set()
        created: list[GalleryStory] = []
        added_terms: list[tuple] = []
        now = timezone.now()
        for campaign in Campaign.objects.filter(pk__in=campaign_ids | {e.campaign_id for e in existing.values()}):
            zone = ZoneInfo(campaign.spec.time_zone)
            stories = (public_stories(campaign).filter(pk__in=ids)
                       .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))))
            for story in stories:
                public_ids.add(story.pk)
                fields = entry_fields(story, zone)
                new_terms = entry_terms(fields)
                entry = existing.get(story.pk)
                if entry is not None and all(getattr(entry, k) == v for k, v in fields.items()) \
                        and old_terms[story.pk] == new_terms:
                    continue
                if entry is not None:
                    result.months.add(entry.month)
                    facets |= {(entry.campaign_id, t) for t in old_terms[story.pk] if _is_facet(t)}
                    GalleryStory.objects.filter(pk=story.pk).update(**fields, synced_at=now)
                    GalleryTerm.objects.filter(entry_id=story.pk).exclude(term__in=new_terms).delete()
                    GalleryTerm.objects.filter(entry_id=story.pk).update(
                        published_at=fields["published_at"], campaign_id=fields["campaign_id"])
                else:
                    created.append(GalleryStory(story_id=story.pk, **fields, synced_at=now))
                added_terms += [(story.pk, fields["campaign_id"], t, fields["published_at"])
                                for t in new_terms - old_terms[story.pk]]
                facets |= {(fields["campaign_id"], t) for t in new_terms if _is_facet(t)}
                result.shown.add(story.pk)
                result.months.add(fields["month"])
        # In bulk: publishing one story makes one row, but filling the gallery from a full year's stories
        # (or the benchmark's 100,000) makes them by the thousand.
        GalleryStory.objects.bulk_create(created)
        _insert_terms(added_terms)
        for gone in set(existing) - public_ids:
            entry = existing[gone]
            facets |= {(entry.campaign_id, t) for t in old_terms[gone] if _is_facet(t)}
            result.months.add(entry.month)
            result.removed.add(gone)
        GalleryStory.objects.filter(pk__in=result.removed).delete()  # its terms go with it
        _recount(facets)
    return result


def entry_fields(story: Story, zone: ZoneInfo) -> dict:
    """The public fields of a public story (public_stories annotates published_at), and only those."""
    lead = next(iter(story.photos.all()), None)
    published = story.published_at or story.status_changed_at
    return {
        "campaign_id": story.campaign_id,
        "published_at": published,
        "month": published.astimezone(zone).strftime("%Y-%m"),
        "caption": story.public_caption.strip(),
        "display_name": story.display_name.strip(),
        "country": story.country.upper(),
        "themes": [t["name"] for t in story.themes if isinstance(t, dict) and t.get("name")],
        "photo_key": lead.public_key if lead else "",
        "photo_width": lead.public_width if lead else 0,
        "photo_height": lead.public_height if lead else 0,
        "thumb_width": lead.thumb_width if lead else 0,
        "thumb_height": lead.thumb_height if lead else 0,
    }


def entry_terms(fields: dict) -> set[str]:
    country_name = countries.name(fields["country"]) if fields["country"] else ""
    text = " ".join([fields["caption"], fields["display_name"], str(country_name), *fields["themes"]])
    found = set(terms.words(text)[:MAX_WORDS])
    found.add(terms.month_term(fields["month"]))
    if fields["country"]:
        found.add(terms.country_term(fields["country"]))
    found |= {terms.theme_term(name) for name in fields["themes"]}
    return found


def _insert_terms(rows: list[tuple]) -> None:
    """(entry id, campaign id, term, published_at) rows, inserted in one statement per batch. Stories have
    30-odd terms each, and preparing them row by row through the ORM was most of the time of filling a
    gallery with a year of stories."""
    if not rows:
        return
    table = connection.ops.quote_name(GalleryTerm._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (entry_id, campaign_id, term, published_at) VALUES (%s, %s, %s, %s)",
                           [(entry, campaign, term, adapt(when)) for entry, campaign, term, when in rows])


def _is_facet(term: str) -> bool:
    return ":" in term


def _recount(facets: set[tuple[int, str]]) -> None:
    """Count each touched filter value again from its terms (exact, so counts never drift)."""
    for campaign_id, term in sorted(facets):
        kind, _, _ = term.partition(":")
        sample = GalleryTerm.objects.filter(campaign_id=campaign_id, term=term).select_related("entry").first()
        count = GalleryTerm.objects.filter(campaign_id=campaign_id, term=term).count()
        value = _facet_value(kind, term, sample.entry) if sample else None
        if count and value is not None:
            GalleryFacet.objects.update_or_create(campaign_id=campaign_id, kind=kind, value=value,
                                                  defaults={"count": count})
        else:
            # Gone: find the row by its term, since no story is left to tell the value's spelling.
            for facet in GalleryFacet.objects.filter(campaign_id=campaign_id, kind=kind):
                if facet_term(facet.kind, facet.value) == term:
                    facet.delete()


def facet_term(kind: str, value: str) -> str:
    return {"country": terms.country_term, "theme": terms.theme_term, "month": terms.month_term}[kind](value)


def _facet_value(kind: str, term: str, entry: GalleryStory) -> str | None:
    """The value as shown (a theme's own spelling) of a facet term, read from a story that has it."""
    if kind == "country":
        return entry.country
    if kind == "month":
        return entry.month
    return next((name for name in entry.themes if terms.theme_term(name) == term), None)
