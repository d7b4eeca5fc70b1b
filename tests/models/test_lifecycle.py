"""The story's state machine: allowed moves happen and are audited; others raise."""
import pytest

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import move_story, withdraw_story
from storydesk.models import AuditEvent, InvalidTransition, Status
from storydesk.models.story import TRANSITIONS
from tests.stories import make_story

S = Status


def test_every_state_but_the_final_ones_can_be_withdrawn_or_merged():
    for state in Status:
        final = state in (S.WITHDRAWN, S.MERGED)
        assert (S.WITHDRAWN in TRANSITIONS[state]) == (not final)
        assert (S.MERGED in TRANSITIONS[state]) == (not final)
    assert TRANSITIONS[S.WITHDRAWN] == TRANSITIONS[S.MERGED] == frozenset()


@pytest.mark.parametrize("path", [
    [S.SCREENING, S.IN_REVIEW, S.APPROVED],
    [S.SCREENING, S.IN_REVIEW, S.REJECTED, S.IN_REVIEW, S.NEEDS_INFO, S.SCREENING, S.ERRORED, S.SCREENING],
    [S.SCREENING, S.REJECTED, S.APPROVED, S.REJECTED],
])
def test_allowed_paths_move_and_leave_an_audit_trail(campaign, path):
    story = make_story(campaign)
    for step in path:
        before = story.status
        move_story(story, step, actor=Actor.system())
        assert story.status == step
        event = AuditEvent.objects.filter(story=story, verb="story.moved").first()
        assert (event.data["before"], event.data["after"]) == (before, step)


@pytest.mark.parametrize("start_path,wanted", [
    ([], S.APPROVED),                       # received → approved skips screening and review
    ([], S.IN_REVIEW),
    ([S.SCREENING], S.APPROVED),            # screening never approves: humans do
    ([S.SCREENING, S.ERRORED], S.IN_REVIEW),
    ([S.SCREENING, S.IN_REVIEW, S.APPROVED], S.NEEDS_INFO),
])
def test_invalid_moves_raise_and_change_nothing(campaign, start_path, wanted):
    story = make_story(campaign)
    for step in start_path:
        move_story(story, step, actor=Actor.system())
    before = story.status
    with pytest.raises(InvalidTransition):
        move_story(story, wanted, actor=Actor.system())
    story.refresh_from_db()
    assert story.status == before


def test_withdrawn_is_final_and_ends_every_consent(campaign):
    story = make_story(campaign, consents={"website": True, "instagram": True})
    withdraw_story(story, actor=Actor.contributor(), via="test")
    assert story.status == S.WITHDRAWN
    assert {c.state for c in story.consents.all()} == {"withdrawn"}
    assert all(c.withdrawn_at for c in story.consents.all())
    for wanted in (S.SCREENING, S.IN_REVIEW, S.APPROVED):
        with pytest.raises(InvalidTransition):
            move_story(story, wanted, actor=Actor.system())
    # Withdrawing twice is harmless and records nothing new.
    withdraw_story(story, actor=Actor.contributor(), via="test")
    assert AuditEvent.objects.filter(story=story, verb="story.withdrawn").count() == 1
