"""The public gallery's own read model: what the campaign's site shows of each public story, and nothing else.

Rows are copied from publishing.public_set.public_stories (the one definition of public) by gallery.entries
whenever on_public_change fires, so every public page reads small indexed tables: no query walks every story,
and no private field (e-mail, full name, answer, original photo) is ever within a page's reach."""
from django.db import models


class GalleryStory(models.Model):
    story = models.OneToOneField("storydesk.Story", primary_key=True, on_delete=models.CASCADE,
                                 related_name="gallery_entry")
    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()
    month = models.CharField(max_length=7)  # "2020-03", in the campaign's time zone: the archive it is in
    caption = models.TextField(blank=True)
    display_name = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True)
    themes = models.JSONField(default=list, blank=True)  # names only
    # The lead photo's public copy (metadata-free), by its unguessable key; never the original.
    photo_key = models.CharField(max_length=40, blank=True)
    photo_width = models.PositiveIntegerField(default=0)
    photo_height = models.PositiveIntegerField(default=0)
    thumb_width = models.PositiveIntegerField(default=0)
    thumb_height = models.PositiveIntegerField(default=0)
    synced_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at", "-story_id"]
        indexes = [
            models.Index(fields=["campaign", "-published_at", "-story"], name="gallery_wall"),
            models.Index(fields=["campaign", "month", "-published_at", "-story"], name="gallery_month"),
        ]

    def __str__(self) -> str:
        return f"gallery story {self.story_id}"


class GalleryTerm(models.Model):
    """One searchable term of a public story (a word of its caption, name or country, or a filter value such
    as "country:gh"), with the story's publication time so a term's stories come out newest first straight
    from the index: the search and the filters page through it without sorting."""

    entry = models.ForeignKey(GalleryStory, on_delete=models.CASCADE, related_name="terms")
    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=200)
    published_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "term"], name="gallery_term_once")]
        indexes = [models.Index(fields=["campaign", "term", "-published_at", "-entry"], name="gallery_term_scan")]

    def __str__(self) -> str:
        return self.term


class GalleryFacet(models.Model):
    """How many public stories have one filter value (a country, a theme, a month): the filter menus."""

    class Kind(models.TextChoices):
        COUNTRY = "country"
        THEME = "theme"
        MONTH = "month"

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind", "value"], name="gallery_facet_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value} ({self.count})"
