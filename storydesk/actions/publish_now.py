"""Publish a story now, by a manager's hand, through the very path a planned slot takes.

Publishing now is placing the story in a slot at this moment on each target it may go to, then queueing
publish_slot for that slot after the commit: the claim, the lease, the target's call and the record are
actions.publishing's, so a story published now goes out exactly once, like any slot. A later slot the story
already had on a target moves to now (that moment is left open for another story).

Safe to press twice, and for two managers at once: the story row is locked (on SQLite, the IMMEDIATE
transaction) while its slots are read, so the second finds a slot already due and adds nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, after_commit, audit, require_permission
from storydesk.actions.calendar import PERMISSION, SlotRefused
from storydesk.models import Slot, Story
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.publish_now import NowPlan, TargetNow, plan_now
from storydesk.work import Work

# Two slots of a target can't share a moment (slot_one_per_moment): a cadence slot due this very instant.
NUDGE = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class PublishedNow:
    plan: NowPlan  # as it stood under the lock: what went, what was already on its way, what couldn't
    slots: tuple[Slot, ...]  # the slots made now (none when a first press already did it)


def read_plan(story: Story, now: dt.datetime) -> NowPlan:
    return plan_now(story, targets=PublishingSpec.of(story.campaign).targets,
                    publications=story.publications.all(), slots=story.slots.all(),
                    consents=story.consents.all(), now=now)


def publish_now(story_id: int, *, actor: Actor, now: dt.datetime | None = None) -> PublishedNow:
    """Raises SlotRefused (with what is missing) when the story can go nowhere and isn't on its way anywhere."""
    require_permission(actor, PERMISSION)
    with transaction.atomic():
        story = Story.objects.select_for_update().select_related("campaign").get(pk=story_id)
        # Read the time once the lock is ours: a press that waited for another sees that one's slot as due.
        now = now or timezone.now()
        plan = read_plan(story, now)
        if plan.refusal:
            raise SlotRefused(plan.refusal)
        slots = tuple(_slot_now(story, going, now, actor) for going in plan.going)
        if slots:
            audit("story.published_now", actor=actor, story=story,
                  targets=[s.target for s in slots], slots=[s.pk for s in slots],
                  moved_from={g.target: g.slot.starts_at.isoformat() for g in plan.going if g.slot is not None},
                  held_back={t.target: t.why for t in plan.held_back})
        for slot in slots:
            after_commit(Work.PUBLISH_SLOT, slot.pk)
    return PublishedNow(plan, slots)


def _slot_now(story: Story, going: TargetNow, now: dt.datetime, actor: Actor) -> Slot:
    if going.slot is not None:  # its later slot there: freed first, a story sits in one slot per target
        earlier = going.slot
        earlier.story, earlier.state, earlier.locked, earlier.error = None, Slot.State.OPEN, False, ""
        earlier.reason = f"Story {story.pk} was published now by {actor.label}; this slot is free again."
        earlier.save()
    moment = now
    while Slot.objects.filter(campaign=story.campaign, target=going.target, starts_at=moment).exists():
        moment += NUDGE
    return Slot.objects.create(campaign=story.campaign, target=going.target, starts_at=moment, story=story,
                               state=Slot.State.PLANNED, locked=True, reason=f"Published now by {actor.label}.")
