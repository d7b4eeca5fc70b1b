"""A story's themes: the list it shows and exports (Story.themes) and the rows the desk filters by
(StoryTheme), always written together, here."""
from __future__ import annotations

from storydesk.models import Story, StoryTheme


def store_themes(story: Story, themes: list[dict]) -> list[dict]:
    """Set story.themes (the caller saves it, in the same transaction) and replace its theme rows.

    themes: [{"name": ..., "score": float | None}], in order; a repeated name keeps its first entry."""
    kept: dict[str, dict] = {}
    for theme in themes:
        name = str(theme.get("name", "")).strip()[:200]
        if name and name not in kept:
            kept[name] = {"name": name, "score": theme.get("score")}
    story.themes = list(kept.values())
    StoryTheme.objects.filter(story=story).exclude(name__in=list(kept)).delete()
    StoryTheme.objects.bulk_create(
        [StoryTheme(story=story, name=t["name"], score=t["score"]) for t in story.themes],
        update_conflicts=True, unique_fields=["story", "name"], update_fields=["score"])
    return story.themes
