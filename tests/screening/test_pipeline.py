"""The screening frame: verdicts per step, where the story goes next, crashes parked, stuck work re-queued."""
import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.screening import screen_story
from storydesk.cli.worker import load_screening_models
from storydesk.models import AuditEvent, Status, Story, Verdict
from storydesk.screening import pipeline
from storydesk.screening.ml import detector, ocr
from storydesk.screening.pipeline import PIPELINE, Row
from storydesk.screening.result import StepResult
from storydesk.tasks import reconcile_stuck_work
from tests.fixtures.waiting import wait_for
from tests.stories import make_story


class _Step:
    def __init__(self, name, outcome="pass", error=None):
        self.name, self.outcome, self.error = name, outcome, error

    def check(self, ctx):
        if self.error:
            raise self.error
        return StepResult(self.outcome, 0.5, {"seen": ctx.story.pk})


def test_a_clean_story_goes_to_review_with_one_verdict_per_step(campaign):
    story = make_story(campaign)
    screened = screen_story(story.pk)
    assert screened.status == Status.IN_REVIEW
    steps = list(Verdict.objects.filter(story=story).values_list("step", flat=True))
    assert steps == [row.step.name for row in PIPELINE]
    verdict = Verdict.objects.get(story=story, step="image_integrity")
    assert verdict.outcome == "pass"
    assert verdict.evidence["photos"][0]["width"] == 600
    assert verdict.duration_ms >= 0


def test_a_reject_step_failing_rejects_but_every_step_still_runs(campaign):
    story = make_story(campaign)
    table = (Row(_Step("a", "fail"), on_fail="reject"), Row(_Step("b", "flag"), on_fail="hold"))
    assert screen_story(story.pk, pipeline=table).status == Status.REJECTED
    assert list(Verdict.objects.filter(story=story).values_list("step", "outcome")) == [("a", "fail"), ("b", "flag")]


def test_a_flag_holds_for_review(campaign):
    story = make_story(campaign)
    table = (Row(_Step("a"), on_fail="reject"), Row(_Step("b", "fail"), on_fail="hold"))
    assert screen_story(story.pk, pipeline=table).status == Status.IN_REVIEW
    event = AuditEvent.objects.get(story=story, verb="screening.finished")
    assert event.data["flags"] == ["b"]


def test_a_crashing_step_parks_the_story_as_errored_and_it_can_be_rerun(campaign):
    story = make_story(campaign)
    table = (Row(_Step("boom", error=RuntimeError("model file missing")), on_fail="hold"), Row(_Step("after"), "hold"))
    parked = screen_story(story.pk, pipeline=table)
    assert parked.status == Status.ERRORED
    assert "model file missing" in parked.error
    assert Verdict.objects.get(story=story, step="boom").outcome == "fail"
    assert Verdict.objects.get(story=story, step="after").outcome == "pass"  # the batch went on
    rerun = screen_story(story.pk)  # fixed: the real pipeline runs again and replaces the verdicts
    assert rerun.status == Status.IN_REVIEW and rerun.error == ""
    assert list(Verdict.objects.filter(story=story).values_list("step", flat=True)) == [r.step.name for r in PIPELINE]
    previous = AuditEvent.objects.filter(story=story, verb="screening.finished").order_by("id").last()
    assert {v["step"] for v in previous.data["previous_verdicts"]} == {"boom", "after"}


def test_a_missing_original_fails_integrity_and_rejects(campaign):
    story = make_story(campaign)
    photo = story.lead_photo
    photo.original.storage.delete(photo.original.name)
    screened = screen_story(story.pk)
    assert screened.status == Status.REJECTED
    assert "missing" in Verdict.objects.get(story=story, step="image_integrity").evidence["problem"]


def test_running_twice_is_harmless(campaign):
    story = make_story(campaign)
    screen_story(story.pk)
    assert screen_story(story.pk) is None  # already screened: nothing to do
    assert Verdict.objects.filter(story=story).count() == len(PIPELINE)


def test_a_story_withdrawn_during_screening_stays_withdrawn(campaign, monkeypatch):
    story = make_story(campaign)

    class _WithdrawMidway:
        name = "midway"

        def check(self, ctx):
            withdraw_story(Story.objects.get(pk=ctx.story.pk), actor=Actor.contributor(), via="test")
            return StepResult("pass")

    result = screen_story(story.pk, pipeline=(Row(_WithdrawMidway(), "hold"),))
    assert result.status == Status.WITHDRAWN
    assert not Verdict.objects.filter(story=story).exists()


def test_the_pipeline_table_starts_with_image_integrity():
    assert PIPELINE[0].step.name == "image_integrity" and PIPELINE[0].on_fail == "reject"


@pytest.mark.queue
def test_the_reconciler_requeues_a_lapsed_lease_to_the_real_worker(campaign, queue_consumer):
    stuck = make_story(campaign, n=1)
    wait_for(lambda: Story.objects.get(pk=stuck.pk).status == Status.IN_REVIEW)
    recent = make_story(campaign, n=2)
    wait_for(lambda: Story.objects.get(pk=recent.pk).status == Status.IN_REVIEW)
    # Pretend a worker took it eleven minutes ago and died: its lease lapsed a minute ago. Another's still runs.
    now = timezone.now()
    Story.objects.filter(pk=stuck.pk).update(status=Status.SCREENING, screening_lease_owner="dead",
                                             screening_queued_at=now - dt.timedelta(minutes=12),
                                             screening_lease_until=now - dt.timedelta(minutes=1), screening_attempts=1)
    Story.objects.filter(pk=recent.pk).update(status=Status.SCREENING, screening_lease_owner="alive",
                                              screening_lease_until=now + dt.timedelta(minutes=9), screening_attempts=1)
    assert reconcile_stuck_work.call_local() == 1
    wait_for(lambda: Story.objects.get(pk=stuck.pk).status == Status.IN_REVIEW)
    assert Story.objects.get(pk=recent.pk).status == Status.SCREENING  # still held: left alone
    assert AuditEvent.objects.filter(story=stuck, verb="screening.resumed", data__attempt=2).exists()


def test_a_worker_loads_the_models_of_the_campaigns_steps_at_start(campaign):
    text_only = dataclasses.replace(campaign.spec, screening=(("image_integrity", "reject"), ("text_check", "hold")))
    assert pipeline.load_models(text_only) == ["text_check"]  # only what the campaign's steps need

    assert pipeline.load_models(campaign.spec) == [
        "sign_check", "person_check", "nudity_check", "text_check", "duplicate_check", "theme_tagging"]
    ocr.reader.cache_clear(), detector.detector.cache_clear()
    load_screening_models()  # the worker's start-up hook, on the default campaign
    assert ocr.reader.cache_info().currsize == 1 and detector.detector.cache_info().currsize == 1
