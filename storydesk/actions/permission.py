"""Asking the author of a public post for permission to publish it, and recording the yes.

A public post is not consent to republish. Staff ask from the desk; the request is written first and sent
after the commit (retried if the platform fails); a later poll finds the author's reply with the keyword
and records Consent for the scopes the campaign asks, with the reply as its evidence.
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


class CannotAsk(Exception):
    """Why no permission request can be sent for this story (shown to staff as it is)."""


def social_submission(story: Story) -> Submission | None:
    from storydesk.channels.social.registry import CONNECTORS

    return story.submissions.filter(channel__in=list(CONNECTORS)).order_by("created_at").first()


def why_cannot_ask(story: Story) -> str:
    """"" when the desk can ask this story's author, else why not, in plain words."""
    from storydesk.channels.social.connector import NotConfigured
    from storydesk.channels.social.registry import build_connector

    submission = social_submission(story)
    if submission is None:
        return "This story didn't come from a public post, so there is no post to reply to."
    if story.status == Status.WITHDRAWN:
        return "The story was withdrawn."
    scopes = set(story.consents.filter(given_at__isnull=False, withdrawn_at__isnull=True)
                 .values_list("scope", flat=True))
    if scopes and scopes >= set(_asked_scopes(story)):
        return "The author already said yes."
    if story.permission_requests.filter(state__in=[State.QUEUED, State.SENT]).exists():
        return "We already asked; we're waiting for the author's answer."
    try:
        connector = build_connector(submission.channel, story.campaign)
    except NotConfigured as off:
        return f"We can't ask on this platform now: {off}."
    try:
        return connector.why_cannot_ask(submission.raw.get("post") or {})
    finally:
        connector.close()


def ask_permission(story: Story, *, actor: Actor) -> PermissionRequest:
    """Write the request for this story's author; it is sent once the write is committed."""
    from storydesk.channels.social.config import SocialConfig
    from storydesk.channels.social.registry import build_connector

    require_permission(actor, "decide_story")
    why = why_cannot_ask(story)
    if why:
        raise CannotAsk(why)
    submission = social_submission(story)
    config = SocialConfig.of(story.campaign)
    if not config.reply_keyword:
        raise CannotAsk("The campaign file has no [social] reply_keyword for authors to answer with.")
    connector = build_connector(submission.channel, story.campaign)
    try:
        target = connector.target(submission.raw.get("post") or {})
    finally:
        connector.close()
    handle = submission.raw.get("author") or story.contributor.social_handle
    try:
        with transaction.atomic():
            request = PermissionRequest.objects.create(
                story=story, channel=submission.channel, post_key=submission.source_key.split(":", 1)[1],
                post_url=submission.raw.get("url", "")[:500], author_handle=handle[:200], target=target,
                message=config.permission_message(handle), keyword=config.reply_keyword,
                requested_by=actor.user)
            audit("permission.requested", actor=actor, story=story, channel=request.channel,
                  post=request.post_url, message=request.message)
            after_commit(Work.SEND_PERMISSION_REQUEST, request.pk)
    except IntegrityError:
        raise CannotAsk("We already asked; we're waiting for the author's answer.") from None
    return request


def deliver_permission_request(request_id: int, *, actor: Actor, connector=None) -> bool:
    """Send one queued request if nobody else is sending it; True when it went out now. Safe to run twice."""
    from storydesk.channels.social.connector import NotConfigured
    from storydesk.channels.social.errors import PlatformError
    from storydesk.channels.social.registry import build_connector

    now = timezone.now()
    claimed = (PermissionRequest.objects.filter(pk=request_id, state=State.QUEUED)
               .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_FOR))
               .update(claimed_at=now, attempts=F("attempts") + 1))
    if not claimed:
        return False
    request = PermissionRequest.objects.select_related("story__campaign").get(pk=request_id)
    own = connector is None
    try:
        connector = connector or build_connector(request.channel, request.story.campaign)
        asked = connector.ask(request)
    except (PlatformError, NotConfigured) as error:
        _not_sent(request, error, actor)
        return False
    finally:
        if own and connector is not None:
            connector.close()
    with transaction.atomic():
        PermissionRequest.objects.filter(pk=request.pk).update(
            state=State.SENT, sent_at=timezone.now(), request_ref=asked.ref, request_url=asked.url[:500],
            last_error="", claimed_at=None)
        audit("permission.sent", actor=actor, story=request.story, channel=request.channel, url=asked.url)
    return True


def _not_sent(request: PermissionRequest, error: Exception, actor: Actor) -> None:
    message = getattr(error, "message", str(error))
    final = not getattr(error, "passing", False) or request.attempts >= MAX_SEND_ATTEMPTS
    PermissionRequest.objects.filter(pk=request.pk).update(
        state=State.FAILED if final else State.QUEUED, claimed_at=None, last_error=message)
    log.warning("permission request %s not sent (attempt %s): %s", request.pk, request.attempts, message)
    what = "We couldn't send the permission request" + ("" if final else "; we'll try again")
    record_problem(request.story.campaign, channel=request.channel, kind=SocialProblem.Kind.PERMISSION,
                   message=f"{what}: {message}", detail=getattr(error, "detail", ""), actor=actor,
                   post_key=request.post_key, post_url=request.post_url, story=request.story)


def deliver_due_requests(channel: str, *, actor: Actor, limit: int = 50) -> int:
    """Send requests a failure or a crash left queued; returns how many went out."""
    ids = list(PermissionRequest.objects.filter(channel=channel, state=State.QUEUED)
               .order_by("created_at").values_list("pk", flat=True)[:limit])
    return sum(deliver_permission_request(pk, actor=actor) for pk in ids)


def requests_awaiting_answer(channel: str, *, limit: int = 50) -> list[PermissionRequest]:
    """Sent requests to look under, least recently looked at first."""
    since = timezone.now() - REPLY_WINDOW
    return list(PermissionRequest.objects.filter(channel=channel, state=State.SENT, sent_at__gte=since)
                .select_related("story__campaign")
                .order_by(F("last_checked_at").asc(nulls_first=True), "pk")[:limit])


def looked_for_answer(request: PermissionRequest) -> None:
    PermissionRequest.objects.filter(pk=request.pk).update(last_checked_at=timezone.now())


def record_permission_given(request: PermissionRequest, *, reply_url: str, reply_text: str,
                            replied_at: dt.datetime | None, actor: Actor) -> bool:
    """The author answered yes: Consent for each scope the campaign asks, with the reply as evidence.
    False if the story was withdrawn meanwhile (withdrawal wins) or this answer was recorded before."""
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
        scopes = _asked_scopes(story)
        for scope in scopes:
            Consent.objects.update_or_create(story=story, scope=scope, defaults={
                "channel": request.channel, "given_at": now, "withdrawn_at": None, "evidence": evidence})
        # The request asked the author to answer only if 18 or older.
        story.age_confirmed = True
        story.save(update_fields=["age_confirmed", "updated_at"])
        audit("consent.confirmed", actor=actor, story=story, via=f"{request.channel} reply",
              scopes={scope: True for scope in scopes}, reply=reply_url)
    return True


def _asked_scopes(story: Story) -> tuple[str, ...]:
    from storydesk.channels.social.config import SocialConfig

    return SocialConfig.of(story.campaign).consent_scopes
