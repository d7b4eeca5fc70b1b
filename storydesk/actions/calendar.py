"""The publishing calendar, as managers change it: lay out the cadence's slots, place a story, clear or lock a
slot, fill the next days with the planner, retry a parked slot, confirm a post was removed by hand."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from storydesk.actions.base import Actor, audit, require_permission
from storydesk.models import Publication, Slot, Story
from storydesk.publishing import cadence
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.eligibility import TARGET_LABELS, facts_of, placeable, unpublishable, why_not_placeable
from storydesk.publishing.planner import Placed, PlanSlot, plan
from storydesk.publishing.targets import not_set_up, set_up

PERMISSION = "plan_calendar"
CHANGEABLE = (Slot.State.OPEN, Slot.State.PLANNED)  # what a manager or the planner may still change


class SlotRefused(Exception):
    """Why a calendar change can't be made, in words for the manager."""


def lay_out_slots(campaign, first_day: dt.date, last_day: dt.date, *, actor: Actor) -> int:
    """Make the missing slots of every target that is set up from first_day to last_day (local days); returns
    how many. A target that isn't set up (Instagram without its token) gets none: its slots could only park.

    Safe to run twice and from two places at once (the unique moment constraint drops repeats). Open slots
    at moments the cadence no longer has (publish_time changed) are removed; any slot with a story stays."""
    require_permission(actor, PERMISSION)
    start, end = cadence.day_span(first_day, last_day, campaign.spec)
    with transaction.atomic():
        existing = Slot.objects.filter(campaign=campaign, starts_at__gte=start, starts_at__lt=end)
        layout = cadence.layout(campaign, first_day, last_day, existing.only("target", "starts_at", "state",
                                                                             "story", "locked"),
                                targets=set_up(PublishingSpec.of(campaign).targets))
        # Removed only if still open and empty when deleted: a story placed meanwhile keeps its slot.
        removed, _ = existing.filter(pk__in=[s.pk for s in layout.stale], state=Slot.State.OPEN,
                                     story__isnull=True, locked=False).delete()
        Slot.objects.bulk_create([Slot(campaign=campaign, target=target, starts_at=moment)
                                  for target, moment in layout.missing], ignore_conflicts=True)
        if layout.missing or removed:
            audit("calendar.laid_out", actor=actor, campaign=campaign, first_day=first_day.isoformat(),
                  last_day=last_day.isoformat(), made=len(layout.missing), removed=removed)
    return len(layout.missing)


def open_slot(campaign, target: str, starts_at: dt.datetime, *, actor: Actor) -> Slot:
    """The slot at one of the cadence's moments, laying out its day first if it isn't yet (the calendar page
    shows a day's slots before they are written; opening one writes them)."""
    require_permission(actor, PERMISSION)
    publishing = PublishingSpec.of(campaign)
    _require_target(publishing, target)
    day = cadence.local_day(starts_at, campaign.spec)
    if starts_at not in cadence.moments_on(day, spec=campaign.spec, publishing=publishing, target=target):
        raise SlotRefused("There is no slot at that time: the campaign's cadence may have changed. "
                          "Look at the calendar again.")
    slot = Slot.objects.filter(campaign=campaign, target=target, starts_at=starts_at).first()
    if slot is None:
        if day < cadence.today(campaign.spec, timezone.now()):
            raise SlotRefused("That day has passed; choose a later one.")
        lay_out_slots(campaign, day, day, actor=actor)
        slot = Slot.objects.get(campaign=campaign, target=target, starts_at=starts_at)
    return slot


def _require_target(publishing: PublishingSpec, target: str) -> None:
    if target not in publishing.targets:
        raise SlotRefused(f"This campaign doesn't publish on {TARGET_LABELS.get(target, target)}.")
    missing = not_set_up(target)
    if missing:
        raise SlotRefused(f"{missing} Until then nothing is planned there.")


def _changeable(slot_id: int, now: dt.datetime) -> Slot:
    # The slot's row alone (of self): locking its campaign too would make every calendar edit wait on the
    # campaign, and publish now's new slot (which only points at the campaign) deadlock against place_story.
    slot = Slot.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=slot_id)
    if slot.state not in CHANGEABLE:
        raise SlotRefused(f"This slot is {slot.get_state_display().lower()}: it can't be changed any more.")
    if slot.starts_at <= now:
        raise SlotRefused("This slot's time has passed; choose a later one.")
    return slot


