"""Polling one platform: every feed from its cursor, each post stored before the cursor moves past it; then
queued permission requests sent and sent ones looked under for the author's answer.

Whatever a platform answers — an expired login, a rate limit, a broken page, a server down — is recorded for
staff and the feed waits (as long as the platform asked, or longer after each failure); nothing here lets an
exception out of a poll but a database error, so the worker never dies of a bad answer.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.permission import looked_for_answer, record_permission_given, requests_awaiting_answer
from storydesk.actions.social import (
    advance_cursor,
    hold_at,
    poll_failed,
    poll_started,
    poll_succeeded,
    record_problem,
    source_for,
)
from storydesk.channels.poll_lease import PollRunning, poll_lease
from storydesk.channels.prepare_pool import prepared_in_order
from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.connector import Connector, NotConfigured, Page
from storydesk.channels.social.download import DownloadPolicy
from storydesk.channels.social.errors import PlatformError
from storydesk.channels.social.permission import deliver_due_requests
from storydesk.channels.social.post import Post
from storydesk.channels.social.receive import Fetched, HoldFeed, fetch_photos, needs_fetching, receive_post
from storydesk.channels.social.registry import build_connector
from storydesk.models import Campaign, SocialProblem, SocialSource
from storydesk.models.submission import channel_label
from storydesk.plural import counted

log = logging.getLogger(__name__)

STUCK_LIMIT = 3  # polls a post may hold its feed for a photo that won't download, before it is taken without


@dataclass
class PollReport:
    channel: str
    received: int = 0
    known: int = 0
    skipped: int = 0
    feeds: int = 0
    waiting: list[str] = field(default_factory=list)  # feeds not polled now (backoff, rate limit)
    problems: list[str] = field(default_factory=list)
    requests_sent: int = 0
    answers: int = 0

    def summary(self) -> str:
        text = (f"{channel_label(self.channel)}: {counted(self.feeds, 'feed')} read, "
                f"{counted(self.received, 'new story')}, {self.known} already here, {self.skipped} skipped; "
                f"{counted(self.requests_sent, 'permission request')} sent, {counted(self.answers, 'answer')} recorded")
        if self.waiting:
            text += "; waiting: " + "; ".join(self.waiting)
        if self.problems:
            text += "; problems: " + "; ".join(self.problems)
        return text


def poll_configured(name: str) -> str:
    """The periodic task's work: poll if this platform is on; never raises but for the database."""
    try:
        report = poll_channel(name, campaign=current_campaign(), actor=Actor.system())
    except NotConfigured as off:
        return str(off)
    except PollRunning:
        return f"another {name} poll is running"
    except DatabaseError:
        raise
    except Exception:  # a bug of ours: logged with its traceback, and the next poll tries again
        log.exception("social poll of %s failed", name)
        return f"the {name} poll failed; see the log"
    if report.problems:
        log.warning(report.summary())
    elif report.received or report.skipped or report.requests_sent or report.answers:
        log.info(report.summary())  # a poll that found nothing new, every few minutes, is not news
    return report.summary()


def poll_channel(name: str, *, campaign: Campaign, actor: Actor, limit: int | None = None,
                 connector: Connector | None = None) -> PollReport:
    """Raises NotConfigured when this platform is off, PollRunning when another poll holds it."""
    connector = connector or build_connector(name, campaign)
    config = SocialConfig.of(campaign)
    report = PollReport(name)
    try:
        with poll_lease(f"storydesk-social-poll:{name}") as renew:
            policy = DownloadPolicy.from_settings()
            for feed in connector.feeds():
                source = source_for(campaign, connector.channel, feed)
                _poll_feed(connector, source, campaign, config, actor, policy, limit, report)
                renew()  # a long poll keeps the platform; a dead one frees it within the lease
            report.requests_sent = deliver_due_requests(connector.channel, actor=actor)
            _look_for_answers(connector, campaign, config, actor, report)
    finally:
        connector.close()
    return report


