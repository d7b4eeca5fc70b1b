"""The story's lifecycle table (actions/lifecycle.py): every move it allows is made by the action it names, and
leaves an audit trail; a move it doesn't list is refused with words for the desk and changes nothing."""
import ast
from pathlib import Path

import pytest
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.completion import complete_story
from storydesk.actions.decisions import RULES, decide
from storydesk.actions.guards import Refused
from storydesk.actions.intake import IncomingPhoto, IncomingStory, receive_story
from storydesk.actions.lifecycle import ALLOWED, MOVES, OPEN, InvalidTransition, move, withdraw_story
from storydesk.actions.merge import merge_stories
from storydesk.actions.screening import begin_screening, finish_screening, park_screening
from storydesk.models import AuditEvent, Status, Story
from storydesk.models.story import FINAL
from storydesk.screening.pipeline import StepRun
from storydesk.screening.result import StepResult
from tests.stories import approved, make_story, reviewed
from tests.support.samples import photos

S = Status
SYSTEM = Actor.system()
ROOT = Path(__file__).resolve().parents[2] / "storydesk"


# Putting a story in each state, through the actions that put stories there.

def _no_photo(campaign, n):
    incoming = IncomingStory(channel="email", source_key=f"words-only-{n}", answer="Words without their photo yet.",
                             photos=(), first_name="Ama", email=f"ama{n}@example.org", country="GH")
    return receive_story(incoming, campaign=campaign, actor=SYSTEM).story


def _screened(story, *runs):
    leased = begin_screening(story.pk, actor=SYSTEM)
    finish_screening(leased, list(runs), rejecting_steps={"image_integrity"}, actor=SYSTEM)
    story.refresh_from_db()
    return story


CRASH = StepRun("sign_check", StepResult("fail", None, {"error": "RuntimeError: model file missing"}), 1, crashed=True)
FAIL = StepRun("image_integrity", StepResult("fail", 0.0, {"problem": "unreadable"}), 1)


def _rejected(story):
    decide(reviewed(story).pk, "reject", actor=SYSTEM, seen_version=None, reason="no_sign")
    story.refresh_from_db()
    return story


MAKERS = {
    S.RECEIVED: lambda c, n: make_story(c, n=n),
    S.SCREENING: lambda c, n: begin_screening(make_story(c, n=n).pk, actor=SYSTEM),
    S.IN_REVIEW: lambda c, n: reviewed(make_story(c, n=n)),
    S.APPROVED: lambda c, n: approved(make_story(c, n=n)),
    S.REJECTED: lambda c, n: _rejected(make_story(c, n=n)),
    S.NEEDS_INFO: _no_photo,
    S.ERRORED: lambda c, n: _screened(make_story(c, n=n), CRASH),
}


def _photo_mail(story, n):
    data = photos.jpeg_bytes(photos.person_with_sign("coffee", size=(600, 800)))
    return IncomingStory(channel="email", source_key=f"later-{n}", answer="", photos=(IncomingPhoto(data, "b.jpg"),),
                         email=story.contributor.email)


def _answer_after_photo(story, n):
    """An e-mail story waiting for its answer: its photo came without words (and stays waiting), then the words."""
    Story.objects.filter(pk=story.pk).update(answer="")
    photo_only = _photo_mail(story, n)
    complete_story(story, IncomingStory(**{**photo_only.__dict__, "answer_expected": True}), actor=SYSTEM)
    assert Story.objects.get(pk=story.pk).status == S.NEEDS_INFO
    words = IncomingStory(channel="email", source_key=f"words-{n}", answer="Because my sisters deserve it.",
                          photos=(), email=story.contributor.email, answer_expected=True)
    complete_story(story, words, actor=SYSTEM)


def _park(story, campaign, n, settings):
    Story.objects.filter(pk=story.pk).update(screening_attempts=settings.STORYDESK_SCREENING_MAX_ATTEMPTS,
                                             screening_lease_until=timezone.now())
    park_screening(story.pk)


# The action that makes each move, given a story in one of its sources.
ACTIONS = {
    "begin_screening": lambda story, c, n, s: begin_screening(story.pk, actor=Actor.cli()),
    "screening_passed": lambda story, c, n, s: finish_screening(story, [], rejecting_steps=set(), actor=SYSTEM),
    "screening_rejected": lambda story, c, n, s: finish_screening(story, [FAIL], rejecting_steps={FAIL.step},
                                                                  actor=SYSTEM),
    "screening_crashed": lambda story, c, n, s: finish_screening(story, [CRASH], rejecting_steps=set(), actor=SYSTEM),
    "screening_parked": lambda story, c, n, s: _park(story, c, n, s),
    "approve": lambda story, c, n, s: decide(story.pk, "approve", actor=SYSTEM, seen_version=None),
    "reject": lambda story, c, n, s: decide(story.pk, "reject", actor=SYSTEM, seen_version=None, reason="no_sign"),
    "needs_info": lambda story, c, n, s: decide(story.pk, "needs_info", actor=SYSTEM, seen_version=None,
                                                request="sign"),
    "reopen": lambda story, c, n, s: decide(story.pk, "reopen", actor=SYSTEM, seen_version=None),
    "photo_arrived": lambda story, c, n, s: complete_story(story, _photo_mail(story, n), actor=SYSTEM),
    "answer_arrived": lambda story, c, n, s: _answer_after_photo(story, n),
    "material_arrived": lambda story, c, n, s: complete_story(story, _photo_mail(story, n), actor=SYSTEM),
    "info_given": lambda story, c, n, s: complete_story(story, _photo_mail(story, n), actor=Actor.contributor(),
                                                        answers_desk="sign"),
    "merged_photo_arrived": lambda story, c, n, s: merge_stories(story.pk, make_story(c, n=n + 500).pk,
                                                                 actor=SYSTEM),
    "withdraw": lambda story, c, n, s: withdraw_story(story, actor=Actor.contributor(), via="test"),
    "merge": lambda story, c, n, s: merge_stories(make_story(c, n=n + 500).pk, story.pk, actor=SYSTEM),
}

