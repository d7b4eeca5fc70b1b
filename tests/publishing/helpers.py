"""Slots for publishing tests."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from storydesk.models import Slot


def due_slot(story, target: str = "instagram", *, minutes_ago: float = 1) -> Slot:
    return Slot.objects.create(campaign=story.campaign, target=target, story=story, state=Slot.State.PLANNED,
                               starts_at=timezone.now() - dt.timedelta(minutes=minutes_ago))


def later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)
