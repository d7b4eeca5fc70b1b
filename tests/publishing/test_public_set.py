"""public_stories is the one definition of "public": published on the gallery, and not withdrawn."""
import pytest
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.models import Publication, Target
from storydesk.publishing.public_set import on_public_change, public_changed, public_stories
from tests.publishing.factories import approved_story

pytestmark = pytest.mark.django_db


def publish(story, target=Target.GALLERY, state=Publication.State.PUBLISHED):
    return Publication.objects.create(story=story, target=target, state=state, published_at=timezone.now())


def test_only_stories_published_on_the_gallery_are_public(campaign):
    on_gallery, on_instagram_only, parked, unpublished = (approved_story(campaign) for _ in range(4))
    publish(on_gallery)
    publish(on_instagram_only, target=Target.INSTAGRAM)
    publish(parked, state=Publication.State.PARKED)
    assert list(public_stories(campaign)) == [on_gallery]


def test_a_withdrawn_story_is_not_public_even_with_a_published_row(campaign):
    story = approved_story(campaign)
    publish(story)
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    assert not public_stories(campaign).exists()


def test_newest_publication_first(campaign):
    older, newer = approved_story(campaign), approved_story(campaign)
    Publication.objects.create(story=newer, target=Target.GALLERY, state="published",
                               published_at=timezone.now())
    Publication.objects.create(story=older, target=Target.GALLERY, state="published",
                               published_at=timezone.now() - timezone.timedelta(days=1))
    assert list(public_stories(campaign)) == [newer, older]


def test_listeners_hear_of_a_change_only_after_commit(campaign, django_capture_on_commit_callbacks):
    story = approved_story(campaign)
    heard = []

    def listener(sender, story_ids, campaign_ids, **kwargs):
        heard.append((story_ids, campaign_ids))

    public_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            on_public_change([story.pk, story.pk])
            assert heard == []
        assert heard == [([story.pk], [campaign.pk])]
    finally:
        public_changed.disconnect(listener)
