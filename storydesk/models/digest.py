from django.db import models


class ModeratorDigest(models.Model):
    """One e-mail to the moderators about stories that waited too long: written first (marking the stories as
    told), sent after the commit, retried until sent — so each story is told once per wait."""

    created_at = models.DateTimeField(auto_now_add=True)
    story_ids = models.JSONField(default=list)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"digest of {len(self.story_ids)} stories"
