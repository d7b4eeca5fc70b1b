"""Consent for a story sent by email is given on its private status page: 18+ and where to publish."""
from __future__ import annotations

from django.urls import reverse

from storydesk.actions.base import Actor
from storydesk.actions.intake import receive_story
from storydesk.actions.lifecycle import withdraw_story
from storydesk.contributor_access import status_path
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.models import AuditEvent, Consent
from tests.stories import approved, make_story
from tests.support.samples import photos


def email_story(campaign):
    incoming = IncomingStory(
        channel="email", source_key="consent-test@example.org", first_name="Kofi", email="kofi@example.org",
        answer="Equality matters because my sisters should never have to fight harder than I do.",
        photos=(IncomingPhoto(photos.jpeg_bytes(photos.person_with_sign("camera", size=(600, 800))), "a.jpg"),),
    )
    return receive_story(incoming, campaign=campaign, actor=Actor.system()).story


def consent_url(story) -> str:
    return reverse("status_page:consent", kwargs={"token": status_path.sign(story)})


def test_an_email_story_asks_for_consent_on_its_status_page(client, campaign):
    story = email_story(campaign)
    page = client.get(status_path.url(story)).content.decode()
    assert "Before we can publish your story" in page
    assert 'name="age_confirmed"' in page and 'name="consent_website"' in page and 'name="consent_instagram"' in page
    assert f'action="{consent_url(story)}"' in page
    assert "Withdraw my story" in page  # withdrawing stays possible


def test_confirming_writes_the_consents_and_the_age_with_evidence(client, campaign):
    story = email_story(campaign)
    response = client.post(consent_url(story), {"age_confirmed": "on", "consent_website": "on"},
                           HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    assert response.status_code == 302 and response["Location"] == status_path.url(story)
    story.refresh_from_db()
    assert story.age_confirmed
    consents = {c.scope: c for c in Consent.objects.filter(story=story)}
    assert {scope: c.state for scope, c in consents.items()} == {"website": "given", "instagram": "not_given"}
    assert consents["website"].evidence["how"] == "status page"
    assert consents["website"].evidence["user_agent"] == "Mozilla/5.0 (iPhone)"
    event = AuditEvent.objects.get(story=story, verb="consent.confirmed")
    assert event.actor_label == "contributor" and event.data["scopes"] == {"website": True, "instagram": False}
    page = client.get(status_path.url(story)).content.decode()
    assert "Before we can publish your story" not in page
    assert "You said yes to the campaign&#x27;s website." in page
    # Sending the form again changes nothing: the first confirmation counts.
    client.post(consent_url(story), {"age_confirmed": "on", "consent_instagram": "on"})
    assert Consent.objects.get(story=story, scope="instagram").state == "not_given"
    assert AuditEvent.objects.filter(story=story, verb="consent.confirmed").count() == 1


def test_the_age_and_one_place_are_needed(client, campaign):
    story = email_story(campaign)
    no_age = client.post(consent_url(story), {"consent_website": "on"})
    assert no_age.status_code == 400 and "18 or older" in no_age.content.decode()
    no_place = client.post(consent_url(story), {"age_confirmed": "on"})
    assert no_place.status_code == 400
    assert "Please choose at least one place" in no_place.content.decode()
    story.refresh_from_db()
    assert not story.age_confirmed and not story.consents.exists()


def test_until_confirmed_the_story_can_be_moderated(client, campaign):
    story = approved(email_story(campaign))
    page = client.get(status_path.url(story)).content.decode()
    assert "Your story is approved" in page and "Before we can publish your story" in page


def test_web_stories_and_withdrawn_stories_show_no_consent_form(client, campaign):
    web = make_story(campaign)
    assert "Before we can publish your story" not in client.get(status_path.url(web)).content.decode()
    story = email_story(campaign)
    withdraw_story(story, actor=Actor.contributor(), via="test")
    assert "Before we can publish your story" not in client.get(status_path.url(story)).content.decode()
    response = client.post(consent_url(story), {"age_confirmed": "on", "consent_website": "on"})
    assert response.status_code == 302 and not story.consents.exists()


def test_a_forged_link_cannot_give_consent(client, campaign):
    story = email_story(campaign)
    response = client.post(reverse("status_page:consent", kwargs={"token": "forged"}),
                           {"age_confirmed": "on", "consent_website": "on"})
    assert response.status_code == 404
    assert client.get(consent_url(story)).status_code == 405
    assert not story.consents.exists()
