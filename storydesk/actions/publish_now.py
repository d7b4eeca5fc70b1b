"""Publish a story now, by a manager's hand, through the very path a planned slot takes.

Publishing now is placing the story in a slot at this moment on each target it may go to, then queueing
publish_slot for that slot after the commit: the claim, the lease, the target's call and the record are
actions.publishing's, so a story published now goes out exactly once, like any slot. A later slot the story
already had on a target moves to now (that moment is left open for another story).

Safe to press twice, and for two managers at once: the story row is locked (on SQLite, the IMMEDIATE
transaction) while its slots are read, so the second finds a slot already due and adds nothing.

Lock order (PostgreSQL), so that no cycle with the calendar or the worker remains: the story row alone
(FOR NO KEY UPDATE, so a slot that merely points at the story, as place_story and plan_days write, doesn't wait
on it), then only the story's later slots a manager may still change, in pk order. The worker's _claim locks a
due slot and then the story, _record a publishing slot: neither is a row publish now locks (a slot less than
SOON ahead counts as under way, for the clocks of two machines). place_story, set_locked and clear_slot lock one
slot and then at most the story placed in it; publish now waits for that slot only while holding its own story,
so the one cycle left is a manager placing this very story again in the slot it already has at the same instant,
which PostgreSQL breaks and the desk answers with "try again"."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from storydesk.actions.base import Actor, after_commit, audit, require_permission
from storydesk.actions.calendar import CHANGEABLE, PERMISSION, SlotRefused
from storydesk.models import Slot, Story
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.publish_now import SOON, NowPlan, TargetNow, plan_now
from storydesk.work import Work

# Two slots of a target can't share a moment (slot_one_per_moment): a cadence slot due this very instant.
NUDGE = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class PublishedNow:
    plan: NowPlan  # as it stood under the lock: what went, what was already on its way, what couldn't
    slots: tuple[Slot, ...]  # the slots made now (none when a first press already did it)


def read_plan(story: Story, now: dt.datetime, slots=None) -> NowPlan:
    """slots: the story's, as read under publish now's locks; by default read here (the story page)."""
    return plan_now(story, targets=PublishingSpec.of(story.campaign).targets,
                    publications=story.publications.all(), slots=story.slots.all() if slots is None else slots,
                    consents=story.consents.all(), now=now)


def publish_now(story_id: int, *, actor: Actor, now: dt.datetime | None = None) -> PublishedNow:
    """Raises SlotRefused (with what is missing) when the story can go nowhere and isn't on its way anywhere."""
    require_permission(actor, PERMISSION)
    with transaction.atomic():
        story = (Story.objects.select_for_update(of=("self",), no_key=True).select_related("campaign")
                 .get(pk=story_id))
        # Read the time once the lock is ours: a press that waited for another sees that one's slot as due.
        now = now or timezone.now()
        plan = read_plan(story, now, _slots_of(story, now))
        if plan.refusal:
            raise SlotRefused(plan.refusal)
        slots = tuple(slot for going in plan.going if (slot := _slot_now(story, going, now, actor)) is not None)
        made = {s.target for s in slots}
        if slots:
            audit("story.published_now", actor=actor, story=story,
                  targets=[s.target for s in slots], slots=[s.pk for s in slots],
                  moved_from={g.target: g.slot.starts_at.isoformat() for g in plan.going
                              if g.slot is not None and g.target in made},
                  held_back={t.target: t.why for t in plan.held_back})
        for slot in slots:
            after_commit(Work.PUBLISH_SLOT, slot.pk)
    return PublishedNow(plan, slots)


def _slots_of(story: Story, now: dt.datetime) -> list[Slot]:
    """The story's slots: the later ones a manager may change locked (pk order), the rest only read (the
    worker's to lock: due, publishing, done)."""
    later = Slot.objects.filter(story=story, state__in=CHANGEABLE, starts_at__gt=now + SOON)
    locked = list(later.select_for_update(of=("self",)).order_by("pk"))
    return locked + list(Slot.objects.filter(story=story).exclude(pk__in=[s.pk for s in locked]))


def _slot_now(story: Story, going: TargetNow, now: dt.datetime, actor: Actor) -> Slot | None:
    """The slot made at this moment; None when the story's later slot there changed under us (left as it is)."""
    if going.slot is not None:  # its later slot there: freed first, a story sits in one slot per target
        freed = Slot.objects.filter(pk=going.slot.pk, story=story, state__in=CHANGEABLE,
                                    starts_at__gt=now + SOON).update(
            story=None, state=Slot.State.OPEN, locked=False, error="", updated_at=now,
            reason=f"Story {story.pk} was published now by {actor.label}; this slot is free again.")
        if not freed:
            return None
    moment = now
    while True:
        while Slot.objects.filter(campaign=story.campaign, target=going.target, starts_at=moment).exists():
            moment += NUDGE
        try:
            with transaction.atomic():  # a slot another transaction wrote at this very moment: the next one
                return Slot.objects.create(campaign=story.campaign, target=going.target, starts_at=moment,
                                           story=story, state=Slot.State.PLANNED, locked=True,
                                           reason=f"Published now by {actor.label}.")
        except IntegrityError:
            if Slot.objects.filter(story=story, target=going.target).exists():
                raise  # not the moment: the story is in a slot there after all
            moment += NUDGE
