"""Screening's writes: queue a story for screening, run it (`screen_story`: take its lease, run the pipeline's
steps, which write nothing, then record the run's verdicts, its index rows and where the story goes next), and
find the runs that were lost.

A run holds a lease on the story (owner and expiry, like a publication's), taken by one conditional UPDATE, so
two tasks for the same story never screen it at once: the second exits quietly. A worker that dies lets go
when the lease lapses and the reconciler queues the story again; a story whose runs never finish
STORYDESK_SCREENING_MAX_ATTEMPTS times is parked as errored for a person instead of being retried forever."""
from __future__ import annotations

import datetime as dt
import traceback
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from storydesk.actions import lifecycle
from storydesk.actions.base import Actor, after_commit, audit
from storydesk.actions.photo_copies import make_missing_copies
from storydesk.actions.similarity import index_screened
from storydesk.actions.themes import store_themes
from storydesk.models import Status, Story, Verdict
from storydesk.screening.context import ScreeningContext
from storydesk.screening.findings import story_updates
from storydesk.screening.pipeline import Row, run_pipeline
from storydesk.work import Work

# Waiting for a run: never started, or started by a worker that let go (its lease lapsed or it failed).
WAITING = (Status.RECEIVED, Status.SCREENING)
# A task this long in a busy queue without its story being taken is taken for lost (the queue was flushed, or
# down when the story arrived); while the queue is idle, a story waiting longer than QUEUE_GRACE is.
LOST_AFTER = dt.timedelta(hours=6)
QUEUE_GRACE = dt.timedelta(minutes=2)
# Still waiting this long after being queued, a story is stuck (doctor says so): far past any backlog's wait.
STUCK_AFTER = dt.timedelta(hours=1)


def lease_length() -> dt.timedelta:
    return dt.timedelta(minutes=settings.STORYDESK_SCREENING_LEASE_MINUTES)


def queue_screening(story: Story) -> None:
    """Queue a screening run for the story once the caller's transaction commits, and note when."""
    story.screening_queued_at = timezone.now()
    Story.objects.filter(pk=story.pk).update(screening_queued_at=story.screening_queued_at, screening_attempts=0)
    story.screening_attempts = 0  # new material: a fresh count of runs
    after_commit(Work.SCREEN_STORY, story.pk)


def screen_story(story_id: int, *, actor: Actor | None = None, pipeline: tuple[Row, ...] | None = None) -> Story | None:
    """Run every step over one story and record the outcome; safe to run twice."""
    actor = actor or Actor.system()
    story = begin_screening(story_id, actor=actor)
    if story is None:
        return None  # withdrawn, already screened, gone, or another run holds it: nothing to do
    try:
        run = run_pipeline(ScreeningContext(story), pipeline)
        return finish_screening(story, run.steps, rejecting_steps=run.rejecting_steps, actor=actor)
    except Exception as error:  # not a step's crash (those are verdicts): let go at once, so a retry may run
        release_screening(story, "".join(traceback.format_exception_only(type(error), error)).strip())
        raise


