"""Asking the author of a public post for permission to publish it, and recording the yes: the writes.

A public post is not consent to republish. Staff ask from the desk; the request is written first and sent
after the commit (retried if the platform fails); a later poll finds the author's reply with the keyword
and records Consent for the scopes the campaign asks, with the reply as its evidence. Whatever needs the
platform (its connector, the post to reply under, sending, reading replies) is the social channel's
(channels/social/permission.py and poll.py); it hands this module the values it worked out.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from storydesk.actions.base import Actor, after_commit, audit, require_permission
from storydesk.actions.social import record_problem
from storydesk.models import Consent, PermissionRequest, SocialProblem, Status, Story, Submission
from storydesk.work import Work

log = logging.getLogger(__name__)

State = PermissionRequest.State
MAX_SEND_ATTEMPTS = 5
CLAIM_FOR = dt.timedelta(minutes=10)  # a sender that died holding a request releases it after this
REPLY_WINDOW = dt.timedelta(days=60)  # after this we stop looking for an answer
ALREADY_ASKED = "We already asked; we're waiting for the author's answer."


class CannotAsk(Exception):
    """Why no permission request can be sent for this story (shown to staff as it is)."""


def why_not_ask_again(story: Story, *, consent_scopes: tuple[str, ...]) -> str:
    """"" when nothing on our side stops asking this story's author again, else why not, in plain words.
    `consent_scopes` are the scopes a yes gives (the campaign's [social] consent_scopes)."""
    if story.status == Status.WITHDRAWN:
        return "The story was withdrawn."
    scopes = set(story.consents.filter(given_at__isnull=False, withdrawn_at__isnull=True)
                 .values_list("scope", flat=True))
    if scopes and scopes >= set(consent_scopes):
        return "The author already said yes."
    if story.permission_requests.filter(state__in=[State.QUEUED, State.SENT]).exists():
        return ALREADY_ASKED
    return ""


def request_permission(story: Story, submission: Submission, *, author: str, target: dict, message: str,
                       keyword: str, actor: Actor) -> PermissionRequest:
    """Write the request to reply `message` to `author` under the post `submission` came from (`target` is how
    its platform finds that post again); it is sent once the write is committed."""
    require_permission(actor, "decide_story")
    try:
        with transaction.atomic():
            request = PermissionRequest.objects.create(
                story=story, channel=submission.channel, post_key=submission.source_key.split(":", 1)[1],
                post_url=submission.raw.get("url", "")[:500], author_handle=author[:200], target=target,
                message=message, keyword=keyword, requested_by=actor.user)
            audit("permission.requested", actor=actor, story=story, channel=request.channel,
                  post=request.post_url, message=request.message)
            after_commit(Work.SEND_PERMISSION_REQUEST, request.pk)
    except IntegrityError:
        raise CannotAsk(ALREADY_ASKED) from None
    return request


def claim_for_sending(request_id: int) -> PermissionRequest | None:
    """The queued request, now held by this sender, or None if it isn't queued or someone else holds it."""
    now = timezone.now()
    claimed = (PermissionRequest.objects.filter(pk=request_id, state=State.QUEUED)
               .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_FOR))
               .update(claimed_at=now, attempts=F("attempts") + 1))
    if not claimed:
        return None
    return PermissionRequest.objects.select_related("story__campaign").get(pk=request_id)


def record_sent(request: PermissionRequest, *, ref: dict, url: str, actor: Actor) -> None:
    """The platform took the request: `ref` is our reply's ids there, `url` its address."""
    with transaction.atomic():
        PermissionRequest.objects.filter(pk=request.pk).update(
            state=State.SENT, sent_at=timezone.now(), request_ref=ref, request_url=url[:500],
            last_error="", claimed_at=None)
        audit("permission.sent", actor=actor, story=request.story, channel=request.channel, url=url)


def record_not_sent(request: PermissionRequest, message: str, *, detail: str = "", passing: bool = False,
                    actor: Actor) -> None:
    """The platform didn't take it: queued again when the trouble is `passing` and attempts are left, else
    failed; either way a problem for staff."""
    final = not passing or request.attempts >= MAX_SEND_ATTEMPTS
    PermissionRequest.objects.filter(pk=request.pk).update(
        state=State.FAILED if final else State.QUEUED, claimed_at=None, last_error=message)
    log.warning("permission request %s not sent (attempt %s): %s", request.pk, request.attempts, message)
    what = "We couldn't send the permission request" + ("" if final else "; we'll try again")
    record_problem(request.story.campaign, channel=request.channel, kind=SocialProblem.Kind.PERMISSION,
                   message=f"{what}: {message}", detail=detail, actor=actor,
                   post_key=request.post_key, post_url=request.post_url, story=request.story)


def requests_to_send(channel: str, *, limit: int = 50) -> list[int]:
    """Ids of requests a failure or a crash left queued, oldest first."""
    return list(PermissionRequest.objects.filter(channel=channel, state=State.QUEUED)
                .order_by("created_at").values_list("pk", flat=True)[:limit])


def requests_awaiting_answer(channel: str, *, limit: int = 50) -> list[PermissionRequest]:
    """Sent requests to look under, least recently looked at first."""
    since = timezone.now() - REPLY_WINDOW
    return list(PermissionRequest.objects.filter(channel=channel, state=State.SENT, sent_at__gte=since)
                .select_related("story__campaign")
                .order_by(F("last_checked_at").asc(nulls_first=True), "pk")[:limit])


def looked_for_answer(request: PermissionRequest) -> None:
    PermissionRequest.objects.filter(pk=request.pk).update(last_checked_at=timezone.now())


def record_permission_given(request: PermissionRequest, *, reply_url: str, reply_text: str,
                            replied_at: dt.datetime | None, consent_scopes: tuple[str, ...], actor: Actor) -> bool:
    """The author answered yes: Consent for each of `consent_scopes` (what the campaign asks), with the reply as
    evidence. False if the story was withdrawn meanwhile (withdrawal wins) or this answer was recorded before."""
    now = timezone.now()
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=request.story_id)
        done = PermissionRequest.objects.filter(pk=request.pk, state=State.SENT).update(
            state=State.ANSWERED, answered_at=now, reply_url=reply_url[:500], reply_text=reply_text[:5000])
        if not done:
            return False
        if story.status == Status.WITHDRAWN:
            audit("permission.answered_after_withdrawal", actor=actor, story=story, reply=reply_url)
            return False
        evidence = {"how": f"reply on {request.channel}", "given": True, "age_confirmed": True,
                    "keyword": request.keyword, "reply_url": reply_url, "reply_text": reply_text[:2000],
                    "replied_at": replied_at.isoformat() if replied_at else "", "request_url": request.request_url,
                    "request_text": request.message, "post_url": request.post_url}
        for scope in consent_scopes:
            Consent.objects.update_or_create(story=story, scope=scope, defaults={
                "channel": request.channel, "given_at": now, "withdrawn_at": None, "evidence": evidence})
        # The request asked the author to answer only if 18 or older.
        story.age_confirmed = True
        story.save(update_fields=["age_confirmed", "updated_at"])
        audit("consent.confirmed", actor=actor, story=story, via=f"{request.channel} reply",
              scopes={scope: True for scope in consent_scopes}, reply=reply_url)
    return True
