"""Queue tasks: thin — load by id, call the code that does the work. Every task is idempotent.

A periodic task logs one line when it did something, and nothing when it found nothing to do (periodic.py)."""
import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_task
from huey.signals import SIGNAL_EXECUTING

from storydesk.accounts.notice_mail import send_notice
from storydesk.accounts.reset_mail import mail_reset_links
from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.digest import run_digest
from storydesk.actions.erasure import erase_due_withdrawn
from storydesk.actions.heartbeat import beat_while_busy, record_heartbeat
from storydesk.actions.outbox import deliver_reply
from storydesk.actions.publishing import due_slot_ids, publish_slot
from storydesk.actions.retention import delete_due_originals
from storydesk.actions.screening import reconcile_screening, screen_story
from storydesk.actions.similarity import reindex_answers
from storydesk.channels.email.poll import poll_configured_inbox
from storydesk.channels.social.permission import deliver_permission_request
from storydesk.channels.social.poll import poll_configured
from storydesk.channels.social.registry import CONNECTORS
from storydesk.channels.web.photo_for_retry import forget_stale
from storydesk.desk.counts import fold_deltas
from storydesk.gallery.entries import reconcile
from storydesk.gallery.listener import apply_change
from storydesk.gallery.static_site import update_configured_site
from storydesk.insights.instagram_metrics import poll_instagram_metrics as poll
from storydesk.insights.rollup import refresh
from storydesk.periodic import counted, periodic, silent
from storydesk.work import Work, does

log = logging.getLogger(__name__)

# Answers re-embedded per hourly run after the sentence engine changed: a bounded batch, not the whole backlog
# (each answer is embedded and upserts its 80 bucket rows; `storydesk reindex` does them all at once).
REINDEX_PER_RUN = 5_000

# The reconciler reads the queue to know which stories' tasks are still waiting in it, up to this many tasks.
QUEUE_READ_LIMIT = 50_000


@does(Work.SCREEN_STORY)
@db_task(retries=2, retry_delay=30)
def screen_story_task(story_id: int) -> None:
    screen_story(story_id)


@periodic(crontab(minute="*"), silent)  # it warns of what it found itself
def reconcile_stuck_work() -> int:
    """Queue again the screening runs that were lost (a worker died, or a task never reached the queue), and
    park the stories whose runs keep dying; a backlog waiting in the queue is left alone."""
    found = reconcile_screening(in_queue=_stories_in_queue())
    for story_id in found.requeue:
        screen_story_task(story_id)
    if found.requeue:
        log.warning("re-enqueued %d stories whose screening was lost: %s", len(found.requeue), found.requeue[:20])
    if found.parked:
        log.warning("parked %d stories whose screening never finished: %s", len(found.parked), found.parked[:20])
    return len(found.requeue)


@periodic(crontab(minute="*"), silent)
def worker_heartbeat() -> None:
    """Say the worker is alive: the desk's banner warns when this row stops moving (actions/heartbeat.py). Every
    minute, so never logged: its absence is the news, and the banner and `storydesk doctor` say it."""
    record_heartbeat()


# A worker busy with a long queue runs the minute task late: each task it starts counts as a beat as well.
HUEY.signal(SIGNAL_EXECUTING)(beat_while_busy)


@periodic(crontab(minute="*"), counted("folded {n} count changes"))
def fold_desk_counts() -> int:
    """Fold the queue counts' deltas into their rows (PostgreSQL), so a count stays a few rows to read."""
    return fold_deltas()


def _stories_in_queue() -> set[int] | None:
    """The stories whose screening task waits in the queue (or its schedule, for a retry); None if too many."""
    if HUEY.pending_count() + HUEY.scheduled_count() > QUEUE_READ_LIMIT:
        return None
    return {task.args[0] for task in [*HUEY.pending(), *HUEY.scheduled()]
            if task.name == screen_story_task.task_class.__name__ and task.args}


@periodic(crontab(minute="*/10"), counted("deleted {n} kept photos nobody came back for"))
def forget_stale_pending_photos() -> int:
    return forget_stale()


def _every_minutes(n: int) -> crontab:
    return crontab(minute=f"*/{n}") if 1 <= n <= 59 else crontab(minute="0")


@periodic(_every_minutes(settings.STORYDESK_IMAP_POLL_MINUTES), silent)  # the poll says what it read
def poll_campaign_inbox() -> str:
    """Read the campaign inbox (if STORYDESK_IMAP_HOST is set) and retry replies that weren't sent."""
    return poll_configured_inbox()


@does(Work.SEND_CONTRIBUTOR_MESSAGE)
@db_task()
def send_contributor_message_task(reply_id: int) -> bool:
    """Send a message a moderator wrote (deliver_reply claims it, so running twice sends once); one that
    fails stays in the outbox, and poll_campaign_inbox retries it with every other unsent reply."""
    return deliver_reply(reply_id, actor=Actor.system())


@periodic(_every_minutes(settings.STORYDESK_DIGEST_EVERY_MINUTES), counted("sent {n} digests to moderators"))
def moderator_digest() -> int:
    """Tell the moderators about stories that waited too long (each story once per wait); retry unsent digests."""
    return run_digest(actor=Actor.system())


