"""A story withdrawn after it was placed or published: it leaves the gallery at once, its waiting slots are
freed, and what can't be removed by storydesk (an Instagram post) is marked for a person to remove.

Runs inside withdraw_story's transaction. Publications still on their way are left to the runner, which
won't publish a withdrawn story and marks for removal one that turns out to have gone out already."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.models import Publication, Slot, Story


def take_down(publication: Publication, *, actor: Actor, now: dt.datetime | None = None) -> Publication:
    """A published publication comes down (or is marked for a person to take down)."""
    from storydesk.publishing.targets import TARGETS

    result = TARGETS[publication.target].take_down(publication)
    publication.state, publication.error = result.state, result.message
    if result.state == Publication.State.REMOVED:
        publication.removed_at = now or timezone.now()
    publication.save(update_fields=["state", "error", "removed_at", "updated_at"])
    audit("publication.removed" if result.state == Publication.State.REMOVED else "publication.removal_needed",
          actor=actor, story=publication.story, target=publication.target, external_id=publication.external_id,
          permalink=publication.permalink, message=result.message)
    return publication


def take_down_story(story: Story, *, actor: Actor) -> dict[str, int]:
    now = timezone.now()
    published = list(Publication.objects.select_for_update()
                     .filter(story=story, state=Publication.State.PUBLISHED).order_by("id"))
    for publication in published:
        take_down(publication, actor=actor, now=now)
    freed = Slot.objects.filter(story=story, state__in=(Slot.State.OPEN, Slot.State.PLANNED)).update(
        story=None, state=Slot.State.OPEN, locked=False, reason=f"Story {story.pk} was withdrawn; the slot is free.",
        updated_at=now)
    return {"taken_down": len(published), "slots_freed": freed}
