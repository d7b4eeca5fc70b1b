from django.db import models


class InsightsCount(models.Model):
    """One number of the dashboard for one day: how many of the stories that arrived that day (UTC) are in a
    stage, a country, a theme, … — on one channel, or on all ("" ). The dashboard adds days up, so its
    queries read a few thousand rows of this instead of a million stories (insights/rollup.py keeps it).

    measure/key: stage/received…published, country/<code>, language/<code>, theme/<name>,
    consent/website|instagram|both|neither, and wait/<actor id or ""> with `bucket` the index of the
    time-to-first-decision range (insights.waits.BUCKETS)."""

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=32, blank=True)
    measure = models.CharField(max_length=16)
    key = models.CharField(max_length=200, blank=True)
    bucket = models.SmallIntegerField(default=0)
    n = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "day", "channel", "measure", "key", "bucket"],
                                               name="insights_count_once")]
        # Covering: a range's sum is read from the index alone.
        indexes = [models.Index(fields=["campaign", "measure", "channel", "day", "key", "bucket", "n"],
                                name="insights_count_read")]


class InsightsDirtyDay(models.Model):
    """A day whose counts are out of date. Database triggers (migration 0011) add a row whenever a story, or
    anything the dashboard counts about one, is written — whatever code path wrote it, bulk updates included —
    and insights/rollup.refresh recounts those days. A log, not a set: rows may repeat, so concurrent
    writers never wait on each other's unique key."""

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.CASCADE, related_name="+",
                                 db_constraint=False)
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["campaign", "day"], name="insights_dirty_day")]
