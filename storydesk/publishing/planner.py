"""The planner: which story goes into which free slot, and why, in one line each.

Pure (no database): the calendar action gives it the slots, the placeable stories and the stories already
placed around them, and writes back its picks. Rules, in order of strength:
1. never the same contributor twice within the gap (14 days by default), counting kept and earlier slots;
2. consecutive slots differ in country, top theme and channel where any story allows it;
3. then the clearest screening (sign read, face found), then the longest waiting, then the lowest id."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_countries import countries

from storydesk.plural import listed
from storydesk.publishing.eligibility import StoryFacts


@dataclass(frozen=True)
class PlanSlot:
    key: int
    starts_at: dt.datetime
    kept: bool  # locked, or past planning (publishing, published, parked): its story stays as it is
    story: StoryFacts | None = None  # the kept slot's story


@dataclass(frozen=True)
class Placed:
    """A story already on this target's calendar outside the slots being planned (before or after them)."""

    starts_at: dt.datetime
    story: StoryFacts


@dataclass(frozen=True)
class Pick:
    key: int
    story_id: int | None
    reason: str


def plan(slots: list[PlanSlot], candidates: list[StoryFacts], *, around: list[Placed], gap: dt.timedelta,
         now: dt.datetime) -> list[Pick]:
    """A pick for every slot that isn't kept, in time order."""
    ordered = sorted(slots, key=lambda s: (s.starts_at, s.key))
    placed: list[Placed] = list(around) + [Placed(s.starts_at, s.story) for s in ordered if s.kept and s.story]
    free = sorted(candidates, key=lambda c: c.story_id)
    used: set[int] = {p.story.story_id for p in placed}
    picks = []
    for index, slot in enumerate(ordered):
        if slot.kept:
            continue
        before = _previous(placed, slot.starts_at)
        after = _next_kept(ordered[index + 1:], around, slot.starts_at)
        blocked = {p.story.contributor_id for p in placed if abs(p.starts_at - slot.starts_at) < gap}
        fits = [c for c in free if c.story_id not in used and c.contributor_id not in blocked]
        if not fits:
            picks.append(Pick(slot.key, None, _why_empty(free, used, gap)))
            continue
        best = min(fits, key=lambda c: (len(_repeats(c, before)) + len(_repeats(c, after)), -c.clarity,
                                        c.arrived_at, c.story_id))
        used.add(best.story_id)
        placed.append(Placed(slot.starts_at, best))
        picks.append(Pick(slot.key, best.story_id, explain(best, before, after, now=now)))
    return picks


def _next_kept(later: list[PlanSlot], around: list[Placed], moment: dt.datetime) -> StoryFacts | None:
    """The story of the very next slot, when that slot stays as it is (a free one isn't decided yet)."""
    following = [(s.starts_at, s.story if s.kept else None) for s in later]
    following += [(p.starts_at, p.story) for p in around if p.starts_at > moment]
    return min(following, key=lambda pair: pair[0])[1] if following else None


def _previous(placed: list[Placed], moment: dt.datetime) -> StoryFacts | None:
    earlier = [p for p in placed if p.starts_at < moment]
    return max(earlier, key=lambda p: p.starts_at).story if earlier else None


def _repeats(story: StoryFacts, other: StoryFacts | None) -> list[str]:
    if other is None:
        return []
    same = []
    if story.country and story.country == other.country:
        same.append("country")
    if story.themes and other.themes and story.themes[0] == other.themes[0]:
        same.append("theme")
    if story.channel and story.channel == other.channel:
        same.append("channel")
    return same


def explain(story: StoryFacts, before: StoryFacts | None, after: StoryFacts | None, *, now: dt.datetime) -> str:
    days = max(0, (now - story.arrived_at).days)
    waited = f"waited {days} day{'s' if days != 1 else ''}"
    screening = {2: "sign read and face found", 1: "sign read, no face found" if story.sign_read
                 else "face found, sign not read", 0: "neither sign read nor face found"}[story.clarity]
    about = ", ".join(filter(None, [countries.name(story.country) if story.country else "",
                                    f"“{story.themes[0]}”" if story.themes else "",
                                    f"via {story.channel}" if story.channel else ""]))
    repeated = set(_repeats(story, before)) | set(_repeats(story, after))
    same = [aspect for aspect in ("country", "theme", "channel") if aspect in repeated]
    if before is None and after is None:
        variety = "nothing around it to vary from"
    elif same:
        variety = f"same {listed(same)} as a neighbouring slot: no waiting story differed more"
    else:
        variety = "differs from its neighbours in country, theme and channel"
    line = f"Story {story.story_id}: {waited}; {screening}; {about}; {variety}."
    return line[:300]


def _why_empty(free: list[StoryFacts], used: set[int], gap: dt.timedelta) -> str:
    if not any(c.story_id not in used for c in free):
        return "Left open: no approved story with consent for this target is waiting."
    return (f"Left open: every waiting story's contributor already has a story within {gap.days} days "
            "of this slot.")
