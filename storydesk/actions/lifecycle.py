"""Moving a story through its states, and withdrawal, which wins over everything."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.models import Status, Story
from storydesk.publishing.withdrawal import take_down_story


def move_story(story: Story, to: str, *, actor: Actor, verb: str = "story.moved", **data) -> Story:
    """Change a story's status by the state machine's rules (raises InvalidTransition)."""
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        locked.check_move(to)
        before = locked.status
        locked.status = to
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        audit(verb, actor=actor, story=locked, before=before, after=to, **data)
    story.refresh_from_db()
    return story


def withdraw_story(story: Story, *, actor: Actor, via: str) -> Story:
    """The contributor takes the story back: consents end, it leaves every public place.

    A merged story's photos and consents live on in the story it was merged into: that one is withdrawn."""
    target = story.surviving()
    if target.pk != story.pk:
        via = f"{via} (of story {story.pk}, merged into it)"
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=target.pk)
        if locked.status == Status.WITHDRAWN:
            return locked
        now = timezone.now()
        before = locked.status
        locked.check_move(Status.WITHDRAWN)
        locked.status = Status.WITHDRAWN
        locked.status_changed_at = now
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        ended = locked.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        audit("story.withdrawn", actor=actor, story=locked, before=before, after=Status.WITHDRAWN,
              via=via, consents_withdrawn=ended)
        # Off the gallery at once, out of the calendar, and marked for removal where only a person can remove it.
        take_down_story(locked, actor=actor)
    target.refresh_from_db()
    return target
