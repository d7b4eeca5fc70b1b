"""Publish now: a manager sends an approved story out at once through the calendar's own exactly-once path
(a slot at this moment, claimed and recorded by publish_slot), and the calendar plans only targets that are
set up. Instagram is not set up unless a test asks for the fake Graph API (graph) or instagram_on."""
from __future__ import annotations

import datetime as dt
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from storydesk.actions import publish_now as publish_now_module
from storydesk.actions.base import Actor
from storydesk.actions.calendar import SlotRefused, open_slot, place_story, plan_days
from storydesk.actions.publish_now import publish_now
from storydesk.actions.publishing import publish_due
from storydesk.models import AuditEvent, Publication, Slot, Status
from storydesk.publishing.cadence import local_day, moments_on
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.public_set import is_public
from storydesk.publishing.publish_now import SOON
from tests.publishing.factories import approved_story, bare_story
from tests.publishing.helpers import later

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def manager_user(staff_user):
    return staff_user("manager", username="manager")


@pytest.fixture
def manager(manager_user):
    return Actor.staff(manager_user)


@pytest.fixture
def manager_client(client, manager_user):
    client.force_login(manager_user)
    return client


def press(client, story, **data):
    return client.post(reverse("desk:publish-now", args=[story.pk]), data)


def messages_after(client, response) -> str:
    assert response.status_code == 303
    return client.get(response["Location"]).content.decode()


def test_publish_now_is_a_slot_at_this_moment_that_the_slot_path_publishes_once(campaign, manager):
    story = bare_story(campaign)
    done = publish_now(story.pk, actor=manager)

    assert [s.target for s in done.slots] == ["gallery"]  # Instagram isn't set up: nothing goes there
    slot = Slot.objects.get(story=story)
    assert slot.state == Slot.State.PLANNED and slot.locked and slot.starts_at <= timezone.now()
    assert slot.reason == "Published now by manager."
    event = AuditEvent.objects.get(verb="story.published_now")
    assert event.story_id == story.pk and event.data["targets"] == ["gallery"]
    assert "Instagram publishing isn't set up" in event.data["held_back"]["instagram"]

    assert publish_due() == {slot.pk: "published"}  # the periodic task's own call, nothing of its own
    assert publish_due(later(5)) == {}
    assert is_public(story)
    assert Publication.objects.get(story=story).slot_id == slot.pk
    assert AuditEvent.objects.filter(verb="publication.published", story=story).count() == 1


def test_publish_now_queues_the_slot_once_after_the_commit(campaign, manager, django_capture_on_commit_callbacks):
    story = bare_story(campaign)
    with django_capture_on_commit_callbacks(execute=False) as first:
        publish_now(story.pk, actor=manager)
    with django_capture_on_commit_callbacks(execute=False) as second:
        again = publish_now(story.pk, actor=manager)  # the double click: already on its way
    assert len(first) == 1 and second == [] and again.slots == ()
    assert [t.why for t in again.plan.held_back if t.target == "gallery"] == ["It is going out on the gallery now."]


