"""The public set: which stories the public may see (the one definition every public page, feed, widget and
export uses), and the signal that it changed.

A story is public exactly when it has a published gallery Publication and is not withdrawn. Whatever
changes that (publishing, withdrawal, removal) calls on_public_change, and listeners of `public_changed`
(the gallery's caches and static export) hear of it once the change is committed."""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, QuerySet
from django.dispatch import Signal

from storydesk.models import Publication, Status, Story, Target

# Sent after commit with story_ids (a sorted list of ints) and campaign_ids (the campaigns they belong to).
public_changed = Signal()


def public_stories(campaign) -> QuerySet:
    """The campaign's public stories, newest first, each with `published_at` (its gallery publication's).

    Merged stories are left out too: their photos and consents live on in the story they were merged into.
    One join on the publication (at most one per story and target), so the database can walk the
    publications' (target, state, published_at) index newest first."""
    return (
        Story.objects.filter(campaign=campaign, publications__target=Target.GALLERY,
                             publications__state=Publication.State.PUBLISHED)
        .exclude(status__in=[Status.WITHDRAWN, Status.MERGED])
        .annotate(published_at=F("publications__published_at"))
        .order_by("-published_at", "-id")
    )


def is_public(story: Story) -> bool:
    return public_stories(story.campaign_id).filter(pk=story.pk).exists()


def on_public_change(story_ids: Iterable[int]) -> None:
    """Tell the gallery these stories came onto or left the public site, once the transaction commits."""
    ids = sorted({int(i) for i in story_ids})
    if not ids:
        return

    def send() -> None:
        campaign_ids = sorted(set(Story.objects.filter(pk__in=ids).values_list("campaign_id", flat=True)))
        public_changed.send(sender=Story, story_ids=ids, campaign_ids=campaign_ids)

    transaction.on_commit(send)
