"""Who may see a photo's public copy: everyone while its story is public; staff always; the contributor
through their status link; nobody else before publication or after it is taken down."""
import pytest
from django.urls import reverse

from storydesk.contributor_access import status_path
from tests.publishing.factories import approved_story

pytestmark = pytest.mark.django_db


def _status(client, url: str) -> int:
    return client.get(url).status_code


def test_a_story_not_yet_public_shows_its_photo_only_to_staff_and_its_contributor(client, campaign, staff_user):
    story = approved_story(campaign)  # approved, copies made, but on no public page yet
    photo = story.lead_photo
    assert _status(client, photo.public_path()) == 404
    assert _status(client, photo.thumbnail_path()) == 404
    own = reverse("status_page:photo", kwargs={"token": status_path.sign(story)})
    assert _status(client, own) == 200
    assert 'src="' + own + '"' in client.get(status_path.url(story)).content.decode()
    client.force_login(staff_user("viewer"))
    assert _status(client, photo.public_path()) == 200
    response = client.get(photo.thumbnail_path())
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_a_published_photo_is_public_until_it_is_taken_down(client, campaign, publish, unpublish, withdraw):
    story = publish()
    photo = story.lead_photo
    response = client.get(photo.public_path())
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    unpublish(story)
    assert _status(client, photo.public_path()) == 404
    assert _status(client, reverse("status_page:photo", kwargs={"token": status_path.sign(story)})) == 200
    withdraw(story)
    assert _status(client, reverse("status_page:photo", kwargs={"token": status_path.sign(story)})) == 404


def test_a_wrong_status_link_shows_no_photo(client, campaign):
    approved_story(campaign)
    assert _status(client, reverse("status_page:photo", kwargs={"token": "not-a-token"})) == 404
