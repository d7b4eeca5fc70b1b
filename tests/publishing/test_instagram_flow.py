"""The Instagram flow against the fake Graph API: limit → container → status → publish → permalink."""
from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from storydesk.actions.base import Actor
from storydesk.actions.calendar import retry_slot
from storydesk.actions.publishing import publish_slot
from storydesk.models import AuditEvent, Publication, Slot
from tests.fakes.instagram_graph import Failure, graph_error
from tests.publishing.factories import approved_story
from tests.publishing.helpers import due_slot, later

pytestmark = pytest.mark.django_db


def test_a_due_slot_goes_out_once_with_its_id_and_link(campaign, graph):
    story = approved_story(campaign, display_name="Kofi", country="GH")
    slot = due_slot(story)

    assert publish_slot(slot.pk) == "published"

    publication = Publication.objects.get(story=story, target="instagram")
    media = graph.media[0]
    assert (publication.state, publication.external_id, publication.permalink) == (
        "published", media["id"], media["permalink"])
    assert Slot.objects.get(pk=slot.pk).state == "published"
    # The documented order: the limit is read before the container is made and again before publishing.
    order = [kind for kind, _, _ in graph.calls]
    assert order.index("limit") < order.index("create") < order.index("status") < order.index("publish")
    assert order[order.index("publish") - 1] == "limit"
    create = graph.calls_to("create")[0]
    assert create["caption"] == publication.caption and "Kofi, Ghana" in create["caption"]
    assert create["alt_text"].startswith("Kofi holds a sign that reads #HeForShe.")
    assert graph.calls_to("publish") == [{"creation_id": publication.container_id}]
    assert AuditEvent.objects.filter(verb="publication.published", story=story).count() == 1


@pytest.mark.clock
def test_the_image_address_is_signed_serves_the_jpeg_and_stops_working(campaign, graph, settings):
    story = approved_story(campaign)
    slot = due_slot(story)
    graph.container_statuses = ["IN_PROGRESS"]  # stays processing, so the image is still being published
    assert publish_slot(slot.pk) == "retry"
    image_url = graph.calls_to("create")[0]["image_url"]
    assert image_url.startswith(settings.SITE_URL + "/p/instagram/")
    path = image_url[len(settings.SITE_URL):]

    response = Client().get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (image.format, image.size) == ("JPEG", (1080, 1350))
    assert not image.info.get("exif")

    tampered = path.replace(".jpg", "x.jpg")
    assert Client().get(tampered).status_code == 404
    settings.STORYDESK_INSTAGRAM_IMAGE_URL_MINUTES = 0
    assert Client().get(path).status_code == 404  # expired


def test_processing_continues_on_the_next_run_with_the_same_container(campaign, graph):
    graph.container_statuses = ["IN_PROGRESS"] * 100 + ["FINISHED"]
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "retry"
    publication = Publication.objects.get()
    assert publication.container_id and "still processing" in publication.error
    assert publication.attempts == 0  # waiting isn't failing

    graph.containers[publication.container_id].statuses = ["FINISHED"]
    assert publish_slot(slot.pk, now=later(2)) == "published"
    assert len(graph.containers) == 1 and len(graph.media) == 1


@pytest.mark.clock
def test_a_used_up_publishing_limit_makes_no_container_and_waits(campaign, graph):
    graph.quota_usage = graph.quota_total = 50
    slot = due_slot(approved_story(campaign))

    assert publish_slot(slot.pk) == "retry"

    assert graph.calls_to("create") == [] and graph.media == []
    publication = Publication.objects.get()
    assert "publishing limit is used up (50 of 50 posts in 24 h)" in publication.error
    assert publication.next_attempt_at > later(59)
    assert Slot.objects.get(pk=slot.pk).state == "publishing"
    assert publish_slot(slot.pk) == "waiting"  # not before its time

    graph.quota_usage = 10
    assert publish_slot(slot.pk, now=later(61)) == "published"


def test_the_limit_is_read_again_before_publishing(campaign, graph):
    graph.container_statuses = ["IN_PROGRESS", "FINISHED"]
    graph.fail_next("limit", Failure(200, {"data": [{"quota_usage": 3, "config": {"quota_total": 50}}]}))
    graph.fail_next("limit", Failure(200, {"data": [{"quota_usage": 50, "config": {"quota_total": 50}}]}))
    slot = due_slot(approved_story(campaign))

    assert publish_slot(slot.pk) == "retry"
    assert len(graph.containers) == 1 and graph.calls_to("publish") == []


@pytest.mark.parametrize("status, detail, says", [
    ("ERROR", "2207052: media could not be fetched from this URI", "couldn't process the post image"),
    ("EXPIRED", "", "expired on Instagram before it went out"),
])
def test_a_failed_or_expired_container_parks_the_slot_and_retry_makes_a_new_one(
        campaign, graph, staff_user, status, detail, says):
    graph.container_statuses, graph.container_detail = ["IN_PROGRESS", status], detail
    slot = due_slot(approved_story(campaign))

    assert publish_slot(slot.pk) == "parked"
    slot.refresh_from_db()
    assert slot.state == "parked" and says in slot.error and detail in slot.error
    assert Publication.objects.get().container_id == ""

    graph.container_statuses, graph.container_detail = ["FINISHED"], ""
    retry_slot(slot.pk, actor=Actor.staff(staff_user("manager")))
    assert publish_slot(slot.pk) == "published"
    assert len(graph.containers) == 2 and len(graph.media) == 1


