from django.db import models

# Only the triggers write these tables: on_delete=DO_NOTHING, so that deleting a story (or campaign) leaves
# its rows to the triggers, which must still see the story's marks to take them off the counts.


class _CampaignCount(models.Model):
    """How many stories of a campaign, in a status, carry a mark (facet/key): DeskCount's rows and deltas."""

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.DO_NOTHING, related_name="+",
                                 db_constraint=False)
    status = models.CharField(max_length=20)
    facet = models.CharField(max_length=16)
    key = models.CharField(max_length=200, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DeskCount(_CampaignCount):
    """How many stories of one campaign in one status carry one mark: the queue's counts with no filter but
    the status, kept exact by database triggers (migration 0019) on every write — bulk updates and raw SQL
    included — so the default queue's counts are a few indexed rows at a million stories.

    facet/key: story/"" (every story), country/<code>, language/<code>, duplicate/yes|no,
    assigned/<user id or "" for nobody>, channel/<name>, step/<flagging step>, theme/<name>,
    consent/website|instagram|live|withdrawn (live: any live consent; "none" is story − live)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "status", "facet", "key"], name="desk_count_once")]


class DeskCountDelta(_CampaignCount):
    """PostgreSQL's triggers append changes to DeskCount here rather than update its rows, so that concurrent
    writers never lock the same count rows; a count is its DeskCount row plus its deltas, and
    desk.counts.fold_deltas (every minute, by the worker) moves the deltas into DeskCount."""


class DeskMark(models.Model):
    """A mark a story carries because of its other rows (a channel from its submissions, a flagging step
    from its verdicts, a theme, a consent state), with how many of those rows give it: the triggers change
    DeskCount only when this goes from 0 to 1 or back, so a story on one channel twice counts once."""

    story = models.ForeignKey("storydesk.Story", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    facet = models.CharField(max_length=16)
    key = models.CharField(max_length=200, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "facet", "key"], name="desk_mark_once")]
