"""`storydesk ingest import FILE`: good rows land, every bad row is named by its line, repeats add nothing."""
import csv
import datetime as dt
import json

import pytest
import time_machine

from storydesk.cli import main
from storydesk.models import AuditEvent, Consent, Photo, Status, Story, Submission
from storydesk.photos.inspect import PhotoRejected, inspect_photo
from tests.support.samples import photos

COLUMNS = ["photo", "answer", "first_name", "country", "email", "social_handle", "consent_website",
           "consent_instagram", "age_confirmed", "channel", "received_at"]
ANSWER = "Because my daughter deserves every chance my son gets, and I want both to see it at home."
UTC = dt.UTC


def rejection(data: bytes) -> str:
    with pytest.raises(PhotoRejected) as refused:
        inspect_photo(data)
    return refused.value.message


@pytest.fixture
def folder(tmp_path):
    """An import folder as an operator leaves it: the file, and the photos next to it."""
    (tmp_path / "kofi.jpg").write_bytes(photos.jpeg_bytes(photos.person_with_sign("camera", size=(600, 800))))
    (tmp_path / "amir.png").write_bytes(photos.png_bytes(photos.person_with_sign("astronaut", size=(600, 800))))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "tomas.webp").write_bytes(
        photos.webp_bytes(photos.person_with_sign("coffee", size=(600, 800))))
    (tmp_path / "notes.jpg").write_bytes(photos.text_bytes())
    (tmp_path / "bomb.png").write_bytes(photos.bomb_png_bytes())
    return tmp_path


def row(photo="kofi.jpg", answer=ANSWER, **fields) -> dict:
    return {"photo": photo, "answer": answer, "first_name": "Kofi", "country": "GH", "email": "kofi@example.org",
            "social_handle": "", "consent_website": "yes", "consent_instagram": "no", "age_confirmed": "yes",
            "channel": "", "received_at": ""} | fields


