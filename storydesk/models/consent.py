from django.db import models

STATE_LABELS = {"given": "given", "not_given": "not given", "withdrawn": "withdrawn"}


class Consent(models.Model):
    """Permission to publish a story in one scope, with its evidence; withdrawal wins."""

    class Scope(models.TextChoices):
        WEBSITE = "website"
        INSTAGRAM = "instagram"

    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    channel = models.CharField(max_length=30)
    evidence = models.JSONField(default=dict)
    given_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "scope"], name="consent_one_per_scope")]

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        return "given" if self.given_at else "not_given"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def __str__(self) -> str:
        return f"{self.scope}: {self.state}"
