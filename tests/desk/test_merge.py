"""Merging duplicates: the kept story gets every submission, photo, consent and mail record of the other,
which becomes merged (final, pointing at the kept one), with an audit trail on both; the merged story's
status link and withdrawal reach the kept story."""
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.guards import Refused, version_of
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.merge import merge_stories
from storydesk.contributor_access import status_path
from storydesk.models import (
    AuditEvent,
    Consent,
    MailMessage,
    MailReply,
    Photo,
    PhotoHashBand,
    Status,
    Story,
    Submission,
)
from storydesk.screening.result import StepResult
from tests.desk.conftest import open_story
from tests.stories import make_story


@pytest.fixture
def pair(in_review):
    """An email story, and a web copy of it that screening matched to it."""
    first = in_review(n=1, channel="email", consents={"website": False, "instagram": False})
    copy = in_review(n=2, channel="web", base="coffee", consents={"website": True, "instagram": False},
                     results={"duplicate_check": StepResult("flag", 0.98, {
                         "photo_matches": [], "text_matches": [{"story": first.pk, "kind": "exact", "cosine": 1.0}],
                         "duplicate_of": first.pk})})
    return first, copy


def merge_from_page(client, page_story, other, keep):
    page_story.refresh_from_db()
    other.refresh_from_db()
    return client.post(reverse("desk:merge", args=[page_story.pk]), {
        "other": other.pk, "keep": keep.pk, "version": version_of(page_story), "other_version": version_of(other)})


def test_merging_moves_everything_to_the_kept_story(client, login, pair):
    mo = login("moderator", "mo")
    first, copy = pair
    MailMessage.objects.create(campaign=copy.campaign, source_key="m-1", outcome="processed", story=copy)
    copy_photo = copy.photos.get()
    response = merge_from_page(client, copy, first, keep=first)
    assert response.status_code == 303 and response["Location"] == reverse("desk:story", args=[first.pk])

    first.refresh_from_db()
    copy.refresh_from_db()
    assert copy.status == Status.MERGED and copy.merged_into == first
    assert first.status == Status.IN_REVIEW
    assert sorted(Submission.objects.filter(story=first).values_list("channel", flat=True)) == ["email", "web"]
    assert list(first.photos.order_by("position").values_list("position", flat=True)) == [0, 1]
    assert Photo.objects.get(pk=copy_photo.pk).story == first  # the copy's photo comes after the lead
    assert not copy.photos.exists() and not Submission.objects.filter(story=copy).exists()
    assert set(PhotoHashBand.objects.filter(photo=copy_photo).values_list("story_id", flat=True)) <= {first.pk}
    assert MailMessage.objects.get(source_key="m-1").story == first

    # One consent row per scope: the kept story now has the copy's "yes" to the website, with both on record.
    website = Consent.objects.get(story=first, scope="website")
    assert website.state == "given" and website.evidence["merged"][0]["story"] == copy.pk
    assert Consent.objects.filter(story=copy).count() == 0

    merged = AuditEvent.objects.get(story=copy, verb="story.merged")
    assert (merged.data["before"], merged.data["after"], merged.actor) == ("in_review", "merged", mo)
    kept = AuditEvent.objects.get(story=first, verb="story.merged_in")
    assert kept.data["merged"] == copy.pk and kept.data["submissions"] == 1 and kept.data["photos"] == [copy_photo.pk]
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert f"Story {copy.pk} is merged into story {first.pk}: 1 submission and 1 photo moved." in page


def test_a_withdrawal_on_either_side_wins_when_consents_meet(pair):
    first, copy = pair
    Consent.objects.filter(story=first, scope="website").update(given_at=timezone.now())
    Consent.objects.filter(story=copy, scope="website").update(withdrawn_at=timezone.now())
    merge_stories(first.pk, copy.pk, actor=Actor.system())
    assert Consent.objects.get(story=first, scope="website").state == "withdrawn"


def test_a_consent_the_kept_story_lacks_moves_over(in_review):
    first = in_review(n=1, consents={})
    copy = in_review(n=2, base="coffee", consents={"instagram": True})
    merge_stories(first.pk, copy.pk, actor=Actor.system())
    moved = Consent.objects.get(story=first, scope="instagram")
    assert moved.state == "given" and moved.evidence["merged_from"] == copy.pk


def test_the_merged_storys_link_shows_and_withdraws_the_kept_story(client, pair):
    first, copy = pair
    merge_stories(first.pk, copy.pk, actor=Actor.system())
    token = status_path.sign(Story.objects.get(pk=copy.pk))
    assert status_path.story_for(token).pk == first.pk
    assert client.get(reverse("status_page:status", args=[token])).status_code == 200
    client.post(reverse("status_page:withdraw", args=[token]), {"confirm": "yes"})
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    assert Story.objects.get(pk=copy.pk).status == Status.MERGED
    # The moved photo stops being served with the story it now belongs to.
    moved = Photo.objects.filter(story=first).order_by("position").last()
    assert client.get(moved.public_path()).status_code == 404


def test_withdrawing_a_merged_story_withdraws_the_story_it_lives_on_in(pair):
    first, copy = pair
    merge_stories(first.pk, copy.pk, actor=Actor.system())
    withdrawn = withdraw_story(Story.objects.get(pk=copy.pk), actor=Actor.contributor(), via="email command")
    assert withdrawn.pk == first.pk and withdrawn.status == Status.WITHDRAWN
    via = AuditEvent.objects.get(story=first, verb="story.withdrawn").data["via"]
    assert via == f"email command (of story {copy.pk}, merged into it)"
    assert {c.state for c in Consent.objects.filter(story=first)} == {"withdrawn"}


def test_replies_to_the_merged_storys_mail_reach_the_kept_story(pair):
    first, copy = pair
    message = MailMessage.objects.create(campaign=copy.campaign, source_key="m-2", outcome="processed", story=copy)
    MailReply.objects.create(mail=message, story=copy, kind="acknowledgement", to="kofi@example.org", subject="s",
                             body="b", message_id="ours@desk")
    merge_stories(first.pk, copy.pk, actor=Actor.system())
    assert MailReply.objects.get(message_id="ours@desk").story == first


def test_merging_is_refused_for_final_stale_or_claimed_stories(client, login, staff_user, pair, campaign):
    first, copy = pair
    with pytest.raises(Refused):
        merge_stories(first.pk, first.pk, actor=Actor.system())
    stale = version_of(first)
    Story.objects.filter(pk=first.pk).update(display_name="changed")
    first.save(update_fields=["updated_at"])
    with pytest.raises(Refused, match="changed since you opened it"):
        merge_stories(first.pk, copy.pk, actor=Actor.system(), seen_versions={first.pk: stale})
    gone = make_story(campaign, n=3)
    withdraw_story(gone, actor=Actor.contributor(), via="test")
    with pytest.raises(Refused, match="withdrawn: it can't be merged"):
        merge_stories(first.pk, gone.pk, actor=Actor.system())
    omar = staff_user("moderator", username="omar")
    client.force_login(omar)
    open_story(client, copy.pk)  # omar opens the copy: he holds it
    login("moderator", "mo")
    refused = merge_from_page(client, first, copy, keep=first)
    assert refused.status_code == 409 and "omar is working on story" in html.unescape(refused.content.decode())
    assert Story.objects.get(pk=copy.pk).status == Status.IN_REVIEW


def test_a_viewer_cant_merge(client, login, pair):
    login("viewer")
    first, copy = pair
    assert merge_from_page(client, first, copy, keep=first).status_code == 403
