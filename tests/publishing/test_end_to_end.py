"""The whole way, on loopback: the periodic task queues the due slot, a real Huey worker publishes it, and the
fake Graph API fetches the signed image from the running app, as Instagram would."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from storydesk import work
from storydesk.models import Publication, Slot
from storydesk.tasks import publish_due_slots
from storydesk.work import Work
from tests.fixtures.waiting import wait_for
from tests.publishing.factories import approved_story
from tests.publishing.helpers import due_slot


@pytest.mark.queue
def test_a_due_slot_goes_out_through_the_queue_and_instagram_fetches_the_image(
        campaign, graph, queue_consumer, live_server, settings, monkeypatch):
    monkeypatch.setitem(work._DOERS, Work.SCREEN_STORY, lambda story_id: None)  # approved by the factory instead
    settings.SITE_URL = live_server.url
    graph.fetch_images = True
    story = approved_story(campaign)
    slot = due_slot(story)

    assert publish_due_slots.call_local() == 1
    wait_for(lambda: Slot.objects.get(pk=slot.pk).state in ("published", "parked"))

    slot.refresh_from_db()
    assert slot.state == "published", slot.error
    status, content_type, body = graph.fetched[0]
    assert (status, content_type) == (200, "image/jpeg")
    assert Image.open(io.BytesIO(body)).size == (1080, 1350)
    publication = Publication.objects.get(story=story)
    assert publication.external_id == graph.media[0]["id"]
    assert publish_due_slots.call_local() == 0  # nothing due any more
