from django.db import models


class StoryTheme(models.Model):
    """One of a story's themes, as a row: the index the desk filters and counts by. Story.themes holds the
    same list for showing and exporting; actions.themes.set_themes writes both, nothing else writes either."""

    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="theme_rows")
    name = models.CharField(max_length=200)
    score = models.FloatField(null=True, blank=True)  # none when staff added it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "name"], name="story_theme_once")]
        indexes = [models.Index(fields=["name", "story"], name="story_theme_lookup")]

    def __str__(self) -> str:
        return self.name
