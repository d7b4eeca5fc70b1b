"""The publishing targets, as an explicit table: the calendar's target names → the code that publishes."""
from __future__ import annotations

from storydesk.publishing.targets.base import PublishTarget
from storydesk.publishing.targets.gallery import GalleryTarget
from storydesk.publishing.targets.instagram import InstagramTarget

TARGETS: dict[str, PublishTarget] = {
    "instagram": InstagramTarget(),
    "gallery": GalleryTarget(),
}
