"""`storydesk ingest social NAME`, the periodic poll of each platform, and a request sent by the real queue."""
from __future__ import annotations

import pytest
from django.urls import reverse

from storydesk.cli import main
from storydesk.models import PermissionRequest, SocialProblem, Story
from storydesk.tasks import SOCIAL_POLLS
from tests.channels.social.conftest import fixture, status
from tests.channels.social.mastodon_timeline import Timeline
from tests.channels.social.platform_server import Answer
from tests.channels.social.test_mastodon import TAG_PATH, A, B
from tests.fixtures.waiting import wait_for


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def timeline(social):
    line = Timeline(social.url, TAG_PATH, [status("status_photo.json", social.url, A)])
    social.on("GET", TAG_PATH, line)
    return line


def test_ingest_social_polls_now_and_says_what_came_of_it(campaign, timeline, capsys):
    code, out, _ = run(capsys, "ingest", "social", "mastodon")
    assert code == 0
    assert "Mastodon: 1 feed read, 1 new story, 0 already here, 0 skipped" in out
    assert Story.objects.count() == 1
    code, out, _ = run(capsys, "ingest", "social", "mastodon", "--limit", "5")
    assert code == 0 and "0 new stories" in out


def test_ingest_social_exits_1_and_names_the_problem(campaign, social, capsys):
    social.on("GET", TAG_PATH, Answer(503, body=b"down"))
    code, out, _ = run(capsys, "ingest", "social", "mastodon")
    assert code == 1 and "is having trouble (it answered 503)" in out


def test_ingest_social_says_what_to_set_when_a_platform_is_off(campaign, settings, capsys):
    settings.STORYDESK_BLUESKY_APP_PASSWORD = ""
    code, _, err = run(capsys, "ingest", "social", "bluesky")
    assert code == 2
    assert "Bluesky intake needs the campaign account's STORYDESK_BLUESKY_IDENTIFIER" in err


def test_ingest_social_knows_its_platforms(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "social", "myspace"])
    assert "invalid choice: 'myspace'" in capsys.readouterr().err


def test_each_platform_has_a_periodic_poll_that_never_raises(campaign, timeline, social, settings, monkeypatch):
    assert set(SOCIAL_POLLS) == {"mastodon", "bluesky", "instagram", "x"}
    assert "1 new story" in SOCIAL_POLLS["mastodon"].call_local()
    settings.STORYDESK_BLUESKY_IDENTIFIER = ""
    assert "Bluesky intake needs" in SOCIAL_POLLS["bluesky"].call_local()

    def broken(*args, **kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr("storydesk.channels.social.poll.poll_channel", broken)
    assert SOCIAL_POLLS["mastodon"].call_local() == "the mastodon poll failed; see the log"


def test_a_platform_turned_off_in_the_campaign_file_is_not_read(campaign, social):
    config = dict(campaign.config)
    config["social"]["mastodon"]["enabled"] = False
    campaign.config = config
    campaign.save()
    assert "Mastodon intake is off" in SOCIAL_POLLS["mastodon"].call_local()
    assert social.requests() == []


@pytest.mark.queue
def test_the_desks_request_goes_out_through_the_queue(queue_consumer, social, campaign, staff_user, client):
    social.on("GET", TAG_PATH, Timeline(social.url, TAG_PATH, [status("status_photo.json", social.url, B)]))
    social.on("GET", "/api/v2/search", Answer(json=fixture("mastodon/search_status.json")))
    social.on("POST", "/api/v1/statuses", Answer(json=fixture("mastodon/posted_reply.json")))

    SOCIAL_POLLS["mastodon"].call_local()
    story = Story.objects.get()
    client.force_login(staff_user("moderator"))
    client.post(reverse("desk:ask-permission", args=[story.pk]))
    wait_for(lambda: PermissionRequest.objects.filter(state="sent").exists())
    assert len(social.requests("/api/v1/statuses", method="POST")) == 1
    assert not SocialProblem.objects.filter(kind="permission").exists()