def test_a_double_submit_from_the_page_publishes_once(manager_client, campaign):
    story = bare_story(campaign)
    first, second = press(manager_client, story), press(manager_client, story)  # before the page comes back
    assert first.status_code == second.status_code == 303
    page = messages_after(manager_client, second)
    assert page.count(f"Story {story.pk} is going out on the gallery now") == 1
    assert "It is going out on the gallery now." in page
    assert Slot.objects.filter(story=story).count() == 1
    publish_due()
    assert Publication.objects.filter(story=story).count() == 1 and is_public(story)
    # Once out, pressing again is refused in words, and nothing changes.
    page = messages_after(manager_client, press(manager_client, story))
    assert "can&#x27;t be published now" in page and "It is already published on the gallery." in page
    assert Slot.objects.filter(story=story).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_managers_at_once_publish_once_on_both_targets(campaign, staff_user, graph, monkeypatch):
    story = approved_story(campaign)
    managers = [Actor.staff(staff_user("manager", username=f"manager{i}")) for i in range(2)]
    first = Paused(monkeypatch)  # the first press holds its locks until the second is waiting on them
    results, errors = [], []
    threads = [_on_its_own_connection(publish_now, story.pk, actor=m, results=results, errors=errors)
               for m in managers]
    threads[0].start()
    first.reached.wait(30)
    threads[1].start()
    _until_waiting(threads[1])
    first.go.set()
    for thread in threads:
        thread.join(30)

    assert not errors and len(results) == 2
    assert [len(r.slots) for r in results] == [2, 0]  # the second saw the first's slots, already due
    assert Slot.objects.filter(story=story).count() == 2
    assert AuditEvent.objects.filter(verb="story.published_now").count() == 1
    assert sorted(publish_due().values()) == ["published", "published"]
    assert len(graph.calls_to("publish")) == 1 and len(graph.media) == 1
    assert set(Publication.objects.filter(story=story).values_list("target", "state")) == {
        ("instagram", "published"), ("gallery", "published")}


def test_a_later_slot_of_the_story_moves_to_now_and_its_moment_is_freed(campaign, manager, instagram_on):
    story = bare_story(campaign)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    planned = open_slot(campaign, "gallery", _cadence_moment(campaign, "gallery", tomorrow), actor=manager)
    place_story(planned.pk, story.pk, actor=manager)

    done = publish_now(story.pk, actor=manager)

    assert sorted(s.target for s in done.slots) == ["gallery", "instagram"]
    planned.refresh_from_db()
    assert planned.story_id is None and planned.state == Slot.State.OPEN and not planned.locked
    assert "was published now by manager" in planned.reason
    event = AuditEvent.objects.get(verb="story.published_now")
    assert event.data["moved_from"] == {"gallery": planned.starts_at.isoformat()}


def test_the_question_says_where_it_goes(manager_client, campaign, graph):
    story = approved_story(campaign)
    page = manager_client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Publish to the gallery and Instagram now?" in page
    assert "Not planned yet — publish now or place it on the calendar" in page
    only_site = bare_story(campaign, instagram=None)
    page = manager_client.get(reverse("desk:story", args=[only_site.pk])).content.decode()
    assert "Publish to the gallery now?" in page
    assert "Its contributor hasn&#x27;t agreed to publishing on Instagram" in page


@pytest.mark.parametrize(("fields", "missing"), [
    ({"status": Status.IN_REVIEW}, "is in review, not approved: only approved stories are published"),
    ({"website": "not_given", "instagram": None}, "Its contributor hasn&#x27;t agreed to publishing on the gallery"),
    ({"website": "withdrawn"}, "Its contributor withdrew consent for the gallery"),
])
def test_a_story_that_cannot_go_is_refused_saying_what_is_missing(manager_client, campaign, fields, missing):
    story = bare_story(campaign, **fields)
    page = messages_after(manager_client, press(manager_client, story))
    assert missing in page
    assert not Slot.objects.exists() and not AuditEvent.objects.filter(verb="story.published_now").exists()


def test_only_a_manager_may_and_only_by_post(client, staff_user, campaign):
    story = bare_story(campaign)
    client.force_login(staff_user("moderator"))
    assert press(client, story).status_code == 403
    with pytest.raises(PermissionDenied):
        publish_now(story.pk, actor=Actor.staff(staff_user("moderator")))
    client.force_login(staff_user("manager"))
    assert client.get(reverse("desk:publish-now", args=[story.pk])).status_code == 405
    assert not Slot.objects.exists()


def test_the_form_needs_its_csrf_token(staff_user, campaign):
    story = bare_story(campaign)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_user("manager"))
    assert strict.post(reverse("desk:publish-now", args=[story.pk])).status_code == 403
    assert not Slot.objects.exists()


