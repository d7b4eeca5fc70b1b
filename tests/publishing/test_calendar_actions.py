"""Managers' calendar actions: placing, clearing, locking, planning the next days, retrying, removals."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storydesk.actions.base import Actor
from storydesk.actions.calendar import (
    SlotRefused,
    clear_slot,
    mark_removed,
    place_story,
    plan_days,
    retry_slot,
    set_locked,
)
from storydesk.models import AuditEvent, Contributor, Publication, Slot, Status
from storydesk.publishing.cadence import today
from tests.publishing.factories import bare_story
from tests.publishing.helpers import next_slots

# Instagram counted as set up: only set-up targets get slots (tests/publishing/test_publish_now.py has the rest).
pytestmark = [pytest.mark.django_db, pytest.mark.clock, pytest.mark.usefixtures("instagram_on")]


@pytest.fixture
def manager(staff_user):
    return Actor.staff(staff_user("manager"))


def test_placing_by_hand_locks_the_slot_and_is_audited(campaign, manager):
    story = bare_story(campaign)
    slot = next_slots(campaign)[0]
    place_story(slot.pk, story.pk, actor=manager)
    slot.refresh_from_db()
    assert (slot.story_id, slot.state, slot.locked) == (story.pk, "planned", True)
    assert slot.reason == "Placed by manager-user."
    assert AuditEvent.objects.filter(verb="slot.placed", story=story).exists()


INSTAGRAM_CONSENT = {"no instagram consent": "not_given", "withdrawn consent": "withdrawn"}


@pytest.mark.parametrize("kind, says", [
    ("in review", "is in review, not approved"),
    ("no instagram consent", "hasn't agreed to publishing on Instagram"),
    ("withdrawn consent", "withdrew consent for Instagram"),
    ("already placed", "is already in the"),
    ("already published", "is already published on Instagram"),
])
def test_only_approved_consented_unplaced_stories_can_be_placed(campaign, manager, kind, says):
    slots = next_slots(campaign)
    story = bare_story(campaign, status=Status.IN_REVIEW if kind == "in review" else Status.APPROVED,
                       instagram=INSTAGRAM_CONSENT.get(kind, "given"))
    if kind == "already placed":
        place_story(slots[1].pk, story.pk, actor=manager)
    if kind == "already published":
        Publication.objects.create(story=story, target="instagram", state="published")
    with pytest.raises(SlotRefused, match=says):
        place_story(slots[0].pk, story.pk, actor=manager)
    assert Slot.objects.get(pk=slots[0].pk).story_id is None


def test_gallery_slots_need_website_consent_not_instagram(campaign, manager):
    story = bare_story(campaign, instagram="given", website="not_given")
    with pytest.raises(SlotRefused, match="hasn't agreed to publishing on the gallery"):
        place_story(next_slots(campaign, "gallery")[0].pk, story.pk, actor=manager)


def test_past_and_published_slots_cant_be_changed(campaign, manager):
    story = bare_story(campaign)
    past = Slot.objects.create(campaign=campaign, target="instagram", starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(SlotRefused, match="time has passed"):
        place_story(past.pk, story.pk, actor=manager)
    done = Slot.objects.create(campaign=campaign, target="instagram", state="published",
                               starts_at=timezone.now() + dt.timedelta(hours=1))
    with pytest.raises(SlotRefused, match="is published"):
        clear_slot(done.pk, actor=manager)


def test_moderators_and_viewers_may_not_plan(campaign, staff_user):
    slot = next_slots(campaign)[0]
    for role in ("moderator", "viewer"):
        with pytest.raises(PermissionDenied):
            set_locked(slot.pk, True, actor=Actor.staff(staff_user(role, username=role)))


def test_replanning_keeps_locked_slots_and_replans_the_rest(campaign, manager):
    countries = ["GH", "IN", "BR", "FR", "KE", "MX"]
    stories = [bare_story(campaign, country=c, waited_days=30 - i) for i, c in enumerate(countries)]
    # Planned as at the start of tomorrow, the campaign's time: all five days' slots are still ahead, whatever
    # the hour the test runs (after today's publish time, today's slot would be gone and only four left).
    tomorrow = today(campaign.spec, timezone.now()) + dt.timedelta(days=1)
    now = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=ZoneInfo(campaign.spec.time_zone))
    plan_days(campaign, target="instagram", days=5, actor=manager, now=now)
    slots = list(Slot.objects.filter(target="instagram", starts_at__gt=now).order_by("starts_at"))
    assert len(slots) == 5
    assert all(s.story_id and s.reason for s in slots)
    kept = slots[2]
    set_locked(kept.pk, True, actor=manager)
    other = slots[0]
    clear_slot(other.pk, actor=manager)

    result = plan_days(campaign, target="instagram", days=5, actor=manager, now=now)

    assert Slot.objects.get(pk=kept.pk).story_id == kept.story_id and result.kept == 1
    assert Slot.objects.get(pk=other.pk).story_id is not None
    assert result.filled == 4
    placed = list(Slot.objects.filter(target="instagram", story__isnull=False).values_list("story_id", flat=True))
    assert len(placed) == len(set(placed)) and set(placed) <= {s.pk for s in stories}
    assert AuditEvent.objects.filter(verb="calendar.planned").count() == 2


def test_retry_resumes_a_parked_slot_and_mark_removed_records_a_removal(campaign, manager):
    story = bare_story(campaign)
    slot = Slot.objects.create(campaign=campaign, target="instagram", story=story, state="parked",
                               error="Instagram refused the access token",
                               starts_at=timezone.now() - dt.timedelta(days=2))
    retry_slot(slot.pk, actor=manager)
    slot.refresh_from_db()
    publication = Publication.objects.get(story=story)
    assert (slot.state, slot.error, publication.state, publication.slot_id) == ("planned", "", "publishing", slot.pk)

    publication.state = "removal_needed"
    publication.save()
    mark_removed(publication.pk, actor=manager)
    publication.refresh_from_db()
    assert publication.state == "removed" and publication.removed_at
    with pytest.raises(SlotRefused, match="isn't waiting to be removed"):
        mark_removed(publication.pk, actor=manager)


def test_retry_refuses_a_story_no_longer_approved(campaign, manager):
    story = bare_story(campaign, status=Status.REJECTED)
    slot = Slot.objects.create(campaign=campaign, target="instagram", story=story, state="parked",
                               starts_at=timezone.now() - dt.timedelta(days=2))
    with pytest.raises(SlotRefused, match="is rejected now, no longer approved"):
        retry_slot(slot.pk, actor=manager)


STATES = st.sampled_from(["given", "given", "given", "not_given", "withdrawn", None])
STATUSES = st.sampled_from([Status.APPROVED, Status.APPROVED, Status.APPROVED, Status.IN_REVIEW, Status.REJECTED,
                            Status.WITHDRAWN])
story_specs = st.lists(st.tuples(st.integers(0, 7), STATUSES, STATES, st.sampled_from(["GH", "IN", "BR"]),
                                 st.integers(0, 60)), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=story_specs, locked_days=st.dictionaries(st.integers(0, 9), st.integers(0, 24), max_size=3),
       days=st.integers(1, 10))
def test_plan_properties_on_the_database(campaign, manager, specs, locked_days, days):
    """Whatever the stories: only approved stories with Instagram consent are planned, locked slots (empty or
    holding a story) stay as they are, and no planned story's contributor appears twice within 14 days."""
    with transaction.atomic():
        people = [Contributor.objects.create(campaign=campaign, email=f"p{i}@example.org") for i in range(8)]
        stories = [bare_story(campaign, contributor=people[who], status=status, instagram=consent, country=country,
                              waited_days=waited) for who, status, consent, country, waited in specs]
        slots = next_slots(campaign, days=10)
        locked, used = {}, set()
        for day, pick in sorted(locked_days.items()):
            story = stories[pick % len(stories)]
            story_id = None if story.pk in used else story.pk  # a story sits in one slot per target
            used.add(story.pk)
            Slot.objects.filter(pk=slots[day].pk).update(locked=True, story_id=story_id,
                                                          state="planned" if story_id else "open")
            locked[slots[day].pk] = story_id

        plan_days(campaign, target="instagram", days=days, actor=manager)

        for slot_id, story_id in locked.items():
            assert Slot.objects.get(pk=slot_id).story_id == story_id
        filled = list(Slot.objects.filter(target="instagram", story__isnull=False).select_related("story"))
        picked = [slot for slot in filled if slot.pk not in locked]
        for slot in picked:
            assert slot.story.status == Status.APPROVED
            assert slot.story.consents.filter(scope="instagram", given_at__isnull=False,
                                              withdrawn_at__isnull=True).exists()
        for a in picked:
            for b in filled:
                if a.pk != b.pk and a.story.contributor_id == b.story.contributor_id:
                    assert abs(a.starts_at - b.starts_at) >= dt.timedelta(days=14)
        transaction.set_rollback(True)