def _social_poll(name: str):
    def poll() -> str:
        return poll_configured(name)

    poll.__name__ = poll.__qualname__ = f"poll_social_{name}"
    poll.__doc__ = f"Read {name} (if the campaign and the settings turn it on), send and check permission requests."
    # silent: the poll says what it read.
    return periodic(_every_minutes(settings.STORYDESK_SOCIAL_POLL_MINUTES), silent, name=f"poll_social_{name}")(poll)


def _social_channels() -> tuple[str, ...]:
    return tuple(CONNECTORS)


# One periodic task per platform in the connectors' registry; each returns at once while its platform is off.
SOCIAL_POLLS = {name: _social_poll(name) for name in _social_channels()}


@does(Work.SEND_PERMISSION_REQUEST)
@db_task(retries=0)
def send_permission_request_task(request_id: int) -> bool:
    """Send a permission request staff asked for (a failure leaves it queued for the next poll to retry)."""
    return deliver_permission_request(request_id, actor=Actor.system())


@periodic(crontab(minute="*"), counted("queued {n} due slots for publishing"))
def publish_due_slots() -> int:
    """Queue every slot whose time has come (and those waiting to be tried again); each is claimed by one
    worker only, so a slot queued twice still goes out once."""
    due = due_slot_ids()
    for slot_id in due:
        publish_slot_task(slot_id)
    return len(due)


def _daily_at(hour: int) -> crontab:
    # Minute 23, away from the hour when other jobs and other apps tend to call Meta.
    return crontab(minute="23", hour=str(hour if 0 <= hour <= 23 else 4))


INSTAGRAM_OFF = "Instagram not set up"


@periodic(_daily_at(settings.STORYDESK_INSTAGRAM_METRICS_HOUR),
          lambda said: None if said == INSTAGRAM_OFF else f"Instagram metrics {said}")
def poll_instagram_metrics() -> str:
    """Read likes, comments and reach of recent Instagram posts (does nothing while Instagram isn't set up)."""
    result = poll()
    return f"{result.outcome}: {result.read} read" if result.configured else INSTAGRAM_OFF


@does(Work.PUBLISH_SLOT)
@db_task()
def publish_slot_task(slot_id: int) -> str:
    return publish_slot(slot_id)


@does(Work.SYNC_GALLERY)
@db_task(retries=3, retry_delay=10)
def sync_gallery_task(story_ids: list[int]) -> None:
    """The gallery's read model for these stories, when syncing at the moment of change failed."""
    apply_change(story_ids)


@does(Work.UPDATE_STATIC_SITE)
@db_task(retries=2, retry_delay=5)
def update_static_site_task(story_ids: list[int]) -> None:
    """Rewrite the static copy's pages for these stories, the wall and the feeds (STORYDESK_STATIC_SITE_DIR)."""
    update_configured_site(story_ids)


@periodic(crontab(minute="41"), counted("brought {n} stories in the gallery up to date"))
def reconcile_gallery() -> int:
    """Catch up with changes the gallery was not told of (an edited caption on a published story)."""
    result = reconcile(current_campaign())
    if result.changed:
        apply_change(sorted(result.shown | result.removed))
    return len(result.shown | result.removed)


@periodic(crontab(minute="*"), counted("recounted {n} days of insights"))
def refresh_insights() -> int:
    """Recount the days whose stories changed, so /desk/insights/ rarely has a day to recount itself."""
    return refresh()


@periodic(crontab(minute="17"), silent)  # each part says what it did: the originals' deletion logs itself
def sweep_personal_data() -> str:
    """Hourly: erase withdrawn stories' personal data (within a day of withdrawal, once the confirmation was
    sent), and delete the originals of stories decided longer ago than the campaign keeps them."""
    erased = erase_due_withdrawn(actor=Actor.system())
    if erased:
        log.info("erased the personal data of %d withdrawn stories", len(erased))
    deleted = delete_due_originals(actor=Actor.system())
    return f"{len(erased)} withdrawn stories erased; {deleted.photos} originals of {deleted.stories} stories deleted"


@periodic(crontab(minute="29"), silent)  # it says how many it re-indexed
def reindex_other_engines_answers() -> int:
    """Hourly: after the sentence engine changed (an upgrade changed STORYDESK_EMBEDDER's default), embed again
    a bounded batch of the answers another engine indexed, so near-duplicates by meaning find them again
    without anyone running `storydesk reindex` (which does them all at once)."""
    done = 0
    for done in reindex_answers():
        if done >= REINDEX_PER_RUN:
            break
    if done:
        log.info("re-indexed %d answers with the configured sentence engine", done)
    return done


@does(Work.SEND_PASSWORD_RESET)
@db_task(retries=2, retry_delay=60)
def send_password_reset_task(address_digest: str, client: str = "") -> None:
    """Queued for every accepted request, whoever's the address (its keyed hash): the mail goes to whose it is."""
    mail_reset_links(address_digest, client)


@does(Work.SEND_ACCOUNT_NOTICE)
@db_task(retries=2, retry_delay=60)
def send_account_notice_task(user_id: int, kind: str) -> None:
    send_notice(user_id, kind)