def test_the_story_page_says_where_an_approved_story_stands(manager_client, campaign, manager, instagram_on):
    story = bare_story(campaign)
    when = _cadence_moment(campaign, "instagram", timezone.now() + dt.timedelta(days=2))
    slot = open_slot(campaign, "instagram", when, actor=manager)
    place_story(slot.pk, story.pk, actor=manager)
    local = when.astimezone(ZoneInfo(campaign.spec.time_zone))
    page = manager_client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert f"Planned for {local:%a} {local.day} {local:%b} at {local:%H:%M} on Instagram" in page
    assert "Not planned yet on the gallery" in page

    publish_now(story.pk, actor=manager)
    Slot.objects.filter(story=story, target="instagram").update(story=None, state="open")  # only the gallery here
    publish_due()
    page = manager_client.get(reverse("desk:story", args=[story.pk])).content.decode()
    published = Publication.objects.get(story=story, target="gallery").published_at.astimezone(local.tzinfo)
    assert f"Published on the gallery on {published:%a} {published.day} {published:%b} {published.year}" in page
    assert f'href="{reverse("gallery:story", args=[story.pk])}"' in page


def test_the_slot_page_offers_publish_now_and_comes_back_to_the_slot(manager_client, campaign, manager):
    story = bare_story(campaign)
    when = _cadence_moment(campaign, "gallery", timezone.now() + dt.timedelta(days=3))
    slot = open_slot(campaign, "gallery", when, actor=manager)
    place_story(slot.pk, story.pk, actor=manager)
    where = reverse("desk:calendar-slot", args=[slot.pk])
    page = manager_client.get(where).content.decode()
    assert "Publish to the gallery now?" in page and reverse("desk:publish-now", args=[story.pk]) in page
    response = press(manager_client, story, next=where)
    assert response["Location"] == where
    # Somewhere off the desk is never where it sends you back to.
    assert press(manager_client, story, next="https://elsewhere.example/")["Location"] == reverse(
        "desk:story", args=[story.pk])


# The calendar plans only set-up targets, and past slots read as past.

def test_filling_every_target_plans_only_those_set_up_and_says_how_to_turn_on_the_rest(manager_client, campaign):
    bare_story(campaign)
    response = manager_client.post(reverse("desk:calendar-plan"), {"days": "5", "target": "all"})
    page = messages_after(manager_client, response)
    assert set(Slot.objects.values_list("target", flat=True)) == {"gallery"}
    assert "Instagram: nothing is planned there. Instagram publishing isn&#x27;t set up: set " in page
    assert "STORYDESK_INSTAGRAM_ACCESS_TOKEN" in page and "Turning a target on" in page
    assert '<option value="instagram">' not in page and "10:00 Instagram" not in page
    page = messages_after(manager_client, manager_client.post(reverse("desk:calendar-plan"),
                                                              {"days": "5", "target": "instagram"}))
    assert "Until then nothing is planned there." in page
    assert not Slot.objects.filter(target="instagram").exists()


def test_a_target_not_set_up_gets_no_slot_by_hand_either(campaign, manager):
    moment = _cadence_moment(campaign, "instagram", timezone.now() + dt.timedelta(days=1))
    with pytest.raises(SlotRefused, match="Instagram publishing isn't set up"):
        open_slot(campaign, "instagram", moment, actor=manager)
    with pytest.raises(SlotRefused, match="isn't set up"):
        plan_days(campaign, target="instagram", days=3, actor=manager)
    stray = Slot.objects.create(campaign=campaign, target="instagram", starts_at=moment)
    with pytest.raises(SlotRefused, match="isn't set up"):
        place_story(stray.pk, bare_story(campaign).pk, actor=manager)


