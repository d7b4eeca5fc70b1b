"""A moderator's decisions on a story, as a table of rules: approve, reject with a reason, ask the contributor
for more (needs info), and reopen (a manager reversing an approval or a rejection).

Each decision checks the permission, that the story is as the moderator saw it and unclaimed by anyone else,
then moves it, writes a Decision and an AuditEvent (before → after), and releases the claim."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from storydesk.actions.base import Actor, audit, require_permission
from storydesk.actions.guards import Refused, lock_for_change
from storydesk.actions.lifecycle import MOVES, move
from storydesk.actions.news import story_approved, story_not_published
from storydesk.actions.outbox import Sent, ask_contributor
from storydesk.models import Decision, Story
from storydesk.publishing.redaction import default_caption, redactions
from storydesk.screening.evidence import PersonalDataSpan, Screening, TextEvidence


@dataclass(frozen=True)
class Rule:
    move: str  # its row in the lifecycle table (actions.lifecycle.MOVES): the states it is taken from, and to
    permission: str
    past: str  # words for the audit trail and the moderator

    @property
    def to(self) -> str:
        return MOVES[self.move].to

    @property
    def sources(self) -> frozenset[str]:
        return MOVES[self.move].sources


RULES: dict[str, Rule] = {
    "approve": Rule("approve", "decide_story", "approved"),
    "reject": Rule("reject", "decide_story", "rejected"),
    "needs_info": Rule("needs_info", "decide_story", "asked for more"),
    # Reversal: back to review, where a moderator decides again.
    "reopen": Rule("reopen", "reverse_decision", "reopened"),
}


@dataclass(frozen=True)
class Decided:
    story: Story
    action: str
    message: Sent | None = None  # needs_info: the message to the contributor, or why there is none


def decide(story_id: int, action: str, *, actor: Actor, seen_version: str | None, reason: str = "",
           note: str = "", request: str = "", batch: str = "") -> Decided:
    """Raises Refused (with words for the moderator), PermissionDenied, or Story.DoesNotExist.

    reason: a key of the campaign's [reject_reasons] (reject); request: a key of [needs_info_requests]."""
    rule = RULES[action]
    require_permission(actor, rule.permission)
    note = note.strip()
    with transaction.atomic():
        story = lock_for_change(story_id, actor=actor, seen_version=seen_version)
        if story.status not in rule.sources:
            raise Refused(f"Story {story.pk} is {story.get_status_display().lower()}: it can't be {rule.past} now.")
        spec = story.campaign.spec
        _check_words(action, spec, reason=reason, request=request, note=note)
        before = move(story, rule.move)
        story.claimed_by, story.claimed_until = None, None
        fields = ["status", "status_changed_at", "claimed_by", "claimed_until", "updated_at"]
        if action == "approve" and not story.public_caption.strip():
            # Nothing private goes out by default: an untouched caption is the answer with personal data removed.
            story.public_caption = default_caption(story.answer, redactions(story.answer, _spans(story)))
            fields.append("public_caption")
        story.save(update_fields=fields)
        decision = Decision.objects.create(story=story, actor=actor.user, action=action, reason=reason or request,
                                           note=note)
        message = None
        if action == "needs_info":  # keyed by the decision: asking twice is two questions
            message = ask_contributor(story, request=request, note=note, once=f"needs_info:{decision.pk}")
        elif action == "approve":
            story_approved(story)
        elif action == "reject":
            story_not_published(story, reason=reason)
        audit(f"story.{action}", actor=actor, story=story, before=before, after=rule.to, reason=reason,
              reason_text=spec.reject_reasons.get(reason, ""), request=request, note=note,
              **({"batch": batch} if batch else {}),
              **({"message": {"channel": message.channel, "to": message.to, "why_not": message.why_not}}
                 if message else {}))
    return Decided(story, action, message)


def _check_words(action: str, spec, *, reason: str, request: str, note: str) -> None:
    if action == "reject":
        if reason not in spec.reject_reasons:
            raise Refused("Choose a reason for the rejection.")
        if reason == "other" and not note:
            raise Refused("Say in the note why the story is rejected.")
    if action == "needs_info":
        if request not in spec.info_requests:
            raise Refused("Choose what to ask the contributor for.")
        if request == "other" and not note:
            raise Refused("Write your question to the contributor in the note.")


def _spans(story: Story) -> tuple[PersonalDataSpan, ...]:
    return Screening.of(story.verdicts.filter(step=TextEvidence.step)).personal_data
