"""The publishing targets, as an explicit table: the calendar's target names → the code that publishes."""
from __future__ import annotations

from collections.abc import Iterable

from storydesk.publishing.targets.base import PublishTarget
from storydesk.publishing.targets.gallery import GalleryTarget
from storydesk.publishing.targets.instagram import InstagramTarget

TARGETS: dict[str, PublishTarget] = {
    "instagram": InstagramTarget(),
    "gallery": GalleryTarget(),
}


def not_set_up(target: str) -> str:
    """What the target lacks before it can publish, and how to turn it on ("" when it is set up)."""
    return TARGETS[target].not_set_up()


def set_up(targets: Iterable[str]) -> tuple[str, ...]:
    """Those of `targets` that are set up, in their order: the only ones the calendar plans slots for."""
    return tuple(t for t in targets if not not_set_up(t))
