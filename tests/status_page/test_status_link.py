"""The private status link: shows where the story stands and withdraws it, once the participant confirms."""
import pytest
from django.test import Client
from django.urls import reverse

from storydesk.actions.photo_copies import make_missing_copies
from storydesk.contributor_access import status_path
from storydesk.models import AuditEvent, Status
from tests.stories import make_story, reviewed

pytestmark = pytest.mark.clock


def test_status_page_shows_the_state_in_plain_words(client, campaign):
    story = make_story(campaign)
    page = client.get(status_path.url(story)).content.decode()
    assert "We have your story" in page
    assert story.answer in page
    assert "You said yes to the campaign&#x27;s website." in page
    assert "You did not say yes to the campaign&#x27;s Instagram" in page
    assert story.contributor.email not in page
    reviewed(story)
    assert "Our team is reading your story" in client.get(status_path.url(story)).content.decode()


def test_the_link_cannot_be_guessed_or_forged(client, campaign):
    story = make_story(campaign)
    signed = status_path.sign(story)
    assert story.status_token in signed and len(story.status_token) >= 40
    tampered = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    for token in (story.status_token, tampered, "1", f"{story.pk}:x"):
        response = client.get(reverse("status_page:status", kwargs={"token": token}))
        assert response.status_code == 404
        assert "find this link" in response.content.decode()


def test_withdrawing_asks_once_then_takes_the_photo_offline(client, campaign):
    story = make_story(campaign, consents={"website": True, "instagram": True})
    photo = story.lead_photo
    make_missing_copies(story)
    token = status_path.sign(story)
    own_photo = reverse("status_page:photo", kwargs={"token": token})
    assert client.get(own_photo).status_code == 200
    status_page = client.get(status_path.url(story)).content.decode()
    assert f'<form method="get" action="/s/{token}/withdraw/"' in status_page  # a plain link: no script needed

    asking = client.get(reverse("status_page:withdraw", kwargs={"token": token}))
    page = asking.content.decode()
    assert asking.status_code == 200
    assert "This takes your story off every page; you can't undo it." in page
    assert 'name="confirm" value="yes"' in page and f'href="/s/{token}/"' in page  # confirm, or go back
    story.refresh_from_db()
    assert story.status == Status.RECEIVED

    response = client.post(reverse("status_page:withdraw", kwargs={"token": token}), {"confirm": "yes"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your story is withdrawn" in page
    assert "Withdraw my story" not in page
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
    assert all(c.withdrawn_at is not None for c in story.consents.all())
    event = AuditEvent.objects.get(story=story, verb="story.withdrawn")
    assert event.actor_label == "contributor" and event.data["via"] == "status page"
    assert client.get(photo.public_path()).status_code == 404
    assert client.get(photo.thumbnail_path()).status_code == 404
    assert client.get(own_photo).status_code == 404


def test_only_a_confirmed_post_with_its_csrf_token_withdraws(client, campaign):
    story = make_story(campaign)
    url = reverse("status_page:withdraw", kwargs={"token": status_path.sign(story)})
    assert client.get(url).status_code == 200
    assert client.get(url, {"confirm": "yes"}).status_code == 200  # GET never withdraws, whatever it carries
    assert client.post(url).status_code == 200  # an old page's one-click form: asked first
    assert Client(enforce_csrf_checks=True).post(url, {"confirm": "yes"}).status_code == 403
    assert client.post(reverse("status_page:withdraw", kwargs={"token": "nope"}), {"confirm": "yes"}).status_code == 404
    story.refresh_from_db()
    assert story.status == Status.RECEIVED
    assert not AuditEvent.objects.filter(verb="story.withdrawn").exists()
