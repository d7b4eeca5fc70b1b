"""How a calendar slot reads to a manager, in words: a slot whose time has passed reads as past ("Missed —
nothing was placed", "Published", "Parked: …"), a future one as open or planned, and one of a target that
isn't set up says so. Plain words, never a button-like badge: only links and forms are clickable."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storydesk.models import Slot
from storydesk.publishing.missed import missed

PARKED_WORDS = 80  # of the error, in the month's small cells (the slot page has it all)


@dataclass(frozen=True)
class Reading:
    kind: str  # past, open, planned, going, published, parked, not_set_up: the CSS class slot-reads-<kind>
    words: str


def reading(slot: Slot, *, now: dt.datetime, not_set_up: bool, target_label: str) -> Reading:
    past = slot.starts_at <= now
    if slot.state == Slot.State.PUBLISHED:
        return Reading("published", "Published")
    if slot.state == Slot.State.PARKED:
        error = slot.error if len(slot.error) <= PARKED_WORDS else slot.error[:PARKED_WORDS - 1] + "…"
        return Reading("parked", f"Parked: {error}" if error else "Parked")
    if slot.state == Slot.State.PUBLISHING:
        return Reading("going", "Going out now")
    if past and slot.story_id:
        if missed(slot.starts_at, now):
            return Reading("past", "Missed — not sent (is storydesk's worker running?)")
        return Reading("going", "Due: going out now")
    if past:
        return Reading("past", "Missed — nothing was placed")
    if not_set_up:
        return Reading("not_set_up", f"{target_label} isn't set up: this slot would park"
                       if slot.story_id else f"{target_label} isn't set up")
    return Reading("planned", "Planned") if slot.story_id else Reading("open", "Open")
