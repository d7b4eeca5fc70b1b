"""image_integrity: the photo check ran once, at intake; screening confirms the stored original is that very file
(and the worker decoded it for the public copies) instead of decoding it a third time, and still fails a file
that is missing, changed or damaged, with a problem a moderator can read."""
import pytest
from django.core.files.base import ContentFile
from PIL import ImageFile

from storydesk.actions.base import Actor
from storydesk.actions.photo_copies import make_missing_copies
from storydesk.actions.screening import screen_story
from storydesk.models import Verdict
from storydesk.photos import inspect
from storydesk.screening.context import ScreeningContext
from storydesk.screening.pipeline import Row
from storydesk.screening.steps import image_integrity
from tests.stories import make_story
from tests.support.samples import photos


@pytest.fixture
def decodes(monkeypatch):
    """Every picture decoded from here on (load() with pixels still to read), and every photo check run."""
    seen = {"pixels": 0, "checks": 0}
    real_load, real_inspect = ImageFile.ImageFile.load, inspect.inspect_photo

    def load(self):
        if self.tile:
            seen["pixels"] += 1
        return real_load(self)

    def inspect_photo(*args, **kwargs):
        seen["checks"] += 1
        return real_inspect(*args, **kwargs)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    monkeypatch.setattr(image_integrity, "inspect_photo", inspect_photo)
    return seen


def _checked(story):
    return image_integrity.check(ScreeningContext(story))


def test_a_checked_original_with_its_copies_is_not_decoded_again(campaign, decodes):
    story = make_story(campaign)
    make_missing_copies(story)  # the worker's decode, as screening starts
    decodes.update(pixels=0, checks=0)
    result = _checked(story)
    assert result.outcome == "pass" and result.score == 1.0
    photo = story.photos.get()
    assert [(p.format, p.width, p.height, p.bytes) for p in result.evidence.photos] == [
        ("JPEG", 600, 800, photo.size_bytes)]  # the intake check's record, for the file as stored
    assert decodes == {"pixels": 0, "checks": 0}
    # The moderator is told what was done, not that this step decoded it.
    assert result.evidence.explain() == [
        f"Photo 1: JPEG 600×800 px, {photo.size_bytes / 1024:.0f} kB, the same bytes that were checked at intake "
        "(SHA-256); decoded at intake and by the worker for its copies."]


def test_screening_decodes_each_photo_once_for_its_copies_and_never_for_the_check(campaign, decodes):
    story = make_story(campaign)
    decodes.update(pixels=0, checks=0)
    screen_story(story.pk, actor=Actor.system(), pipeline=(Row(image_integrity, "reject"),))
    assert Verdict.objects.get(story=story, step="image_integrity").outcome == "pass"
    assert decodes == {"pixels": 1, "checks": 0}  # make_public_copies' one decode


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short on disk
    lambda data: photos.corrupt_jpeg_bytes(),  # garbled
    lambda data: photos.jpeg_bytes(photos.person_with_sign("coffee", size=(600, 800))),  # another photo
])
def test_a_stored_original_that_is_not_the_checked_file_fails(campaign, decodes, damage):
    story = make_story(campaign)
    make_missing_copies(story)
    photo = story.photos.get()
    with photo.original.open("rb") as f:
        changed = damage(f.read())
    photo.original.storage.delete(photo.original.name)
    photo.original.storage.save(photo.original.name, ContentFile(changed))
    result = _checked(story)
    assert result.outcome == "fail" and result.score == 0.0
    assert "photo 1: the stored original is not the file that was received and checked" in result.evidence.problem
    assert not result.evidence.photos


def test_a_damaged_original_without_copies_fails_as_the_worker_found_it(campaign):
    story = make_story(campaign)
    photo = story.photos.get()
    photo.original.storage.delete(photo.original.name)
    photo.original.storage.save(photo.original.name, ContentFile(photos.corrupt_jpeg_bytes()))
    screen_story(story.pk, actor=Actor.system(), pipeline=(Row(image_integrity, "reject"),))
    photo.refresh_from_db()
    assert not photo.public  # the worker could not make copies of it
    verdict = Verdict.objects.get(story=story, step="image_integrity")
    assert verdict.outcome == "fail" and "not the file that was received" in verdict.evidence["problem"]


def test_without_public_copies_or_a_record_the_full_check_runs(campaign, decodes):
    story = make_story(campaign)  # no copies made: nothing has decoded the stored file since intake
    decodes.update(pixels=0, checks=0)
    result = _checked(story)
    assert result.outcome == "pass" and decodes["checks"] == 1
    assert result.evidence.explain()[0].endswith("decodes completely.")
    story.photos.update(sha256="")  # a record without its checksum: nothing to confirm against
    make_missing_copies(story)
    decodes.update(pixels=0, checks=0)
    assert _checked(story).outcome == "pass" and decodes["checks"] == 1


def test_a_missing_original_is_a_clear_problem(campaign):
    story = make_story(campaign)
    photo = story.photos.get()
    photo.original.storage.delete(photo.original.name)
    result = _checked(story)
    assert result.outcome == "fail" and "photo 1: original file is missing" in result.evidence.problem


def test_the_limits_are_the_intake_checks_and_not_applied_again(campaign, monkeypatch):
    # A social channel accepts up to STORYDESK_MEDIA_MAX_MB, which may be more than the default PhotoLimits' 20 MB:
    # a file confirmed by its SHA-256 passes as intake accepted it. Only a file that gets the full check here (no
    # record to confirm against) meets the default limits, as before. Shown with a default made smaller than the
    # stored photo.
    story = make_story(campaign)
    make_missing_copies(story)
    tight = inspect.PhotoLimits(max_bytes=1024)
    monkeypatch.setattr(image_integrity, "inspect_photo",
                        lambda data, filename=None: inspect.inspect_photo(data, filename, tight))
    assert story.photos.get().size_bytes > tight.max_bytes
    assert _checked(story).outcome == "pass"
    story.photos.update(sha256="")
    result = _checked(story)
    assert result.outcome == "fail" and result.evidence.problem.startswith("photo 1: ")
