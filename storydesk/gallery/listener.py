"""How the gallery hears of publishing: publishing.public_set.public_changed, sent after every publish,
withdrawal or removal has been committed."""
from __future__ import annotations

import logging

from django.conf import settings

from storydesk.gallery import pagecache
from storydesk.gallery.entries import SyncResult, sync_stories
from storydesk.work import Work, enqueue

log = logging.getLogger(__name__)


def on_public_changed(sender, story_ids: list[int], **kwargs) -> None:
    """Runs in the request or task that made the change, so the next page anyone loads already shows it."""
    try:
        apply_change(story_ids)
    except Exception:
        # The change itself is committed: never fail it. The queue retries; the hourly reconcile catches up.
        log.exception("gallery: could not follow the change of stories %s now; queued", list(story_ids)[:20])
        enqueue(Work.SYNC_GALLERY, list(story_ids))


def apply_change(story_ids: list[int]) -> SyncResult:
    """Make the read model say what is public now, drop every cached page, queue the static copy's update."""
    try:
        result = sync_stories(story_ids)
    finally:
        pagecache.bump()  # also after a partial sync: some chunks may have changed
    if settings.STORYDESK_STATIC_SITE_DIR:
        enqueue(Work.UPDATE_STATIC_SITE, list(story_ids))
    return result
