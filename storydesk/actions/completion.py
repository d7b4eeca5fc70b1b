"""A later message completes the open story instead of starting another: the photo that was missing, or
the answer, arrives in a second email (a reply to ours, or the same sender within 7 days)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.actions.consent import confirm_consent

# The photo steps are the intake's own, so a photo added later is kept exactly like one that came first.
from storydesk.actions.intake import PreparedPhoto, delete_files, prepare_photo, save_photo
from storydesk.actions.lifecycle import move
from storydesk.actions.screening import queue_screening
from storydesk.actions.similarity import index_on_arrival
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.models import Campaign, MailReply, Photo, Status, Story, Submission
from storydesk.photos.inspect import InspectedPhoto, PhotoLimits
from storydesk.text import storable, upload_source_key

COMPLETION_WINDOW = dt.timedelta(days=7)
# States in which a story can still take a missing piece (approved/rejected were decided on what was there).
OPEN = (Status.RECEIVED, Status.SCREENING, Status.NEEDS_INFO, Status.IN_REVIEW, Status.ERRORED)


@dataclass(frozen=True)
class Completed:
    story: Story
    created: bool  # False: this message had already been added (the same source key)
    added_photos: int = 0
    added_answer: bool = False


@dataclass(frozen=True)
class Match:
    """The open story an arrival belongs to. Only a proven one completes it; an unproven one becomes a story of
    its own, linked to this one for staff (note_would_complete)."""

    story: Story
    proven: bool  # the sender is shown to be the story's contributor


def story_to_complete(campaign: Campaign, incoming: IncomingStory, references: tuple[str, ...]) -> Match | None:
    """The open story this arrival belongs to, or None when it should start a story of its own.

    A reply to one of the desk's own messages belongs to that message's story (a decided or withdrawn one
    only keeps it on record: a reply with a new photo to a decided story starts a new one); it is proven when it
    comes from the contributor's own address, since anyone the desk's mail was forwarded to can reply to it.
    Otherwise a message that brings only a photo, or only the answer, belongs to the sender's latest open story
    lacking exactly that; it is proven only when the sender's address is (incoming.sender_verified): a From
    header is easy to forge.
    """
    email = incoming.email.strip().lower()
    if references:
        reply = (MailReply.objects.select_related("story__contributor")
                 .filter(message_id__in=references, story__campaign=campaign).order_by("-created_at").first())
        if reply is not None and (reply.story.status in OPEN or not incoming.photos):
            own_address = bool(email) and email == reply.story.contributor.email.strip().lower()
            return Match(reply.story, proven=own_address)
    has_photo, has_answer = bool(incoming.photos), bool(incoming.answer.strip())
    if has_photo == has_answer or not email:
        return None
    recent = Story.objects.filter(campaign=campaign, contributor__email=email, status__in=OPEN,
                                  created_at__gte=timezone.now() - COMPLETION_WINDOW).order_by("-created_at", "-id")
    lacking = recent.filter(photos__isnull=True) if has_photo else recent.filter(answer="")
    story = lacking.first()
    return Match(story, proven=incoming.sender_verified) if story is not None else None


def note_would_complete(story: Story, would_complete: Story, *, actor: Actor) -> None:
    """An arrival kept as its own story because its sender wasn't proven to be would_complete's contributor:
    the desk shows the two side by side (a duplicate pair), for staff to merge if they are one. Safe twice."""
    if story.pk == would_complete.pk:
        return
    linked = Story.objects.filter(pk=story.pk, would_complete__isnull=True).update(would_complete=would_complete)
    if linked:
        story.would_complete = would_complete
        audit("story.sender_unproven", actor=actor, story=story, would_complete=would_complete.pk)


def complete_story(story: Story, incoming: IncomingStory, *, actor: Actor, limits: PhotoLimits = PhotoLimits(),
                   checked: tuple[InspectedPhoto, ...] = (), answers_desk: str = "") -> Completed:
    """Add this arrival's photos (after any already there) and its answer (if the story has none) as one
    more Submission of the story; then send it (back) to screening. A story no longer open only gets the
    Submission, on record. The same source key again changes nothing. `checked`: inspect_photo's results for
    the photos, when the caller has them (a form).

    answers_desk: the desk's question (a [needs_info_requests] key) the contributor answers on their status
    page. Only a story still waiting in needs info takes it: a photo leads (the earlier ones stay behind it, for
    the moderator to compare), an answer replaces theirs, and the story is screened again even when only their
    consent came (actions.consent, in the same transaction)."""
    existing = Submission.objects.filter(campaign=story.campaign, channel=incoming.channel,
                                         source_key=incoming.source_key).select_related("story").first()
    if existing is not None:
        return Completed(existing.story, created=False)
    photos = incoming.photos if story.status in OPEN else ()
    if photos and len(checked) == len(photos):
        prepared = [PreparedPhoto(photo, inspected) for photo, inspected in zip(photos, checked)]
    else:
        prepared = [prepare_photo(photo, limits) for photo in photos]
    saved_files: list = []
    try:
        with transaction.atomic():
            completed = _write(story, incoming, prepared, actor, saved_files, answers_desk)
    except IntegrityError:
        delete_files(saved_files)
        existing = Submission.objects.filter(campaign=story.campaign, channel=incoming.channel,
                                             source_key=incoming.source_key).select_related("story").first()
        if existing is None:
            raise
        return Completed(existing.story, created=False)
    except BaseException:
        delete_files(saved_files)
        raise
    return completed


def still_waiting(story: Story, before: str, incoming: IncomingStory) -> bool:
    """A story waiting for its photo, or for the answer its e-mail lacked, stays waiting."""
    return not story.photos.exists() or (
        before == Status.NEEDS_INFO and incoming.answer_expected and not story.answer.strip())


def _write(story: Story, incoming: IncomingStory, prepared: list, actor: Actor, saved_files: list,
           answers_desk: str) -> Completed:
    locked = Story.objects.select_for_update().get(pk=story.pk)
    taking = locked.status == Status.NEEDS_INFO if answers_desk else locked.status in OPEN
    if not taking:
        prepared = []  # decided or withdrawn meanwhile: keep the message on record, change nothing
    if answers_desk and prepared:
        # Asked for a better photo: the new one leads, and is the one screening reads.
        Photo.objects.filter(story=locked).update(position=F("position") + len(prepared))
        start = 0
    else:
        start = (locked.photos.aggregate(last=Max("position"))["last"] if prepared else None)
        start = 0 if start is None else start + 1
    for offset, item in enumerate(prepared):
        save_photo(locked, start + offset, item, saved_files)
    answer = incoming.answer.strip()
    added_answer = taking and bool(answer) and (answer != locked.answer if answers_desk else not locked.answer.strip())
    if added_answer:
        locked.answer = answer
    Submission.objects.create(campaign=locked.campaign, story=locked, channel=incoming.channel,
                              source_key=incoming.source_key, raw=storable(incoming.raw),
                              received_at=incoming.received_at or timezone.now())
    before = locked.status
    if answers_desk:
        if taking and locked.photos.exists():
            move(locked, "info_given")
            queue_screening(locked)
    elif (prepared or added_answer) and not still_waiting(locked, before, incoming):
        # New material is screened again; a story still waiting for its photo (or its answer) stays waiting.
        rescreen = {Status.NEEDS_INFO: "photo_arrived" if prepared else "answer_arrived",
                    Status.IN_REVIEW: "material_arrived",
                    Status.ERRORED: "material_arrived"}.get(before)
        if rescreen:  # received/screening: the run already queued reads the story as it is then
            move(locked, rescreen)
            queue_screening(locked)
    locked.save(update_fields=["answer", "status", "status_changed_at", "updated_at"])
    if prepared or added_answer:
        index_on_arrival(locked)
    if answers_desk:
        verb = "story.info_given" if taking else "story.submission_added"
    else:
        verb = "story.completed" if prepared or added_answer else "story.submission_added"
    audit(verb, actor=actor, story=locked, channel=incoming.channel, source_key=incoming.source_key,
          added_photos=len(prepared), added_answer=added_answer, before=before, after=locked.status,
          **({"request": answers_desk} if answers_desk else {}))
    return Completed(locked, created=True, added_photos=len(prepared), added_answer=added_answer)


def give_info(story: Story, *, request: str, photo: IncomingPhoto | None, checked: InspectedPhoto | None,
              answer: str, scopes: dict[str, bool] | None, actor: Actor, evidence: dict) -> Completed:
    """The contributor answers the desk's question (`request`) on their status page: their consent first, when
    it was asked for, then the photo and answer as one more Submission of the story, all in one transaction.
    The same answer sent twice in one round of questions (a double click) counts once."""
    photos = (photo,) if photo is not None else ()
    # One round of questions is one stay in needs info: the same answer to a later question is a new one.
    round_started = story.status_changed_at.isoformat() if story.status_changed_at else ""
    said = f"{round_started}\0{answer}\0{sorted((scopes or {}).items())}"
    digest = upload_source_key(b"".join(p.data for p in photos), said)
    incoming = IncomingStory(
        channel="status_page", source_key=f"story-{story.pk}:{digest}", answer=answer, photos=photos,
        raw={"request": request, "answer_chars": len(answer), "consent": scopes,
             "photo": {"filename": photo.filename, "bytes": len(photo.data)} if photo is not None else None,
             **evidence})
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        if scopes is not None and locked.status == Status.NEEDS_INFO:
            confirm_consent(locked, scopes=scopes, actor=actor, via="status page", evidence=evidence)
        return complete_story(locked, incoming, actor=actor, checked=(checked,) if checked else (),
                              answers_desk=request)
