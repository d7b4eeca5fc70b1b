"""Social intake's own records: where each polled feed has got to, what went wrong, and the permission
requests the desk sent to the authors of public posts."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class SocialSource(models.Model):
    """One polled feed (a hashtag on one Mastodon server, a Bluesky tag search) and its high-water mark.

    The cursor only moves after the posts before it are stored, so a crash or an error means reading a
    page again (recognised by source key), never skipping one.
    """

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.PROTECT, related_name="social_sources")
    channel = models.CharField(max_length=30)  # "mastodon", "bluesky"
    feed = models.CharField(max_length=300)  # e.g. "https://mastodon.social #YearOfMaleAllyship"
    cursor = models.TextField(blank=True)  # the connector's own high-water mark (an id, or JSON)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)  # in a row; drives the backoff
    retry_after = models.DateTimeField(null=True, blank=True)  # not polled before this (rate limit, backoff)
    last_error = models.TextField(blank=True)
    # A post whose media could not be fetched for a passing reason holds the cursor; after a few polls it
    # is taken without that media, so one broken link never blocks the feed.
    stuck_post = models.CharField(max_length=300, blank=True)
    stuck_attempts = models.PositiveSmallIntegerField(default=0)
    posts_received = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["channel", "feed"]
        constraints = [models.UniqueConstraint(fields=["campaign", "channel", "feed"], name="social_source_once")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.feed}"


class SocialProblem(models.Model):
    """Something in social intake a person should know about, in plain words (the technical detail beside
    it). The same problem again on the same feed counts up instead of adding a row."""

    class Kind(models.TextChoices):
        AUTH = "auth", "Login refused"
        RATE_LIMIT = "rate_limit", "Asked too often"
        SERVER = "server", "Server error"
        MALFORMED = "malformed", "Unreadable answer"
        NETWORK = "network", "Can't reach the server"
        CONFIG = "config", "Settings"
        MEDIA = "media", "Photo not taken"
        NO_PHOTO = "no_photo", "No photo"
        PERMISSION = "permission", "Permission request"

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.PROTECT, related_name="social_problems")
    source = models.ForeignKey(SocialSource, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="problems")
    channel = models.CharField(max_length=30)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.TextField()  # for staff, in plain words
    detail = models.TextField(blank=True)  # what the server said, for whoever fixes it
    post_key = models.CharField(max_length=300, blank=True)
    post_url = models.URLField(max_length=500, blank=True)
    story = models.ForeignKey("storydesk.Story", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="social_problems")
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind}: {self.message[:60]}"


class PermissionRequest(models.Model):
    """The desk asking the author of a public post, on the platform, whether the campaign may publish it.

    Written first and sent after the commit (an outbox, like mail replies); a later poll looks for the
    author's reply with the campaign's keyword and records it as Consent.
    """

    class State(models.TextChoices):
        QUEUED = "queued"
        SENT = "sent"
        FAILED = "failed"
        ANSWERED = "answered"

    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="permission_requests")
    channel = models.CharField(max_length=30)
    post_key = models.CharField(max_length=300)  # the post we ask under (its source key without the channel)
    post_url = models.URLField(max_length=500, blank=True)
    author_handle = models.CharField(max_length=200)
    target = models.JSONField(default=dict, blank=True)  # what the platform needs to reply under the post
    message = models.TextField()
    keyword = models.CharField(max_length=100)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    request_ref = models.JSONField(default=dict, blank=True)  # our reply on the platform: ids to find answers
    request_url = models.URLField(max_length=500, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reply_url = models.URLField(max_length=500, blank=True)
    reply_text = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Asking twice at once would spam the author; a failed request may be asked again.
            models.UniqueConstraint(fields=["story"], condition=Q(state__in=["queued", "sent"]),
                                    name="permission_request_one_open"),
        ]

    def __str__(self) -> str:
        return f"permission request for story {self.story_id} ({self.state})"


class InstagramHashtag(models.Model):
    """A hashtag the campaign's Instagram account has read. Instagram allows an account 30 unique hashtags per
    rolling 7 days, counted from a hashtag's first query (later queries within those 7 days neither count
    again nor restart its clock); its id is static and global, so it is looked up once and kept."""

    account_id = models.CharField(max_length=64)  # STORYDESK_INSTAGRAM_ACCOUNT_ID: the limit is per account
    name = models.CharField(max_length=100)  # without "#", case-folded
    hashtag_id = models.CharField(max_length=64, blank=True)
    lookups = models.PositiveIntegerField(default=0)  # ig_hashtag_search calls made for it
    window_started_at = models.DateTimeField()  # the first query of its current 7 days
    last_used_at = models.DateTimeField()

    class Meta:
        ordering = ["window_started_at"]
        constraints = [models.UniqueConstraint(fields=["account_id", "name"], name="instagram_hashtag_once")]

    def __str__(self) -> str:
        return f"#{self.name} ({self.hashtag_id or 'not looked up'})"


class PlatformReads(models.Model):
    """Posts read from a platform that bills each post read (X) on one UTC day: the daily cap is counted
    here, in the database, so a restart or a second worker can't start it again from zero."""

    channel = models.CharField(max_length=30)
    day = models.DateField()
    posts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "channel"]
        constraints = [models.UniqueConstraint(fields=["channel", "day"], name="platform_reads_once_a_day")]

    def __str__(self) -> str:
        return f"{self.channel} {self.day}: {self.posts} posts read"
