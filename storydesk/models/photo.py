from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse


def _private_storage():
    return storages["private"]


class Photo(models.Model):
    """A story's photo: the original stays private; public copies carry no metadata."""

    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)  # 0 is the lead photo
    original = models.FileField(storage=_private_storage, upload_to="originals/", blank=True)
    # When the original was deleted, the campaign's keep_originals_days after the story was decided
    # (actions/retention.py); the public copies stay.
    original_deleted_at = models.DateTimeField(null=True, blank=True)
    public = models.FileField(upload_to="photos/")
    thumbnail = models.FileField(upload_to="photos/")
    # Unguessable name under which the public copies are served.
    public_key = models.CharField(max_length=40, unique=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    phash = models.CharField(max_length=16, db_index=True)
    format = models.CharField(max_length=10)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    public_width = models.PositiveIntegerField()
    public_height = models.PositiveIntegerField()
    thumb_width = models.PositiveIntegerField()
    thumb_height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story_id", "position", "id"]

    def __str__(self) -> str:
        return f"photo {self.public_key}"

    def public_path(self) -> str:
        return reverse("photo-public", kwargs={"key": self.public_key})

    def thumbnail_path(self) -> str:
        return reverse("photo-public-size", kwargs={"key": self.public_key, "size": "thumb"})

    def public_url(self) -> str:
        return settings.SITE_URL + self.public_path()