def write_csv(path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def run_import(capsys, path) -> tuple[int, list[str]]:
    code = main(["ingest", "import", str(path)])
    return code, capsys.readouterr().out.splitlines()


def test_a_csv_lands_its_good_rows_and_names_every_bad_one(campaign, capsys, folder):
    path = folder / "stories.csv"
    write_csv(path, [
        row(channel="email", received_at="2020-03-08T09:30:00Z", social_handle="kofi_allyship"),  # line 2
        row(photo="gone.jpg"),                                                                      # line 3
        row(photo="notes.jpg"),                                                                     # line 4
        row(photo="amir.png", answer=ANSWER + " Twice.", first_name="Amir", country="jo",          # line 5
            email="Amir@Example.org", consent_website="1", consent_instagram="TRUE", age_confirmed="true"),
        row(photo="bomb.png"),                                                                      # line 6
        row(answer="Too short."),                                                                   # line 7
        row(answer=ANSWER + " Under age?", age_confirmed="no"),                                     # line 8
        row(answer=ANSWER + " When?", received_at="last tuesday"),                                 # line 9
        row(photo="sub/tomas.webp", answer=ANSWER + " Third.", first_name="Tomás", email="t@example.org",
            channel="event", received_at="2020-03-09", consent_website="", consent_instagram="x"),  # line 10
    ])

    code, out = run_import(capsys, path)
    assert code == 1
    assert out == [
        "line 3: cannot read photo gone.jpg: No such file or directory",
        f"line 4: photo: {rejection(photos.text_bytes())}",
        f"line 6: photo: {rejection(photos.bomb_png_bytes())}",
        "line 7: answer: Your answer is a little short. Please write at least 20 characters — a sentence or two.",
        "line 8: age_confirmed: Please confirm that you are 18 or older. We can only take stories from adults.",
        "line 9: received_at 'last tuesday' is not a date and time",
        "Imported 3 new stories; 0 were already here; 6 rows had problems.",
    ]

    assert Story.objects.count() == 3 and Photo.objects.count() == 3
    kofi = Submission.objects.get(channel="email")
    assert kofi.received_at == dt.datetime(2020, 3, 8, 9, 30, tzinfo=UTC)
    assert kofi.raw["line"] == 2 and kofi.raw["import_row"]["photo"] == "kofi.jpg"
    assert kofi.story.status == Status.RECEIVED and kofi.story.age_confirmed
    assert kofi.story.answer == ANSWER
    assert kofi.story.contributor.social_handle == "@kofi_allyship"
    assert {c.scope: c.state for c in kofi.story.consents.all()} == {"website": "given", "instagram": "not_given"}

    amir = Submission.objects.get(story__contributor__first_name="Amir")
    assert amir.channel == "import"  # no channel column value: the import channel
    assert amir.story.contributor.email == "amir@example.org" and amir.story.country == "JO"
    assert abs(amir.received_at - amir.created_at) < dt.timedelta(minutes=5)  # no received_at: arrival time
    assert {c.scope: c.state for c in amir.story.consents.all()} == {"website": "given", "instagram": "given"}
    assert amir.story.photos.get().format == "PNG"

    tomas = Submission.objects.get(channel="event")
    assert tomas.received_at == dt.datetime(2020, 3, 9, tzinfo=UTC)
    assert tomas.story.display_name == "Tomás, GH"
    assert tomas.story.photos.get().format == "WEBP"
    assert {c.scope: c.state for c in tomas.story.consents.all()} == {"website": "not_given", "instagram": "given"}

    rejected = AuditEvent.objects.filter(verb="intake.rejected", data__file="stories.csv")
    assert sorted(e.data["line"] for e in rejected) == [3, 4, 6, 7, 8, 9]


def test_importing_the_same_file_again_creates_nothing_new(campaign, capsys, folder):
    path = folder / "stories.csv"
    write_csv(path, [row(), row(photo="gone.jpg"), row(photo="amir.png", answer=ANSWER + " Again.")])
    code, out = run_import(capsys, path)
    assert code == 1
    assert out[-1] == "Imported 2 new stories; 0 were already here; 1 row had problems."
    before = sorted(Story.objects.values_list("pk", flat=True))

    code, out = run_import(capsys, path)
    assert code == 1
    assert out == ["line 3: cannot read photo gone.jpg: No such file or directory",
                   "Imported 0 new stories; 2 were already here; 1 row had problems."]
    assert sorted(Story.objects.values_list("pk", flat=True)) == before
    assert Submission.objects.count() == 2 and Photo.objects.count() == 2 and Consent.objects.count() == 4


def test_a_clean_file_exits_0(campaign, capsys, folder):
    path = folder / "stories.csv"
    write_csv(path, [row(), row(photo="amir.png", answer=ANSWER + " Two.")])
    code, out = run_import(capsys, path)
    assert code == 0
    assert out == ["Imported 2 new stories; 0 were already here; 0 rows had problems."]


def test_json_lines_land_the_same_way_with_bad_lines_named(campaign, capsys, folder):
    good = row(channel="email", received_at="2020-03-08T09:30:00+03:00", consent_website=True,
               consent_instagram=False, age_confirmed=True)
    lines = [
        json.dumps(good),                                                              # line 1
        "",                                                                            # line 2 (blank)
        '{"photo": "amir.png", "answer": "unterminated',                               # line 3
        json.dumps(["not", "an", "object"]),                                           # line 4
        json.dumps(row(photo="amir.png", answer=ANSWER + " Minor.", age_confirmed=False)),  # line 5
        json.dumps(row(photo="amir.png", answer=ANSWER + " Second.", age_confirmed=1)),     # line 6
        json.dumps(row(photo="notes.jpg", answer=ANSWER + " Notes.")),                     # line 7
    ]
    path = folder / "stories.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    code, out = run_import(capsys, path)
    assert code == 1
    assert len(out) == 5
    assert out[0].startswith("line 3: not valid JSON (")
    assert out[1] == "line 4: not a JSON object"
    assert out[2].startswith("line 5: age_confirmed: Please confirm that you are 18 or older.")
    assert out[3] == f"line 7: photo: {rejection(photos.text_bytes())}"
    assert out[4] == "Imported 2 new stories; 0 were already here; 4 rows had problems."

    email = Submission.objects.get(channel="email")
    assert email.received_at == dt.datetime(2020, 3, 8, 6, 30, tzinfo=UTC)
    assert email.raw["line"] == 1
    assert {c.scope: c.state for c in email.story.consents.all()} == {"website": "given", "instagram": "not_given"}
    second = Submission.objects.get(raw__line=6)
    assert second.channel == "import" and second.story.age_confirmed

    code, out = run_import(capsys, path)
    assert code == 1
    assert out[-1] == "Imported 0 new stories; 2 were already here; 4 rows had problems."
    assert Story.objects.count() == 2


def test_a_multi_line_answer_lands_whole_and_later_lines_keep_their_numbers(campaign, capsys, folder):
    path = folder / "stories.csv"
    write_csv(path, [row(answer="My mother worked two jobs.\nMy sisters deserve better than that."),
                     row(photo="gone.jpg")])
    code, out = run_import(capsys, path)
    assert code == 1
    assert out[0] == "line 4: cannot read photo gone.jpg: No such file or directory"  # the answer took 2 and 3
    assert Story.objects.get().answer == "My mother worked two jobs.\nMy sisters deserve better than that."


def test_a_csv_without_the_needed_columns_is_refused_at_line_1(campaign, capsys, folder):
    path = folder / "stories.csv"
    path.write_text("picture,text\nkofi.jpg,hello there everyone\n", encoding="utf-8")
    code, out = run_import(capsys, path)
    assert code == 1
    assert out == ["line 1: the header has no answer, photo column",
                   "Imported 0 new stories; 0 were already here; 1 row had problems."]
    assert not Story.objects.exists()


def test_a_missing_import_file_is_an_error(campaign, capsys, tmp_path):
    code = main(["ingest", "import", str(tmp_path / "nowhere.csv")])
    assert code == 2
    assert f"No file at {tmp_path / 'nowhere.csv'}." in capsys.readouterr().err


def test_a_story_arrives_when_the_row_says_it_was_received_and_never_in_the_future(campaign, capsys, folder):
    path = folder / "stories.csv"
    write_csv(path, [row(received_at="2020-03-08T09:30:00Z"),
                     row(photo="amir.png", answer=ANSWER + " Later.", received_at="2026-12-08"),
                     row(photo="sub/tomas.webp", answer=ANSWER + " Now.")])
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, tzinfo=UTC), tick=True):
        code, out = run_import(capsys, path)
        assert code == 1
        assert out == ["line 3: received_at '2026-12-08' is in the future",
                       "Imported 2 new stories; 0 were already here; 1 row had problems."]
        # The insights and the queue count a story from its arrival: for a collected row, when it was received.
        kofi = Story.objects.get(submissions__received_at=dt.datetime(2020, 3, 8, 9, 30, tzinfo=UTC))
        assert kofi.created_at == dt.datetime(2020, 3, 8, 9, 30, tzinfo=UTC)
        tomas = Submission.objects.get(raw__line=4)
        assert abs(tomas.story.created_at - dt.datetime(2026, 12, 7, 9, tzinfo=UTC)) < dt.timedelta(minutes=5)


