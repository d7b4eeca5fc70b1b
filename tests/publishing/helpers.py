"""Slots for publishing tests."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.calendar import lay_out_slots
from storydesk.models import Slot
from storydesk.publishing.cadence import today


def due_slot(story, target: str = "instagram", *, minutes_ago: float = 1) -> Slot:
    return Slot.objects.create(campaign=story.campaign, target=target, story=story, state=Slot.State.PLANNED,
                               starts_at=timezone.now() - dt.timedelta(minutes=minutes_ago))


def later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def next_slots(campaign, target="instagram", days=5) -> list[Slot]:
    """The target's slots of the next `days` days from tomorrow, laid out."""
    first = today(campaign.spec, timezone.now()) + dt.timedelta(days=1)
    lay_out_slots(campaign, first, first + dt.timedelta(days=days - 1), actor=Actor.system())
    return list(Slot.objects.filter(target=target, starts_at__gt=timezone.now()).order_by("starts_at"))