def place_story(slot_id: int, story_id: int, *, actor: Actor) -> Slot:
    """Put a story in a slot by hand. A hand-placed story is locked there: re-planning keeps it."""
    require_permission(actor, PERMISSION)
    with transaction.atomic():
        slot = _changeable(slot_id, timezone.now())
        story = Story.objects.select_for_update().get(pk=story_id, campaign=slot.campaign)
        if slot.story_id != story.pk:
            problem = not_set_up(slot.target) or why_not_placeable(story, slot.target)
            if problem:
                raise SlotRefused(problem)
        before = slot.story_id
        slot.story, slot.state, slot.locked = story, Slot.State.PLANNED, True
        slot.reason, slot.error = f"Placed by {actor.label}.", ""
        slot.save()
        audit("slot.placed", actor=actor, story=story, campaign=slot.campaign, slot=slot.pk, target=slot.target,
              starts_at=slot.starts_at.isoformat(), before=before)
    return slot


def clear_slot(slot_id: int, *, actor: Actor) -> Slot:
    require_permission(actor, PERMISSION)
    with transaction.atomic():
        slot = Slot.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=slot_id)
        if slot.state not in (*CHANGEABLE, Slot.State.PARKED):
            raise SlotRefused(f"This slot is {slot.get_state_display().lower()}: it can't be cleared.")
        before = slot.story_id
        # A parked slot keeps its error in the audit trail; the story can be placed again elsewhere.
        slot.story, slot.state, slot.reason, slot.error = None, Slot.State.OPEN, f"Cleared by {actor.label}.", ""
        slot.save()
        audit("slot.cleared", actor=actor, campaign=slot.campaign, slot=slot.pk, target=slot.target, before=before)
    return slot


def set_locked(slot_id: int, locked: bool, *, actor: Actor) -> Slot:
    require_permission(actor, PERMISSION)
    with transaction.atomic():
        slot = _changeable(slot_id, timezone.now())
        if slot.locked != locked:
            slot.locked = locked
            slot.save(update_fields=["locked", "updated_at"])
            audit("slot.locked" if locked else "slot.unlocked", actor=actor, campaign=slot.campaign, slot=slot.pk,
                  target=slot.target, story_id=slot.story_id)
    return slot


def retry_slot(slot_id: int, *, actor: Actor) -> Slot:
    """A parked slot goes out again at the next run, resuming from where its publication got to."""
    require_permission(actor, PERMISSION)
    with transaction.atomic():
        slot = Slot.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=slot_id)
        if slot.state != Slot.State.PARKED or slot.story_id is None:
            raise SlotRefused("Only a parked slot with a story can be retried.")
        problem = why_not_placeable_here(slot)
        if problem:
            raise SlotRefused(problem)
        publication, _ = Publication.objects.get_or_create(story_id=slot.story_id, target=slot.target,
                                                           defaults={"slot": slot})
        if publication.state not in (Publication.State.PARKED, Publication.State.PUBLISHING):
            raise SlotRefused(f"Story {slot.story_id} is already {publication.get_state_display().lower()} there.")
        # The row now exists, so publish_slot resumes it whatever the hour (the missed-time rule is for fresh slots).
        Publication.objects.filter(pk=publication.pk).update(
            state=Publication.State.PUBLISHING, slot=slot, error="", attempts=0, next_attempt_at=None,
            lease_owner="", lease_until=None, updated_at=timezone.now())
        # A container never asked to publish may be what failed (gone, expired): start from a fresh one. One that
        # was asked is kept, so the target looks for the post before anything else.
        Publication.objects.filter(pk=publication.pk, publish_sent_at__isnull=True).update(
            container_id="", container_created_at=None)
        error = slot.error
        slot.state, slot.error = Slot.State.PLANNED, ""
        slot.save(update_fields=["state", "error", "updated_at"])
        audit("slot.retried", actor=actor, story=slot.story, campaign=slot.campaign, slot=slot.pk, target=slot.target,
              error=error)
    return slot


