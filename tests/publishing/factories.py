"""Approved stories for publishing tests: made through intake like any story, then approved with the
screening evidence (sign and face boxes) the planner and the renderer read."""
from __future__ import annotations

import itertools
import secrets

from django.utils import timezone

from storydesk.actions.photo_copies import make_missing_copies
from storydesk.actions.themes import store_themes
from storydesk.models import Consent, Contributor, Status, Story, Submission, Verdict
from tests.stories import make_story

_numbers = itertools.count(1)


def approved_story(campaign, *, country: str = "GH", consents=None, channel: str = "web",
                   sign_box=(200, 420, 400, 500), face_boxes=((250, 120, 350, 240),), waited_days: float = 0,
                   themes=(), photo_bytes: bytes | None = None, email: str | None = None, display_name=None,
                   public_caption=None, **fields) -> Story:
    n = next(_numbers)
    story = make_story(campaign, n=n, channel=channel, country=country, photo_bytes=photo_bytes,
                       consents=consents if consents is not None else {"website": True, "instagram": True},
                       email=email or f"person{n}@example.org", **fields)
    make_missing_copies(story)  # as screening's start does in the worker
    changed = timezone.now() - timezone.timedelta(days=waited_days)
    story.status, story.status_changed_at = Status.APPROVED, changed
    story.public_caption = public_caption if public_caption is not None else f"I stand with her, story {n}."
    if display_name is not None:
        story.display_name = display_name
    store_themes(story, [{"name": t, "score": 0.5} for t in themes])
    story.save()
    if sign_box is not None:
        Verdict.objects.create(story=story, step="sign_check", position=1, outcome="pass", score=0.9,
                               evidence={"found": True, "text": "#HeForShe", "confidence": 0.9,
                                         "box": list(sign_box)})
    else:
        Verdict.objects.create(story=story, step="sign_check", position=1, outcome="flag", score=0.0,
                               evidence={"found": False, "box": None, "problem": "no sign read"})
    faces = [{"box": list(b), "score": 0.8, "class": "FACE_MALE"} for b in face_boxes]
    Verdict.objects.create(story=story, step="person_check", position=2, outcome="pass" if faces else "flag",
                           score=0.8 if faces else 0.0, evidence={"faces": faces, "threshold": 0.5})
    story.refresh_from_db()
    return story


def bare_story(campaign, *, contributor=None, status=Status.APPROVED, instagram: str | None = "given",
               website: str | None = "given", country: str = "GH", channel: str = "web", waited_days: float = 1,
               themes=()) -> Story:
    """A story written straight to the database, without a photo: fast, for the planner's many stories.

    instagram / website: "given", "not_given", "withdrawn", or None for no consent row."""
    n = next(_numbers)
    now = timezone.now()
    contributor = contributor or Contributor.objects.create(campaign=campaign, email=f"c{n}@example.org",
                                                            first_name=f"P{n}", country=country)
    story = Story.objects.create(campaign=campaign, contributor=contributor, status=status,
                                 status_changed_at=now, answer=f"Because equality matters, story {n}.",
                                 public_caption=f"Because equality matters, story {n}.", display_name=f"P{n}",
                                 country=country, status_token=secrets.token_urlsafe(24))
    Story.objects.filter(pk=story.pk).update(created_at=now - timezone.timedelta(days=waited_days))
    Submission.objects.create(campaign=campaign, story=story, channel=channel, source_key=f"bare-{n}",
                              received_at=now)
    for scope, state in (("instagram", instagram), ("website", website)):
        if state is not None:
            Consent.objects.create(story=story, scope=scope, channel="test",
                                   given_at=now if state in ("given", "withdrawn") else None,
                                   withdrawn_at=now if state == "withdrawn" else None)
    if themes:
        store_themes(story, [{"name": t, "score": 0.5} for t in themes])
        story.save()
    story.refresh_from_db()
    return story