def test_a_slot_planned_before_instagram_was_turned_off_says_it_would_park(manager_client, campaign):
    story = bare_story(campaign)
    moment = _cadence_moment(campaign, "instagram", timezone.now() + dt.timedelta(days=1))
    slot = Slot.objects.create(campaign=campaign, target="instagram", starts_at=moment, story=story,
                               state=Slot.State.PLANNED)
    month = moment.astimezone(ZoneInfo(campaign.spec.time_zone))
    page = manager_client.get(reverse("desk:calendar"), {"month": f"{month:%Y-%m}"}).content.decode()
    assert "Instagram isn&#x27;t set up: this slot would park" in page
    page = manager_client.get(reverse("desk:calendar-slot", args=[slot.pk])).content.decode()
    assert "Instagram isn&#x27;t set up: this slot would park" in page and "Place a story here" not in page


def test_past_slots_read_as_past_never_as_an_open_badge(manager_client, campaign):
    def moment(days: int) -> dt.datetime:  # the gallery's slot that many days from today
        return _cadence_moment(campaign, "gallery", timezone.now() + dt.timedelta(days=days))

    missed = Slot.objects.create(campaign=campaign, target="gallery", starts_at=moment(-1))
    done = Slot.objects.create(campaign=campaign, target="gallery", starts_at=moment(-2),
                               story=bare_story(campaign), state=Slot.State.PUBLISHED)
    parked = Slot.objects.create(campaign=campaign, target="gallery", starts_at=moment(-3),
                                 story=bare_story(campaign), state=Slot.State.PARKED, error="Consent was withdrawn.")
    ahead = Slot.objects.create(campaign=campaign, target="gallery", starts_at=moment(1))
    expected = {missed: "Missed — nothing was placed", done: "Published", parked: "Parked: Consent was withdrawn.",
                ahead: "Open"}
    for slot, words in expected.items():
        page = manager_client.get(reverse("desk:calendar-slot", args=[slot.pk])).content.decode()
        assert 'class="slot-reads slot-reads-' in page and f">{words}</span>" in page
        assert 'class="status status-open"' not in page
    zone = ZoneInfo(campaign.spec.time_zone)
    for slot, words in expected.items():
        month = slot.starts_at.astimezone(zone)
        page = manager_client.get(reverse("desk:calendar"), {"month": f"{month:%Y-%m}"}).content.decode()
        cell = f'href="{reverse("desk:calendar-slot", args=[slot.pk])}" title='  # the slot's own, in its day
        own = page.split(cell, 1)[1].split("</a>", 1)[0]
        assert f">{words}</span>" in own
        assert 'class="status status-open"' not in page and '<span class="quiet">open</span>' not in page


def test_a_passed_slot_of_today_not_written_is_not_a_button(manager_client, campaign, clock):
    zone = ZoneInfo(campaign.spec.time_zone)
    local = timezone.now().astimezone(zone)
    clock.move_to(dt.datetime.combine(local.date(), dt.time(23, 0), tzinfo=zone))  # today's 10:00 has passed
    page = manager_client.get(reverse("desk:calendar"), {"month": f"{local:%Y-%m}"}).content.decode()
    today = page.split('class="day today"', 1)[1].split("</td>", 1)[0]
    assert "Missed — nothing was placed" in today and "<button" not in today and "<form" not in today


def _cadence_moment(campaign, target, around: dt.datetime) -> dt.datetime:
    day = local_day(around, campaign.spec)
    return moments_on(day, spec=campaign.spec, publishing=PublishingSpec.of(campaign), target=target)[0]


# What runs beside publish now: a pause in the middle of it, and each thread on its own connection.

class Paused:
    """Publish now stops once its locks are taken (as it reads its plan) until the test lets it go on; only the
    first call pauses."""

    def __init__(self, monkeypatch):
        self.reached, self.go, real = threading.Event(), threading.Event(), publish_now_module.read_plan

        def read_plan(*args, **kwargs):
            if not self.reached.is_set():
                self.reached.set()
                assert self.go.wait(30)
            return real(*args, **kwargs)

        monkeypatch.setattr(publish_now_module, "read_plan", read_plan)


