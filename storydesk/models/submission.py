from django.db import models

# What the desk calls each channel (Submission.channel, Consent.channel) and each social platform: the key
# stays in filters, links and exports.
CHANNEL_LABELS = {
    "web": "web form", "email": "e-mail", "import": "import", "demo": "demo", "status_page": "status page",
    "instagram": "Instagram", "mastodon": "Mastodon", "bluesky": "Bluesky", "x": "X",
}


def channel_label(channel: str) -> str:
    """A channel in words ("email" → "e-mail"); one this table lacks, as readable as its key is."""
    return CHANNEL_LABELS.get(channel) or channel.replace("_", " ")


class Submission(models.Model):
    """One arrival on one channel; several can merge into one Story. The raw payload is kept."""

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.PROTECT, related_name="submissions")
    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="submissions")
    channel = models.CharField(max_length=30, db_index=True)
    # Stable per channel item (Message-ID, platform media id, upload hash): re-polling never duplicates.
    source_key = models.CharField(max_length=300)
    raw = models.JSONField(default=dict)
    received_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "channel", "source_key"], name="submission_source_once"),
        ]
        indexes = [models.Index(fields=["channel", "story"], name="submission_by_channel")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.source_key[:24]}"
