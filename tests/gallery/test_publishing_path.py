"""The gallery through publishing's own path: a gallery slot published by actions.publishing, then the contributor's
withdrawal from the status page — no test helper announces anything."""
import pytest

from storydesk.actions.base import Actor
from storydesk.actions.publishing import publish_slot
from storydesk.actions.story_edits import set_caption, set_display_name
from storydesk.contributor_access import status_path
from tests.gallery.html import story_paths
from tests.publishing.factories import approved_story
from tests.publishing.helpers import due_slot

pytestmark = pytest.mark.django_db


def test_a_published_slot_is_on_the_wall_and_a_withdrawal_from_the_status_page_takes_it_off(
        client, campaign, django_capture_on_commit_callbacks):
    story = approved_story(campaign, consents={"website": True, "instagram": False})
    assert story_paths(client.get("/")) == []  # cached, empty
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_slot(due_slot(story, "gallery").pk) == "published"
    assert story_paths(client.get("/")) == [f"/stories/{story.pk}/"]
    assert "I stand with her" in client.get("/feed.rss").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/s/{status_path.sign(story)}/withdraw/", {"confirm": "yes"})
    assert response.status_code == 302
    assert story_paths(client.get("/")) == []
    assert "I stand with her" not in client.get("/feed.rss").content.decode()
    assert client.get(f"/stories/{story.pk}/").status_code == 404


def test_an_edit_to_a_published_story_reaches_the_gallery_at_once(client, publish, staff_user,
                                                                    django_capture_on_commit_callbacks):
    """A moderator takes a surname out of a published caption: the page, the wall and the feed change when
    the edit commits, without waiting for the hourly reconcile."""
    story = publish(caption="My daughter Amina Okafor plays football.", display_name="Kofi, GH")
    moderator = Actor.staff(staff_user("moderator"))
    page = f"/stories/{story.pk}/"
    assert "Amina Okafor" in client.get(page).content.decode()  # now cached
    assert "Amina Okafor" in client.get("/feed.rss").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        set_caption(story.pk, "My daughter plays football.", actor=moderator, seen_version=None)
        set_display_name(story.pk, "K., Ghana", actor=moderator, seen_version=None)
    for path in (page, "/", "/feed.rss"):
        body = client.get(path).content.decode()
        assert "Amina Okafor" not in body and "Kofi, GH" not in body, path
    assert "My daughter plays football." in client.get(page).content.decode()
