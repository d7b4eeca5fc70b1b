"""`storydesk export stories`: exactly the keys docs/export.md documents, real values, CSV and files."""
import csv
import datetime as dt
import io
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.screening import screen_story
from storydesk.cli import main
from storydesk.exports.stories import story_records
from storydesk.models import Submission
from tests.stories import make_story

KEYS = ["id", "status", "channels", "source_keys", "created_at", "answer", "public_caption", "language",
        "country", "themes", "verdicts", "duplicate_of", "consent", "photo_urls", "publications"]


def export(capsys, *options) -> str:
    assert main(["export", "stories", *options]) == 0
    return capsys.readouterr().out


def jsonl(capsys) -> list[dict]:
    out = export(capsys, "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()]


def test_one_json_object_per_story_with_exactly_the_promised_keys(campaign, capsys):
    stories = [make_story(campaign, n=i) for i in range(3)]
    records = jsonl(capsys)
    assert [r["id"] for r in records] == [s.pk for s in stories]
    for record in records:
        assert list(record) == KEYS


def test_a_screened_story_exports_its_real_values(campaign, capsys, client, staff_user):
    story = make_story(campaign, answer="Equality matters to me because my mother raised four of us alone.",
                       country="gh")
    screen_story(story.pk)
    story.refresh_from_db()
    photo = story.lead_photo
    submission = story.submissions.get()

    (record,) = jsonl(capsys)
    assert record["id"] == story.pk
    assert record["status"] == "in_review"
    assert record["channels"] == ["web"]
    assert record["source_keys"] == [submission.source_key] == ["test-web-0-camera"]
    assert dt.datetime.fromisoformat(record["created_at"]) == story.created_at
    assert record["answer"] == "Equality matters to me because my mother raised four of us alone."
    assert record["public_caption"] == "" and record["language"] == "en"
    assert record["country"] == "GH"
    assert record["themes"] and all(set(t) == {"name", "score"} for t in record["themes"])
    assert record["publications"] == [] and record["duplicate_of"] is None
    assert record["consent"] == {"website": "given", "instagram": "not_given"}

    assert [v["step"] for v in record["verdicts"]][0] == "image_integrity"
    verdict = record["verdicts"][0]
    assert all(list(v) == ["step", "outcome", "score", "evidence", "duration_ms"] for v in record["verdicts"])
    assert list(verdict) == ["step", "outcome", "score", "evidence", "duration_ms"]
    assert verdict["step"] == "image_integrity" and verdict["outcome"] == "pass" and verdict["score"] == 1.0
    assert verdict["evidence"]["photos"][0]["format"] == "JPEG"
    assert verdict["evidence"]["photos"][0]["width"] == 600
    assert isinstance(verdict["duration_ms"], int) and verdict["duration_ms"] >= 0

    (url,) = record["photo_urls"]
    assert url.startswith(settings.SITE_URL + "/")
    assert url == settings.SITE_URL + photo.public_path()
    assert client.get(urlsplit(url).path).status_code == 404  # not public: the export is for staff
    client.force_login(staff_user("viewer"))
    served = client.get(urlsplit(url).path)
    assert served.status_code == 200
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert image.format == "JPEG" and image.size == (photo.public_width, photo.public_height)


def test_photo_urls_follow_the_site_url_setting(campaign, capsys, settings):
    settings.SITE_URL = "https://stories.example.org"
    make_story(campaign)
    (record,) = jsonl(capsys)
    assert record["photo_urls"][0].startswith("https://stories.example.org/photos/")


def test_a_withdrawn_story_has_no_photo_urls_and_withdrawn_consent(campaign, capsys, client):
    story = make_story(campaign, consents={"website": True, "instagram": True})
    screen_story(story.pk)
    old_path = story.lead_photo.public_path()
    withdraw_story(story, actor=Actor.contributor(), via="status link")

    (record,) = jsonl(capsys)
    assert record["status"] == "withdrawn"
    assert record["photo_urls"] == []
    assert record["consent"] == {"website": "withdrawn", "instagram": "withdrawn"}
    assert client.get(old_path).status_code == 404  # and the old address no longer serves it


def test_lists_and_objects_carry_what_the_story_has(campaign, capsys):
    first = make_story(campaign, n=1)
    again = make_story(campaign, n=2)
    Submission.objects.create(campaign=campaign, story=first, channel="email", source_key="<m1@example.org>",
                              received_at=timezone.now())
    themes = [{"name": "taking action", "score": 0.82}, {"name": "educating oneself", "score": 0.41}]
    type(first).objects.filter(pk=first.pk).update(themes=themes)
    type(again).objects.filter(pk=again.pk).update(duplicate_of=first)

    records = {r["id"]: r for r in jsonl(capsys)}
    assert records[first.pk]["channels"] == ["email", "web"]
    assert records[first.pk]["source_keys"] == ["test-web-1-camera", "<m1@example.org>"]
    assert records[first.pk]["themes"] == themes
    assert records[again.pk]["duplicate_of"] == first.pk


def test_csv_has_the_same_header_and_flattens_lists(campaign, capsys):
    story = make_story(campaign, answer="Because fairness at home, at work and in law, \"for all\", matters.")
    Submission.objects.create(campaign=campaign, story=story, channel="email", source_key="<m1@example.org>",
                              received_at=timezone.now())
    screen_story(story.pk)
    story.refresh_from_db()
    (as_json,) = jsonl(capsys)

    out = export(capsys, "--format", "csv")
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == KEYS
    (row,) = list(reader)
    assert row["id"] == str(story.pk)
    assert row["status"] == "in_review"
    assert row["channels"] == "email|web"
    assert row["source_keys"] == "test-web-0-camera|<m1@example.org>"
    assert row["answer"] == as_json["answer"]  # commas and quotes survive the round trip
    assert row["photo_urls"] == as_json["photo_urls"][0]
    assert json.loads(row["verdicts"]) == as_json["verdicts"]
    assert json.loads(row["consent"]) == {"website": "given", "instagram": "not_given"}
    assert json.loads(row["themes"])[0].keys() == {"name", "score"}
    assert row["publications"] == "" and row["duplicate_of"] == ""


def test_out_writes_the_file_and_nothing_to_standard_output(campaign, capsys, tmp_path):
    stories = [make_story(campaign, n=i) for i in range(2)]
    target = tmp_path / "stories.jsonl"
    assert main(["export", "stories", "--format", "jsonl", "--out", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"Wrote 2 stories to {target}" in err
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [s.pk for s in stories]
    assert all(list(r) == KEYS for r in records)

    csv_target = tmp_path / "stories.csv"
    assert main(["export", "stories", "--format", "csv", "--out", str(csv_target)]) == 0
    rows = list(csv.DictReader(csv_target.open(encoding="utf-8", newline="")))
    assert [int(r["id"]) for r in rows] == [s.pk for s in stories]


def test_an_empty_desk_exports_nothing(campaign, capsys):
    assert export(capsys, "--format", "jsonl") == ""
    assert list(csv.reader(io.StringIO(export(capsys, "--format", "csv")))) == [KEYS]


def test_export_queries_do_not_grow_with_the_number_of_stories(campaign):
    def queries_for_all() -> int:
        with CaptureQueriesContext(connection) as captured:
            records = list(story_records())
        return len(captured), len(records)

    for i in range(3):
        screen_story(make_story(campaign, n=i).pk)
    few, n = queries_for_all()
    assert n == 3
    for i in range(3, 12):
        screen_story(make_story(campaign, n=i).pk)
    many, n = queries_for_all()
    assert n == 12
    assert many == few
