"""The gallery benchmark's parts that can run anywhere: its data, its constant page and its reading of wrk."""
from pathlib import Path

import pytest
from django.test import override_settings

from bench.gallery import parse_wrk
from bench.gallery_data import make_published_stories
from storydesk.gallery.entries import sync_stories
from storydesk.models import GalleryFacet, GalleryStory
from storydesk.publishing.public_set import public_stories

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.slow
def test_wrk_reports_are_read_in_milliseconds_with_every_failure_counted():
    nginx = parse_wrk((FIXTURES / "wrk_nginx.txt").read_text())
    assert nginx == {"requests_per_s": 55069.84, "p50_ms": 0.052, "p90_ms": 1.43, "p99_ms": 5.54,
                     "requests": 55316, "errors": 0}
    not_found = parse_wrk((FIXTURES / "wrk_404s.txt").read_text())
    assert not_found["errors"] == 539 and not_found["p99_ms"] == 15.76


@pytest.mark.slow
@pytest.mark.django_db
def test_bench_stories_are_public_and_fill_the_gallery(campaign):
    ids = make_published_stories(campaign, 40, seed=3)
    assert set(public_stories(campaign).values_list("pk", flat=True)) == set(ids)
    sync_stories(ids)
    assert GalleryStory.objects.count() == 40
    months = GalleryFacet.objects.filter(kind="month")
    assert sum(months.values_list("count", flat=True)) == 40 and months.count() > 3  # spread over the year


@pytest.mark.slow
@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.gallery_urls")
def test_the_constant_page_has_the_size_asked_for(client):
    for size in (3522, 16350):
        response = client.get(f"/bench/constant/{size}")
        assert response.status_code == 200 and len(response.content) == size
        assert response["Content-Type"] == "text/html; charset=utf-8"
