"""Retention: a decided story's private originals (which may carry the phone's GPS position) are deleted the
campaign's keep_originals_days after the decision. The public copies and thumbnail, which carry no metadata,
stay for the gallery and the desk; the photo records when its original went, so the desk says so instead of
offering a broken link, and screening again checks the public copy.

Safe to run twice: a photo whose original is gone is never picked again."""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.models import Campaign, Photo, Status, Story

log = logging.getLogger(__name__)

# A decision is what starts the clock: a story back in review (reopened) keeps its originals.
DECIDED = (Status.APPROVED, Status.REJECTED)
BATCH = 500  # photos per run: the sweep runs hourly, so a backlog drains without one long transaction


@dataclass(frozen=True)
class OriginalsDeleted:
    photos: int
    stories: int


def delete_due_originals(*, actor: Actor, now: dt.datetime | None = None, limit: int = BATCH) -> OriginalsDeleted:
    """Delete the originals of every campaign's stories decided more than keep_originals_days ago."""
    now = now or timezone.now()
    photos = stories = 0
    for campaign in Campaign.objects.all():
        done = _delete_for(campaign, actor=actor, now=now, limit=limit - photos)
        photos, stories = photos + done.photos, stories + done.stories
        if photos >= limit:
            break
    return OriginalsDeleted(photos, stories)


def due_originals(campaign: Campaign, now: dt.datetime):
    cutoff = now - dt.timedelta(days=campaign.spec.keep_originals_days)
    return (Photo.objects.filter(story__campaign=campaign, story__status__in=DECIDED,
                                 story__status_changed_at__lte=cutoff, original_deleted_at__isnull=True)
            .exclude(original=""))


def _delete_for(campaign: Campaign, *, actor: Actor, now: dt.datetime, limit: int) -> OriginalsDeleted:
    days = campaign.spec.keep_originals_days
    by_story: dict[int, list[int]] = defaultdict(list)
    for photo in due_originals(campaign, now).select_related("story").order_by("story_id", "pk")[:max(limit, 0)]:
        with transaction.atomic():
            # The record first, the file in the same transaction: a crash leaves the file to the next run.
            if not Photo.objects.filter(pk=photo.pk, original_deleted_at__isnull=True).update(
                    original="", original_deleted_at=now):
                continue
            photo.original.storage.delete(photo.original.name)
        by_story[photo.story_id].append(photo.pk)
    for story_id, photo_ids in by_story.items():
        audit("photo.originals_deleted", actor=actor, story=Story.objects.get(pk=story_id), photos=photo_ids,
              kept_days=days)
    if by_story:
        log.info("deleted %d originals of %d decided stories (kept %d days)",
                 sum(map(len, by_story.values())), len(by_story), days)
    return OriginalsDeleted(sum(map(len, by_story.values())), len(by_story))

