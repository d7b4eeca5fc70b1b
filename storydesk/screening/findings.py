"""What screening learns about a story that the story itself keeps (flagged, language, themes, duplicate)."""
from __future__ import annotations

from storydesk.screening.evidence import DuplicateEvidence, Screening, TextEvidence, ThemeEvidence


def story_updates(runs) -> dict:
    """Field values for the Story from this run's verdicts; a crashed step changes nothing."""
    screening = Screening({run.step: run.evidence for run in runs if not run.crashed})
    # A crashed step counts as a flag: the story needs a person's eyes either way.
    updates: dict = {"flagged": any(run.result.outcome != "pass" for run in runs)}
    if (text := screening.get(TextEvidence)) is not None:
        updates["language"] = text.language_code
    if (themes := screening.get(ThemeEvidence)) is not None:
        updates["themes"] = [theme.to_json() for theme in themes.themes]
    if (duplicates := screening.get(DuplicateEvidence)) is not None:
        updates["duplicate_of_id"] = duplicates.duplicate_of
    return updates
