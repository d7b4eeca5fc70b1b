"""The gallery through publishing's own path: a gallery slot published by the runner, then the contributor's
withdrawal from the status page — no test helper announces anything."""
import pytest

from storydesk.publishing.runner import publish_slot
from tests.gallery.html import story_paths
from tests.publishing.factories import approved_story
from tests.publishing.helpers import due_slot

pytestmark = pytest.mark.django_db


def test_a_published_slot_is_on_the_wall_and_a_withdrawal_from_the_status_page_takes_it_off(
        client, campaign, django_capture_on_commit_callbacks):
    from storydesk.participants.links import status_path

    story = approved_story(campaign, consents={"website": True, "instagram": False})
    assert story_paths(client.get("/")) == []  # cached, empty
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_slot(due_slot(story, "gallery").pk) == "published"
    assert story_paths(client.get("/")) == [f"/stories/{story.pk}/"]
    assert "I stand with her" in client.get("/feed.rss").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/s/{status_path.sign(story)}/withdraw/")
    assert response.status_code == 302
    assert story_paths(client.get("/")) == []
    assert "I stand with her" not in client.get("/feed.rss").content.decode()
    assert client.get(f"/stories/{story.pk}/").status_code == 404
