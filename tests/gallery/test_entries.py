"""The read model follows public_stories: what is shown, its terms and filter counts, and nothing private."""
import datetime as dt

import pytest
from django.utils import timezone

from storydesk.gallery.entries import reconcile, sync_stories
from storydesk.models import GalleryFacet, GalleryStory, GalleryTerm, Publication, Story
from tests.publishing.factories import approved_story

pytestmark = pytest.mark.django_db


def facet_counts(kind):
    return dict(GalleryFacet.objects.filter(kind=kind).values_list("value", "count"))


def test_a_published_story_gets_a_row_of_public_fields_only(publish):
    story = publish(country="KE", caption="Équality at home, every day", display_name="Otieno, KE",
                    themes=["sharing care work"], email="otieno.private@example.org")
    entry = GalleryStory.objects.get(pk=story.pk)
    lead = story.photos.get(position=0)
    assert (entry.caption, entry.display_name, entry.country, entry.themes) == (
        "Équality at home, every day", "Otieno, KE", "KE", ["sharing care work"])
    assert (entry.photo_key, entry.photo_width, entry.thumb_width) == (lead.public_key, lead.public_width,
                                                                        lead.thumb_width)
    assert entry.published_at == story.publications.get().published_at
    stored = {f.attname for f in GalleryStory._meta.concrete_fields}
    assert not stored & {"answer", "email", "full_name", "original", "status_token", "social_handle"}
    terms = set(GalleryTerm.objects.filter(entry=entry).values_list("term", flat=True))
    assert {"equality", "home", "otieno", "kenya", "country:ke", "theme:sharing care work",
            f"month:{entry.month}"} <= terms


def test_filter_counts_follow_publishing_and_withdrawal(publish, withdraw, unpublish):
    first = publish(country="GH", themes=["educating oneself"])
    publish(country="GH")
    third = publish(country="BR", themes=["educating oneself"])
    assert facet_counts("country") == {"GH": 2, "BR": 1}
    assert facet_counts("theme") == {"educating oneself": 2}
    withdraw(first)
    unpublish(third)
    assert facet_counts("country") == {"GH": 1}
    assert facet_counts("theme") == {}
    assert not GalleryTerm.objects.filter(entry_id__in=[first.pk, third.pk]).exists()
    assert set(GalleryStory.objects.values_list("pk", flat=True)) == set(Story.objects.exclude(
        pk__in=[first.pk, third.pk]).values_list("pk", flat=True))


def test_sync_is_idempotent_and_reports_only_changes(publish):
    story = publish()
    again = sync_stories([story.pk, story.pk])
    assert not again.changed
    Story.objects.filter(pk=story.pk).update(public_caption="A new caption about fathers")
    changed = sync_stories([story.pk])
    assert changed.shown == {story.pk}
    assert GalleryTerm.objects.filter(entry_id=story.pk, term="fathers").exists()
    assert not GalleryTerm.objects.filter(entry_id=story.pk, term="stand").exists()  # "I stand with her" went


def test_a_story_that_is_not_public_never_gets_a_row(campaign):
    story = approved_story(campaign)
    result = sync_stories([story.pk])
    assert not result.changed and not GalleryStory.objects.exists()


def test_a_new_publication_time_moves_the_story_and_its_terms(publish):
    story = publish()
    later = timezone.now() + dt.timedelta(days=40)
    Publication.objects.filter(story=story).update(published_at=later)
    sync_stories([story.pk])
    assert GalleryStory.objects.get(pk=story.pk).published_at == later
    assert set(GalleryTerm.objects.filter(entry_id=story.pk).values_list("published_at", flat=True)) == {later}


def test_reconcile_finds_what_nobody_announced(publish, campaign):
    kept, edited, withdrawn_quietly = publish(), publish(), publish()
    Story.objects.filter(pk=edited.pk).update(public_caption="Edited on the desk", updated_at=timezone.now()
                                              + dt.timedelta(seconds=5))
    Story.objects.filter(pk=withdrawn_quietly.pk).update(status="withdrawn")
    result = reconcile(campaign)
    assert result.shown == {edited.pk} and result.removed == {withdrawn_quietly.pk}
    assert GalleryStory.objects.get(pk=edited.pk).caption == "Edited on the desk"
    assert set(GalleryStory.objects.values_list("pk", flat=True)) == {kept.pk, edited.pk}
    assert not reconcile(campaign).changed
