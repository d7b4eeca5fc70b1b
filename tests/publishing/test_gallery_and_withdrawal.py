"""The gallery target, and withdrawal after publishing: off the gallery at once, Instagram marked for a person."""
from __future__ import annotations

import pytest

from storydesk.actions.base import Actor
from storydesk.actions.calendar import place_story, retry_slot
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.publishing import publish_slot
from storydesk.cli import main
from storydesk.exports.stories import story_records
from storydesk.models import AuditEvent, Publication, Slot
from storydesk.publishing.public_set import public_changed, public_stories
from storydesk.publishing.targets.gallery import GalleryTarget
from tests.publishing.factories import bare_story
from tests.publishing.helpers import due_slot, later, next_slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    changes = []

    def listener(sender, story_ids, campaign_ids, **kwargs):
        changes.append(story_ids)

    public_changed.connect(listener)
    yield changes
    public_changed.disconnect(listener)


def test_a_gallery_slot_makes_the_story_public_and_tells_the_gallery(campaign, heard,
                                                                      django_capture_on_commit_callbacks):
    story = bare_story(campaign)
    slot = due_slot(story, "gallery")
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_slot(slot.pk) == "published"
    assert list(public_stories(campaign)) == [story]
    assert heard == [[story.pk]]
    assert Slot.objects.get(pk=slot.pk).state == "published"


def test_a_gallery_slot_without_website_consent_is_parked_not_published(campaign):
    story = bare_story(campaign, website="withdrawn")
    slot = due_slot(story, "gallery")
    assert publish_slot(slot.pk) == "parked"
    assert "no longer agrees" in Slot.objects.get(pk=slot.pk).error
    assert not public_stories(campaign).exists()


def test_withdrawal_takes_the_story_off_the_gallery_at_once(campaign, heard, django_capture_on_commit_callbacks):
    story = bare_story(campaign)
    publish_slot(due_slot(story, "gallery").pk)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_story(story, actor=Actor.contributor(), via="status page")
    publication = Publication.objects.get(story=story, target="gallery")
    assert publication.state == "removed" and publication.removed_at
    assert not public_stories(campaign).exists()
    assert heard[-1] == [story.pk]


def test_withdrawal_after_instagram_marks_it_for_removal_and_says_the_api_cannot(campaign, graph):
    story = bare_story(campaign)
    # bare stories have no photo; give this one a published Instagram post directly.
    Publication.objects.create(story=story, target="instagram", state="published", external_id="17900000000000001",
                               permalink="https://www.instagram.com/p/ABC123/")
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    publication = Publication.objects.get(story=story, target="instagram")
    assert publication.state == "removal_needed"
    assert "Instagram's API can't delete posts" in publication.error
    assert "https://www.instagram.com/p/ABC123/" in publication.error
    assert AuditEvent.objects.filter(verb="publication.removal_needed", story=story).exists()
    assert graph.calls == []  # nothing is asked of Instagram: there is no call that deletes a post


def test_withdrawal_frees_the_storys_waiting_slots(campaign, staff_user, instagram_on):
    story = bare_story(campaign)
    slot = next_slots(campaign)[0]
    place_story(slot.pk, story.pk, actor=Actor.staff(staff_user("manager")))
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    slot.refresh_from_db()
    assert (slot.story_id, slot.state, slot.locked) == (None, "open", False)
    assert f"Story {story.pk} was withdrawn" in slot.reason


def test_a_slot_missed_by_hours_is_parked_for_a_manager(campaign, settings):
    settings.STORYDESK_PUBLISH_MISSED_HOURS = 6
    slot = due_slot(bare_story(campaign), "gallery", minutes_ago=7 * 60)
    assert publish_slot(slot.pk) == "parked"
    assert "time passed more than 6 hours ago" in Slot.objects.get(pk=slot.pk).error
    assert publish_slot(slot.pk, now=later(1)) == "not due"


def test_a_missed_slot_retried_by_a_manager_goes_out_now(campaign, staff_user):
    slot = due_slot(bare_story(campaign), "gallery", minutes_ago=3 * 24 * 60)
    assert publish_slot(slot.pk) == "parked"
    retry_slot(slot.pk, actor=Actor.staff(staff_user("manager")))
    assert publish_slot(slot.pk) == "published"


def test_the_story_export_lists_its_publications(campaign):
    story = bare_story(campaign)
    slot = due_slot(story, "gallery")
    publish_slot(slot.pk)
    Publication.objects.create(story=story, target="instagram", state="removal_needed", external_id="1790001",
                               permalink="https://www.instagram.com/p/AB/")
    record = next(r for r in story_records() if r["id"] == story.pk)
    assert record["publications"] == [
        {"target": "gallery", "slot": slot.starts_at.isoformat(), "state": "published", "platform_id": "",
         "permalink": ""},
        {"target": "instagram", "slot": None, "state": "removal_needed", "platform_id": "1790001",
         "permalink": "https://www.instagram.com/p/AB/"},
    ]


def test_a_gallery_story_withdrawn_between_claim_and_publish_is_parked(campaign, monkeypatch):
    story = bare_story(campaign)
    slot = due_slot(story, "gallery")
    real = GalleryTarget.publish

    def withdrawn_meanwhile(self, publication, lease):
        withdraw_story(story, actor=Actor.contributor(), via="status page")
        return real(self, publication, lease)

    monkeypatch.setattr(GalleryTarget, "publish", withdrawn_meanwhile)
    assert publish_slot(slot.pk) == "parked"
    assert "withdrawn by its contributor before it went out on the gallery" in Slot.objects.get(pk=slot.pk).error
    assert not public_stories(campaign).exists()


def test_doctor_reports_publishing_without_calling_instagram(capsys, campaign, settings):
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = ""
    assert main(["doctor"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("publishing"))
    assert "targets instagram, gallery; Instagram not set up (STORYDESK_INSTAGRAM_ACCESS_TOKEN" in line
