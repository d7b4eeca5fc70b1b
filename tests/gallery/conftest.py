"""Gallery fixtures: stories published on the gallery through the publishing interface (a gallery
Publication, then on_public_change), and a fresh page cache for every test."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from storydesk.models import Publication, Story, Target
from storydesk.publishing.public_set import on_public_change
from tests.publishing.factories import approved_story

_hours = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_gallery_cache(settings, tmp_path):
    """Each test its own page and version caches: a page cached by an earlier test's database never shows."""
    from django.core.cache import caches

    from storydesk.gallery import pagecache

    settings.CACHES = {**settings.CACHES,
                       "gallery": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache-pages")}}
    settings.STORYDESK_GALLERY_VERSION_FILE = str(tmp_path / "cache-version" / "gallery-version")
    caches["gallery"].clear()
    pagecache.forget_local()
    yield
    pagecache.forget_local()


@pytest.fixture
def publish(campaign, django_capture_on_commit_callbacks):
    """publish(**story fields) → a story published on the gallery now (or at=…), as publishing does it."""
    def make(*, at: dt.datetime | None = None, caption: str | None = None, display_name: str | None = None,
             **fields) -> Story:
        story = approved_story(campaign, **fields)
        updates = {k: v for k, v in (("public_caption", caption), ("display_name", display_name)) if v is not None}
        if updates:
            Story.objects.filter(pk=story.pk).update(**updates)
        # Distinct times, an hour apart, so "newest first" is unambiguous.
        when = at or timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=next(_hours))
        with django_capture_on_commit_callbacks(execute=True):
            Publication.objects.create(story=story, target=Target.GALLERY, state=Publication.State.PUBLISHED,
                                       published_at=when)
            on_public_change([story.pk])
        story.refresh_from_db()
        return story

    return make


@pytest.fixture
def unpublish(django_capture_on_commit_callbacks):
    """unpublish(story): its gallery publication removed, as publishing does when it takes a story down."""
    def remove(story: Story) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            Publication.objects.filter(story=story, target=Target.GALLERY).update(
                state=Publication.State.REMOVED, removed_at=timezone.now())
            on_public_change([story.pk])

    return remove


@pytest.fixture
def withdraw(django_capture_on_commit_callbacks):
    """withdraw(story): the contributor takes it back through the real action (which takes it down)."""
    from storydesk.actions.base import Actor
    from storydesk.actions.lifecycle import withdraw_story

    def take_back(story: Story) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            withdraw_story(story, actor=Actor.contributor(), via="status page")

    return take_back
