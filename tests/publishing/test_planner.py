"""The planner's rules, as properties over many generated calendars (hypothesis), and its explanations."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.publishing.eligibility import StoryFacts
from storydesk.publishing.planner import Placed, PlanSlot, plan

UTC = dt.UTC
# The planner is a function of the `now` it is given, so these need no pinned clock; the calendar tests run it
# on the database at every awkward instant.
NOW = dt.datetime(2020, 3, 1, 12, tzinfo=UTC)
GAP = dt.timedelta(days=14)
COUNTRIES = ["GH", "IN", "BR", "FR", "KE", ""]
THEMES = ["educating oneself", "calling out sexism", "challenging the status quo", ""]
CHANNELS = ["web", "email", "instagram", "mastodon"]


def facts(story_id: int, contributor: int, country="GH", theme="educating oneself", channel="web", days_waiting=1,
          sign=True, face=True) -> StoryFacts:
    return StoryFacts(story_id, contributor, country, (theme,) if theme else (), channel,
                      NOW - dt.timedelta(days=days_waiting), sign, face)


story_facts = st.builds(
    facts, story_id=st.integers(1, 10_000), contributor=st.integers(1, 12), country=st.sampled_from(COUNTRIES),
    theme=st.sampled_from(THEMES), channel=st.sampled_from(CHANNELS), days_waiting=st.integers(0, 300),
    sign=st.booleans(), face=st.booleans())


@st.composite
def calendars(draw):
    candidates = {f.story_id: f for f in draw(st.lists(story_facts, max_size=40))}
    days = draw(st.integers(1, 40))
    slots, kept_ids = [], set()
    for day in range(days):
        moment = NOW + dt.timedelta(days=day, hours=2)
        kept = draw(st.booleans()) and draw(st.booleans())  # about a quarter kept
        story = None
        if kept and draw(st.booleans()):
            story = draw(story_facts.filter(lambda f: f.story_id not in candidates and f.story_id not in kept_ids))
            kept_ids.add(story.story_id)
        slots.append(PlanSlot(1000 + day, moment, kept=kept, story=story))
    around = [Placed(NOW - dt.timedelta(days=d), draw(story_facts.filter(
        lambda f: f.story_id not in candidates and f.story_id not in kept_ids))) for d in draw(
        st.lists(st.integers(1, 20), max_size=5, unique=True))]
    return slots, list(candidates.values()), around


@settings(max_examples=150, deadline=None)
@given(calendars())
def test_kept_slots_are_never_touched_and_every_free_slot_gets_an_answer(calendar):
    slots, candidates, around = calendar
    picks = plan(slots, candidates, around=around, gap=GAP, now=NOW)
    assert sorted(p.key for p in picks) == sorted(s.key for s in slots if not s.kept)
    assert all(p.reason for p in picks) and all(len(p.reason) <= 300 for p in picks)


@settings(max_examples=150, deadline=None)
@given(calendars())
def test_only_candidates_are_placed_and_each_once(calendar):
    slots, candidates, around = calendar
    picks = [p.story_id for p in plan(slots, candidates, around=around, gap=GAP, now=NOW) if p.story_id]
    assert set(picks) <= {c.story_id for c in candidates}
    assert len(picks) == len(set(picks))


@settings(max_examples=150, deadline=None)
@given(calendars())
def test_no_contributor_twice_within_14_days(calendar):
    slots, candidates, around = calendar
    by_id = {c.story_id: c for c in candidates}
    placed = [(p.starts_at, p.story.contributor_id, "around") for p in around]
    placed += [(s.starts_at, s.story.contributor_id, "kept") for s in slots if s.kept and s.story]
    moments = {s.key: s.starts_at for s in slots}
    picked = [(moments[p.key], by_id[p.story_id].contributor_id, "picked")
              for p in plan(slots, candidates, around=around, gap=GAP, now=NOW) if p.story_id]
    for when, contributor, _ in picked:
        clashes = [other for other in placed + picked
                   if other[1] == contributor and other[0] != when and abs(other[0] - when) < GAP]
        assert clashes == [], f"contributor {contributor} at {when} and {clashes}"


def _slots(n: int) -> list[PlanSlot]:
    return [PlanSlot(i, NOW + dt.timedelta(days=i), kept=False) for i in range(n)]


def test_consecutive_days_vary_country_theme_and_channel_when_stories_allow():
    candidates = [facts(1, 1, "GH", "educating oneself", "web", days_waiting=90),
                  facts(2, 2, "GH", "educating oneself", "web", days_waiting=80),
                  facts(3, 3, "IN", "calling out sexism", "email", days_waiting=5)]
    picks = plan(_slots(3), candidates, around=[], gap=GAP, now=NOW)
    assert [p.story_id for p in picks] == [1, 3, 2]
    assert "differs from its neighbours in country, theme and channel" in picks[1].reason
    alike = [facts(1, 1, "GH", "educating oneself", "web"), facts(2, 2, "GH", "educating oneself", "web")]
    second = plan(_slots(2), alike, around=[], gap=GAP, now=NOW)[1]
    assert "same country, theme and channel as a neighbouring slot: no waiting story differed more" in second.reason


def test_clearer_screening_first_then_longest_waiting():
    candidates = [facts(1, 1, "GH", days_waiting=100, sign=False, face=True),
                  facts(2, 2, "IN", "calling out sexism", "email", days_waiting=10),
                  facts(3, 3, "BR", "challenging the status quo", "instagram", days_waiting=40)]
    picks = plan(_slots(1), candidates, around=[], gap=GAP, now=NOW)
    assert picks[0].story_id == 3
    assert picks[0].reason.startswith("Story 3: waited 40 days; sign read and face found; Brazil, “challenging")


def test_a_locked_neighbour_is_varied_against_on_both_sides():
    locked_after = PlanSlot(9, NOW + dt.timedelta(days=1), kept=True, story=facts(50, 50, "KE", "", "email"))
    free = PlanSlot(8, NOW, kept=False)
    candidates = [facts(1, 1, "KE", "", "email", days_waiting=90), facts(2, 2, "FR", "", "web", days_waiting=1)]
    picks = plan([free, locked_after], candidates, around=[], gap=GAP, now=NOW)
    assert picks[0].story_id == 2


def test_an_unfillable_slot_is_left_open_with_the_reason():
    around = [Placed(NOW - dt.timedelta(days=3), facts(9, 1))]
    picks = plan(_slots(1), [facts(1, 1)], around=around, gap=GAP, now=NOW)
    assert picks[0].story_id is None
    assert "already has a story within 14 days" in picks[0].reason
    assert plan(_slots(1), [], around=[], gap=GAP, now=NOW)[0].reason == (
        "Left open: no approved story with consent for this target is waiting.")
