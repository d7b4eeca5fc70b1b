"""A step's result as its verdict stores it: the step's own Evidence type, checked to survive the trip through
JSON (to_json, then from_json gives it back), with the evidence as the stored JSON so a test can check the
keys the exports promise."""
from __future__ import annotations

import json

from storydesk.screening.evidence import EVIDENCE
from storydesk.screening.result import StepResult


def stored(result: StepResult) -> StepResult:
    evidence = result.evidence
    assert type(evidence) in EVIDENCE.values(), f"{type(evidence).__name__} is no step's Evidence type"
    data = json.loads(json.dumps(evidence.to_json()))
    assert type(evidence).from_json(data) == evidence
    return StepResult(result.outcome, result.score, data)
