"""The moderators' digest: stories waiting longer than the setting are mailed to whoever may decide them,
once per wait (not every run), and a digest that couldn't be sent is sent by a later run."""
import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.actions.digest import run_digest
from storydesk.models import AuditEvent, ModeratorDigest, Story
from storydesk.tasks import moderator_digest

pytestmark = pytest.mark.clock


def waited(story, hours: float):
    Story.objects.filter(pk=story.pk).update(status_changed_at=timezone.now() - dt.timedelta(hours=hours))


@pytest.fixture
def moderators(staff_user, settings):
    settings.STORYDESK_DIGEST_AFTER_HOURS = 24
    staff_user("moderator", username="mo").__class__.objects.filter(username="mo").update(email="mo@desk.example")
    staff_user("viewer", username="vera").__class__.objects.filter(username="vera").update(email="vera@desk.example")
    staff_user("manager", username="mana").__class__.objects.filter(username="mana").update(email="mana@desk.example")


def run():
    return run_digest(actor=Actor.system())


def test_each_story_is_told_once_per_wait(moderators, in_review):
    old, fresh = in_review(n=1), in_review(n=2)
    waited(old, 30)
    waited(fresh, 2)
    assert run() == 1
    [digest] = mail.outbox
    assert sorted(digest.to) == ["mana@desk.example", "mo@desk.example"]  # viewers can't decide: not told
    assert digest.subject == "1 story has waited over 24 hours for a decision"
    assert f"/desk/stories/{old.pk}/" in digest.body and f"/desk/stories/{fresh.pk}/" not in digest.body
    assert "2 stories are in review in all." in digest.body

    assert run() == 0 and len(mail.outbox) == 1  # the next run: nothing new, nothing sent
    waited(fresh, 25)
    assert run() == 1
    assert f"/desk/stories/{fresh.pk}/" in mail.outbox[1].body and f"/desk/stories/{old.pk}/" not in mail.outbox[1].body
    assert AuditEvent.objects.filter(verb="digest.sent").count() == 2


def test_a_story_that_leaves_review_and_comes_back_waits_anew(moderators, in_review):
    story = in_review()
    waited(story, 80)
    run()
    # Two days later it is approved, then reopened: a new wait starts.
    Story.objects.filter(pk=story.pk).update(overdue_notified_at=timezone.now() - dt.timedelta(hours=50))
    decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    decide(story.pk, "reopen", actor=Actor.system(), seen_version=None)
    assert run() == 0  # back in review just now: not overdue yet
    waited(story, 26)  # …and now this new wait passed the threshold too
    assert run() == 1 and len(mail.outbox) == 2


def test_a_digest_that_could_not_be_sent_is_sent_later(moderators, in_review):
    waited(in_review(), 30)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        assert run() == 0
    digest = ModeratorDigest.objects.get()
    assert digest.sent_at is None and "smtp down" in digest.last_error and digest.attempts == 1
    assert run() == 1  # the same digest, not a new one
    assert ModeratorDigest.objects.count() == 1 and ModeratorDigest.objects.get().sent_at is not None
    assert len(mail.outbox) == 1


def test_no_digest_without_anyone_to_tell_or_when_turned_off(db, settings, in_review):
    settings.STORYDESK_DIGEST_AFTER_HOURS = 24
    story = in_review()
    waited(story, 30)
    assert run() == 0 and not ModeratorDigest.objects.exists()
    settings.STORYDESK_DIGEST_AFTER_HOURS = 0
    assert run() == 0 and not ModeratorDigest.objects.exists()
    assert Story.objects.get(pk=story.pk).overdue_notified_at is None  # still news for when someone can be told


def test_the_digest_runs_as_a_periodic_task(moderators, in_review):
    assert "moderator_digest" in {task.__name__ for task in HUEY._registry._periodic_tasks}
    waited(in_review(), 30)
    assert moderator_digest.call_local() == 1 and len(mail.outbox) == 1
