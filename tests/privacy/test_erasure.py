"""A withdrawn story's personal data is erased from the database and the disk within a day, once the
withdrawal confirmation went out; what is left is an anonymous tombstone the audit trail and the numbers count."""
import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.actions.erasure import ERASED, erase_due_withdrawn, erase_story
from storydesk.actions.guards import Refused
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.outbox import deliver_reply
from storydesk.insights.counts_from_stories import Filters, consent_counts, field_counts, stage_counts
from storydesk.models import (
    AuditEvent,
    Consent,
    Contributor,
    Decision,
    MailReply,
    Publication,
    Status,
    Story,
    StoryEmbedding,
    Submission,
    Verdict,
)
from tests.publishing.factories import approved_story
from tests.stories import make_story

pytestmark = pytest.mark.clock

SECRETS = ("zawadi.private@example.org", "Zawadi", "Mwangi", "zawadi_k", "MY-SECRET-ANSWER", "Zawadi M.")


def _planted(campaign) -> Story:
    """A published story carrying the contributor's details everywhere storydesk keeps them."""
    story = approved_story(campaign, email=SECRETS[0], first_name="Zawadi", full_name="Zawadi Mwangi",
                           social_handle="@zawadi_k", answer="MY-SECRET-ANSWER: equality is for my daughters.",
                           display_name="Zawadi M.", public_caption="MY-SECRET-ANSWER, in public", country="KE")
    Submission.objects.filter(story=story).update(raw={"from": SECRETS[0], "text": "MY-SECRET-ANSWER"})
    Consent.objects.filter(story=story).update(evidence={"how": "web form", "ip": "203.0.113.7"})
    Decision.objects.create(story=story, action="approve", note="Zawadi wrote to say hi")
    publication = Publication.objects.create(story=story, target="instagram", state="published",
                                             published_at=timezone.now(), caption="MY-SECRET-ANSWER — Zawadi",
                                             alt_text="Zawadi holds a sign", external_id="17900",
                                             permalink="https://www.instagram.com/p/abc/")
    publication.image.save("render.jpg", ContentFile(b"rendered post"), save=True)
    assert StoryEmbedding.objects.filter(story=story).exists()  # intake fingerprints the answer
    audit("story.caption_edited", actor=Actor.system(), story=story, before="MY-SECRET-ANSWER", after="Zawadi M.")
    reply = MailReply.objects.create(story=story, kind="acknowledgement", to=SECRETS[0], subject="Thank you Zawadi",
                                     body="Hello Zawadi, MY-SECRET-ANSWER", message_id="<ack-1@storydesk>")
    deliver_reply(reply.pk, actor=Actor.system(), send=lambda r: None)  # audits "message.sent" to the address
    story.refresh_from_db()
    return story


def _files(story: Story) -> list[Path]:
    paths = []
    for photo in story.photos.all():
        paths += [Path(photo.original.path), Path(photo.public.path), Path(photo.thumbnail.path)]
    paths += [Path(p.image.path) for p in story.publications.exclude(image="")]
    return paths


def _numbers(campaign):
    today = timezone.now().date()
    whole = Filters(today - dt.timedelta(days=60), today + dt.timedelta(days=1))
    return (stage_counts(campaign, whole), field_counts(campaign, whole, "country"),
            field_counts(campaign, whole, "language"), consent_counts(campaign, whole))


def _withdrawn_with_confirmation_pending(story: Story) -> MailReply:
    """Withdrawn, with every earlier message sent: only the confirmation, written at withdrawal, still waits."""
    for earlier in MailReply.objects.filter(story=story, sent_at=None):
        deliver_reply(earlier.pk, actor=Actor.system(), send=lambda r: None)
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    return MailReply.objects.get(story=story, kind=MailReply.Kind.WITHDRAWN, sent_at=None)


