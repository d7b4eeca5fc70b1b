"""The public copies of a story's photos (the upright, metadata-free JPEG and its thumbnail) are made by the
worker as the story's screening begins, never in the web request: the request only checks the photo (and
takes its pHash on the way), so a burst of uploads cannot make the web process decode and re-encode big
pictures."""
from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from storydesk.models import Photo, Story
from storydesk.photos.derive import make_public_copies
from storydesk.photos.inspect import PhotoRejected

log = logging.getLogger(__name__)


def make_missing_copies(story: Story) -> int:
    """Make the copies of each photo of the story that has none yet; returns how many were made. A photo whose
    original is gone or no longer decodes is left without: screening's image check says so, as a verdict."""
    made = 0
    for photo in story.photos.all():
        if photo.public or not photo.original:  # made already, or the original is gone (retention): none to make
            continue
        try:
            _make_copies(photo)
        except (OSError, PhotoRejected) as problem:
            log.warning("story %s photo %s: no public copy made: %s", story.pk, photo.pk, problem)
            continue
        made += 1
    return made


def _make_copies(photo: Photo) -> None:
    with photo.original.open("rb") as f:
        copies = make_public_copies(f.read())
    photo.public.save(f"{photo.public_key}.jpg", ContentFile(copies.public_jpeg), save=False)
    photo.thumbnail.save(f"{photo.public_key}-thumb.jpg", ContentFile(copies.thumb_jpeg), save=False)
    photo.public_width, photo.public_height = copies.width, copies.height
    photo.thumb_width, photo.thumb_height = copies.thumb_width, copies.thumb_height
    try:
        with transaction.atomic():
            photo.save(update_fields=["public", "thumbnail", "public_width", "public_height", "thumb_width",
                                      "thumb_height"])
    except BaseException:
        for field in (photo.public, photo.thumbnail):
            field.storage.delete(field.name)
        raise
