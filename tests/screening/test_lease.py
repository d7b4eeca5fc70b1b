"""Screening's lease: one run at a time per story, a lost run found again by the reconciler (never a backlog that is
only waiting its turn), and a story whose runs keep dying parked for a person."""
import datetime as dt
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.screening import (
    LOST_AFTER,
    begin_screening,
    finish_screening,
    reconcile_screening,
    screen_story,
)
from storydesk.models import AuditEvent, Status, Story
from storydesk.screening import pipeline
from storydesk.screening.pipeline import Row
from storydesk.screening.result import StepResult
from storydesk.tasks import screen_story_task
from tests.fixtures.waiting import wait_for
from tests.stories import make_story

SYSTEM = Actor.system()


class _Slow:
    """A step that takes a while and counts its runs (threads of one process share it)."""

    name = "slow"

    def __init__(self, seconds=0.0):
        self.seconds, self.runs, self.lock = seconds, [], threading.Lock()

    def check(self, ctx):
        with self.lock:
            self.runs.append(ctx.story.pk)
        time.sleep(self.seconds)
        return StepResult("pass")


def _finished(story) -> int:
    return AuditEvent.objects.filter(story=story, verb="screening.finished").count()


def test_a_second_run_while_the_first_holds_the_story_exits_quietly(campaign):
    story = make_story(campaign)
    inner = []

    class _Duplicate:
        name = "duplicate"

        def check(self, ctx):
            inner.append(screen_story(ctx.story.pk))  # the same task, delivered twice, arrives meanwhile
            return StepResult("pass")

    screened = screen_story(story.pk, pipeline=(Row(_Duplicate(), "hold"),))
    assert inner == [None]
    assert screened.status == Status.IN_REVIEW and _finished(story) == 1
    assert screened.screening_lease_owner == "" and screened.screening_attempts == 0
    assert begin_screening(story.pk, actor=SYSTEM) is None  # screened: nothing to do


@pytest.mark.queue
def test_two_tasks_for_one_story_on_two_workers_screen_it_once(campaign, queue_consumer, monkeypatch):
    slow = _Slow(seconds=1.0)
    monkeypatch.setattr(pipeline, "pipeline_for", lambda spec: (Row(slow, "hold"),))
    story = make_story(campaign)  # not committed in a transactional test until now: its own task is queued too
    wait_for(lambda: slow.runs)
    screen_story_task(story.pk)
    screen_story_task(story.pk)
    wait_for(lambda: Story.objects.get(pk=story.pk).status == Status.IN_REVIEW)
    time.sleep(1.5)  # give the duplicates every chance to run
    assert slow.runs == [story.pk] and _finished(story) == 1


def test_the_reconciler_leaves_a_backlog_waiting_in_the_queue_alone(campaign, clock):
    waiting = [make_story(campaign, n=i) for i in range(3)]
    ids = {s.pk for s in waiting}
    clock.shift(dt.timedelta(hours=1))
    assert reconcile_screening(in_queue=ids).requeue == []  # an hour in a long queue: still its turn to come
    lost = reconcile_screening(in_queue=ids - {waiting[0].pk})  # this one's task is gone (the queue was flushed)
    assert lost.requeue == [waiting[0].pk]
    assert reconcile_screening(in_queue=ids - {waiting[0].pk}).requeue == []  # queued again just now
    # A queue too long to read: only a story queued longer ago than LOST_AFTER is taken for lost.
    assert reconcile_screening(in_queue=None).requeue == []
    clock.shift(LOST_AFTER)
    assert reconcile_screening(in_queue=None).requeue == sorted(ids)


def _die(story_id) -> Story:
    """A worker takes the story, then dies: its lease is left to lapse."""
    taken = begin_screening(story_id, actor=SYSTEM)
    assert taken is not None and taken.status == Status.SCREENING
    return taken


def test_a_lapsed_lease_is_found_once_and_the_next_run_takes_it_over(campaign, clock, settings):
    story = make_story(campaign)
    dead = _die(story.pk)
    assert reconcile_screening(in_queue=set()).requeue == []  # the lease still runs
    assert begin_screening(story.pk, actor=SYSTEM) is None  # so does a duplicate task: it exits quietly
    clock.shift(dt.timedelta(minutes=settings.STORYDESK_SCREENING_LEASE_MINUTES, seconds=1))
    assert reconcile_screening(in_queue={story.pk}).requeue == [story.pk]  # even with a task queued: it lapsed
    assert reconcile_screening(in_queue={story.pk}).requeue == []  # queued since: not again
    resumed = screen_story(story.pk)
    assert resumed.status == Status.IN_REVIEW
    assert finish_screening(dead, [], rejecting_steps=set(), actor=SYSTEM).status == Status.IN_REVIEW
    assert _finished(story) == 1  # the dead run's late finish wrote nothing


def test_a_story_that_kills_its_worker_three_times_is_parked_for_a_person(campaign, clock, settings, client,
                                                                           staff_user):
    assert settings.STORYDESK_SCREENING_MAX_ATTEMPTS == 3
    story = make_story(campaign)
    lease = dt.timedelta(minutes=settings.STORYDESK_SCREENING_LEASE_MINUTES, seconds=1)
    for attempt in (1, 2, 3):
        assert _die(story.pk).screening_attempts == attempt
        clock.shift(lease)
        found = reconcile_screening(in_queue=set())
        if attempt < 3:
            assert (found.requeue, found.parked) == ([story.pk], [])
        else:
            assert (found.requeue, found.parked) == ([], [story.pk])
    story.refresh_from_db()
    assert story.status == Status.ERRORED
    assert story.error.startswith("Screening was started 3 times and never finished")
    assert f"storydesk screen --story {story.pk}" in story.error
    event = AuditEvent.objects.get(story=story, verb="screening.parked")
    assert (event.data["before"], event.data["after"], event.data["attempts"]) == ("screening", "errored", 3)
    assert reconcile_screening(in_queue=set()).requeue == []  # never retried by itself
    assert begin_screening(story.pk, actor=SYSTEM) is None  # nor by a stray task
    client.force_login(staff_user("viewer"))
    page = client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Screening error: Screening was started 3 times" in page
    # A person tries again: a fresh count.
    again = begin_screening(story.pk, actor=Actor.cli())
    assert again.status == Status.SCREENING and again.screening_attempts == 1 and again.error == ""


def test_runs_that_fail_outside_the_steps_let_go_at_once_and_are_parked_with_the_last_error(campaign, settings,
                                                                                            monkeypatch):
    settings.STORYDESK_SCREENING_MAX_ATTEMPTS = 2
    story = make_story(campaign)

    def broken(spec):
        raise RuntimeError("campaign table unreadable")

    monkeypatch.setattr(pipeline, "pipeline_for", broken)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            screen_story(story.pk)
        story.refresh_from_db()
        assert story.screening_lease_owner == "" and story.screening_lease_until is None  # a retry may run now
    assert screen_story(story.pk) is None  # two runs used: the queue leaves it
    found = reconcile_screening(in_queue=set(), now=timezone.now())
    assert found.parked == [story.pk]
    story.refresh_from_db()
    assert story.status == Status.ERRORED and "RuntimeError: campaign table unreadable" in story.error
