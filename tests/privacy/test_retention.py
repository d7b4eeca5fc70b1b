"""Retention: a decided story's original (it may carry GPS) is deleted from disk keep_originals_days after the
decision, not a minute before; the public copies stay; the desk and screening cope with it gone."""
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.actions.retention import delete_due_originals
from storydesk.models import AuditEvent, Photo
from storydesk.screening.context import ScreeningContext
from storydesk.screening.steps import image_integrity
from tests.stories import approved, make_story, reviewed

pytestmark = pytest.mark.clock


def _files(photo: Photo) -> dict[str, Path]:
    return {"original": Path(photo.original.path), "public": Path(photo.public.path),
            "thumbnail": Path(photo.thumbnail.path)}


def test_originals_are_deleted_after_the_retention_period_and_not_before(campaign, clock):
    decided_at = timezone.now()
    story = approved(make_story(campaign))
    waiting = reviewed(make_story(campaign, n=1))  # not decided: keeps its original however long it waits
    photo, files = story.photos.get(), _files(story.photos.get())
    assert all(path.exists() for path in files.values())
    assert campaign.spec.keep_originals_days == 30

    clock.move_to(decided_at + dt.timedelta(days=30) - dt.timedelta(minutes=5))
    assert delete_due_originals(actor=Actor.system()).photos == 0
    assert files["original"].exists()

    clock.move_to(decided_at + dt.timedelta(days=30, minutes=5))
    done = delete_due_originals(actor=Actor.system())
    assert (done.photos, done.stories) == (1, 1)
    assert not files["original"].exists()
    assert files["public"].exists() and files["thumbnail"].exists()  # the gallery keeps showing it
    photo.refresh_from_db()
    assert not photo.original and photo.original_deleted_at is not None
    assert Path(waiting.photos.get().original.path).exists()
    event = AuditEvent.objects.get(verb="photo.originals_deleted")
    assert event.story_id == story.pk and event.data == {"photos": [photo.pk], "kept_days": 30}
    assert delete_due_originals(actor=Actor.system()).photos == 0  # safe to run twice


def test_a_rejected_story_loses_its_original_too_and_the_campaign_file_sets_how_long(campaign, clock):
    campaign.config["privacy"]["keep_originals_days"] = 7
    campaign.save()
    story = reviewed(make_story(campaign))
    decide(story.pk, "reject", actor=Actor.system(), seen_version=None, reason="no_sign")
    original = Path(story.photos.get().original.path)
    clock.move_to(timezone.now() + dt.timedelta(days=6))
    assert delete_due_originals(actor=Actor.system()).photos == 0
    clock.move_to(timezone.now() + dt.timedelta(days=1, minutes=1))
    assert delete_due_originals(actor=Actor.system()).photos == 1
    assert not original.exists()


@pytest.fixture
def gone(campaign, clock):
    story = approved(make_story(campaign))
    clock.move_to(timezone.now() + dt.timedelta(days=31))
    delete_due_originals(actor=Actor.system())
    return story


def test_the_desk_says_the_original_was_deleted_instead_of_a_broken_link(client, staff_user, gone):
    client.force_login(staff_user("viewer"))
    photo = gone.photos.get()
    page = client.get(reverse("desk:story", args=[gone.pk])).content.decode()
    assert "original deleted after 30 days" in page
    assert reverse("photo-original", args=[photo.pk]) not in page
    response = client.get(reverse("photo-original", args=[photo.pk]))
    assert response.status_code == 410 and b"deleted after the retention period" in response.content


def test_screening_again_checks_the_public_copy_once_the_original_is_gone(gone):
    result = image_integrity.check(ScreeningContext(gone))
    assert result.outcome == "pass"
    assert "public copy was checked instead" in result.evidence.note


def test_screening_says_so_when_neither_the_original_nor_a_copy_is_left(gone):
    Photo.objects.filter(story=gone).update(public="")
    result = image_integrity.check(ScreeningContext(gone))
    assert result.outcome == "fail" and "deleted after the retention period" in result.evidence.problem