def begin_screening(story_id: int, *, actor: Actor) -> Story | None:
    """Take the story's screening lease, move it into screening and make its photos' public copies (the web
    request only checked them); None when it is not waiting for a run, or
    another run holds it (a repeated task). The queue (the system actor) leaves a parked story to a person;
    a person (the CLI) may start any story no run holds, with a fresh count of runs."""
    now = timezone.now()
    owner = uuid.uuid4().hex
    limit = settings.STORYDESK_SCREENING_MAX_ATTEMPTS
    free = Q(screening_lease_until__isnull=True) | Q(screening_lease_until__lte=now)
    screenable = Q(status__in=WAITING) | Q(status=Status.ERRORED)
    attempts = Value(1)  # a person's run starts a fresh count, and so does a run after a crashed step
    if _is_queue(actor):
        screenable &= Q(screening_attempts__lt=limit)
        attempts = Case(When(status=Status.ERRORED, then=Value(1)), default=F("screening_attempts") + 1)
    with transaction.atomic():
        taken = Story.objects.filter(Q(pk=story_id) & free & screenable).update(
            screening_lease_owner=owner, screening_lease_until=now + lease_length(), screening_attempts=attempts)
        if not taken:
            return None
        story = Story.objects.select_for_update().select_related("campaign").get(pk=story_id)
        if story.status == Status.SCREENING:
            if story.screening_attempts > 1:  # a run that was lost (its worker died or failed) starts again
                audit("screening.resumed", actor=actor, story=story, attempt=story.screening_attempts)
        else:
            before = lifecycle.move(story, "begin_screening")
            story.error = ""
            story.save(update_fields=["status", "error", "status_changed_at", "updated_at"])
            audit("screening.started", actor=actor, story=story, before=before, after=Status.SCREENING)
    try:
        make_missing_copies(story)  # outside the transaction: decoding takes a while, the lease keeps others off
    except Exception as error:
        release_screening(story, "".join(traceback.format_exception_only(type(error), error)).strip())
        raise
    return story


def _is_queue(actor: Actor) -> bool:
    return actor.user is None and actor.label == Actor.system().label


def release_screening(story: Story, error: str) -> None:
    """A run that failed lets go of its lease at once (it still counts as a run), noting why for a person."""
    Story.objects.filter(pk=story.pk, screening_lease_owner=story.screening_lease_owner).update(
        screening_lease_owner="", screening_lease_until=None, error=error[:2000])


def finish_screening(story: Story, runs, *, rejecting_steps: set[str] | frozenset[str], actor: Actor) -> Story | None:
    """Replace the story's verdicts with this run's, write the index rows its steps computed, and move it on by
    the pipeline's rules.

    `story` is the one begin_screening returned: a run whose lease another run took over writes nothing."""
    with transaction.atomic():
        locked = Story.objects.select_for_update().filter(pk=story.pk).first()
        if (locked is None or locked.status != Status.SCREENING
                or locked.screening_lease_owner != story.screening_lease_owner):
            return locked  # withdrawn (or re-routed, or taken over) while the steps ran: leave it where it is
        for index in (run.result.index for run in runs if run.result.index is not None):
            index_screened(story, index)
        previous = list(locked.verdicts.values("step", "outcome", "score", "evidence", "duration_ms"))
        locked.verdicts.all().delete()
        Verdict.objects.bulk_create([
            Verdict(story=locked, step=run.step, position=i, outcome=run.result.outcome, score=run.result.score,
                    evidence=run.evidence_json(), duration_ms=run.duration_ms)
            for i, run in enumerate(runs)
        ])
        crashed = [run for run in runs if run.crashed]
        rejected_by = [run.step for run in runs if run.result.outcome == "fail" and run.step in rejecting_steps]
        flags = [run.step for run in runs if run.result.outcome != "pass"]
        if crashed:
            name = "screening_crashed"
            locked.error = "; ".join(f"{run.step}: {run.error}" for run in crashed)
        else:
            name = "screening_rejected" if rejected_by else "screening_passed"
            locked.error = ""
        updates = story_updates(runs)
        for field, value in updates.items():
            if field == "themes":
                store_themes(locked, value)
            else:
                setattr(locked, field, value)
        before = lifecycle.move(locked, name)
        locked.screening_lease_owner, locked.screening_lease_until, locked.screening_attempts = "", None, 0
        locked.save(update_fields=["status", "error", "status_changed_at", "updated_at", "screening_lease_owner",
                                   "screening_lease_until", "screening_attempts",
                                   *(f.removesuffix("_id") for f in updates)])
        audit("screening.finished", actor=actor, story=locked, before=before, after=locked.status,
              flags=flags, rejected_by=rejected_by, error=locked.error, previous_verdicts=previous)
    return locked


@dataclass(frozen=True)
class Reconciled:
    requeue: list[int]  # stories to queue again (already stamped as queued)
    parked: list[int]


