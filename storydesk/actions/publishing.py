"""Publishing due slots, and taking published stories down: claim the slot, let its target publish, record.

Publishing one slot is lease → the target's call → record: the claim and the record are each one
transaction; between them the target talks to its platform, saving its progress through the lease only.
Safe to run twice, from many workers at once: a slot is claimed with its rows locked (and on SQLite, where
locks are whole-database, by the IMMEDIATE transaction mode), and the claim is a lease on the Publication
that lapses by itself if the worker dies, so another resumes from what the row remembers.

The queue acts here (the system actor); a person's calendar changes are in actions.calendar."""
from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.actions.news import story_published
from storydesk.models import Publication, Slot, Story
from storydesk.publishing.eligibility import TARGET_LABELS, unpublishable
from storydesk.publishing.missed import missed
from storydesk.publishing.targets import TARGETS
from storydesk.publishing.targets.base import LeaseLost, NoLongerWanted, Outcome, Parked, Published, RetryLater

log = logging.getLogger(__name__)
DUE_STATES = (Slot.State.PLANNED, Slot.State.PUBLISHING)


def due_slot_ids(now: dt.datetime | None = None) -> list[int]:
    """Slots whose time has come, leaving out those waiting for their next try or held by a worker."""
    now = now or timezone.now()
    held = Publication.objects.filter(story=OuterRef("story"), target=OuterRef("target")).filter(
        Q(next_attempt_at__gt=now) | Q(lease_until__gt=now))
    return list(Slot.objects.filter(state__in=DUE_STATES, starts_at__lte=now, story__isnull=False)
                .exclude(Exists(held)).order_by("starts_at", "id").values_list("pk", flat=True))


def publish_due(now: dt.datetime | None = None) -> dict[int, str]:
    """Publish every due slot in this process (the periodic task queues them one by one instead)."""
    return {slot_id: publish_slot(slot_id, now=now) for slot_id in due_slot_ids(now)}


def publish_slot(slot_id: int, *, now: dt.datetime | None = None) -> str:
    """Publish one slot if it is due and nobody else is on it; returns what happened, in a word."""
    now = now or timezone.now()  # the run's clock: backoff is counted from it (tests move it forward)
    claim = _claim(slot_id, now)
    if isinstance(claim, str):
        return claim
    target = TARGETS[claim.target]
    try:
        outcome = target.publish(claim.publication, claim.lease)
    except LeaseLost:
        log.warning("slot %s: another worker took publication %s over", slot_id, claim.publication.pk)
        return "lost"
    except NoLongerWanted as why:
        outcome = Parked(str(why))
    except Exception as crash:  # a bug or an outage we didn't foresee: retried, then parked, never lost
        log.exception("slot %s: publishing crashed", slot_id)
        outcome = RetryLater(f"Publishing stopped with an unexpected error: {crash.__class__.__name__}: {crash}")
    return _record(claim, outcome, now)


def take_down(publication: Publication, *, actor: Actor, now: dt.datetime | None = None) -> Publication:
    """A published publication comes down (or is marked for a person to take down). Runs inside the caller's
    transaction, with the publication locked."""
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
    """A story withdrawn after it was placed or published: it leaves the gallery at once, its waiting slots are
    freed, and what storydesk can't remove (an Instagram post) is marked for a person to remove.

    Runs inside withdraw_story's transaction. Publications still on their way are left to publish_slot, which
    won't publish a withdrawn story and takes down one that turns out to have gone out already."""
    now = timezone.now()
    published = list(Publication.objects.select_for_update()
                     .filter(story=story, state=Publication.State.PUBLISHED).order_by("id"))
    for publication in published:
        take_down(publication, actor=actor, now=now)
    freed = Slot.objects.filter(story=story, state__in=(Slot.State.OPEN, Slot.State.PLANNED)).update(
        story=None, state=Slot.State.OPEN, locked=False, reason=f"Story {story.pk} was withdrawn; the slot is free.",
        updated_at=now)
    return {"taken_down": len(published), "slots_freed": freed}


class PublicationLease:
    """Writes to the publication only while this worker's lease on it holds, renewing it each time
    (publishing.targets.base.Lease: what a target may save between its calls to the platform)."""

    def __init__(self, publication_id: int, owner: str):
        self.publication_id, self.owner = publication_id, owner

    def _mine(self):
        return Publication.objects.filter(pk=self.publication_id, lease_owner=self.owner)

    def save(self, **fields) -> None:
        now = timezone.now()
        if not self._mine().update(**fields, lease_until=now + _lease_length(), updated_at=now):
            raise LeaseLost(self.publication_id)

    def about_to_publish(self) -> None:
        with transaction.atomic():
            publication = self._mine().select_for_update().first()
            if publication is None:
                raise LeaseLost(self.publication_id)
            # Locked with the story row too, so a withdrawal either comes first (and stops this) or after.
            story = Story.objects.select_for_update().get(pk=publication.story_id)
            problem = unpublishable(story, publication.target)
            if problem:
                raise NoLongerWanted(problem)
            now = timezone.now()
            self._mine().update(publish_sent_at=now, lease_until=now + _lease_length(), updated_at=now)


@dataclass
class _Claim:
    slot_id: int
    target: str
    publication: Publication
    lease: PublicationLease


def _lease_length() -> dt.timedelta:
    return dt.timedelta(minutes=settings.STORYDESK_PUBLISH_LEASE_MINUTES)