def test_a_bad_token_parks_with_instagrams_words_and_what_to_do(campaign, graph, settings):
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = "expired-token"
    slot = due_slot(approved_story(campaign))

    assert publish_slot(slot.pk) == "parked"

    slot.refresh_from_db()
    assert "Invalid OAuth access token - Cannot parse access token (code 190" in slot.error
    assert "set STORYDESK_INSTAGRAM_ACCESS_TOKEN" in slot.error
    assert Publication.objects.get().state == "parked"
    assert AuditEvent.objects.filter(verb="slot.parked").count() == 1


def test_an_unconfigured_account_parks_and_says_which_settings(campaign, graph, settings):
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = ""
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "parked"
    assert "set STORYDESK_INSTAGRAM_ACCOUNT_ID" in Slot.objects.get(pk=slot.pk).error
    assert graph.calls == []


@pytest.mark.clock
@pytest.mark.parametrize("code", [4, 17, 32, 613, 80002])
def test_rate_limits_back_off_and_retry(campaign, graph, code):
    graph.fail_next("create", Failure(400, graph_error(code, "Application request limit reached", transient=True)))
    slot = due_slot(approved_story(campaign))

    assert publish_slot(slot.pk) == "retry"
    publication = Publication.objects.get()
    limited = f"limiting how often storydesk may call it: Application request limit reached (code {code}"
    assert limited in publication.error
    assert (publication.attempts, publication.state) == (1, "publishing")
    assert publish_slot(slot.pk, now=later(0.5)) == "waiting"

    assert publish_slot(slot.pk, now=later(1.5)) == "published"
    assert len(graph.media) == 1


@pytest.mark.clock
def test_a_rate_limit_waits_as_long_as_meta_says(campaign, graph):
    usage = '{"17841400000000001": [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 30}]}'
    graph.fail_next("create", Failure(400, graph_error(32, "Page request limit reached"),
                                      headers={"X-Business-Use-Case-Usage": usage}))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "retry"
    assert Publication.objects.get().next_attempt_at > later(29)


def test_spam_suspicion_is_code_4_but_parks_for_a_person(campaign, graph):
    graph.fail_next("publish", Failure(400, graph_error(
        4, "Application request limit reached", subcode=2207051,
        user_msg="We restrict certain activity to protect our community.")))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "parked"
    assert "We restrict certain activity" in Slot.objects.get(pk=slot.pk).error


@pytest.mark.clock
def test_server_errors_are_retried_with_growing_waits_then_parked(campaign, graph, settings):
    settings.STORYDESK_PUBLISH_MAX_ATTEMPTS = 3
    graph.fail_next("create", Failure(503, None), times=10)
    slot = due_slot(approved_story(campaign))

    waits = []
    when = later(0)
    for _ in range(2):
        assert publish_slot(slot.pk, now=when) == "retry"
        publication = Publication.objects.get()
        waits.append(publication.next_attempt_at)
        when = publication.next_attempt_at
    assert (waits[1] - waits[0]).total_seconds() > 100  # 60 s, then 120 s
    assert publish_slot(slot.pk, now=when) == "parked"
    slot.refresh_from_db()
    assert "HTTP 503" in slot.error and "Gave up after 3 tries" in slot.error
    assert graph.media == []


def test_a_transient_graph_error_is_retried(campaign, graph):
    graph.fail_next("status", Failure(400, graph_error(-1, "Instagram server error. Try again.", subcode=2207001)))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "retry"
    assert publish_slot(slot.pk, now=later(2)) == "published"
    assert len(graph.containers) == 1


def test_an_image_instagram_rejects_parks_with_its_message(campaign, graph):
    graph.fail_next("create", Failure(400, graph_error(
        36003, "The aspect ratio is not supported.", subcode=2207009, transient=False,
        user_msg="The submitted image with aspect ratio ('3:1') cannot be published.")))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "parked"
    error = Slot.objects.get(pk=slot.pk).error
    assert "Instagram refused this post: The aspect ratio is not supported." in error
    assert "cannot be published" in error and "subcode 2207009" in error


def test_no_answer_to_create_is_retried(campaign, graph):
    graph.fail_next("create", Failure(200, None, delay=1.5))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "retry"
    assert "no answer within 1 s" in Publication.objects.get().error
    assert publish_slot(slot.pk, now=later(2)) == "published"
    assert len(graph.media) == 1


def test_an_oversized_answer_is_refused(campaign, graph, settings):
    settings.STORYDESK_INSTAGRAM_MAX_RESPONSE_BYTES = 64
    graph.fail_next("limit", Failure(200, {"data": [{"quota_usage": 0, "padding": "x" * 500}]}))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "retry"
    assert "larger than 64 bytes" in Publication.objects.get().error


def test_retry_after_a_refused_publish_looks_first_then_uses_the_same_container(campaign, graph, staff_user):
    graph.container_statuses = ["FINISHED"]
    graph.fail_next("publish", Failure(400, graph_error(190, "Error validating access token: Session has expired")))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "parked"
    assert "Session has expired" in Slot.objects.get(pk=slot.pk).error

    retry_slot(slot.pk, actor=Actor.staff(staff_user("manager")))
    assert publish_slot(slot.pk) == "published"
    publication = Publication.objects.get()
    # Publish had been asked, so the container was kept and the account searched before asking again.
    assert graph.calls_to("publish") == [{"creation_id": publication.container_id}] * 2
    assert graph.calls_to("list") and len(graph.containers) == 1 and len(graph.media) == 1


def test_retry_of_a_container_never_asked_to_publish_starts_fresh(campaign, graph, staff_user):
    graph.fail_next("status", Failure(400, graph_error(100, "Unsupported get request.", subcode=33)))
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "parked"

    retry_slot(slot.pk, actor=Actor.staff(staff_user("manager")))
    assert publish_slot(slot.pk) == "published"
    assert len(graph.containers) == 2 and len(graph.media) == 1