def _poll_feed(connector: Connector, source: SocialSource, campaign: Campaign, config: SocialConfig, actor: Actor,
               policy: DownloadPolicy, limit: int | None, report: PollReport) -> None:
    now = timezone.now()
    if source.retry_after and source.retry_after > now:
        report.waiting.append(f"{source.feed} until {timezone.localtime(source.retry_after):%H:%M}")
        return
    poll_started(source)
    report.feeds += 1
    try:
        for page in connector.fetch(source.feed, source.cursor, limit or settings.STORYDESK_SOCIAL_BATCH_SIZE):
            received = _take_page(page, source, campaign, config, actor, policy, report)
            if received is None:
                return  # a post holds the feed; its problem is recorded
            advance_cursor(source, page.cursor, received=received)
    except PlatformError as error:
        poll_failed(source, error.message, retry_at=error.retry_at, base_minutes=settings.STORYDESK_SOCIAL_POLL_MINUTES)
        record_problem(campaign, channel=connector.channel, kind=error.kind, message=error.message,
                       detail=error.detail, actor=actor, source=source)
        report.problems.append(error.message)
        return
    poll_succeeded(source)


def _take_page(page: Page, source: SocialSource, campaign: Campaign, config: SocialConfig, actor: Actor,
               policy: DownloadPolicy, report: PollReport) -> int | None:
    """Store every post of the page: how many became stories, or None if one must wait for the next poll
    (the cursor stays before the page; what was stored is recognised then by its source key)."""
    received = 0
    for skipped in page.skipped:
        record_problem(campaign, channel=source.channel, kind=SocialProblem.Kind.MALFORMED, message=skipped.message,
                       detail=skipped.detail, actor=actor, source=source)
    # Photos are downloaded and checked a few posts ahead, in threads (downloads wait; decoding releases the GIL);
    # each post is stored here, in the page's order, so the cursor and a held post mean what they meant.
    posts = ((post, source.stuck_post == post.source_key[:300] and source.stuck_attempts >= STUCK_LIMIT - 1)
             for post in page.posts)
    ahead = prepared_in_order(posts, partial(_fetch, policy=policy), threads=True, total=len(page.posts),
                              skip=lambda item: not needs_fetching(item[0], campaign, config))
    for (post, take_anyway), fetched in ahead:
        try:
            result = receive_post(post, campaign=campaign, config=config, actor=actor, source=source,
                                  policy=policy, take_anyway=take_anyway, fetched=fetched)
        except HoldFeed as hold:
            attempts = hold_at(source, post.source_key)
            message = f"{hold.message}. We'll try again at the next poll ({attempts} of {STUCK_LIMIT} tries)."
            record_problem(campaign, channel=source.channel, kind=SocialProblem.Kind.MEDIA, message=message,
                           actor=actor, source=source, post_key=post.key, post_url=post.url)
            report.problems.append(message)
            return None
        except DatabaseError:
            raise
        except Exception as error:  # this post broke something of ours: hold it, and give up on it in time
            log.exception("social post %s could not be stored", post.source_key)
            attempts = hold_at(source, post.source_key)
            if attempts < STUCK_LIMIT:
                report.problems.append(f"{post.url}: {error}")
                return None
            message = (f"We couldn't store this post after {attempts} tries ({type(error).__name__}: {error}); "
                       "open it and add the story by hand if it belongs here")
            record_problem(campaign, channel=source.channel, kind=SocialProblem.Kind.MALFORMED, message=message,
                           actor=actor, source=source, post_key=post.key, post_url=post.url)
            report.problems.append(message)
            continue
        setattr(report, result.outcome, getattr(report, result.outcome) + 1)
        received += result.outcome == "received"
    return received


def _fetch(item: tuple[Post, bool], *, policy: DownloadPolicy) -> Fetched:
    post, take_anyway = item
    return fetch_photos(post, policy, take_anyway)


def _look_for_answers(connector: Connector, campaign: Campaign, config: SocialConfig, actor: Actor,
                      report: PollReport) -> None:
    for request in requests_awaiting_answer(connector.channel):
        if request.story.campaign_id != campaign.pk:
            continue
        try:
            reply = connector.find_reply(request)
        except PlatformError as error:
            record_problem(campaign, channel=connector.channel, kind=error.kind, actor=actor, detail=error.detail,
                           message=f"While looking for answers to permission requests: {error.message}")
            report.problems.append(error.message)
            return  # the platform is unhappy: the other requests wait for the next poll
        looked_for_answer(request)
        if reply is not None and record_permission_given(request, reply_url=reply.url, reply_text=reply.text,
                                                         replied_at=reply.at, consent_scopes=config.consent_scopes,
                                                         actor=actor):
            report.answers += 1
