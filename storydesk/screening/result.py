"""What one screening step says about a story."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

from storydesk.models import Photo
from storydesk.screening.evidence import Evidence

Outcome = Literal["pass", "flag", "fail"]


@dataclass(frozen=True)
class ToIndex:
    """What the similarity index should hold for the story once its run is recorded (actions/similarity.py
    writes it): its photos' hash bands, and its answer's fingerprint and embedding."""

    photos: tuple[Photo, ...]
    vector: np.ndarray | None = field(compare=False)  # None for an empty answer
    embedder: str


@dataclass(frozen=True)
class StepResult:
    outcome: Outcome
    score: float | None = None
    # The step's own Evidence type (screening/evidence/); plain JSON is read as if stored (StepRun.evidence).
    evidence: Evidence | dict = field(default_factory=dict)
    # Steps write nothing: what a step asks the run's recording to index (the duplicate check's), or None.
    index: ToIndex | None = None


class Step(Protocol):
    """A screening step: a module (or object) with a name and a check, and a `load()` when it has models
    (a worker calls it once at start-up; see pipeline.load_models)."""

    name: str

    def check(self, ctx) -> StepResult: ...
