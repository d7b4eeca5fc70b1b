"""Merging two copies of one story (the same photo or words sent twice, perhaps on two channels): the kept
story takes every submission, photo, consent and mail record of the other, which becomes "merged" — final,
pointing at the kept one — with the move written in both stories' audit trails."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from storydesk.actions.base import Actor, audit, require_permission
from storydesk.actions.guards import Refused, check_fresh, check_unclaimed
from storydesk.actions.lifecycle import move
from storydesk.actions.screening import queue_screening
from storydesk.models import Consent, Decision, MailMessage, MailReply, Photo, PhotoHashBand, Status, Story, Submission
from storydesk.models.story import FINAL


@dataclass(frozen=True)
class Merged:
    kept: Story
    merged: Story
    moved: dict  # what moved: submissions, photos, consents, mail


def merge_stories(keep_id: int, other_id: int, *, actor: Actor,
                  seen_versions: dict[int, str] | None = None) -> Merged:
    """seen_versions: story id → the version the moderator saw (both are checked)."""
    require_permission(actor, "merge_story")
    if keep_id == other_id:
        raise Refused("A story can't be merged with itself.")
    with transaction.atomic():
        # Both locked, in id order, so two merges of the same pair can't deadlock.
        locked = {s.pk: s for s in Story.objects.select_for_update(of=("self",)).select_related("contributor")
                  .filter(pk__in=[keep_id, other_id]).order_by("pk")}
        if len(locked) != 2:
            raise Refused("One of the two stories no longer exists.")
        keep, other = locked[keep_id], locked[other_id]
        for story in (keep, other):
            check_fresh(story, (seen_versions or {}).get(story.pk))
            check_unclaimed(story, actor)
            if story.status in FINAL:
                raise Refused(f"Story {story.pk} is {story.get_status_display().lower()}: it can't be merged.")
        moved = _move_everything(keep, other)
        _finish(keep, other, moved, actor)
    return Merged(keep, other, moved)


def _move_everything(keep: Story, other: Story) -> dict:
    had_photos = keep.photos.exists()
    submissions = Submission.objects.filter(story=other).update(story=keep)
    start = (keep.photos.aggregate(last=Max("position"))["last"] or 0) + 1 if had_photos else 0
    photos = list(Photo.objects.filter(story=other).order_by("position", "id").values_list("pk", flat=True))
    for offset, pk in enumerate(photos):
        Photo.objects.filter(pk=pk).update(story=keep, position=start + offset)
    PhotoHashBand.objects.filter(story=other).update(story=keep)
    mail = MailMessage.objects.filter(story=other).update(story=keep)
    # Replies too, so the contributor answering an old e-mail of ours completes the kept story.
    replies = MailReply.objects.filter(story=other).update(story=keep)
    consents = _merge_consents(keep, other)
    Story.objects.filter(duplicate_of=other).update(duplicate_of=keep)
    Story.objects.filter(merged_into=other).update(merged_into=keep)
    answer_taken = not keep.answer.strip() and bool(other.answer.strip())
    if answer_taken:
        keep.answer = other.answer
    if other.age_confirmed and not keep.age_confirmed and _same_person(keep, other):
        keep.age_confirmed = True
    if keep.duplicate_of_id == other.pk:
        keep.duplicate_of = None
    if photos and not had_photos and keep.status == Status.NEEDS_INFO:
        # It was waiting for a photo, and now has one: screen it like any story that got its photo.
        move(keep, "merged_photo_arrived")
        queue_screening(keep)
    return {"submissions": submissions, "photos": photos, "consents": consents, "mail": mail,
            "replies": replies, "answer": answer_taken}


def _merge_consents(keep: Story, other: Story) -> list[str]:
    """Per scope: a row the kept story lacks moves over; where both have one, the kept row records the other in
    its evidence and takes its consent if it had none — and a withdrawal on either side wins."""
    mine = {c.scope: c for c in Consent.objects.filter(story=keep)}
    changed = []
    for theirs in Consent.objects.filter(story=other).order_by("scope"):
        record = {"story": other.pk, "channel": theirs.channel, "evidence": theirs.evidence,
                  "given_at": theirs.given_at.isoformat() if theirs.given_at else None,
                  "withdrawn_at": theirs.withdrawn_at.isoformat() if theirs.withdrawn_at else None}
        ours = mine.get(theirs.scope)
        if ours is None:
            theirs.story = keep
            theirs.evidence = {**theirs.evidence, "merged_from": other.pk}
            theirs.save(update_fields=["story", "evidence"])
            changed.append(f"{theirs.scope}: moved")
            continue
        if theirs.withdrawn_at and not ours.withdrawn_at:
            ours.withdrawn_at = theirs.withdrawn_at
        elif theirs.given_at and not ours.given_at and not ours.withdrawn_at:
            ours.given_at, ours.channel = theirs.given_at, theirs.channel
        ours.evidence = {**ours.evidence, "merged": [*ours.evidence.get("merged", []), record]}
        ours.save(update_fields=["given_at", "withdrawn_at", "channel", "evidence"])
        theirs.delete()
        changed.append(f"{theirs.scope}: {ours.state}")
    return changed


def _same_person(a: Story, b: Story) -> bool:
    if a.contributor_id == b.contributor_id:
        return True
    email = a.contributor.email.strip().lower()
    return bool(email) and email == b.contributor.email.strip().lower()


def _finish(keep: Story, other: Story, moved: dict, actor: Actor) -> None:
    before = move(other, "merge")
    other.merged_into = keep
    other.claimed_by = other.claimed_until = None
    other.save(update_fields=["status", "status_changed_at", "merged_into", "claimed_by", "claimed_until",
                              "updated_at"])
    keep.claimed_by = keep.claimed_until = None
    keep.save(update_fields=["answer", "age_confirmed", "duplicate_of", "status", "status_changed_at",
                             "claimed_by", "claimed_until", "updated_at"])
    Decision.objects.create(story=other, actor=actor.user, action="merge", note=f"merged into story {keep.pk}")
    Decision.objects.create(story=keep, actor=actor.user, action="merge", note=f"kept; story {other.pk} merged in")
    facts = {"kept": keep.pk, "merged": other.pk, **moved}
    audit("story.merged", actor=actor, story=other, before=before, after=Status.MERGED, **facts)
    audit("story.merged_in", actor=actor, story=keep, before=f"story {other.pk}", after=f"part of story {keep.pk}",
          **facts)
