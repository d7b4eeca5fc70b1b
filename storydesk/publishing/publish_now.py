"""What "publish now" would do with one story, computed from rows already read (no query of its own), so the
story page can ask the question and actions.publish_now can act on the very same answer.

Per target of the campaign: it goes now, or it is already on its way (not started twice), or it can't go,
with the reason in words. A story that can go nowhere and isn't on its way anywhere gets a refusal that says
what is missing."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from storydesk.models import Publication, Slot, Status, Story
from storydesk.models.publication import CONSENT_SCOPE
from storydesk.plural import listed
from storydesk.publishing.eligibility import ONCE_STATES, TARGET_LABELS, consent_refusal
from storydesk.publishing.missed import missed
from storydesk.publishing.targets import not_set_up

GO, UNDER_WAY, CANNOT = "go", "under way", "cannot"
# A planned slot this close is the worker's already: publish now leaves it be rather than race its claim.
SOON = dt.timedelta(seconds=5)


@dataclass(frozen=True)
class TargetNow:
    target: str
    verdict: str  # GO, UNDER_WAY or CANNOT
    why: str = ""  # for UNDER_WAY and CANNOT, in words for a manager
    slot: Slot | None = None  # the story's own slot there, if it has one (a later one moves to now)

    @property
    def label(self) -> str:
        return TARGET_LABELS[self.target]


@dataclass(frozen=True)
class NowPlan:
    story_id: int
    targets: tuple[TargetNow, ...]
    refusal: str = ""  # not approved, or nowhere to go: why, and what is missing

    @property
    def going(self) -> tuple[TargetNow, ...]:
        return tuple(t for t in self.targets if t.verdict == GO)

    @property
    def held_back(self) -> tuple[TargetNow, ...]:
        return tuple(t for t in self.targets if t.verdict != GO)

    @property
    def where(self) -> str:
        """"the gallery and Instagram": where it goes, the campaign's own site first."""
        going = sorted(self.going, key=lambda t: t.target != "gallery")
        return listed([t.label for t in going]) if going else ""

    @property
    def question(self) -> str:
        """"Publish to the gallery and Instagram now?": what pressing the button does, in words."""
        return f"Publish to {self.where} now?" if self.going else ""


def plan_now(story: Story, *, targets: Iterable[str], publications: Iterable[Publication], slots: Iterable[Slot],
             consents: Iterable, now: dt.datetime) -> NowPlan:
    """targets: the campaign's, in order; publications, slots and consents: all of this story's."""
    if story.status != Status.APPROVED:
        return NowPlan(story.pk, (), f"Story {story.pk} is {story.get_status_display().lower()}, not approved: only "
                                     "approved stories are published. Approve it first.")
    publication_of = {p.target: p for p in publications}
    slot_of = {s.target: s for s in slots}
    consent_of = {c.scope: c for c in consents}
    plans = tuple(_one(target, publication_of.get(target), slot_of.get(target), consent_of, now)
                  for target in targets)
    if any(p.verdict != CANNOT for p in plans):
        return NowPlan(story.pk, plans)
    missing = " ".join(f"{p.label[:1].upper()}{p.label[1:]}: {p.why}" for p in plans)
    return NowPlan(story.pk, plans, f"Story {story.pk} can't be published now. {missing}")


def _one(target: str, publication: Publication | None, slot: Slot | None, consent_of: dict,
         now: dt.datetime) -> TargetNow:
    where = TARGET_LABELS[target]
    if publication is not None and publication.state in ONCE_STATES:
        if publication.state == Publication.State.PUBLISHING:
            return TargetNow(target, UNDER_WAY, f"It is going out on {where} now.", slot)
        return TargetNow(target, CANNOT, f"It is already {publication.get_state_display().lower()} on {where}.",
                         slot)
    if slot is not None:
        if slot.state == Slot.State.PLANNED and missed(slot.starts_at, now):
            return TargetNow(target, CANNOT, f"Its slot on {where} was missed — not sent (is storydesk's worker "
                                             "running?). Open that slot and clear it to publish it now.", slot)
        if slot.state == Slot.State.PUBLISHING or (slot.state == Slot.State.PLANNED and slot.starts_at <= now + SOON):
            return TargetNow(target, UNDER_WAY, f"It is going out on {where} now.", slot)
        if slot.state == Slot.State.PARKED:
            return TargetNow(target, CANNOT, f"Its slot on {where} stopped: {slot.error} Open that slot to retry "
                                             "it or clear it.", slot)
        if slot.state == Slot.State.PUBLISHED:
            return TargetNow(target, CANNOT, f"It is already published on {where}.", slot)
    missing = not_set_up(target)
    if missing:
        return TargetNow(target, CANNOT, missing, slot)
    consent = consent_of.get(CONSENT_SCOPE[target])
    if refused := consent_refusal(consent, "Its contributor", where):
        if consent is None or consent.state == "not_given":
            refused = f"{refused[:-1]} (no “{CONSENT_SCOPE[target]}” consent)."
        return TargetNow(target, CANNOT, refused, slot)
    return TargetNow(target, GO, "", slot)
