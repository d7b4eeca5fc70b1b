"""What staff see of a social story and of social intake, and the ask button (POST, moderators up)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from storydesk.actions.base import Actor
from storydesk.channels.social.poll import poll_channel
from storydesk.models import AuditEvent, PermissionRequest, Story
from tests.channels.social.conftest import fixture, status
from tests.channels.social.mastodon_timeline import Timeline
from tests.channels.social.platform_server import Answer
from tests.channels.social.test_mastodon import TAG_PATH, A, B
from tests.stories import make_story


@pytest.fixture
def story(campaign, social):
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [status("status_photo.json", social.url, A),
                                                               status("status_video.json", social.url, B)]))
    social.on("GET", "/api/v2/search", Answer(json=fixture("mastodon/search_status.json")))
    social.on("POST", "/api/v1/statuses", Answer(json=fixture("mastodon/posted_reply.json")))
    poll_channel("mastodon", campaign=campaign, actor=Actor.system())
    return Story.objects.get(photos__isnull=False)


def as_role(client, staff_user, role):
    client.force_login(staff_user(role))
    return client


def detail(client, story) -> str:
    response = client.get(reverse("desk:story", args=[story.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_social_story_shows_its_post_author_and_unasked_permission(client, staff_user, story):
    page = detail(as_role(client, staff_user, "moderator"), story)
    assert "Public post on Mastodon" in page
    assert 'href="https://mastodon.example/@kofi/103751309754368000"' in page
    assert "Public post — permission not asked yet." in page
    assert "Ask @kofi@127.0.0.1 for permission on Mastodon" in page


def test_a_viewer_sees_the_state_but_no_button_and_cannot_post(client, staff_user, story):
    page = detail(as_role(client, staff_user, "viewer"), story)
    assert "permission not asked yet" in page and "for permission on Mastodon</button>" not in page
    assert "Only moderators and managers may ask." in page
    response = client.post(reverse("desk:ask-permission", args=[story.pk]))
    assert response.status_code == 403
    assert not PermissionRequest.objects.exists()


def test_asking_from_the_desk_writes_the_request_and_audits_it(client, staff_user, story):
    moderator = as_role(client, staff_user, "moderator")
    assert moderator.get(reverse("desk:ask-permission", args=[story.pk])).status_code == 405  # POST only
    response = moderator.post(reverse("desk:ask-permission", args=[story.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("desk:story", args=[story.pk])
    page = response.content.decode()
    assert "Permission request written; it goes out in a moment." in page
    assert "the request is waiting to be sent on Mastodon" in page
    request = PermissionRequest.objects.get()
    assert request.requested_by.username == "moderator-user"
    assert AuditEvent.objects.filter(verb="permission.requested", story=story).exists()
    again = moderator.post(reverse("desk:ask-permission", args=[story.pk]), follow=True)
    assert "Not asked: We already asked; we&#x27;re waiting for the author&#x27;s answer." in again.content.decode()


def test_the_desk_says_when_there_is_no_way_to_ask(client, staff_user, story, settings):
    settings.STORYDESK_MASTODON_ACCESS_TOKEN = ""
    page = detail(as_role(client, staff_user, "manager"), story)
    assert "Asking on Mastodon needs the campaign&#x27;s account: set STORYDESK_MASTODON_ACCESS_TOKEN" in page
    assert "for permission on Mastodon</button>" not in page


def test_a_video_story_says_no_photo_and_why(client, staff_user, story):
    video = Story.objects.exclude(pk=story.pk).get()
    page = detail(as_role(client, staff_user, "viewer"), video)
    assert "No photo yet." in page and "has a video but no photo" in page


def test_a_web_story_has_no_social_section(client, staff_user, campaign, social):
    page = detail(as_role(client, staff_user, "viewer"), make_story(campaign))
    assert "Public post on" not in page


def test_the_social_page_lists_feeds_platforms_and_problems(client, staff_user, campaign, social):
    social.on("GET", TAG_PATH, Answer(401, fixture("mastodon/error_token.json")))
    poll_channel("mastodon", campaign=campaign, actor=Actor.system())
    response = as_role(client, staff_user, "viewer").get(reverse("desk:social"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Mastodon</strong>: on" in page
    assert f"Mastodon · {social.url} #YearOfMaleAllyship" in page
    assert "refused our login" in page and "waiting until" in page
    filtered = client.get(reverse("desk:social") + "?kind=no_photo").content.decode()
    assert "refused our login (" not in filtered.split("<h2>Problems</h2>")[1]


def test_the_social_page_is_for_staff_only(client, campaign):
    response = client.get(reverse("desk:social"))
    assert response.status_code == 302