EVERY_MOVE = sorted((name, source) for name, rule in MOVES.items() for source in rule.sources)


def test_every_move_has_an_action_and_every_state_a_way_in_or_out():
    assert set(ACTIONS) == set(MOVES)
    assert {to for _, to in ALLOWED} | {S.RECEIVED, S.NEEDS_INFO} == set(Status)  # the rest arrive by intake
    assert {source for source, _ in ALLOWED} == set(OPEN)
    for final in FINAL:
        assert not any(source == final for source, _ in ALLOWED)
    for name, rule in MOVES.items():  # the action named in the table is where a reader finds it
        module, function = rule.by.rsplit(".", 1)
        source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
        assert f"def {function}(" in source and f'"{name}"' in source, rule.by


@pytest.mark.parametrize("name,source", EVERY_MOVE)
def test_each_allowed_move_is_made_by_its_action_and_audited(campaign, settings, name, source):
    story = MAKERS[source](campaign, 1)
    assert story.status == source
    ACTIONS[name](story, campaign, 1, settings)
    story.refresh_from_db()
    assert story.status == MOVES[name].to
    if name == "merged_photo_arrived":  # the kept story's trail says what merged into it (story.merged_in)
        assert AuditEvent.objects.filter(story=story, verb="story.merged_in").exists()
        return
    event = AuditEvent.objects.filter(story=story, data__after=MOVES[name].to).order_by("-id").first()
    assert event is not None and event.data["before"] == source


@pytest.mark.parametrize("start,name", [
    (S.REJECTED, "approve"),        # a rejection is reopened first, then decided again
    (S.APPROVED, "reject"),
    (S.APPROVED, "needs_info"),
    (S.NEEDS_INFO, "approve"),      # the contributor's answer goes through screening first
    (S.RECEIVED, "approve"),        # nothing skips screening and review
    (S.IN_REVIEW, "reopen"),
])
def test_a_decision_the_table_doesnt_allow_is_refused_and_changes_nothing(campaign, start, name):
    story = MAKERS[start](campaign, 2)
    with pytest.raises(Refused):
        decide(story.pk, name, actor=SYSTEM, seen_version=None, reason="no_sign", request="sign")
    story.refresh_from_db()
    assert story.status == start


@pytest.mark.parametrize("start,name", [
    (S.REJECTED, "approve"), (S.APPROVED, "reject"), (S.RECEIVED, "screening_passed"),
    (S.ERRORED, "screening_passed"), (S.IN_REVIEW, "begin_screening"), (S.WITHDRAWN, "reopen"),
    (S.WITHDRAWN, "begin_screening"), (S.MERGED, "withdraw"), (S.MERGED, "approve"), (S.APPROVED, "photo_arrived"),
])
def test_the_table_refuses_moves_no_action_makes(start, name):
    story = Story(pk=7, status=start)
    with pytest.raises(InvalidTransition) as refused:
        move(story, name)
    assert story.status == start
    assert isinstance(refused.value, Refused)  # the desk shows it like any refusal
    assert str(refused.value).startswith(f"Story 7 is {Status(start).label.lower()}: it can't become")


def test_moves_no_action_makes_are_not_in_the_table():
    for pair in [(S.REJECTED, S.APPROVED), (S.APPROVED, S.REJECTED), (S.NEEDS_INFO, S.IN_REVIEW),
                 (S.NEEDS_INFO, S.SCREENING), (S.RECEIVED, S.APPROVED), (S.SCREENING, S.APPROVED),
                 (S.ERRORED, S.IN_REVIEW), (S.REJECTED, S.SCREENING), (S.RECEIVED, S.NEEDS_INFO)]:
        assert pair not in ALLOWED, pair


def test_decisions_take_their_states_from_the_table():
    for action, rule in RULES.items():
        assert (rule.sources, rule.to) == (MOVES[rule.move].sources, MOVES[rule.move].to), action


def test_withdrawn_is_final_and_ends_every_consent(campaign):
    story = make_story(campaign, consents={"website": True, "instagram": True})
    withdraw_story(story, actor=Actor.contributor(), via="test")
    assert story.status == S.WITHDRAWN
    assert {c.state for c in story.consents.all()} == {"withdrawn"}
    assert all(c.withdrawn_at for c in story.consents.all())
    assert begin_screening(story.pk, actor=Actor.cli()) is None
    # Withdrawing twice is harmless and records nothing new.
    withdraw_story(story, actor=Actor.contributor(), via="test")
    assert AuditEvent.objects.filter(story=story, verb="story.withdrawn").count() == 1


def _status_writes(tree: ast.AST):
    """Lines that set a story's status outside the table: `x.status = …` and `.update(status=…)`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in (target.elts if isinstance(target, ast.Tuple)
                                                               else [target])]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                yield node.lineno
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
                and any(k.arg == "status" for k in node.keywords)):
            yield node.lineno


def test_only_the_lifecycle_table_sets_a_story_status():
    # Benchmark data generators set up throwaway desks directly; migrations describe old schemas.
    skipped = {"migrations", "bench"}
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if skipped & set(path.relative_to(ROOT).parts[:1]) or path == ROOT / "actions" / "lifecycle.py":
            continue
        text = path.read_text()
        if "Story" in text or "Status" in text:  # other things have a status too (an HTTP error's)
            found += [f"{path.relative_to(ROOT)}:{line}" for line in _status_writes(ast.parse(text))]
    assert found == []
