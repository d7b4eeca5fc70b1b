"""The calendar pages on the desk, as a manager uses them."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.models import AuditEvent, Publication, Slot, Status
from storydesk.publishing.cadence import today
from tests.publishing.factories import bare_story

# Instagram counted as set up: only set-up targets get slots (tests/publishing/test_publish_now.py has the rest).
pytestmark = [pytest.mark.django_db, pytest.mark.clock, pytest.mark.usefixtures("instagram_on")]
NEW_YORK = ZoneInfo("America/New_York")
# A slot the month shows but hasn't written yet: a form that opens it.
UNWRITTEN = re.compile(r'name="target" value="(\w+)"><input type="hidden" name="starts_at" value="([^"]+)"')


@pytest.fixture
def manager_client(client, staff_user):
    client.force_login(staff_user("manager"))
    return client


def open_a_slot_of(client, day: dt.date):
    """Open the first slot of a (local) day from its month, as a manager would: opening writes the day's slots."""
    page = client.get(reverse("desk:calendar"), {"month": f"{day:%Y-%m}"}).content.decode()
    target, starts_at = next((target, starts_at) for target, starts_at in UNWRITTEN.findall(page)
                             if dt.datetime.fromisoformat(starts_at).astimezone(NEW_YORK).date() == day)
    response = client.post(reverse("desk:calendar-open"), {"target": target, "starts_at": starts_at})
    slot = Slot.objects.get(target=target, starts_at=dt.datetime.fromisoformat(starts_at))
    assert response.status_code == 303 and response["Location"] == reverse("desk:calendar-slot", args=[slot.pk])
    return slot


def lay_out_the_coming_days(client, campaign):
    """Tomorrow's slots, opened from the calendar (today's may all have passed)."""
    open_a_slot_of(client, today(campaign.spec, timezone.now()) + dt.timedelta(days=1))


def test_the_month_shows_each_days_slots_at_local_time(manager_client, campaign):
    response = manager_client.get(reverse("desk:calendar"))
    assert response.status_code == 200
    page = response.content.decode()
    local = today(campaign.spec, timezone.now())
    assert f"Publishing calendar: {local:%B %Y}" in page
    assert "10:00 Instagram" in page and "10:00 Gallery" in page  # New York's 10:00, whatever UTC says
    # Today's slot is shown even when its hour has passed (on the last day of a month, it is the only one), as
    # missed and not to be opened; showing writes nothing, opening a slot writes its day's slots.
    assert not Slot.objects.exists()
    passed = dt.datetime.combine(local, dt.time(10), tzinfo=NEW_YORK) <= timezone.now()
    assert ("Missed — nothing was placed" in page) == passed
    open_a_slot_of(manager_client, local + dt.timedelta(days=1) if passed else local)
    shown = Slot.objects.all()
    assert {s.target for s in shown} == {"instagram", "gallery"}
    assert all(s.starts_at.astimezone(NEW_YORK).hour == 10 for s in shown)
    assert AuditEvent.objects.filter(verb="calendar.laid_out").count() == 1


def test_looking_at_the_calendar_writes_nothing(manager_client, campaign):
    this_month = today(campaign.spec, timezone.now()).replace(day=1)
    next_month = (this_month + dt.timedelta(days=31)).replace(day=1)
    tomorrow = today(campaign.spec, timezone.now()) + dt.timedelta(days=1)
    # At 07:00, a moment the cadence doesn't have (publish_time changed): laying out would remove it.
    stale = Slot.objects.create(campaign=campaign, target="instagram", starts_at=dt.datetime.combine(
        tomorrow, dt.time(7), tzinfo=NEW_YORK))
    audited = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        pages = [manager_client.get(reverse("desk:calendar"), {"month": f"{month:%Y-%m}"}).content.decode()
                 for month in (this_month, next_month)]
        assert manager_client.get(reverse("desk:calendar-slot", args=[stale.pk])).status_code == 200
        assert manager_client.get(reverse("desk:calendar-removals")).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))]
    assert writes == []
    assert list(Slot.objects.all()) == [stale] and AuditEvent.objects.count() == audited
    shown = pages[0 if tomorrow.month == this_month.month else 1]
    assert "07:00 Instagram" not in shown and "10:00 Instagram" in shown  # as laying out would leave it


def test_opening_a_slot_the_cadence_does_not_have_is_refused(manager_client, campaign):
    tomorrow = today(campaign.spec, timezone.now()) + dt.timedelta(days=1)
    at_seven = dt.datetime.combine(tomorrow, dt.time(7), tzinfo=NEW_YORK).astimezone(dt.UTC)
    response = manager_client.post(reverse("desk:calendar-open"),
                                   {"target": "instagram", "starts_at": at_seven.isoformat()}, follow=True)
    assert "There is no slot at that time" in response.content.decode()
    assert not Slot.objects.exists()


def test_the_month_view_stays_a_handful_of_queries(manager_client, campaign, django_assert_max_num_queries):
    for _ in range(12):
        bare_story(campaign)
    manager_client.post(reverse("desk:calendar-plan"), {"days": "31", "target": "all"})
    with django_assert_max_num_queries(20):
        assert manager_client.get(reverse("desk:calendar")).status_code == 200


