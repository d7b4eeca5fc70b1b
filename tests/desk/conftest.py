"""Desk fixtures: stories screened with chosen verdicts (through the real screening actions, without running
the models), and clients logged in with each role."""
from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse

from storydesk.actions.base import Actor
from storydesk.actions.screening import begin_screening, finish_screening
from storydesk.models import Story
from storydesk.screening.pipeline import StepRun
from storydesk.screening.result import StepResult
from tests.stories import make_story

STEPS = ("image_integrity", "sign_check", "person_check", "nudity_check", "text_check", "duplicate_check",
         "theme_tagging")
PASSING = {
    "image_integrity": StepResult("pass", 1.0, {"photos": [{"position": 0, "format": "JPEG", "width": 600,
                                                            "height": 800, "bytes": 40960}]}),
    "sign_check": StepResult("pass", 0.93, {"found": True, "text": "#HeForShe", "confidence": 0.93, "edits": 0,
                                            "box": [120, 400, 420, 480], "read": [], "tag": "#HeForShe"}),
    "person_check": StepResult("pass", 0.81, {"faces": [{"box": [200, 100, 380, 300], "score": 0.81,
                                                         "class": "FACE_MALE"}], "threshold": 0.5}),
    "nudity_check": StepResult("pass", 0.98, {"unsafe": [], "recorded": [], "threshold": 0.5}),
    "text_check": StepResult("pass", 1.0, {"length": 80, "min_chars": 20, "max_chars": 1200, "language": "en",
                                           "confidence": 0.97, "flags": [], "personal_data": [], "spam_signals": []}),
    "duplicate_check": StepResult("pass", 0.0, {"photo_matches": [], "text_matches": [], "duplicate_of": None}),
    "theme_tagging": StepResult("pass", 0.4, {"themes": [{"name": "educating oneself", "score": 0.4}],
                                              "top": "educating oneself", "scores": []}),
}
NO_SIGN = StepResult("flag", 0.0, {"found": False, "text": "", "confidence": 0.0, "box": None,
                                   "read": [{"text": "HELLO", "confidence": 0.9}], "tag": "#HeForShe",
                                   "problem": "no #HeForShe sign read"})


def screen_with(story: Story, **results: StepResult) -> Story:
    """Finish screening the story with these step results (every other step passes)."""
    leased = begin_screening(story.pk, actor=Actor.system())
    runs = [StepRun(step, results.get(step, PASSING[step]), 5) for step in STEPS]
    return finish_screening(leased, runs, rejecting_steps={"image_integrity", "nudity_check"}, actor=Actor.system())


CLAIM_ON_LOAD = re.compile(r'id="claim" hx-post="([^"]+)" hx-trigger="load" hx-vals=\'([^\']+)\'')


def open_story(client, story_id: int, **query) -> str:
    """Open the story page as a browser does: GET it (which writes nothing), then send the claim the page asks
    for once loaded (the htmx POST in _claim.html), when it asks. Returns the page the GET gave."""
    page = client.get(reverse("desk:story", args=[story_id]), query).content.decode()
    asked = CLAIM_ON_LOAD.search(page)
    if asked:
        client.post(html.unescape(asked.group(1)), json.loads(html.unescape(asked.group(2))),
                    HTTP_HX_REQUEST="true", HTTP_HX_TARGET="claim")
    return page


def personal_data_result(answer: str, *pieces: tuple[str, str]) -> StepResult:
    """text_check flagging these (kind, text) pieces of the answer, with their spans."""
    spans = [{"kind": kind, "start": answer.index(text), "end": answer.index(text) + len(text), "text": text}
             for kind, text in pieces]
    return StepResult("flag", 0.5, {**PASSING["text_check"].evidence, "personal_data": spans,
                                    "flags": [f"contains a {kind}" for kind, _ in pieces]})


@pytest.fixture
def in_review(campaign):
    """make a story that screening passed: in_review(n=3, channel="email", **story fields)."""
    def make(n: int = 0, **fields) -> Story:
        results = fields.pop("results", {})
        return screen_with(make_story(campaign, n=n, **fields), **results)

    return make


@pytest.fixture
def login(client, staff_user):
    """log the test client in with a role: login("moderator")."""
    def as_role(role: str, username: str | None = None):
        user = staff_user(role, username=username)
        client.force_login(user)
        return user

    return as_role