def test_rows_checked_in_a_pool_land_as_they_do_in_one_process(campaign, folder, process_pool):
    """Rows are read and checked in a pool of processes (9 rows: enough for one), stored in order; a bad row in
    the middle is named with its problem and the rows after it land; the same file again adds nothing."""
    from storydesk.actions.base import Actor
    from storydesk.channels.importer.rows import import_file
    from storydesk.models import Campaign

    path = folder / "stories.csv"
    write_csv(path, [row(answer=ANSWER + f" Row {n}.") for n in range(4)] + [row(photo="bomb.png")]
              + [row(photo="notes.jpg")] + [row(photo="amir.png", answer=ANSWER + f" Row {n}.") for n in range(4, 7)])
    other = Campaign.objects.create(slug="pooled", name=campaign.name, organiser=campaign.organiser,
                                    handle=campaign.handle, config=campaign.config, source_path=campaign.source_path)

    def landed(target, processes):
        results = list(import_file(path, campaign=target, actor=Actor.cli(), processes=processes))
        stories = {result.line: Story.objects.get(pk=result.story_id) for result in results if result.story_id}
        return ([(r.line, r.created, r.problem) for r in results],
                {line: (s.answer, s.status, s.contributor.email, s.photos.get().sha256,
                        sorted(s.consents.values_list("scope", "given_at")))
                 for line, s in stories.items()})

    serial, pooled = landed(campaign, 1), landed(other, 2)
    assert serial[0] == pooled[0] and serial[1].keys() == pooled[1].keys()
    assert all(serial[1][line][:4] == pooled[1][line][:4] for line in serial[1])
    assert [line for line, _, problem in pooled[0] if problem] == [6, 7]
    assert sum(created for _, created, _ in pooled[0]) == 7

    again = landed(other, 2)
    assert [r[:2] for r in again[0] if not r[2]] == [(line, False) for line in (2, 3, 4, 5, 8, 9, 10)]
    assert Story.objects.filter(campaign=other).count() == 7
