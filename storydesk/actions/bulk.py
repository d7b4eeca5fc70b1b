"""Decisions on a selection of stories (what a backlog of thousands needs): each story is its own decision,
in its own transaction, with the same checks as one at a time; the ones refused are reported, not fatal."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from storydesk.actions.assignment import assign_story
from storydesk.actions.base import Actor, audit, require_permission
from storydesk.actions.decisions import RULES, decide
from storydesk.actions.guards import Refused
from storydesk.models import Story

MAX_SELECTION = 500  # one request's worth; the queue pages are smaller


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # story id → why
    batch: str = ""  # on each story's audit event


def bulk_decide(selection: list[tuple[int, str | None]], action: str, *, actor: Actor, reason: str = "",
                note: str = "") -> BulkResult:
    """selection: (story id, the version the moderator saw) pairs."""
    if action not in ("approve", "reject"):
        raise ValueError(f"no bulk {action}")
    require_permission(actor, RULES[action].permission)
    batch = uuid.uuid4().hex[:12]
    versions = dict(selection[:MAX_SELECTION])
    result = _each(list(versions), lambda story_id: decide(story_id, action, actor=actor,
                                                          seen_version=versions[story_id], reason=reason, note=note,
                                                          batch=batch))
    result.batch = batch
    return result


def record_flagged_choice(flagged: dict[int, list[dict]], shown: set[int], choice: str, result: BulkResult, *,
                          actor: Actor, campaign) -> None:
    """A moderator was shown these flagged stories before a bulk approval and chose to approve them all, or only
    the unflagged: the choice is kept beside the decisions it led to. flagged: id → the flags' codes (desk/flags.py)
    as they are now; shown: the ids the page listed. Codes only, never what was found: the event belongs to no
    one story, so a story's erasure wouldn't reach the contributor's words in it."""
    require_permission(actor, RULES["approve"].permission)
    audit("bulk.flagged_approval", actor=actor, campaign=campaign, choice=choice, batch=result.batch,
          flagged={str(pk): codes for pk, codes in flagged.items()}, shown=sorted(shown), approved=result.done)


def bulk_assign(story_ids: list[int], assignee, *, actor: Actor) -> BulkResult:
    require_permission(actor, "assign_story")
    batch = uuid.uuid4().hex[:12]
    return _each(story_ids[:MAX_SELECTION], lambda story_id: assign_story(story_id, assignee, actor=actor, batch=batch))


def _each(story_ids: list[int], act) -> BulkResult:
    """Act on each story on its own; a story that is gone or refused is reported and the rest go on."""
    result = BulkResult()
    for story_id in story_ids:
        try:
            act(story_id)
        except Story.DoesNotExist:
            result.refused[story_id] = f"Story {story_id} doesn't exist."
        except Refused as refused:
            result.refused[story_id] = str(refused)
        else:
            result.done.append(story_id)
    return result