def reconcile_screening(*, in_queue: set[int] | None, now: dt.datetime | None = None) -> Reconciled:
    """Find the screening runs that were lost, never the stories simply waiting their turn in the queue.

    Lost: a run whose lease lapsed (its worker died) since the story was last queued; or a story queued more
    than QUEUE_GRACE ago that no run holds and whose task is not in the queue (in_queue: the story ids the
    queue's tasks carry; None when the queue couldn't be read, then LOST_AFTER is the bound). Stories whose runs
    never finished STORYDESK_SCREENING_MAX_ATTEMPTS times are parked for a person instead."""
    now = now or timezone.now()
    limit = settings.STORYDESK_SCREENING_MAX_ATTEMPTS
    free = Q(screening_lease_until__isnull=True) | Q(screening_lease_until__lte=now)
    waiting = Story.objects.filter(free, status__in=WAITING)
    parked = [pk for pk in waiting.filter(status=Status.SCREENING, screening_attempts__gte=limit)
              .values_list("pk", flat=True) if park_screening(pk, now=now)]
    waiting = waiting.filter(screening_attempts__lt=limit)
    not_queued_since = Q(screening_queued_at__isnull=True) | Q(screening_queued_at__lte=F("screening_lease_until"))
    lapsed = set(waiting.filter(not_queued_since, screening_lease_until__lte=now).values_list("pk", flat=True))
    cut = now - (LOST_AFTER if in_queue is None else QUEUE_GRACE)
    unheld = set(waiting.filter(queued_before(cut)).values_list("pk", flat=True)) - (in_queue or set())
    requeue = sorted(lapsed | unheld)
    for start in range(0, len(requeue), 500):
        Story.objects.filter(pk__in=requeue[start:start + 500]).update(screening_queued_at=now)
    return Reconciled(requeue, parked)


def queued_before(cut: dt.datetime) -> Q:
    """Stories last queued for screening before `cut` (never queued: that arrived before it)."""
    return Q(screening_queued_at__lt=cut) | Q(screening_queued_at__isnull=True, status_changed_at__lt=cut)


def stuck_in_screening(now: dt.datetime | None = None):
    """Stories still waiting for screening STUCK_AFTER after they were last queued: the worker is down, or
    far behind. The reconciler queues lost runs again, so one waiting this long is for a person to look at."""
    cut = (now or timezone.now()) - STUCK_AFTER
    return Story.objects.filter(queued_before(cut), status__in=WAITING).order_by("screening_queued_at", "pk")


def park_screening(story_id: int, *, now: dt.datetime | None = None) -> bool:
    """Park a story whose screening runs kept dying (no run holds it) as errored, with words for a person."""
    now = now or timezone.now()
    limit = settings.STORYDESK_SCREENING_MAX_ATTEMPTS
    with transaction.atomic():
        locked = (Story.objects.select_for_update()
                  .filter(Q(screening_lease_until__isnull=True) | Q(screening_lease_until__lte=now),
                          pk=story_id, status=Status.SCREENING, screening_attempts__gte=limit).first())
        if locked is None:
            return False
        last = f" The last one said: {locked.error}" if locked.error else ""
        locked.error = (f"Screening was started {locked.screening_attempts} times and never finished: the worker "
                        f"stopped or failed each time (a photo too big for its memory, say), so it is not retried "
                        f"by itself.{last} Look at the story's photos and answer; `storydesk screen --story "
                        f"{locked.pk}` tries again.")
        before = lifecycle.move(locked, "screening_parked")
        locked.screening_lease_owner, locked.screening_lease_until = "", None
        locked.save(update_fields=["status", "error", "status_changed_at", "updated_at", "screening_lease_owner",
                                   "screening_lease_until"])
        audit("screening.parked", actor=Actor.system(), story=locked, before=before, after=locked.status,
              attempts=locked.screening_attempts, error=locked.error)
    return True