def _on_its_own_connection(call, *args, results, errors, **kwargs) -> threading.Thread:
    def run():
        try:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    thread.pid = cursor.fetchone()[0]
            thread.started.set()
            results.append(call(*args, **kwargs))
        except Exception as error:  # reported on the test's thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.pid, thread.started = None, threading.Event()
    return thread


def _until_waiting(thread: threading.Thread) -> None:
    """Until the thread's transaction waits on a row lock (PostgreSQL), or a moment on SQLite, whose IMMEDIATE
    transactions wait in the driver, out of sight."""
    thread.started.wait(30)
    if connection.vendor != "postgresql":
        time.sleep(0.3)
        return
    deadline = time.monotonic() + 30
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [thread.pid])
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return
        time.sleep(0.01)


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="row locks: SQLite's IMMEDIATE transactions take one writer at a time")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_calendar_edits_while_publish_now_is_under_way_all_land(campaign, manager, staff_user, instagram_on,
                                                                 monkeypatch):
    story = bare_story(campaign)  # S: in tomorrow's gallery slot, and published now
    later_slot = open_slot(campaign, "gallery", _cadence_moment(campaign, "gallery", later(24 * 60)),
                           actor=manager)
    place_story(later_slot.pk, story.pk, actor=manager)
    other_slot, third_slot = (open_slot(campaign, "gallery", _cadence_moment(campaign, "gallery", later(d * 24 * 60)),
                                        actor=manager) for d in (2, 3))
    into_later, elsewhere = bare_story(campaign), bare_story(campaign)
    second = Actor.staff(staff_user("manager", username="second"))
    pausing = Paused(monkeypatch)
    results, errors, refused = [], [], []
    now = _on_its_own_connection(publish_now, story.pk, actor=manager, results=results, errors=errors)
    another = _on_its_own_connection(place_story, other_slot.pk, elsewhere.pk, actor=second, results=results,
                                     errors=errors)
    into_its_slot = _on_its_own_connection(place_story, later_slot.pk, into_later.pk, actor=second,
                                           results=results, errors=errors)
    s_again = _on_its_own_connection(place_story, third_slot.pk, story.pk, actor=second, results=results,
                                     errors=refused)
    now.start()
    assert pausing.reached.wait(30)  # publish now holds S and its later slot
    another.start()
    another.join(30)  # another story, another slot: nothing of publish now's to wait for
    assert not another.is_alive() and Slot.objects.get(pk=other_slot.pk).story_id == elsewhere.pk
    for waiting in (into_its_slot, s_again):
        waiting.start()
        _until_waiting(waiting)
    pausing.go.set()
    for thread in (now, into_its_slot, s_again):
        thread.join(30)

    assert not errors and not any(t.is_alive() for t in (now, into_its_slot, s_again))
    assert sorted(s.target for s in results[1].slots) == ["gallery", "instagram"]
    assert Slot.objects.get(pk=later_slot.pk).story_id == into_later.pk  # placed once publish now freed it
    # S itself, placed elsewhere meanwhile: refused in words once publish now is done (no deadlock on the campaign).
    assert [type(e) for e in refused] == [SlotRefused] and "is already in the" in str(refused[0])
    assert Slot.objects.get(pk=third_slot.pk).story_id is None
    assert Slot.objects.filter(story=story, starts_at__lte=timezone.now()).count() == 2  # gallery, Instagram
    assert not Slot.objects.filter(story=story, starts_at__gt=timezone.now()).exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_publish_now_while_a_manager_places_into_its_later_slot_all_land(campaign, manager, staff_user,
                                                                         monkeypatch):
    story = bare_story(campaign)
    later_slot = open_slot(campaign, "gallery", _cadence_moment(campaign, "gallery", later(24 * 60)),
                           actor=manager)
    place_story(later_slot.pk, story.pk, actor=manager)
    into_later = bare_story(campaign)
    second = Actor.staff(staff_user("manager", username="second"))
    # The other way round: the placing holds the later slot (and waits here) while publish now starts.
    reached, go, real = threading.Event(), threading.Event(), Slot.save

    def save(slot, *args, **kwargs):
        if slot.pk == later_slot.pk and not reached.is_set():
            reached.set()
            assert go.wait(30)
        return real(slot, *args, **kwargs)

    monkeypatch.setattr(Slot, "save", save)
    results, errors = [], []
    placing = _on_its_own_connection(place_story, later_slot.pk, into_later.pk, actor=second, results=results,
                                     errors=errors)
    now = _on_its_own_connection(publish_now, story.pk, actor=manager, results=results, errors=errors)
    placing.start()
    assert reached.wait(30)
    now.start()
    _until_waiting(now)
    go.set()
    for thread in (placing, now):
        thread.join(30)

    assert not errors and not placing.is_alive() and not now.is_alive()
    assert Slot.objects.get(pk=later_slot.pk).story_id == into_later.pk
    assert Slot.objects.filter(story=story, target="gallery").get().starts_at <= timezone.now()


