"""How Instagram posts are doing: likes, comments and reach as the daily poll last read them."""
from django.db import models


class PostEngagement(models.Model):
    """The latest numbers of one Instagram post (a Publication), kept as one row that each poll overwrites.

    Only the latest reading is kept: the dashboard shows where each post stands, and a per-day history
    can be added later without changing this row."""

    publication = models.OneToOneField("storydesk.Publication", on_delete=models.CASCADE, related_name="engagement")
    likes = models.PositiveIntegerField(null=True, blank=True)
    comments = models.PositiveIntegerField(null=True, blank=True)
    # Empty until Instagram has it: insights lag up to 48 hours and come back as an empty data set before.
    reach = models.PositiveIntegerField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)  # when these numbers were read
    # Instagram said the post no longer exists (deleted on the app): its last numbers stay, it is never asked again.
    gone_at = models.DateTimeField(null=True, blank=True)
    problem = models.TextField(blank=True)  # the last poll's trouble with this post, in plain words

    def __str__(self) -> str:
        return f"engagement of publication {self.publication_id}"


class EngagementPoll(models.Model):
    """One run of the Instagram metrics poll, so staff can see when numbers were last read and why a run
    stopped (a refused token, a rate limit) without reading the worker's log."""

    class Outcome(models.TextChoices):
        RUNNING = "running"
        DONE = "done", "Read every post"
        RATE_LIMITED = "rate_limited", "Stopped: asked too often"
        REFUSED = "refused", "Stopped: access refused"
        FAILING = "failing", "Stopped: Instagram kept failing"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.RUNNING)
    posts_read = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)  # for staff, in plain words (with Instagram's own words and codes)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Instagram metrics poll {self.started_at:%Y-%m-%d %H:%M} ({self.outcome})"
