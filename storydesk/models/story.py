from django.db import models


class Status(models.TextChoices):
    RECEIVED = "received"
    SCREENING = "screening"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_INFO = "needs_info"
    ERRORED = "errored"
    WITHDRAWN = "withdrawn"


S = Status
# The story's lifecycle as data: from → the states it may move to. Withdrawn is final.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.SCREENING, S.NEEDS_INFO}),
    S.SCREENING: frozenset({S.IN_REVIEW, S.REJECTED, S.ERRORED}),
    S.ERRORED: frozenset({S.SCREENING}),
    S.IN_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.NEEDS_INFO, S.SCREENING}),
    # → received: the missing photo arrived (a later email), so the story goes to screening like any other.
    S.NEEDS_INFO: frozenset({S.RECEIVED, S.SCREENING, S.IN_REVIEW, S.REJECTED}),
    S.APPROVED: frozenset({S.IN_REVIEW, S.REJECTED}),
    S.REJECTED: frozenset({S.IN_REVIEW, S.APPROVED, S.SCREENING}),
    S.WITHDRAWN: frozenset(),
}
for _state in Status:
    if _state != S.WITHDRAWN:
        TRANSITIONS[_state] |= {S.WITHDRAWN}


class InvalidTransition(Exception):
    def __init__(self, story_id, current: str, wanted: str):
        super().__init__(f"story {story_id} cannot move from {current} to {wanted}")
        self.current, self.wanted = current, wanted


class Story(models.Model):
    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.PROTECT, related_name="stories")
    contributor = models.ForeignKey("storydesk.Contributor", on_delete=models.PROTECT, related_name="stories")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    public_caption = models.TextField(blank=True)
    display_name = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=12, blank=True)
    country = models.CharField(max_length=2, blank=True)
    themes = models.JSONField(default=list, blank=True)  # [{"name": ..., "score": ...}]
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    age_confirmed = models.BooleanField(default=False)
    # The contributor's private status link; long and random, so it cannot be guessed.
    status_token = models.CharField(max_length=64, unique=True)
    error = models.TextField(blank=True)  # why screening parked it (errored)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["campaign", "status", "created_at"], name="story_queue"),
            models.Index(fields=["status", "status_changed_at"], name="story_stuck"),
        ]

    def __str__(self) -> str:
        return f"story {self.pk} ({self.status})"

    def can_move_to(self, wanted: str) -> bool:
        return wanted in TRANSITIONS[self.status]

    def check_move(self, wanted: str) -> None:
        if not self.can_move_to(wanted):
            raise InvalidTransition(self.pk, self.status, wanted)

    @property
    def lead_photo(self):
        photos = list(self.photos.all())
        return photos[0] if photos else None
