"""The publishing calendar (Slot) and what was published where (Publication)."""
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q


def _private_storage():
    return storages["private"]


class Target(models.TextChoices):
    """Where a story is published; each has its own slots and its own consent scope."""

    INSTAGRAM = "instagram"
    GALLERY = "gallery"


# The consent scope (Consent.Scope) each target needs before a story may be placed on it.
CONSENT_SCOPE = {Target.INSTAGRAM: "instagram", Target.GALLERY: "website"}


class Slot(models.Model):
    """One planned moment on one target's calendar, made from the campaign's cadence."""

    class State(models.TextChoices):
        OPEN = "open"  # no story yet
        PLANNED = "planned"  # a story is placed; it goes out at starts_at
        PUBLISHING = "publishing"  # a worker is on it (or will resume it)
        PUBLISHED = "published"
        PARKED = "parked"  # stopped with an error a manager must look at

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.CASCADE, related_name="slots")
    target = models.CharField(max_length=20, choices=Target.choices)
    starts_at = models.DateTimeField()  # aware, UTC; the campaign's local publish time on that day
    story = models.ForeignKey("storydesk.Story", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="slots")
    # A manager's pick: re-planning never moves or empties a locked slot.
    locked = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)  # the planner's (or manager's) one-line why
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    error = models.TextField(blank=True)  # why it is parked, in the platform's words
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "target", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "target", "starts_at"], name="slot_one_per_moment"),
            # A story sits in at most one slot per target: placing it twice would publish it twice.
            models.UniqueConstraint(fields=["story", "target"], condition=Q(story__isnull=False),
                                    name="slot_story_once_per_target"),
        ]
        indexes = [
            models.Index(fields=["state", "starts_at"], name="slot_due"),
            models.Index(fields=["campaign", "starts_at"], name="slot_calendar"),
        ]

    def __str__(self) -> str:
        return f"{self.target} slot {self.starts_at:%Y-%m-%d %H:%M} ({self.state})"


class Publication(models.Model):
    """A story on one target: the platform's ids and where the publishing got to.

    The row is the truth a resumed worker reads: container_id set and publish_sent_at empty means
    "container made, not yet published"; publish_sent_at set without external_id means "publish was
    asked, the answer never came", so the account's recent media are checked before asking again."""

    class State(models.TextChoices):
        PUBLISHING = "publishing"
        PUBLISHED = "published"
        PARKED = "parked"
        REMOVAL_NEEDED = "removal_needed"  # withdrawn after publishing; a person must delete the post
        REMOVED = "removed"

    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="publications")
    target = models.CharField(max_length=20, choices=Target.choices)
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="publications")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PUBLISHING)
    published_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=100, blank=True)  # e.g. the Instagram media id
    container_id = models.CharField(max_length=100, blank=True)  # Instagram's media container, before publish
    permalink = models.URLField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # What was sent, so a lost publish can be recognised among the account's media and audited later.
    caption = models.TextField(blank=True)
    alt_text = models.TextField(blank=True)
    image = models.FileField(storage=_private_storage, upload_to="renders/", blank=True)
    container_created_at = models.DateTimeField(null=True, blank=True)
    publish_sent_at = models.DateTimeField(null=True, blank=True)
    # Backing off after a rate limit or a server error: nothing is tried before this.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # One worker at a time: a claim that lapses on its own if the worker dies.
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["story", "target"], name="publication_once_per_target")]
        indexes = [
            # The gallery's "what is public, newest first".
            models.Index(fields=["target", "state", "-published_at"], name="publication_public"),
        ]

    def __str__(self) -> str:
        return f"{self.target} publication of story {self.story_id} ({self.state})"