def _claim(slot_id: int, now: dt.datetime) -> _Claim | str:
    with transaction.atomic():
        slot = Slot.objects.select_for_update().filter(pk=slot_id).first()
        if slot is None or slot.state not in DUE_STATES or slot.story_id is None or slot.starts_at > now:
            return "not due"
        story = Story.objects.select_for_update().get(pk=slot.story_id)
        publication = Publication.objects.select_for_update().filter(story=story, target=slot.target).first()
        if publication is not None and publication.state != Publication.State.PUBLISHING:
            if publication.state == Publication.State.PUBLISHED and publication.slot_id == slot.pk:
                _finish_slot(slot, Slot.State.PUBLISHED, "")
                return "already published"
            if publication.state != Publication.State.PARKED:
                return _park_slot(slot, f"Story {story.pk} was already {publication.get_state_display().lower()} on "
                                        f"{TARGET_LABELS[slot.target]}; clear the slot and place another story.")
        # Once publish was asked, only the target's look at the account may decide: it may already be out.
        asked = publication is not None and publication.publish_sent_at is not None
        problem = None if asked else unpublishable(story, slot.target)
        if problem:
            if publication is not None:
                publication.state, publication.error = Publication.State.PARKED, problem
                publication.save(update_fields=["state", "error", "updated_at"])
            return _park_slot(slot, problem)
        # Only a slot never started: a resumed or retried one has its Publication row and goes on.
        if publication is None and missed(slot.starts_at, now):
            return _park_slot(slot, f"This slot's time passed more than {settings.STORYDESK_PUBLISH_MISSED_HOURS:g} "
                                    "hours ago without it going out (was storydesk's worker running?). Press Retry "
                                    "to publish it now, or clear it.")
        if publication is None:
            publication = Publication.objects.create(story=story, target=slot.target, slot=slot)
        if publication.lease_until and publication.lease_until > now:
            return "busy"
        if publication.next_attempt_at and publication.next_attempt_at > now:
            return "waiting"
        if publication.state == Publication.State.PARKED:  # placed again after a park: a fresh start
            publication.attempts, publication.error, publication.next_attempt_at = 0, "", None
        owner = uuid.uuid4().hex
        publication.slot, publication.state = slot, Publication.State.PUBLISHING
        publication.lease_owner, publication.lease_until = owner, now + _lease_length()
        publication.save()
        if slot.state != Slot.State.PUBLISHING:
            slot.state = Slot.State.PUBLISHING
            slot.save(update_fields=["state", "updated_at"])
    return _Claim(slot.pk, slot.target, publication, PublicationLease(publication.pk, owner))


def _park_slot(slot: Slot, message: str) -> str:
    log.warning("slot %s parked: %s", slot.pk, message)
    _finish_slot(slot, Slot.State.PARKED, message)
    audit("slot.parked", actor=Actor.system(), story=slot.story, campaign=slot.campaign, slot=slot.pk,
          target=slot.target, error=message)
    return "parked"


def _finish_slot(slot: Slot, state: str, error: str) -> None:
    slot.state, slot.error = state, error
    slot.save(update_fields=["state", "error", "updated_at"])


def _record(claim: _Claim, outcome: Outcome, now: dt.datetime) -> str:
    with transaction.atomic():
        publication = (Publication.objects.select_for_update().select_related("story")
                       .filter(pk=claim.publication.pk, lease_owner=claim.lease.owner).first())
        if publication is None:
            return "lost"
        slot = Slot.objects.select_for_update().select_related("campaign").get(pk=claim.slot_id)
        publication.lease_owner, publication.lease_until = "", None
        if isinstance(outcome, RetryLater) and outcome.counts:
            publication.attempts += 1
            if publication.attempts >= settings.STORYDESK_PUBLISH_MAX_ATTEMPTS:
                outcome = Parked(f"{outcome.message} Gave up after {publication.attempts} tries; press Retry to "
                                 "start again.")
        if isinstance(outcome, Published):
            return _record_published(publication, slot, outcome, now)
        if isinstance(outcome, RetryLater):
            publication.error = outcome.message
            publication.next_attempt_at = now + (outcome.after or _backoff(publication.attempts))
            publication.save()
            log.info("slot %s: %s (next try %s)", slot.pk, outcome.message, publication.next_attempt_at)
            return "retry"
        publication.state, publication.error, publication.next_attempt_at = (
            Publication.State.PARKED, outcome.message, None)
        publication.save()
        return _park_slot(slot, outcome.message)


def _record_published(publication: Publication, slot: Slot, outcome: Published, now) -> str:
    target = TARGETS[publication.target]
    publication.state, publication.error, publication.next_attempt_at = Publication.State.PUBLISHED, "", None
    publication.external_id = outcome.external_id or publication.external_id
    publication.permalink, publication.published_at = outcome.permalink, outcome.published_at
    publication.save()
    _finish_slot(slot, Slot.State.PUBLISHED, "")
    audit("publication.published", actor=Actor.system(), story=publication.story, campaign=slot.campaign,
          target=publication.target, slot=slot.pk, external_id=publication.external_id, permalink=publication.permalink)
    story = Story.objects.select_for_update().get(pk=publication.story_id)
    if unpublishable(story, publication.target):
        # Withdrawn while the post was on its way: it went out, so it must come down like any other.
        take_down(publication, actor=Actor.system(), now=now)
        return "published, then taken down"
    story_published(publication)
    target.on_published(publication)
    log.info("published story %s to %s (slot %s)", story.pk, publication.get_target_display(), slot.pk)
    return "published"


def _backoff(attempts: int) -> dt.timedelta:
    seconds = settings.STORYDESK_PUBLISH_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=min(seconds, settings.STORYDESK_PUBLISH_BACKOFF_MAX_SECONDS))
