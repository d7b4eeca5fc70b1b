"""The campaign's own gallery: publishing is recording it; what is public is read from the records
(publishing.public_set), and the gallery hears of every change through on_public_change."""
from __future__ import annotations

from storydesk.models import Publication
from storydesk.publishing.public_set import on_public_change
from storydesk.publishing.targets.base import Lease, Outcome, Published, TakeDown


class GalleryTarget:
    name = "gallery"

    def not_set_up(self) -> str:
        return ""  # the campaign's own site: always there

    def publish(self, publication: Publication, lease: Lease) -> Outcome:
        lease.about_to_publish()
        return Published()

    def on_published(self, publication: Publication) -> None:
        on_public_change([publication.story_id])

    def take_down(self, publication: Publication) -> TakeDown:
        on_public_change([publication.story_id])
        return TakeDown(Publication.State.REMOVED, "Taken off the gallery, its feeds and widget at once.")
