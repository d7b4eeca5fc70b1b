"""Screening evidence in plain words for moderators, and the boxes to draw over the photo.

Each step's Evidence type says it (storydesk/screening/evidence/); a step this version doesn't know is
shown as its evidence's keys and values, so a new step is never hidden."""
from __future__ import annotations

from storydesk.models import Verdict
from storydesk.screening.evidence import Box, Unexplained, Unrecognised, load

__all__ = ["Box", "explain", "photo_boxes"]


def explain(verdict: Verdict) -> list[str]:
    try:
        return load(verdict.step, verdict.evidence).explain()
    except Unexplained:
        # Evidence of an older shape: shown as it is rather than hidden.
        return Unrecognised(verdict.evidence if isinstance(verdict.evidence, dict) else {}).explain()


def photo_boxes(verdicts) -> list[Box]:
    """The sign's box and the faces' boxes, in the lead photo's public-copy pixels (where screening found them)."""
    return [box for verdict in verdicts for box in load(verdict.step, verdict.evidence).boxes()]