def test_a_long_missed_slot_reads_as_missed_and_publish_now_says_so(manager_client, campaign, settings, clock):
    settings.STORYDESK_PUBLISH_MISSED_HOURS = 6
    story = bare_story(campaign, instagram=None)
    slot = Slot.objects.create(campaign=campaign, target="gallery", story=story, state=Slot.State.PLANNED,
                               starts_at=timezone.now() - dt.timedelta(hours=7))
    page = manager_client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Missed on the gallery — not sent" in page and "Going out on the gallery now" not in page
    assert "Publish to the gallery now?" not in page
    page = manager_client.get(reverse("desk:calendar-slot", args=[slot.pk])).content.decode()
    assert "Missed — not sent" in page
    page = messages_after(manager_client, press(manager_client, story))
    assert "Its slot on the gallery was missed — not sent" in page
    assert Slot.objects.filter(story=story).count() == 1

    clock.move_to(slot.starts_at + dt.timedelta(hours=5))  # within the hours: still due, going out now
    page = manager_client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Going out on the gallery now" in page and "Missed on the gallery" not in page


def test_a_slot_a_moment_ahead_is_under_way_and_left_to_the_worker(campaign, manager):
    story = bare_story(campaign, instagram=None)
    soon = Slot.objects.create(campaign=campaign, target="gallery", story=story, state=Slot.State.PLANNED,
                               starts_at=timezone.now() + SOON / 2)
    done = publish_now(story.pk, actor=manager)
    assert done.slots == ()
    assert [t.why for t in done.plan.held_back if t.target == "gallery"] == ["It is going out on the gallery now."]
    assert list(Slot.objects.filter(story=story)) == [soon]


def test_a_slot_written_at_the_very_moment_nudges_the_new_one_on(campaign, manager, monkeypatch):
    story = bare_story(campaign, instagram=None)
    now = timezone.now()
    taken = Slot.objects.create(campaign=campaign, target="gallery", starts_at=now)
    real_filter, seen = Slot.objects.filter, []

    def filter(*args, **kwargs):  # the look-before misses it, as when another transaction writes it meanwhile
        found = real_filter(*args, **kwargs)
        if kwargs.get("starts_at") == now and not seen:
            seen.append(now)
            return found.none()
        return found

    monkeypatch.setattr(Slot.objects, "filter", filter)
    done = publish_now(story.pk, actor=manager, now=now)
    assert seen and done.slots[0].starts_at == now + publish_now_module.NUDGE
    assert Slot.objects.get(pk=taken.pk).story_id is None


def test_a_clash_with_a_calendar_edit_says_try_again_not_a_server_error(manager_client, campaign, monkeypatch):
    story = bare_story(campaign)

    def deadlocked(*args, **kwargs):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(publish_now_module, "publish_now", deadlocked)
    page = messages_after(manager_client, press(manager_client, story))
    assert "Someone changed the calendar at the same moment — try again." in page
