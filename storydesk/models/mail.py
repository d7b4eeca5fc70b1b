from django.db import models
from django.db.models import Q


class MailMessage(models.Model):
    """Every message the desk read from a mailbox or mail file, once per source key, with what became of it.

    Reading the same message again (a crash before it was moved, a re-import) finds this row: a processed or
    ignored message is never processed twice; a failed one is tried again.
    """

    class Outcome(models.TextChoices):
        PROCESSED = "processed"
        IGNORED = "ignored"
        FAILED = "failed"

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.PROTECT, related_name="mail_messages")
    # The Message-ID without brackets, or "sha256:…" of the raw bytes when there is none.
    source_key = models.CharField(max_length=300)
    origin = models.CharField(max_length=300, blank=True)  # where it was last read: "imap:INBOX", "eml:…"
    sender = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)  # the Date header
    size_bytes = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)  # why it was ignored
    error = models.TextField(blank=True)  # why it failed
    story = models.ForeignKey("storydesk.Story", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="mail_messages")
    attempts = models.PositiveIntegerField(default=1)  # times it was read
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "source_key"], name="mail_message_once")]
        indexes = [models.Index(fields=["outcome", "last_seen_at"], name="mail_by_outcome")]

    def __str__(self) -> str:
        return f"mail {self.source_key[:40]} ({self.outcome})"


class MailReply(models.Model):
    """A message to a contributor: a reply to one incoming message, or one the desk sends of its own (asking
    for more, or news of their story). Written with the story, sent after the commit, retried until sent."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement"
        ASK_PHOTO = "ask_photo"
        ASK_ANSWER = "ask_answer"
        ATTACHMENT_PROBLEM = "attachment_problem"
        COMPLETED = "completed"
        NEEDS_INFO = "needs_info"
        # News of their story (actions.news).
        RECEIVED = "received"
        APPROVED = "approved"
        PUBLISHED = "published"
        NOT_PUBLISHED = "not_published"
        WITHDRAWN = "withdrawn"

    # The incoming message this answers; none for a message a moderator starts.
    mail = models.OneToOneField(MailMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="reply")
    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="mail_replies")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    to = models.CharField(max_length=320)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # Ours, made when the reply is written, so a retry sends the same message and an echo is recognised.
    message_id = models.CharField(max_length=300, unique=True)
    in_reply_to = models.CharField(max_length=300, blank=True)
    # The event it tells of ("approved:12", "needs_info:34"): one message per event, however often the event's
    # code runs. Blank for replies, which are once per incoming message already.
    once_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["once_key"], condition=~Q(once_key=""),
                                               name="mail_reply_once_per_event")]
        # The desk's banner: is anything waiting to go out (a handful of rows at most, when all is well)?
        indexes = [models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="mail_reply_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} reply to {self.to}"
