"""The order of screening steps and what each outcome means, as a table (Mailman-style):
every step runs; a fail of a step whose row says "reject" rejects; any other fail or flag holds
the story for review with its flags first; all pass → in review, marked clean.

`run_pipeline` runs the steps over one story and writes nothing; the action actions/screening.py
`screen_story` takes the story's lease, runs it, and records what it found."""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from typing import Literal

from storydesk.campaigns.spec import CampaignFileError
from storydesk.screening.context import ScreeningContext
from storydesk.screening.evidence import Crashed, Evidence, as_json, typed
from storydesk.screening.result import Step, StepResult
from storydesk.screening.steps import (
    duplicate_check,
    image_integrity,
    nudity_check,
    person_check,
    sign_check,
    text_check,
    theme_tagging,
)

# Every step there is; a campaign file chooses which run, in what order, and which reject.
STEPS: dict[str, Step] = {step.name: step for step in (
    image_integrity, sign_check, person_check, nudity_check, text_check, duplicate_check, theme_tagging)}


@dataclass(frozen=True)
class Row:
    step: Step
    on_fail: Literal["reject", "hold"]


# Used when a campaign file has no [[screening.steps]] table.
PIPELINE: tuple[Row, ...] = (
    Row(image_integrity, on_fail="reject"),
    Row(sign_check, on_fail="hold"),
    Row(person_check, on_fail="hold"),
    Row(nudity_check, on_fail="reject"),
    Row(text_check, on_fail="hold"),
    Row(duplicate_check, on_fail="hold"),
    Row(theme_tagging, on_fail="hold"),
)


def pipeline_for(spec) -> tuple[Row, ...]:
    """The campaign's table of steps (CampaignFileError names an unknown step)."""
    if not spec.screening:
        return PIPELINE
    unknown = [name for name, _ in spec.screening if name not in STEPS]
    if unknown:
        raise CampaignFileError(f"unknown screening step(s): {', '.join(unknown)}; known: {', '.join(STEPS)}")
    return tuple(Row(STEPS[name], on_fail) for name, on_fail in spec.screening)


def load_models(spec) -> list[str]:
    """Load every model the campaign's steps use, so a new worker's first story doesn't pay for it
    (about 5 s). Each step that has models says so with a `load()`; returns the steps loaded."""
    loaded = []
    for row in pipeline_for(spec):
        load = getattr(row.step, "load", None)
        if load is not None:
            load()
            loaded.append(row.step.name)
    return loaded


@dataclass(frozen=True)
class StepRun:
    step: str
    result: StepResult
    duration_ms: int
    crashed: bool = False

    @property
    def evidence(self) -> Evidence:
        return typed(self.step, self.result.evidence)

    def evidence_json(self) -> dict:
        """The evidence as the verdict stores it."""
        return as_json(self.result.evidence)

    @property
    def error(self) -> str:
        """What the step raised, when it crashed."""
        evidence = self.evidence
        return evidence.error if isinstance(evidence, Crashed) else ""


@dataclass(frozen=True)
class PipelineRun:
    """What one run of the steps found: each step's result, in the table's order, and which steps reject."""

    steps: tuple[StepRun, ...]
    rejecting_steps: frozenset[str]


def run_pipeline(ctx: ScreeningContext, pipeline: tuple[Row, ...] | None = None) -> PipelineRun:
    """Run every step of the table (the campaign's, unless one is given) over the story; writes nothing."""
    pipeline = pipeline if pipeline is not None else pipeline_for(ctx.campaign)
    return PipelineRun(tuple(_run_step(row.step, ctx) for row in pipeline),
                       frozenset(row.step.name for row in pipeline if row.on_fail == "reject"))


def _run_step(step: Step, ctx: ScreeningContext) -> StepRun:
    started = time.perf_counter()
    try:
        result, crashed = step.check(ctx), False
    except Exception as error:  # one step's crash parks the story for a human; it never stops a batch
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        result, crashed = StepResult("fail", None, Crashed(detail)), True
    return StepRun(step.name, result, round((time.perf_counter() - started) * 1000), crashed)
