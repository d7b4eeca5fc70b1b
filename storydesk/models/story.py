from django.conf import settings
from django.db import models

from storydesk.roles import PERMISSIONS


class Status(models.TextChoices):
    RECEIVED = "received"
    SCREENING = "screening"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_INFO = "needs_info"
    ERRORED = "errored"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"  # a duplicate whose submissions, photos and consents now belong to another story


# Withdrawn and merged are final; every move between states is in actions/lifecycle.py (MOVES).
FINAL = frozenset({Status.WITHDRAWN, Status.MERGED})


class Story(models.Model):
    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.PROTECT, related_name="stories")
    contributor = models.ForeignKey("storydesk.Contributor", on_delete=models.PROTECT, related_name="stories")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    public_caption = models.TextField(blank=True)
    display_name = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=12, blank=True)  # the answer's, as screening detects it
    # The language the participant used storydesk in (storydesk/languages.py), so every later message to them
    # is in it; "" = the campaign's default language.
    participant_language = models.CharField(max_length=12, blank=True)
    country = models.CharField(max_length=2, blank=True)
    themes = models.JSONField(default=list, blank=True)  # [{"name": ..., "score": ...}]
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="merged_stories")
    # Mail that would have completed that open story, kept as a story of its own because its sender wasn't proven
    # to be that story's contributor (actions/completion.py): staff see both and merge them if they are one.
    would_complete = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="unproven_arrivals")
    # Some screening step flagged or failed it: the queue shows such stories first.
    flagged = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="assigned_stories")
    # Opening a story claims it for a few minutes, so two moderators never decide it at once.
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    claimed_until = models.DateTimeField(null=True, blank=True)
    # When the moderators' digest last told of it waiting; a later status change makes it news again.
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    age_confirmed = models.BooleanField(default=False)
    # The contributor's private status link; long and random, so it cannot be guessed.
    status_token = models.CharField(max_length=64, unique=True)
    error = models.TextField(blank=True)  # why screening parked it (errored)
    # Screening's lease (actions/screening.py): one worker at a time screens the story; one that dies lets go
    # when the lease lapses, and after STORYDESK_SCREENING_MAX_ATTEMPTS runs that never finished it is parked.
    screening_queued_at = models.DateTimeField(null=True, blank=True)  # when a screening task was last queued
    screening_lease_owner = models.CharField(max_length=64, blank=True)
    screening_lease_until = models.DateTimeField(null=True, blank=True)
    screening_attempts = models.PositiveSmallIntegerField(default=0)  # runs started since the last one finished
    # When a withdrawn story's personal data was erased (actions/erasure.py): what is left is its tombstone.
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["campaign", "status", "created_at"], name="story_queue"),
            models.Index(fields=["status", "status_changed_at"], name="story_stuck"),
            models.Index(fields=["status", "screening_queued_at"], name="story_screening_queued"),
            # The desk's default order: flagged first, then oldest first.
            models.Index(fields=["campaign", "status", "-flagged", "created_at", "id"], name="story_queue_flagged"),
            models.Index(fields=["campaign", "-flagged", "created_at", "id"], name="story_all_flagged"),
            # A moderator's own queue (assigned=me) in the default order: at a million stories, walking the
            # in-review index for the 2 % assigned to one person read 7,700 rows for a page (bench desk).
            models.Index(fields=["campaign", "assigned_to", "status", "-flagged", "created_at", "id"],
                         name="story_assigned_queue"),
            models.Index(fields=["country", "status"], name="story_by_country"),
            models.Index(fields=["language", "status"], name="story_by_language"),
            models.Index(fields=["campaign", "created_at"], name="story_arrived"),  # insights recount a day
        ]
        permissions = [(p.codename, p.label) for p in PERMISSIONS]

    def __str__(self) -> str:
        return f"story {self.pk} ({self.status})"

    def surviving(self) -> "Story":
        """The story this one lives on in: itself, or the story it was merged into (followed to the end)."""
        story = self
        for _ in range(20):  # merges chain only as far as moderators merged merged-into stories
            if story.status != Status.MERGED or story.merged_into_id is None:
                break
            story = Story.objects.select_related("campaign").get(pk=story.merged_into_id)
        return story

    @property
    def lead_photo(self):
        photos = list(self.photos.all())
        return photos[0] if photos else None
