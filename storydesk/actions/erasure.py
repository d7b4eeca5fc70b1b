"""Erasure: a withdrawn story's personal data leaves the database and storage, and what is left is an anonymous
tombstone the audit trail and the insights numbers still count.

Erased: the answer, caption and display name; every photo file (original, public copy, thumbnail) and its row;
the Instagram render and caption; the raw submissions; the senders, subjects and bodies of its mail; consent
and screening evidence; moderators' notes; the permission request's words; the embedding of the answer; every
contributor's word in its audit events; and the contributor's name, e-mail and handle (their row keeps its
other stories when they have some: only this story leaves it, for an anonymous row of its own).

Kept: the status (withdrawn) and its dates, the country (one country alone identifies nobody, and the
numbers count by it), the answer's language and themes, which screening steps ran and their outcomes, the
decisions (without notes), the consents' dates, where it was published (a post a person must still take down
keeps its link until they have), and each submission's channel and source key, so re-reading a mailbox or a
hashtag never takes the same post in again.

Two callers, one action: the hourly sweep (erase_due_withdrawn), which waits until the contributor's pending
replies (the withdrawal confirmation) were sent or gave up, a day at most; and an admin erasing a contributor
on request (erase_contributor), which withdraws their open stories first and erases at once."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from storydesk.actions.base import Actor, audit, require_permission
from storydesk.actions.guards import Refused
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.outbox import MAX_SEND_ATTEMPTS
from storydesk.models import (
    AuditEvent,
    Consent,
    Contributor,
    Decision,
    EmbeddingBucket,
    MailMessage,
    MailReply,
    PermissionRequest,
    Publication,
    SocialProblem,
    Status,
    Story,
    StoryEmbedding,
    Submission,
    Verdict,
)
from storydesk.models.story import FINAL

log = logging.getLogger(__name__)

ERASED = "[erased]"
# How long the withdrawal confirmation (and any other reply still queued) may hold up the erasure of its address.
REPLY_GRACE = dt.timedelta(hours=23)
BATCH = 200  # stories per sweep

# Audit values the code chooses (statuses, channels, reason keys), never the contributor's words: kept.
CODE_WORDS = frozenset({"channel", "kind", "target", "via", "reason", "reason_text", "request", "batch", "starts_at",
                        "first_day", "last_day", "rejected_by", "flags", "scopes", "step", "outcome", "before",
                        "after"})
# ...except where before and after are the caption or the name themselves.
TEXT_EDITS = frozenset({"story.caption_edited", "story.caption_restored", "story.caption_redacted",
                        "story.display_name_changed"})


@dataclass(frozen=True)
class Erased:
    story: int
    stories: tuple[int, ...]  # the story and those merged into it
    files: int  # files deleted from storage


def due_withdrawn(now: dt.datetime | None = None):
    """Withdrawn stories not yet erased whose replies were all sent or gave up, or withdrawn long enough ago."""
    now = now or timezone.now()
    pending = MailReply.objects.filter(story=OuterRef("pk"), sent_at__isnull=True, attempts__lt=MAX_SEND_ATTEMPTS)
    return (Story.objects.filter(status=Status.WITHDRAWN, erased_at__isnull=True)
            .filter(~Exists(pending) | Q(status_changed_at__lte=now - REPLY_GRACE)).order_by("status_changed_at"))


def erase_due_withdrawn(*, actor: Actor, now: dt.datetime | None = None, limit: int = BATCH) -> list[Erased]:
    erased = []
    for story_id in due_withdrawn(now).values_list("pk", flat=True)[:limit]:
        try:
            done = erase_story(story_id, actor=actor, why="withdrawn")
        except Exception:  # one story's trouble (a storage error) must not keep the others' data
            log.exception("story %s: erasure failed; the next sweep tries again", story_id)
            continue
        if done:
            erased.append(done)
    return erased


def erase_story(story_id: int, *, actor: Actor, why: str) -> Erased | None:
    """Erase a withdrawn story's personal data, and that of the stories merged into it; None if it already was.
    Files go first, inside the transaction: a crash after them leaves rows the next sweep erases again."""
    now = timezone.now()
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story_id)
        if story.status != Status.WITHDRAWN:
            raise Refused(f"Story {story.pk} is {story.get_status_display().lower()}: only a withdrawn story is "
                          "erased. Withdraw it first.")
        if story.erased_at is not None:
            return None
        family = [story, *_merged_into(story)]
        ids = {s.pk for s in family}
        files = sum(_erase_one(s, now=now, erasing=ids) for s in family)
        audit("story.erased", actor=actor, story=story, why=why, files=files, stories=sorted(ids))
    return Erased(story.pk, tuple(sorted(ids)), files)


def _merged_into(story: Story) -> list[Story]:
    found, frontier = [], [story.pk]
    while frontier:
        more = list(Story.objects.select_for_update().filter(merged_into_id__in=frontier, erased_at__isnull=True))
        found += more
        frontier = [s.pk for s in more]
    return found


def _erase_one(story: Story, *, now: dt.datetime, erasing: set[int]) -> int:
    files = 0
    for photo in story.photos.all():
        for stored in (photo.original, photo.public, photo.thumbnail):
            if stored:
                stored.storage.delete(stored.name)
                files += 1
    story.photos.all().delete()  # and their hash bands
    for publication in Publication.objects.filter(story=story):
        if publication.image:
            publication.image.storage.delete(publication.image.name)
            files += 1
        publication.image, publication.caption, publication.alt_text = "", "", ""
        if publication.state != Publication.State.REMOVAL_NEEDED:
            # Taken down (or never out): nobody needs to find it any more. A post a person must still delete
            # keeps its link and the instructions that name it until they have.
            publication.permalink, publication.error = "", ""
        publication.save(update_fields=["image", "caption", "alt_text", "error", "permalink", "updated_at"])
    Submission.objects.filter(story=story).update(raw={})
    MailMessage.objects.filter(story=story).update(sender="", subject="", error="")
    # A reply still queued is never sent now: there is no address left to send it to.
    MailReply.objects.filter(story=story, sent_at__isnull=True).update(
        attempts=MAX_SEND_ATTEMPTS, last_error="Not sent: the story's personal data was erased.")
    MailReply.objects.filter(story=story).update(to="", subject="", body="")
    Consent.objects.filter(story=story).update(evidence={})
    Verdict.objects.filter(story=story).update(evidence={})
    Decision.objects.filter(story=story).update(note="")
    StoryEmbedding.objects.filter(story=story).delete()
    EmbeddingBucket.objects.filter(story=story).delete()
    PermissionRequest.objects.filter(story=story).update(
        author_handle="", post_url="", message="", target={}, request_ref={}, request_url="", reply_url="",
        reply_text="", last_error="")
    SocialProblem.objects.filter(story=story).update(message="(erased with the story's personal data)", detail="",
                                                     post_url="")
    for event in AuditEvent.objects.filter(story=story):
        event.data = scrubbed(event.data, event.verb)
        event.save(update_fields=["data"])
    story.answer = story.public_caption = story.display_name = story.error = ""
    story.contributor = _tombstone_contributor(story, erasing)
    story.erased_at = now
    story.save(update_fields=["answer", "public_caption", "display_name", "error", "contributor", "erased_at",
                              "updated_at"])
    return files


def _tombstone_contributor(story: Story, erasing: set[int]) -> Contributor:
    """The contributor row the tombstone keeps: theirs, emptied, when no other story of theirs lives on; else an
    anonymous row of its own, so their row no longer links them to this story."""
    contributor = story.contributor
    lives_on = contributor.stories.exclude(pk__in=erasing).filter(erased_at__isnull=True).exists()
    if lives_on:
        return Contributor.objects.create(campaign=story.campaign, country=contributor.country)
    Contributor.objects.filter(pk=contributor.pk).update(email="", first_name="", full_name="", social_handle="",
                                                         profile_url="")
    contributor.refresh_from_db()
    return contributor


def scrubbed(value, verb: str, key: str = ""):
    """An audit event's data with every string the contributor could have written replaced by ERASED."""
    if isinstance(value, dict):
        return {k: scrubbed(v, verb, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scrubbed(v, verb, key) for v in value]
    if isinstance(value, str) and value:
        keep = key in CODE_WORDS and not (key in ("before", "after") and verb in TEXT_EDITS)
        return value if keep else ERASED
    return value


@dataclass(frozen=True)
class ContributorErased:
    contributors: int
    stories: tuple[int, ...]
    files: int


def erase_contributor(contributors, *, actor: Actor, via: str) -> ContributorErased:
    """Everything storydesk holds about these contributors (one person, found by e-mail or handle), at their
    request: their open stories are withdrawn (off every page), then every story of theirs is erased at once."""
    require_permission(actor, "manage_personal_data")
    contributors = list(contributors)
    if not contributors:
        raise Refused("Nobody matches: nothing to erase.")
    stories = list(Story.objects.filter(contributor__in=contributors, erased_at__isnull=True).order_by("pk"))
    for story in stories:
        if story.status not in FINAL:
            withdraw_story(story, actor=actor, via=via)
    files, erased = 0, set()
    for story in Story.objects.filter(pk__in=[s.pk for s in stories], erased_at__isnull=True).order_by("pk"):
        if story.status == Status.MERGED:
            # Merged into a story of someone else's: its own row still names them.
            survivor = story.surviving()
            if survivor.contributor_id in {c.pk for c in contributors} and survivor.status == Status.WITHDRAWN:
                continue  # erased with its survivor below (or already)
            with transaction.atomic():
                files += _erase_one(Story.objects.select_for_update().get(pk=story.pk), now=timezone.now(),
                                    erasing={story.pk})
            erased.add(story.pk)
            continue
        done = erase_story(story.pk, actor=actor, why=via)
        if done:
            files += done.files
            erased |= set(done.stories)
    for contributor in contributors:
        Contributor.objects.filter(pk=contributor.pk).update(email="", first_name="", full_name="", social_handle="",
                                                             profile_url="")
    Contributor.objects.filter(pk__in=[c.pk for c in contributors], stories__isnull=True).delete()
    audit("contributor.erased", actor=actor, campaign=contributors[0].campaign, via=via,
          contributors=[c.pk for c in contributors], stories=sorted(erased), files=files)
    return ContributorErased(len(contributors), tuple(sorted(erased)), files)
