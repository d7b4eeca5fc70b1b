"""The one `receive` use case every channel ends in: a normalised arrival becomes a Story."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from storydesk.actions.base import Actor, after_commit, audit
from storydesk.actions.news import story_received
from storydesk.actions.similarity import index_on_arrival
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.languages import supported
from storydesk.models import Campaign, Consent, Contributor, Photo, Status, Story, Submission
from storydesk.photos.inspect import InspectedPhoto, PhotoLimits, PhotoRejected, inspect_photo
from storydesk.text import storable
from storydesk.work import Work


@dataclass(frozen=True)
class Received:
    story: Story
    created: bool


@dataclass(frozen=True)
class PreparedPhoto:
    incoming: IncomingPhoto
    inspected: InspectedPhoto


def receive_story(incoming: IncomingStory, *, campaign: Campaign, actor: Actor,
                  limits: PhotoLimits = PhotoLimits(), checked: tuple[InspectedPhoto, ...] = ()) -> Received:
    """Validate, then write Contributor, Story, Photos, Submission and Consents in one transaction.

    Raises PhotoRejected (with a message for the participant) before anything is written. `checked` holds
    inspect_photo's results for the photos, when the caller has them already (the web form).
    The same source_key again returns the story it already made.
    """
    existing = _existing_story(campaign, incoming)
    if existing is not None:
        return Received(existing, created=False)
    if len(checked) == len(incoming.photos):
        prepared = [PreparedPhoto(photo, inspected) for photo, inspected in zip(incoming.photos, checked)]
    else:
        prepared = [prepare_photo(photo, limits) for photo in incoming.photos]
    saved_files: list = []
    try:
        with transaction.atomic():
            story = _write(incoming, prepared, campaign, actor, saved_files)
    except IntegrityError:
        delete_files(saved_files)
        # Another request with the same source_key won the race: that story is the answer.
        existing = _existing_story(campaign, incoming)
        if existing is None:
            raise
        return Received(existing, created=False)
    except BaseException:
        delete_files(saved_files)  # no half-written story: files go with the rolled-back rows
        raise
    return Received(story, created=True)


def _existing_story(campaign: Campaign, incoming: IncomingStory) -> Story | None:
    submission = (Submission.objects.select_related("story")
                  .filter(campaign=campaign, channel=incoming.channel, source_key=incoming.source_key).first())
    return submission.story if submission else None


def prepare_photo(photo: IncomingPhoto, limits: PhotoLimits) -> PreparedPhoto:
    # Only checked here: the public copies are the worker's job (actions/photo_copies.py), before screening.
    return PreparedPhoto(photo, inspect_photo(photo.data, photo.filename, limits))


def _write(incoming: IncomingStory, prepared: list[PreparedPhoto], campaign: Campaign, actor: Actor,
           saved_files: list) -> Story:
    now = timezone.now()
    contributor = _contributor(incoming, campaign)
    # No photo yet (an email with text only), or no answer where the channel asks for one: the story waits
    # for it instead of screening.
    complete = bool(prepared) and (bool(incoming.answer.strip()) or not incoming.answer_expected)
    story = Story.objects.create(
        campaign=campaign,
        contributor=contributor,
        status=Status.RECEIVED if complete else Status.NEEDS_INFO,
        status_changed_at=now,
        screening_queued_at=now if complete else None,  # queued below, once this commits
        answer=incoming.answer.strip(),
        display_name=_display_name(incoming),
        country=incoming.country.upper(),
        age_confirmed=incoming.age_confirmed,
        status_token=secrets.token_urlsafe(32),
        # A channel's own code ("pt-BR", a post's "zh") as ours, or "" for one we don't write in.
        participant_language=supported(incoming.participant_language),
    )
    if incoming.arrived_at is not None and incoming.arrived_at < now:
        # created_at is auto_now_add, so create() cannot set it; the triggers log both days for a recount.
        Story.objects.filter(pk=story.pk).update(created_at=incoming.arrived_at)
        story.created_at = incoming.arrived_at
    for position, item in enumerate(prepared):
        save_photo(story, position, item, saved_files)
    Submission.objects.create(
        campaign=campaign, story=story, channel=incoming.channel, source_key=incoming.source_key,
        raw=storable(incoming.raw), received_at=incoming.received_at or now,
    )
    for scope, given in incoming.consents.items():
        Consent.objects.create(
            story=story, scope=scope, channel=incoming.channel, given_at=now if given else None,
            evidence={"how": f"{incoming.channel} submission", "given": given, **incoming.consent_evidence},
        )
    index_on_arrival(story)
    audit("story.received", actor=actor, story=story, channel=incoming.channel,
          source_key=incoming.source_key, photos=len(prepared))
    if complete:
        after_commit(Work.SCREEN_STORY, story.pk)
    story_received(story, incoming.channel)
    return story


def _contributor(incoming: IncomingStory, campaign: Campaign) -> Contributor:
    fields = {
        "first_name": incoming.first_name.strip(), "full_name": incoming.full_name.strip(),
        "country": incoming.country.upper(), "social_handle": incoming.social_handle.strip(),
        "profile_url": incoming.profile_url,
    }
    email = incoming.email.strip().lower()
    known = None
    if email:
        known = Contributor.objects.filter(campaign=campaign, email=email).first()
    elif incoming.profile_url:
        # A social author has no e-mail: the same profile is the same person.
        known = Contributor.objects.filter(campaign=campaign, email="", profile_url=incoming.profile_url).first()
    if known:
        # Anyone can write someone else's address: an unproven arrival may fill a blank, never replace a value.
        changed = {k: v for k, v in fields.items()
                   if v and getattr(known, k) != v and (incoming.sender_verified or not getattr(known, k))}
        if changed:
            Contributor.objects.filter(pk=known.pk).update(**changed)
        return known
    return Contributor.objects.create(campaign=campaign, email=email, **fields)


def _display_name(incoming: IncomingStory) -> str:
    # First name and country by default: never the e-mail or full name.
    name = incoming.first_name.strip() or incoming.social_handle.strip()
    return f"{name}, {incoming.country.upper()}" if name and incoming.country else name


def save_photo(story: Story, position: int, item: PreparedPhoto, saved_files: list) -> Photo:
    key = secrets.token_urlsafe(18)
    # No public copy or thumbnail yet (public_width 0) until the worker makes them: actions/photo_copies.py.
    photo = Photo(
        story=story, position=position, public_key=key,
        sha256=item.inspected.sha256, phash=item.inspected.phash, format=item.inspected.format,
        width=item.inspected.width, height=item.inspected.height,
        public_width=0, public_height=0, thumb_width=0, thumb_height=0,
        size_bytes=len(item.incoming.data),
    )
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}[item.inspected.format]
    photo.original.save(f"{key}.{extension}", ContentFile(item.incoming.data), save=False)
    saved_files.append(photo.original)
    photo.save()
    return photo


def delete_files(files: list) -> None:
    for f in files:
        f.storage.delete(f.name)


__all__ = ["IncomingPhoto", "IncomingStory", "PhotoRejected", "Received", "receive_story"]