def test_filling_the_next_days_says_what_it_did(manager_client, campaign):
    for country in ("GH", "IN", "BR"):
        bare_story(campaign, country=country)
    before = timezone.now()
    response = manager_client.post(reverse("desk:calendar-plan"), {"days": "5", "target": "instagram"})
    # Filling lays out just those days' slots (showing the calendar writes none).
    ahead = Slot.objects.filter(target="instagram", starts_at__gt=before).count()
    page = manager_client.get(response["Location"]).content.decode()
    # Five days from today: five slots, or four once today's publish time has passed.
    assert ahead in (4, 5)
    assert f"Instagram: 3 slots filled, {ahead - 3} left open, 0 kept as they were." in page
    planned = Slot.objects.filter(target="instagram", state="planned")
    assert planned.count() == 3 and all(s.reason.startswith(f"Story {s.story_id}: waited") for s in planned)


def test_the_picker_offers_only_placeable_stories_and_placing_locks(manager_client, campaign):
    ready = bare_story(campaign, country="KE")
    unapproved = bare_story(campaign, status=Status.IN_REVIEW)
    no_consent = bare_story(campaign, instagram="not_given")
    lay_out_the_coming_days(manager_client, campaign)
    slot = Slot.objects.filter(target="instagram", starts_at__gt=timezone.now()).order_by("starts_at").first()
    url = reverse("desk:calendar-slot", args=[slot.pk])

    page = manager_client.get(url).content.decode()
    place = reverse("desk:calendar-place", args=[slot.pk])
    assert f'value="{ready.pk}"' in page
    assert f'value="{unapproved.pk}"' not in page and f'value="{no_consent.pk}"' not in page

    response = manager_client.post(place, {"story": ready.pk}, follow=True)
    assert f"Story {ready.pk} placed and locked in this slot." in response.content.decode()
    slot.refresh_from_db()
    assert (slot.story_id, slot.locked) == (ready.pk, True)


def test_a_refused_placement_says_why(manager_client, campaign):
    story = bare_story(campaign, website="not_given")
    lay_out_the_coming_days(manager_client, campaign)
    slot = Slot.objects.filter(target="gallery", starts_at__gt=timezone.now()).first()
    response = manager_client.post(reverse("desk:calendar-place", args=[slot.pk]), {"story": story.pk}, follow=True)
    assert f"Story {story.pk}&#x27;s contributor hasn&#x27;t agreed to publishing on the gallery." in (
        response.content.decode())
    assert Slot.objects.get(pk=slot.pk).story_id is None


def test_a_parked_slot_shows_the_platforms_message_and_can_be_retried(manager_client, campaign):
    story = bare_story(campaign)
    slot = Slot.objects.create(campaign=campaign, target="instagram", story=story, state="parked",
                               starts_at=timezone.now() - dt.timedelta(hours=2),
                               error="Instagram refused the access token: Invalid OAuth access token (code 190).")
    month = manager_client.get(reverse("desk:calendar")).content.decode()
    assert "Stopped, waiting for you" in month and "Invalid OAuth access token" in month
    page = manager_client.get(reverse("desk:calendar-slot", args=[slot.pk])).content.decode()
    assert "Stopped because" in page and "Retry now" in page

    manager_client.post(reverse("desk:calendar-retry", args=[slot.pk]))
    assert Slot.objects.get(pk=slot.pk).state == "planned"
    assert AuditEvent.objects.filter(verb="slot.retried").exists()


def test_removals_explain_the_api_cannot_delete_and_record_the_hand_removal(manager_client, campaign):
    story = bare_story(campaign)
    publication = Publication.objects.create(
        story=story, target="instagram", state="removal_needed", permalink="https://www.instagram.com/p/XYZ/",
        error="Instagram's API can't delete posts, so a person must: open https://www.instagram.com/p/XYZ/ …")
    month = manager_client.get(reverse("desk:calendar")).content.decode()
    assert "1 withdrawn story is still on Instagram" in month

    page = manager_client.get(reverse("desk:calendar-removals")).content.decode()
    assert "Instagram's API has no way to\ndelete a post" in page
    assert 'href="https://www.instagram.com/p/XYZ/"' in page

    manager_client.post(reverse("desk:calendar-removed", args=[publication.pk]))
    publication.refresh_from_db()
    assert publication.state == "removed"
    assert "Nothing to remove." in manager_client.get(reverse("desk:calendar-removals")).content.decode()


def test_the_calendar_link_is_for_managers(client, staff_user):
    client.force_login(staff_user("moderator"))
    assert reverse("desk:calendar") not in client.get(reverse("desk:stories")).content.decode()
    client.force_login(staff_user("manager", username="mana"))
    assert reverse("desk:calendar") in client.get(reverse("desk:stories")).content.decode()


def test_the_story_page_says_a_withdrawn_post_must_be_removed_by_hand(manager_client, campaign):
    story = bare_story(campaign)
    Publication.objects.create(story=story, target="instagram", state="published", external_id="1790002",
                               permalink="https://www.instagram.com/p/QRS/")
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    page = manager_client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Removal Needed" in page and "Instagram&#x27;s API can&#x27;t delete posts" in page
    assert reverse("desk:calendar-removals") in page
