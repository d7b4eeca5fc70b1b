"""Screening's writes: claim a story for a run, then record its verdicts and where it goes next."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.actions.themes import store_themes
from storydesk.models import Status, Story, Verdict
from storydesk.screening.findings import story_updates

SCREENABLE = {Status.RECEIVED, Status.ERRORED, Status.SCREENING}


def begin_screening(story_id: int, *, actor: Actor) -> Story | None:
    """Move the story into screening; None when it is not waiting for it (a repeated task)."""
    with transaction.atomic():
        story = Story.objects.select_for_update().select_related("campaign").filter(pk=story_id).first()
        if story is None or story.status not in SCREENABLE:
            return None
        if story.status != Status.SCREENING:
            before = story.status
            story.status = Status.SCREENING
            story.error = ""
            audit("screening.started", actor=actor, story=story, before=before, after=Status.SCREENING)
        story.status_changed_at = timezone.now()
        story.save(update_fields=["status", "error", "status_changed_at", "updated_at"])
    return story


def finish_screening(story: Story, runs, *, rejecting_steps: set[str], actor: Actor) -> Story | None:
    """Replace the story's verdicts with this run's, and move it on by the pipeline's rules."""
    with transaction.atomic():
        locked = Story.objects.select_for_update().filter(pk=story.pk).first()
        if locked is None or locked.status != Status.SCREENING:
            return locked  # withdrawn (or re-routed) while the steps ran: leave it where it is
        previous = list(locked.verdicts.values("step", "outcome", "score", "evidence", "duration_ms"))
        locked.verdicts.all().delete()
        Verdict.objects.bulk_create([
            Verdict(story=locked, step=run.step, position=i, outcome=run.result.outcome, score=run.result.score,
                    evidence=run.evidence_json(), duration_ms=run.duration_ms)
            for i, run in enumerate(runs)
        ])
        crashed = [run for run in runs if run.crashed]
        rejected_by = [run.step for run in runs if run.result.outcome == "fail" and run.step in rejecting_steps]
        flags = [run.step for run in runs if run.result.outcome != "pass"]
        if crashed:
            after = Status.ERRORED
            locked.error = "; ".join(f"{run.step}: {run.error}" for run in crashed)
        elif rejected_by:
            after = Status.REJECTED
        else:
            after = Status.IN_REVIEW
        updates = story_updates(runs)
        for field, value in updates.items():
            if field == "themes":
                store_themes(locked, value)
            else:
                setattr(locked, field, value)
        locked.status = after
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "error", "status_changed_at", "updated_at",
                                   *(f.removesuffix("_id") for f in updates)])
        audit("screening.finished", actor=actor, story=locked, before=Status.SCREENING, after=after,
              flags=flags, rejected_by=rejected_by, error=locked.error, previous_verdicts=previous)
    return locked
