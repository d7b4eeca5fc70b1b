"""A story's lifecycle as one table: every move a story's status can make, each named after the action that
makes it. Every action that changes a status goes through `move`; a move the table doesn't list is refused.

A story arrives as received (it has a photo: screening is queued) or needs_info (no photo yet), from
actions.intake. Withdrawn and merged are final. Withdrawal wins over everything and lives here too."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.actions.guards import Refused
from storydesk.actions.news import story_withdrawn
from storydesk.actions.publishing import take_down_story
from storydesk.models import Status, Story
from storydesk.models.story import FINAL

S = Status
OPEN = frozenset(Status) - FINAL


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    to: str
    by: str  # the action that makes it, where a reader finds it


MOVES: dict[str, Move] = {
    # Screening (actions.screening): a worker takes the story, then the pipeline's outcome moves it on.
    "begin_screening": Move(frozenset({S.RECEIVED, S.ERRORED}), S.SCREENING, "actions.screening.begin_screening"),
    "screening_passed": Move(frozenset({S.SCREENING}), S.IN_REVIEW, "actions.screening.finish_screening"),
    "screening_rejected": Move(frozenset({S.SCREENING}), S.REJECTED, "actions.screening.finish_screening"),
    "screening_crashed": Move(frozenset({S.SCREENING}), S.ERRORED, "actions.screening.finish_screening"),
    # A story that stopped its worker too often waits for a person.
    "screening_parked": Move(frozenset({S.SCREENING}), S.ERRORED, "actions.screening.park_screening"),
    # A moderator's decisions (actions.decisions.RULES).
    "approve": Move(frozenset({S.IN_REVIEW}), S.APPROVED, "actions.decisions.decide"),
    "reject": Move(frozenset({S.IN_REVIEW, S.NEEDS_INFO}), S.REJECTED, "actions.decisions.decide"),
    "needs_info": Move(frozenset({S.IN_REVIEW}), S.NEEDS_INFO, "actions.decisions.decide"),
    "reopen": Move(frozenset({S.APPROVED, S.REJECTED}), S.IN_REVIEW, "actions.decisions.decide"),
    # New material from the contributor (a later e-mail, or a merged copy) is screened again.
    "photo_arrived": Move(frozenset({S.NEEDS_INFO}), S.RECEIVED, "actions.completion.complete_story"),
    "answer_arrived": Move(frozenset({S.NEEDS_INFO}), S.RECEIVED, "actions.completion.complete_story"),
    "merged_photo_arrived": Move(frozenset({S.NEEDS_INFO}), S.RECEIVED, "actions.merge.merge_stories"),
    "material_arrived": Move(frozenset({S.IN_REVIEW, S.ERRORED}), S.SCREENING, "actions.completion.complete_story"),
    # The contributor answered the desk's question on the status page: screened again, even when only their
    # consent came (every way back to a moderator goes through screening).
    "info_given": Move(frozenset({S.NEEDS_INFO}), S.RECEIVED, "actions.completion.complete_story"),
    # Final: withdrawing a merged story withdraws the story it was merged into.
    "withdraw": Move(OPEN, S.WITHDRAWN, "actions.lifecycle.withdraw_story"),
    "merge": Move(OPEN, S.MERGED, "actions.merge.merge_stories"),
}
# (from, to) → the moves that make it.
ALLOWED: frozenset[tuple[str, str]] = frozenset((source, m.to) for m in MOVES.values() for source in m.sources)


class InvalidTransition(Refused):
    """A move the lifecycle table doesn't allow; str() says why, for the moderator."""

    def __init__(self, story: Story, move: str):
        wanted = MOVES[move].to
        super().__init__(f"Story {story.pk} is {Status(story.status).label.lower()}: it can't become "
                         f"{Status(wanted).label.lower()} from there.")
        self.current, self.wanted, self.move = story.status, wanted, move


def move(story: Story, name: str) -> str:
    """Change the (locked) story's status by the table's move `name`; the caller saves. Returns the status it had.
    Raises InvalidTransition."""
    rule = MOVES[name]
    if story.status not in rule.sources:
        raise InvalidTransition(story, name)
    before = story.status
    story.status, story.status_changed_at = rule.to, timezone.now()
    return before


def withdraw_story(story: Story, *, actor: Actor, via: str) -> Story:
    """The contributor takes the story back: consents end, it leaves every public place.

    A merged story's photos and consents live on in the story it was merged into: that one is withdrawn."""
    target = story.surviving()
    if target.pk != story.pk:
        via = f"{via} (of story {story.pk}, merged into it)"
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=target.pk)
        if locked.status == Status.WITHDRAWN:
            return locked
        before = move(locked, "withdraw")
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        ended = locked.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=locked.status_changed_at)
        audit("story.withdrawn", actor=actor, story=locked, before=before, after=Status.WITHDRAWN,
              via=via, consents_withdrawn=ended)
        # Off the gallery at once, out of the calendar, and marked for removal where only a person can remove it.
        take_down_story(locked, actor=actor)
        # Written now, with the withdrawal: it exists (and goes out) before the story's personal data is erased.
        story_withdrawn(locked)
    target.refresh_from_db()
    return target
