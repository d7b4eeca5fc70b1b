"""The moderators' digest: an e-mail when stories have waited for a decision longer than
STORYDESK_DIGEST_AFTER_HOURS. Each story is told once per wait: it is marked when a digest names it, and only a
later status change (it left review and came back) makes it news again.

The digest is written with its marks in one short transaction, then sent (outbox): a failed sending stays in
the outbox and is retried by the next run, and no transaction is held open while a mail server is slow."""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.assignment import deciders
from storydesk.actions.base import Actor, audit
from storydesk.models import ModeratorDigest, Status, Story

log = logging.getLogger(__name__)

WAITING = (Status.IN_REVIEW,)  # waiting for a moderator (needs_info waits for the contributor)
MAX_LISTED = 50
MAX_SEND_ATTEMPTS = 8
SMTP_TIMEOUT = 30


def overdue_stories(now: dt.datetime | None = None):
    """Stories waiting longer than the setting that no digest has told of since they started waiting."""
    now = now or timezone.now()
    waited = dt.timedelta(hours=settings.STORYDESK_DIGEST_AFTER_HOURS)
    return (Story.objects.filter(status__in=WAITING, status_changed_at__lte=now - waited)
            .filter(Q(overdue_notified_at__isnull=True) | Q(overdue_notified_at__lt=F("status_changed_at"))))


def write_digest(*, actor: Actor, now: dt.datetime | None = None) -> ModeratorDigest | None:
    """Mark the newly overdue stories and write the digest that names them; None when nothing is new."""
    if settings.STORYDESK_DIGEST_AFTER_HOURS <= 0:
        return None
    now = now or timezone.now()
    recipients = sorted({u.email for u in deciders() if u.email})
    if not recipients:
        return None  # nobody to tell: the stories stay news until somebody can be told
    with transaction.atomic():
        # skip_locked: a second scheduler running at the same moment takes other stories, or none.
        new = list(overdue_stories(now).select_for_update(skip_locked=True).order_by("status_changed_at", "pk")
                   .values_list("pk", "status_changed_at"))
        if not new:
            return None
        ids = [pk for pk, _ in new]
        Story.objects.filter(pk__in=ids).update(overdue_notified_at=now)
        waiting = Story.objects.filter(status__in=WAITING).count()
        digest = ModeratorDigest.objects.create(
            story_ids=ids, recipients=recipients,
            subject=f"{len(ids)} {'story has' if len(ids) == 1 else 'stories have'} waited over "
                    f"{_hours(settings.STORYDESK_DIGEST_AFTER_HOURS)} for a decision",
            body=render_to_string("storydesk/email/digest.txt", {
                "count": len(ids), "waiting": waiting, "hours": _hours(settings.STORYDESK_DIGEST_AFTER_HOURS),
                "oldest": new[0][1], "stories": [(pk, settings.SITE_URL + reverse("desk:story", args=[pk]))
                                                 for pk in ids[:MAX_LISTED]],
                "more": max(0, len(ids) - MAX_LISTED),
                "queue_url": settings.SITE_URL + reverse("desk:stories") + "?status=in_review",
            }))
        audit("digest.written", actor=actor, stories=len(ids), recipients=len(recipients), digest=digest.pk)
    return digest


def send_digest(digest_id: int, *, actor: Actor, connection=None) -> bool:
    """Send one digest that hasn't gone out; True when it went now."""
    claimed = (ModeratorDigest.objects.filter(pk=digest_id, sent_at__isnull=True, attempts__lt=MAX_SEND_ATTEMPTS)
               .update(attempts=F("attempts") + 1))
    if not claimed:
        return False
    digest = ModeratorDigest.objects.get(pk=digest_id)
    try:
        EmailMessage(subject=digest.subject, body=digest.body, from_email=settings.DEFAULT_FROM_EMAIL,
                     to=digest.recipients, headers={"Auto-Submitted": "auto-generated"},
                     connection=connection or get_connection(timeout=SMTP_TIMEOUT)).send(fail_silently=False)
    except Exception as error:  # the mail server is down or refuses: the next run tries again
        ModeratorDigest.objects.filter(pk=digest_id).update(last_error=f"{type(error).__name__}: {error}"[:1000])
        log.warning("moderator digest %s not sent (attempt %s): %s", digest_id, digest.attempts, error)
        return False
    ModeratorDigest.objects.filter(pk=digest_id).update(sent_at=timezone.now(), last_error="")
    audit("digest.sent", actor=actor, digest=digest_id, stories=len(digest.story_ids), to=digest.recipients)
    return True


def run_digest(*, actor: Actor) -> int:
    """The periodic task's work: write a digest for what is newly overdue, then send every unsent digest."""
    write_digest(actor=actor)
    unsent = ModeratorDigest.objects.filter(sent_at__isnull=True, attempts__lt=MAX_SEND_ATTEMPTS).order_by("pk")
    return sum(send_digest(pk, actor=actor) for pk in unsent.values_list("pk", flat=True))


def _hours(hours: float) -> str:
    if hours >= 48 and hours % 24 == 0:
        return f"{int(hours // 24)} days"
    return f"{hours:g} hour{'s' if hours != 1 else ''}"
