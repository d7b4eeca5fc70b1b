"""Asking a post's author for permission, on the platform: whether the desk can ask under this post, the
request's words and the post to reply under, and sending it (the queue's SEND_PERMISSION_REQUEST work and each
poll's retries). The writes are actions/permission.py's; poll.py looks for the author's answer."""
from __future__ import annotations

from storydesk.actions.base import Actor, require_permission
from storydesk.actions.permission import (
    CannotAsk,
    claim_for_sending,
    record_not_sent,
    record_sent,
    request_permission,
    requests_to_send,
    why_not_ask_again,
)
from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.connector import Connector, NotConfigured
from storydesk.channels.social.errors import PlatformError
from storydesk.channels.social.registry import CONNECTORS, build_connector
from storydesk.models import PermissionRequest, Story, Submission


def social_submission(story: Story) -> Submission | None:
    """The first public post this story came from (None if it came from no social platform)."""
    return story.submissions.filter(channel__in=list(CONNECTORS)).order_by("created_at").first()


def why_cannot_ask(story: Story) -> str:
    """"" when the desk can ask this story's author, else why not, in plain words."""
    submission = social_submission(story)
    if submission is None:
        return "This story didn't come from a public post, so there is no post to reply to."
    why = why_not_ask_again(story, consent_scopes=SocialConfig.of(story.campaign).consent_scopes)
    if why:
        return why
    try:
        connector = build_connector(submission.channel, story.campaign)
    except NotConfigured as off:
        return f"We can't ask on this platform now: {off}."
    try:
        return connector.why_cannot_ask(submission.raw.get("post") or {})
    finally:
        connector.close()


def ask_permission(story: Story, *, actor: Actor) -> PermissionRequest:
    """Write the request for this story's author in the campaign's words; it is sent once the write is committed."""
    require_permission(actor, "decide_story")  # before anything is asked of the platform
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
    return request_permission(story, submission, author=handle, target=target,
                              message=config.permission_message(handle), keyword=config.reply_keyword, actor=actor)


def deliver_permission_request(request_id: int, *, actor: Actor, connector: Connector | None = None) -> bool:
    """Send one queued request if nobody else is sending it; True when it went out now. Safe to run twice."""
    request = claim_for_sending(request_id)
    if request is None:
        return False
    own = connector is None
    try:
        connector = connector or build_connector(request.channel, request.story.campaign)
        asked = connector.ask(request)
    except PlatformError as error:
        record_not_sent(request, error.message, detail=error.detail, passing=error.passing, actor=actor)
        return False
    except NotConfigured as off:
        record_not_sent(request, str(off), actor=actor)
        return False
    finally:
        if own and connector is not None:
            connector.close()
    record_sent(request, ref=asked.ref, url=asked.url, actor=actor)
    return True


def deliver_due_requests(channel: str, *, actor: Actor, limit: int = 50) -> int:
    """Send requests a failure or a crash left queued; returns how many went out."""
    return sum(deliver_permission_request(pk, actor=actor) for pk in requests_to_send(channel, limit=limit))
