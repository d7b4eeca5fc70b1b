"""Cached renders: a cached page costs no query; a change anywhere reaches every page at once; a miss
costs the same few indexed queries however many stories there are."""
import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from storydesk.gallery import pagecache
from storydesk.gallery.entries import sync_stories
from storydesk.models import Story
from tests.gallery.html import story_paths

pytestmark = pytest.mark.django_db


def all_urls(story):
    return ["/", "/?country=GH", "/?q=stand", reverse("gallery:story", kwargs={"story_id": story.pk}),
            reverse("gallery:feed_rss"), reverse("gallery:feed_atom"), reverse("gallery:feed_json"),
            reverse("gallery:widget"), reverse("gallery:take_part"),
            reverse("gallery:month", kwargs={"month": story.gallery_entry.month})]


def test_a_cached_page_costs_no_query(client, publish, django_assert_num_queries):
    story = publish()
    for url in all_urls(story):
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200, url


def test_pages_cached_by_another_process_are_served_from_the_shared_cache(client, publish,
                                                                         django_assert_num_queries):
    story = publish()
    url = reverse("gallery:story", kwargs={"story_id": story.pk})
    first = client.get(url).content
    pagecache.forget_local()  # as a freshly started web process
    with django_assert_num_queries(0):
        assert client.get(url).content == first


def test_a_publish_reaches_pages_cached_before_it(client, publish):
    first = publish()
    cached = client.get("/")
    assert story_paths(cached) == [f"/stories/{first.pk}/"]
    second = publish()
    assert story_paths(client.get("/")) == [f"/stories/{second.pk}/", f"/stories/{first.pk}/"]


def test_a_version_changed_elsewhere_drops_this_process_pages(client, publish):
    story = publish(caption="Before the change")
    client.get("/")

    Story.objects.filter(pk=story.pk).update(public_caption="After the change")

    sync_stories([story.pk])
    assert "Before the change" in client.get("/").content.decode()  # nobody said it changed yet
    # Another process bumps: it replaces the file (its own store object, as in another process).
    pagecache._FileVersion(pagecache._version_store().path).set("set-by-another-process")
    assert "After the change" in client.get("/").content.decode()


def test_a_lost_version_never_brings_back_an_old_page(client, publish):
    story = publish(caption="Shown first")
    client.get("/")

    Story.objects.filter(pk=story.pk).update(public_caption="Shown second")
    sync_stories([story.pk])
    pagecache._version_store().path.unlink()  # e.g. the cache folder was emptied
    assert "Shown second" in client.get("/").content.decode()


def test_conditional_requests_get_304(client, publish):
    publish()
    first = client.get("/")
    assert first["Cache-Control"] == "public, no-cache" and first["ETag"]
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_unknown_parameters_share_one_cached_page(client, publish, django_assert_num_queries):
    publish()
    client.get("/")
    with django_assert_num_queries(0):
        client.get("/?utm_source=newsletter&x=1")


@pytest.mark.parametrize("url", ["/", "/?country=GH", "/?q=stand", "/?q=stand&theme=educating+oneself",
                                 "/stories/{id}/", "/feed.json"])
def test_a_miss_costs_the_same_queries_for_5_or_40_stories(client, publish, url):
    def misses() -> list[str]:
        pagecache.bump()
        pagecache.forget_local()
        target = url.replace("{id}", str(stories[0].pk))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    stories = [publish(country="GH", themes=["educating oneself"]) for _ in range(5)]
    few = misses()
    stories += [publish(country="GH", themes=["educating oneself"]) for _ in range(35)]
    many = misses()
    assert len(few) == len(many) <= 8, many
    for sql in many:
        tables = set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
        # Only the gallery's own tables (never the story, contributor or photo rows)…
        assert tables <= {"storydesk_campaign", "storydesk_gallerystory", "storydesk_galleryterm",
                          "storydesk_galleryfacet"}, sql
        # …and stories only a page at a time, or by their ids.
        if tables & {"storydesk_gallerystory", "storydesk_galleryterm"}:
            assert "LIMIT" in sql or '"storydesk_gallerystory"."story_id" IN (' in sql, sql


def test_the_scaled_mode_keeps_the_version_in_the_shared_cache(client, publish, settings):
    settings.STORYDESK_GALLERY_VERSION_FILE = ""
    settings.CACHES = {**settings.CACHES, "gallery-version": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gallery-version-test"}}
    caches["gallery-version"].clear()
    first = publish(caption="Shared first")
    assert "Shared first" in client.get("/").content.decode()
    assert caches["gallery-version"].get(pagecache.VERSION_KEY) == pagecache.current_version()
    publish(caption="Shared second")
    assert "Shared second" in client.get("/").content.decode()
    caches["gallery-version"].clear()
    assert pagecache.current_version() and first




def test_searches_and_pages_not_found_never_reach_the_shared_store(client, publish, settings):
    publish()
    shared = Path(settings.CACHES["gallery"]["LOCATION"])
    client.get("/")
    before = len(list(shared.glob("*.djcache")))
    made_up = ([f"/?q=word{n}" for n in range(300)] + [f"/?theme=t{n}" for n in range(20)]
               + [f"/?older={n}.{n}" for n in range(10**15, 10**15 + 20)]
               + [f"/stories/{n}/" for n in range(9**9, 9**9 + 20)])
    for url in made_up:
        assert client.get(url).status_code in (200, 404)
    assert len(list(shared.glob("*.djcache"))) == before  # nothing a visitor invented is shared
    assert len(pagecache._made_up.pages) == pagecache.MADE_UP_PAGES  # this process keeps the most recent few
    with CaptureQueriesContext(connection) as queries:
        assert client.get(made_up[-1]).status_code == 404  # the most recent: still cached here
    assert len(queries) == 0


def test_10000_distinct_searches_stay_within_the_bound(settings):
    shared = Path(settings.CACHES["gallery"]["LOCATION"])
    for n in range(10_000):
        pagecache.cached_page(f"wall|||word{n}|", lambda: pagecache.Page.of(b"<p>found</p>", "text/html"),
                              made_up=True)
    assert len(pagecache._made_up.pages) == pagecache.MADE_UP_PAGES
    assert not list(shared.glob("*.djcache"))
