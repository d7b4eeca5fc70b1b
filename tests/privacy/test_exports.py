"""Exports never carry a withdrawn story's personal data, even before the erasure sweep reached it: the
numbers (status, dates, country, consent states) stay."""
import io
import json

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.cli import main
from tests.publishing.factories import approved_story

SECRET = "WITHDRAWN-SECRET-ANSWER"


def _export(capsys, what: str, format: str = "jsonl") -> str:
    assert main(["export", what, "--format", format]) == 0
    return capsys.readouterr().out


def test_no_export_holds_a_withdrawn_storys_personal_data(campaign, capsys):
    gone = approved_story(campaign, answer=f"{SECRET} about my sisters", public_caption=f"{SECRET} in public",
                          email="gone.private@example.org", country="KE")
    kept = approved_story(campaign, answer="KEPT answer about my sisters")
    withdraw_story(gone, actor=Actor.contributor(), via="status page")
    assert gone.erased_at is None  # the sweep hasn't run

    for what in ("stories", "decisions", "consents"):
        for format in ("jsonl", "csv"):
            text = _export(capsys, what, format)
            assert SECRET not in text and "gone.private" not in text, (what, format)
            assert gone.submissions.get().source_key not in text, (what, format)
    stories = _export(capsys, "stories")
    assert "KEPT answer" in stories  # a live story's record is whole

    record = next(r for r in map(json.loads, io.StringIO(stories)) if r["id"] == gone.pk)
    assert record["status"] == "withdrawn" and record["country"] == "KE"
    assert record["consent"] == {"instagram": "withdrawn", "website": "withdrawn"}
    assert record["answer"] == "" and record["source_keys"] == [] and record["photo_urls"] == []
    assert {v["step"] for v in record["verdicts"]} == {"sign_check", "person_check"}
    assert all(v["evidence"] == {} for v in record["verdicts"])
    assert kept.pk in {r["id"] for r in map(json.loads, io.StringIO(stories))}