def why_not_placeable_here(slot: Slot) -> str | None:
    """Like why_not_placeable, for the story already in this slot (its own slot doesn't count against it)."""
    return unpublishable(slot.story, slot.target)


def mark_removed(publication_id: int, *, actor: Actor) -> Publication:
    """A person removed the post by hand (Instagram's API can't): record it."""
    require_permission(actor, PERMISSION)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().select_related("story").get(pk=publication_id)
        if publication.state != Publication.State.REMOVAL_NEEDED:
            raise SlotRefused("That post isn't waiting to be removed.")
        publication.state, publication.removed_at, publication.error = (
            Publication.State.REMOVED, timezone.now(), "")
        publication.save(update_fields=["state", "removed_at", "error", "updated_at"])
        audit("publication.removed", actor=actor, story=publication.story, target=publication.target,
              external_id=publication.external_id, permalink=publication.permalink, by_hand=True)
    return publication


@dataclass(frozen=True)
class PlanResult:
    target: str
    filled: int
    left_open: int
    kept: int


def plan_days(campaign, *, target: str, days: int, actor: Actor, now: dt.datetime | None = None) -> PlanResult:
    """Fill the target's slots of the next `days` days (from today, in the campaign's time zone) with the
    planner's picks. Locked slots and slots already going out stay as they are; the rest are planned anew."""
    require_permission(actor, PERMISSION)
    now = now or timezone.now()
    publishing = PublishingSpec.of(campaign)
    _require_target(publishing, target)
    if not 1 <= days <= 366:
        raise SlotRefused("Plan between 1 and 366 days at a time.")
    first_day = cadence.today(campaign.spec, now)
    last_day = first_day + dt.timedelta(days=days - 1)
    lay_out_slots(campaign, first_day, last_day, actor=actor)
    gap = publishing.contributor_gap
    with transaction.atomic():
        window = list(Slot.objects.select_for_update().filter(
            campaign=campaign, target=target, starts_at__gt=now,
            starts_at__lt=cadence.moments_on(last_day, spec=campaign.spec, publishing=publishing, target=target)[-1]
            + dt.timedelta(seconds=1)).order_by("starts_at"))
        free = [s for s in window if s.state in CHANGEABLE and not s.locked]
        # Their stories go back among the candidates: the plan is made anew around what is kept.
        Slot.objects.filter(pk__in=[s.pk for s in free]).update(story=None, state=Slot.State.OPEN)
        candidates = facts_of(placeable(campaign, target))
        kept = [s for s in window if s not in free]
        start, end = window[0].starts_at if window else now, window[-1].starts_at if window else now
        around_rows = (Slot.objects.filter(campaign=campaign, target=target, story__isnull=False,
                                           starts_at__gte=start - gap, starts_at__lte=end + gap)
                       .exclude(pk__in=[s.pk for s in window]))
        facts = {f.story_id: f for f in facts_of(Story.objects.filter(
            Q(pk__in=[s.story_id for s in kept if s.story_id]) | Q(pk__in=around_rows.values("story_id"))))}
        slots = [PlanSlot(s.pk, s.starts_at, kept=s in kept, story=facts.get(s.story_id)) for s in window]
        around = [Placed(starts_at, facts[story_id]) for starts_at, story_id in
                  around_rows.values_list("starts_at", "story_id") if story_id in facts]
        picks = plan(slots, candidates, around=around, gap=gap, now=now)
        by_id = {s.pk: s for s in free}
        for pick in picks:
            slot = by_id[pick.key]
            slot.story_id, slot.reason, slot.updated_at = pick.story_id, pick.reason, now
            slot.state = Slot.State.PLANNED if pick.story_id else Slot.State.OPEN
        Slot.objects.bulk_update(free, ["story", "reason", "state", "updated_at"])
        result = PlanResult(target, sum(1 for p in picks if p.story_id), sum(1 for p in picks if not p.story_id),
                            len(kept))
        audit("calendar.planned", actor=actor, campaign=campaign, target=target, days=days,
              first_day=first_day.isoformat(), filled=result.filled, left_open=result.left_open, kept=result.kept)
    return result
