"""Claims: opening a story holds it for one moderator for a few minutes (renewable), released by a decision.
The story page is read with current_claim(); the page then sends the claim as a POST (desk:claim) once it has
loaded, or the moderator takes it with a button, so the GET writes nothing.

A claim is written with QuerySet.update(): it is not a change to the story, so it neither bumps the story's
version (a moderator's open form stays valid) nor writes an audit event (opening a page is no decision)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.models import Story
from storydesk.models.story import FINAL


@dataclass(frozen=True)
class Claim:
    holder_id: int | None
    holder: str
    until: dt.datetime | None

    def held_by(self, user) -> bool:
        return self.holder_id is not None and user is not None and self.holder_id == user.pk

    @property
    def live(self) -> bool:
        return self.holder_id is not None and self.until is not None and self.until > timezone.now()


def claim_length() -> dt.timedelta:
    return dt.timedelta(minutes=settings.STORYDESK_CLAIM_MINUTES)


def claim_story(story_id: int, *, actor: Actor) -> Claim:
    """Claim the story for the actor, or renew their claim, unless another moderator's claim is running.
    Returns who holds it afterwards. One conditional UPDATE, so two moderators opening it at once can't both win."""
    now = timezone.now()
    if actor.user is not None and actor.may("decide_story"):
        (Story.objects.filter(pk=story_id).exclude(status__in=FINAL)
         .filter(Q(claimed_by__isnull=True) | Q(claimed_by=actor.user) | Q(claimed_until__lte=now))
         .update(claimed_by=actor.user, claimed_until=now + claim_length()))
    return current_claim(story_id)


def current_claim(story_id: int) -> Claim:
    """Who holds the story now (an expired claim is nobody's); reads only."""
    row = Story.objects.filter(pk=story_id).values("claimed_by", "claimed_by__username", "claimed_until").first()
    if row is None or row["claimed_by"] is None or row["claimed_until"] <= timezone.now():
        return Claim(None, "", None)
    return Claim(row["claimed_by"], row["claimed_by__username"], row["claimed_until"])


def release_claim(story_id: int, *, actor: Actor) -> bool:
    """Let go of one's own claim (a decision does this too); True when there was one."""
    if actor.user is None:
        return False
    return bool(Story.objects.filter(pk=story_id, claimed_by=actor.user)
                .update(claimed_by=None, claimed_until=None))
