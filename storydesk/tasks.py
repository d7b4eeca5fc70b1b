"""Queue tasks: thin — load by id, call the code that does the work. Every task is idempotent."""
import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

log = logging.getLogger(__name__)

STUCK_AFTER = dt.timedelta(minutes=10)
# A story still "received" this long after arriving lost its enqueue (e.g. the queue was down).
UNQUEUED_AFTER = dt.timedelta(minutes=2)


@db_task(retries=2, retry_delay=30)
def screen_story_task(story_id: int) -> None:
    from storydesk.screening.pipeline import screen_story

    screen_story(story_id)


@db_periodic_task(crontab(minute="*"))
def reconcile_stuck_work() -> int:
    """Re-enqueue stories stuck in screening (a worker died) or never enqueued."""
    from storydesk.models import Status, Story

    now = timezone.now()
    stuck = list(
        Story.objects.filter(status=Status.SCREENING, status_changed_at__lt=now - STUCK_AFTER)
        .values_list("pk", flat=True)
    ) + list(
        Story.objects.filter(status=Status.RECEIVED, status_changed_at__lt=now - UNQUEUED_AFTER)
        .values_list("pk", flat=True)
    )
    for story_id in stuck:
        screen_story_task(story_id)
    if stuck:
        log.warning("re-enqueued %d stuck stories: %s", len(stuck), stuck[:20])
    return len(stuck)


@db_periodic_task(crontab(minute="17"))
def forget_stale_pending_photos() -> int:
    from storydesk.channels.web.pending import forget_stale

    return forget_stale()


def _every_minutes(n: int) -> crontab:
    return crontab(minute=f"*/{n}") if 1 <= n <= 59 else crontab(minute="0")


@db_periodic_task(_every_minutes(settings.STORYDESK_IMAP_POLL_MINUTES))
def poll_campaign_inbox() -> str:
    """Read the campaign inbox (if STORYDESK_IMAP_HOST is set) and retry replies that weren't sent."""
    from storydesk.channels.email.poll import poll_configured_inbox

    return poll_configured_inbox()


@db_task()
def send_contributor_message_task(reply_id: int) -> bool:
    """Send a message a moderator wrote (deliver_reply claims it, so running twice sends once); one that
    fails stays in the outbox, and poll_campaign_inbox retries it with every other unsent reply."""
    from storydesk.actions.base import Actor
    from storydesk.actions.mail import deliver_reply

    return deliver_reply(reply_id, actor=Actor.system())


@db_periodic_task(_every_minutes(settings.STORYDESK_DIGEST_EVERY_MINUTES))
def moderator_digest() -> int:
    """Tell the moderators about stories that waited too long (each story once per wait); retry unsent digests."""
    from storydesk.actions.base import Actor
    from storydesk.actions.digest import run_digest

    return run_digest(actor=Actor.system())


def _social_poll(name: str):
    def poll() -> str:
        from storydesk.channels.social.poll import poll_configured

        return poll_configured(name)

    poll.__name__ = poll.__qualname__ = f"poll_social_{name}"
    poll.__doc__ = f"Read {name} (if the campaign and the settings turn it on), send and check permission requests."
    return db_periodic_task(_every_minutes(settings.STORYDESK_SOCIAL_POLL_MINUTES), name=f"poll_social_{name}")(poll)


def _social_channels() -> tuple[str, ...]:
    from storydesk.channels.social.connector import CONNECTORS

    return tuple(CONNECTORS)


# One periodic task per platform in the connectors' registry; each returns at once while its platform is off.
SOCIAL_POLLS = {name: _social_poll(name) for name in _social_channels()}


@db_task(retries=0)
def send_permission_request_task(request_id: int) -> bool:
    """Send a permission request staff asked for (a failure leaves it queued for the next poll to retry)."""
    from storydesk.actions.base import Actor
    from storydesk.actions.permission import deliver_permission_request

    return deliver_permission_request(request_id, actor=Actor.system())


@db_periodic_task(crontab(minute="*"))
def publish_due_slots() -> int:
    """Queue every slot whose time has come (and those waiting to be tried again); each is claimed by one
    worker only, so a slot queued twice still goes out once."""
    from storydesk.publishing.runner import due_slot_ids

    due = due_slot_ids()
    for slot_id in due:
        publish_slot_task(slot_id)
    return len(due)


def _daily_at(hour: int) -> crontab:
    # Minute 23, away from the hour when other jobs and other apps tend to call Meta.
    return crontab(minute="23", hour=str(hour if 0 <= hour <= 23 else 4))


@db_periodic_task(_daily_at(settings.STORYDESK_INSTAGRAM_METRICS_HOUR))
def poll_instagram_metrics() -> str:
    """Read likes, comments and reach of recent Instagram posts (does nothing while Instagram isn't set up)."""
    from storydesk.insights.instagram_metrics import poll_instagram_metrics as poll

    result = poll()
    return f"{result.outcome}: {result.read} read" if result.configured else "Instagram not set up"


@db_task()
def publish_slot_task(slot_id: int) -> str:
    from storydesk.publishing.runner import publish_slot

    return publish_slot(slot_id)


@db_task(retries=3, retry_delay=10)
def sync_gallery_task(story_ids: list[int]) -> None:
    """The gallery's read model for these stories, when syncing at the moment of change failed."""
    from storydesk.gallery.listener import apply_change

    apply_change(story_ids)


@db_task(retries=2, retry_delay=5)
def update_static_site_task(story_ids: list[int]) -> None:
    """Rewrite the static copy's pages for these stories, the wall and the feeds (STORYDESK_STATIC_SITE_DIR)."""
    from storydesk.gallery.static_site import update_configured_site

    update_configured_site(story_ids)


@db_periodic_task(crontab(minute="41"))
def reconcile_gallery() -> int:
    """Catch up with changes the gallery was not told of (an edited caption on a published story)."""
    from storydesk.campaigns.current import current_campaign
    from storydesk.gallery.entries import reconcile
    from storydesk.gallery.listener import apply_change

    result = reconcile(current_campaign())
    if result.changed:
        apply_change(sorted(result.shown | result.removed))
    return len(result.shown | result.removed)


@db_periodic_task(crontab(minute="*"))
def refresh_insights() -> int:
    """Recount the days whose stories changed, so /desk/insights/ rarely has a day to recount itself."""
    from storydesk.insights.rollup import refresh

    return refresh()