def test_a_withdrawn_story_is_erased_from_the_database_and_the_disk(campaign, clock):
    story = _planted(campaign)
    files = _files(story)
    assert len(files) == 4 and all(path.exists() for path in files)
    confirmation = _withdrawn_with_confirmation_pending(story)
    numbers = _numbers(campaign)

    assert erase_due_withdrawn(actor=Actor.system()) == []  # the confirmation still needs the address
    deliver_reply(confirmation.pk, actor=Actor.system(), send=lambda r: None)
    clock.move_to(timezone.now() + dt.timedelta(hours=1))
    [erased] = erase_due_withdrawn(actor=Actor.system())
    assert erased.story == story.pk and erased.files == 4

    assert not any(path.exists() for path in files)
    tombstone = Story.objects.get(pk=story.pk)
    assert tombstone.status == Status.WITHDRAWN and tombstone.erased_at is not None
    assert (tombstone.answer, tombstone.public_caption, tombstone.display_name) == ("", "", "")
    assert tombstone.country == "KE" and tombstone.created_at == story.created_at
    assert not tombstone.photos.exists() and not StoryEmbedding.objects.filter(story=story).exists()
    contributor = tombstone.contributor
    assert (contributor.email, contributor.first_name, contributor.full_name, contributor.social_handle) == (
        "", "", "", "")
    assert [s.raw for s in Submission.objects.filter(story=story)] == [{}]
    publication = tombstone.publications.get()
    assert not publication.image and publication.caption == "" and publication.alt_text == ""
    # Instagram can't delete a post by API: the person who must still has its link.
    assert publication.state == "removal_needed" and publication.permalink

    everything = json.dumps([
        list(Story.objects.filter(pk=story.pk).values()), list(Contributor.objects.values()),
        list(Submission.objects.filter(story=story).values()), list(Consent.objects.filter(story=story).values()),
        list(Verdict.objects.filter(story=story).values()), list(Decision.objects.filter(story=story).values()),
        list(MailReply.objects.filter(story=story).values()),
        list(Publication.objects.filter(story=story).values("caption", "alt_text", "image")),
        list(AuditEvent.objects.filter(Q(story=story) | Q(verb="story.erased")).values("data")),
    ], default=str)
    for secret in SECRETS:
        assert secret not in everything, secret

    # The tombstone still tells the audit trail what happened, and the numbers are what they were.
    verbs = list(AuditEvent.objects.filter(story=story).values_list("verb", flat=True))
    assert {"story.received", "story.withdrawn", "message.sent", "story.erased"} <= set(verbs)
    edited = AuditEvent.objects.get(story=story, verb="story.caption_edited")
    assert edited.data == {"before": ERASED, "after": ERASED}
    withdrawn = AuditEvent.objects.get(story=story, verb="story.withdrawn")
    assert withdrawn.data["after"] == "withdrawn" and withdrawn.data["via"] == "status page"
    assert _numbers(campaign) == numbers
    assert erase_due_withdrawn(actor=Actor.system()) == []  # once


def test_an_unsent_confirmation_holds_the_erasure_a_day_at_most(campaign, clock):
    story = make_story(campaign, email=SECRETS[0])
    _withdrawn_with_confirmation_pending(story)
    clock.move_to(timezone.now() + dt.timedelta(hours=22))
    assert erase_due_withdrawn(actor=Actor.system()) == []
    clock.move_to(timezone.now() + dt.timedelta(hours=2))
    [erased] = erase_due_withdrawn(actor=Actor.system())
    reply = MailReply.objects.get(story=story, kind=MailReply.Kind.WITHDRAWN)
    assert reply.to == "" and reply.sent_at is None
    assert "erased" in reply.last_error  # never sent now: nobody to send it to


def test_a_contributor_with_another_live_story_keeps_it_and_their_row(campaign):
    kept = make_story(campaign, n=1, email=SECRETS[0], first_name="Zawadi")
    gone = make_story(campaign, n=2, email=SECRETS[0], first_name="Zawadi")
    Story.objects.filter(pk=gone.pk).update(contributor=kept.contributor)
    gone.refresh_from_db()
    withdraw_story(gone, actor=Actor.contributor(), via="status page")
    erase_story(gone.pk, actor=Actor.system(), why="withdrawn")
    kept.contributor.refresh_from_db()
    assert kept.contributor.email == SECRETS[0] and kept.answer
    gone.refresh_from_db()
    assert gone.contributor_id != kept.contributor_id
    assert gone.contributor.email == "" and gone.contributor.first_name == "" and gone.contributor.country == "GH"


def test_only_a_withdrawn_story_is_erased(campaign):
    story = make_story(campaign)
    with pytest.raises(Refused):
        erase_story(story.pk, actor=Actor.system(), why="withdrawn")
    assert Story.objects.get(pk=story.pk).answer
