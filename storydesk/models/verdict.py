from django.db import models

# What the desk says for an outcome. (The choices keep Django's labels: changing those needs a migration.)
OUTCOME_LABELS = {"pass": "passed", "flag": "flagged", "fail": "failed"}


class Verdict(models.Model):
    """One screening step's result for a story."""

    class Outcome(models.TextChoices):
        PASS = "pass"
        FLAG = "flag"
        FAIL = "fail"

    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="verdicts")
    step = models.CharField(max_length=50)
    position = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=4, choices=Outcome.choices, db_index=True)
    score = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=dict)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["story", "step"], name="verdict_one_per_step")]
        # The desk's "flagged by step" filter and counts.
        indexes = [models.Index(fields=["step", "outcome", "story"], name="verdict_by_step")]

    def __str__(self) -> str:
        return f"{self.step}: {self.outcome}"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)
