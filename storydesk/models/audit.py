from django.conf import settings
from django.db import models

# What the desk says for each verb, for a person reading the trail; the verb stays the key (filters, the CSV).
VERB_LABELS = {
    "story.received": "story received",
    "story.completed": "story completed",
    "story.submission_added": "another submission added",
    "story.info_given": "the contributor gave what was asked",
    "story.info_refused": "the contributor's answer was refused",
    "story.info_rate_limited": "the contributor's answer was refused: too many tries",
    "story.sender_unproven": "held: the sender's address isn't proven",
    "story.approve": "approved",
    "story.reject": "rejected",
    "story.needs_info": "asked the contributor for more",
    "story.reopen": "reopened for review",
    "story.withdrawn": "withdrawn",
    "story.erased": "erased",
    "story.merged": "merged into another story",
    "story.merged_in": "another story merged in",
    "story.assigned": "assigned",
    "story.caption_edited": "caption edited",
    "story.caption_restored": "caption piece restored",
    "story.display_name_changed": "display name changed",
    "story.lead_photo_chosen": "lead photo chosen",
    "story.themes_changed": "themes changed",
    "screening.started": "screening started",
    "screening.resumed": "screening resumed",
    "screening.finished": "screening finished",
    "screening.parked": "screening stopped with an error",
    "consent.confirmed": "consent confirmed",
    "permission.requested": "permission requested",
    "permission.sent": "permission request sent",
    "permission.answered_after_withdrawal": "permission given after the story was withdrawn",
    "message.sent": "message sent to the contributor",
    "mail.ignored": "e-mail ignored",
    "mail.failed": "e-mail could not be read",
    "intake.rejected": "submission refused",
    "intake.rate_limited": "submission refused: too many tries",
    "intake.spam_discarded": "spam discarded",
    "intake.repeat_from_another": "the same story sent by someone else",
    "slot.placed": "story placed in a slot",
    "slot.cleared": "slot cleared",
    "slot.locked": "slot locked or unlocked",
    "slot.parked": "publishing stopped with an error",
    "slot.retried": "publishing retried",
    "calendar.planned": "calendar filled",
    "calendar.laid_out": "calendar slots laid out",
    "publication.published": "published",
    "publication.removed": "post removed",
    "photo.originals_deleted": "original photos deleted",
    "social.problem": "social intake problem",
    "digest.written": "digest written",
    "digest.sent": "digest sent",
    "contributor.exported": "contributor's data downloaded",
    "contributor.erased": "contributor's data erased",
    "staff.created": "staff account created",
    "staff.role_changed": "role changed",
    "login.rate_limited": "log-in refused: too many tries",
}
# Who acted, when it wasn't a staff account (Actor.system(), .cli(), .contributor()).
ACTOR_WORDS = {"system": "storydesk", "cli": "the command line", "contributor": "the contributor",
               "anonymous": "someone not logged in"}


def verb_label(verb: str) -> str:
    """A verb as words ("story.caption_edited" → "caption edited"); one this table lacks, as readable as it is."""
    return VERB_LABELS.get(verb) or verb.replace(".", ": ").replace("_", " ")


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

    @property
    def verb_label(self) -> str:
        return verb_label(self.verb)

    @property
    def who(self) -> str:
        """Who did it, in words: a staff member's username, or what acted for storydesk."""
        return ACTOR_WORDS.get(self.actor_label, self.actor_label) if self.actor_id is None else self.actor_label
