"""What screening learns about a story that the story itself keeps (flagged, language, themes, duplicate)."""
from __future__ import annotations


def story_updates(runs) -> dict:
    """Field values for the Story from this run's verdicts; a crashed step changes nothing."""
    by_step = {run.step: run.result.evidence for run in runs if not run.crashed}
    # A crashed step counts as a flag: the story needs a person's eyes either way.
    updates: dict = {"flagged": any(run.result.outcome != "pass" for run in runs)}
    if "text_check" in by_step:
        language = by_step["text_check"].get("language") or ""
        updates["language"] = "" if language == "und" else language
    if "theme_tagging" in by_step:
        themes = by_step["theme_tagging"].get("themes", [])
        updates["themes"] = [{"name": t["name"], "score": t["score"]} for t in themes]
    if "duplicate_check" in by_step:
        updates["duplicate_of_id"] = by_step["duplicate_check"].get("duplicate_of")
    return updates
