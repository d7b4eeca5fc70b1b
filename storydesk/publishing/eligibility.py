"""Which stories may be placed on a target's calendar, and the facts the planner weighs about each.

Placeable: approved, consent for the target's scope given and not withdrawn, never published (or being
published) on that target, and not already waiting in one of its slots."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from storydesk.models import Consent, Publication, Slot, Status, Story, Submission, Target, Verdict
from storydesk.models.publication import CONSENT_SCOPE
from storydesk.screening.evidence import PersonEvidence, Screening, SignEvidence

TARGET_LABELS = {Target.INSTAGRAM: "Instagram", Target.GALLERY: "the gallery"}
# A story published (or on its way) on a target is not placed there again; a parked one can be, by hand.
ONCE_STATES = (Publication.State.PUBLISHING, Publication.State.PUBLISHED, Publication.State.REMOVAL_NEEDED,
               Publication.State.REMOVED)
# The steps whose evidence says how clear a story's photo is (sign read, face found).
CLARITY_STEPS = (SignEvidence.step, PersonEvidence.step)


def consent_given(scope: str):
    return Exists(Consent.objects.filter(story=OuterRef("pk"), scope=scope, given_at__isnull=False,
                                         withdrawn_at__isnull=True))


def placeable(campaign, target: str) -> QuerySet:
    """Stories that may go into an open slot of `target`."""
    return (
        Story.objects.filter(campaign=campaign, status=Status.APPROVED)
        .filter(consent_given(CONSENT_SCOPE[target]))
        .exclude(Exists(Publication.objects.filter(story=OuterRef("pk"), target=target, state__in=ONCE_STATES)))
        .exclude(Exists(Slot.objects.filter(story=OuterRef("pk"), target=target)))
    )


def consent_refusal(consent, whose: str, where: str) -> str | None:
    """Why this consent row (or none) doesn't let a story go out on `where`, said of `whose`; None when it does."""
    if consent is None or consent.state == "not_given":
        return f"{whose} hasn't agreed to publishing on {where}."
    if consent.state == "withdrawn":
        return f"{whose} withdrew consent for {where}."
    return None


def why_not_placeable(story: Story, target: str) -> str | None:
    """Why this story can't be placed on `target`, in words for a manager; None when it can."""
    where = TARGET_LABELS[target]
    if story.status != Status.APPROVED:
        return (f"Story {story.pk} is {story.get_status_display().lower()}, not approved: "
                "only approved stories are published.")
    consent = story.consents.filter(scope=CONSENT_SCOPE[target]).first()
    if refused := consent_refusal(consent, f"Story {story.pk}'s contributor", where):
        return refused
    published = story.publications.filter(target=target, state__in=ONCE_STATES).first()
    if published is not None:
        return f"Story {story.pk} is already {published.get_state_display().lower()} on {where}."
    placed = story.slots.filter(target=target).first()
    if placed is not None:
        return f"Story {story.pk} is already in the {placed.starts_at:%Y-%m-%d %H:%M} UTC slot of {where}."
    return None


def unpublishable(story: Story, target: str) -> str | None:
    """Why this story, already placed, may not go out on `target` now (withdrawn, no longer approved, consent
    gone), in words for a manager; None when it may."""
    where = TARGET_LABELS[target]
    if story.status == Status.WITHDRAWN:
        return (f"Story {story.pk} was withdrawn by its contributor before it went out on {where}; "
                "nothing was published.")
    if story.status != Status.APPROVED:
        return (f"Story {story.pk} is {story.get_status_display().lower()} now, no longer approved, so it wasn't "
                f"published on {where}. Clear the slot or approve the story again, then press Retry.")
    if not Story.objects.filter(pk=story.pk).filter(consent_given(CONSENT_SCOPE[target])).exists():
        return (f"Story {story.pk}'s contributor hasn't agreed (or no longer agrees) to publishing on {where}, so "
                "it wasn't published. Clear the slot and place another story.")
    return None


@dataclass(frozen=True)
class StoryFacts:
    """What the planner knows of a story: enough to vary the days and explain each pick."""

    story_id: int
    contributor_id: int
    country: str
    themes: tuple[str, ...]
    channel: str
    arrived_at: dt.datetime
    sign_read: bool
    face_found: bool

    @property
    def clarity(self) -> int:
        return int(self.sign_read) + int(self.face_found)


def facts_of(stories: QuerySet) -> list[StoryFacts]:
    """The facts of many stories in four queries, whatever their number."""
    rows = list(stories.values_list("pk", "contributor_id", "country", "themes", "created_at"))
    ids = [row[0] for row in rows]
    channels: dict[int, str] = {}
    for story_id, channel in (Submission.objects.filter(story_id__in=ids).order_by("received_at", "id")
                              .values_list("story_id", "channel")):
        channels.setdefault(story_id, channel)  # the channel it first came by
    verdicts: dict[int, list[tuple[str, object]]] = {}
    for story_id, step, evidence in (Verdict.objects.filter(story_id__in=ids, step__in=CLARITY_STEPS)
                                     .values_list("story_id", "step", "evidence")):
        verdicts.setdefault(story_id, []).append((step, evidence))
    screening = {story_id: Screening.of_rows(rows) for story_id, rows in verdicts.items()}
    sign_read = {story_id for story_id, found in screening.items() if found.sign_read}
    face_found = {story_id for story_id, found in screening.items() if found.face_found}
    return [
        StoryFacts(story_id=pk, contributor_id=contributor_id, country=country or "",
                   themes=tuple(t.get("name", "") for t in (themes or []) if isinstance(t, dict) and t.get("name")),
                   channel=channels.get(pk, ""), arrived_at=created_at,
                   sign_read=pk in sign_read, face_found=pk in face_found)
        for pk, contributor_id, country, themes, created_at in rows
    ]
