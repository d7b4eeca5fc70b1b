from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """What happened, who did it and what changed (before → after). Append-only."""

    campaign = models.ForeignKey("storydesk.Campaign", null=True, on_delete=models.SET_NULL)
    story = models.ForeignKey("storydesk.Story", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=100)  # "contributor", "system", "cli", or the username
    verb = models.CharField(max_length=60, db_index=True)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["story", "-created_at"], name="audit_by_story"),
            models.Index(fields=["actor", "-created_at"], name="audit_by_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} by {self.actor_label}"
