"""Stories imported by hand, then read at once, before any worker has recounted: the report counts every one
on the day it was received, as the import file says; the dashboard's CSVs recount the days they cover or, when
too many wait, say plainly that the figures are behind and by how many days."""
import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from storydesk.cli import main
from storydesk.insights import counts_from_stories, rollup
from storydesk.insights.counts_from_stories import Filters
from storydesk.models import InsightsDirtyDay
from storydesk.tasks import refresh_insights
from tests.support.samples import photos

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # long after the bundled campaign (2020-03-01 to 2021-02-28)
FIRST_DAY = dt.date(2020, 3, 2)
COLUMNS = ["photo", "answer", "first_name", "country", "email", "social_handle", "consent_website",
           "consent_instagram", "age_confirmed", "channel", "received_at"]
COUNTRIES = ("GH", "KE", "IN", "BR")


def received_rows(n: int = 23, days: int = 18) -> list[dict]:
    """n stories received on `days` days three days apart (the first days get two each), on two channels;
    two in three gave the website consent."""
    rows = []
    for i in range(n):
        day = FIRST_DAY + dt.timedelta(days=3 * (i % days))
        rows.append({
            "photo": "sign.jpg", "answer": f"Story {i}: because my daughter deserves every chance my son gets.",
            "first_name": f"Name{i}", "country": COUNTRIES[i % len(COUNTRIES)], "email": f"person{i}@example.org",
            "social_handle": "", "consent_website": "yes" if i % 3 else "no", "consent_instagram": "no",
            "age_confirmed": "yes", "channel": "event" if i % 2 else "",
            "received_at": f"{day}T{8 + i % 10:02d}:30:00Z",
        })
    return rows


def write_import(folder, rows: list[dict]):
    (folder / "sign.jpg").write_bytes(photos.jpeg_bytes(photos.person_with_sign("camera", size=(480, 640))))
    path = folder / "stories.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def headline_numbers(html: str) -> dict[str, int]:
    return {label: int(n) for n, label in re.findall(
        r'<span class="number">(\d+)</span> <span class="label">([^<]+)</span>', html)}


@pytest.fixture
def import_day(clock):
    """The day of the import, after every row's received_at (the suite's clock, moved)."""
    clock.move_to(NOW)


def test_a_report_right_after_an_import_counts_every_imported_story(campaign, import_day, tmp_path, capsys):
    rows = received_rows()
    assert len({row["received_at"][:10] for row in rows}) == 18
    assert main(["ingest", "import", str(write_import(tmp_path, rows))]) == 0
    assert InsightsDirtyDay.objects.exists()  # nothing has recounted yet

    code = main(["report", "--out", str(tmp_path / "report")])
    err = capsys.readouterr().err
    assert code == 0, err
    html = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert headline_numbers(html) == {"Stories received": 23, "Approved": 0, "Published": 0,
                                      "Countries": len(COUNTRIES),
                                      "With consent to publish": sum(row["consent_website"] == "yes" for row in rows)}
    # Each story on the day the file says it was received: 18 days, not the day of the import.
    spec = campaign.spec
    per_day = rollup.per_day(campaign, Filters(spec.start, spec.end), "stage")
    received = {day: n for day, key, n in per_day if key == "received"}
    assert received == {day: sum(row["received_at"].startswith(str(day)) for row in rows) for day in received}
    assert len(received) == 18 and sum(received.values()) == 23
    assert counts_from_stories.stage_counts(campaign, Filters(spec.start, spec.end))["received"] == 23


def test_stories_outside_the_reports_days_are_named_not_dropped_silently(campaign, import_day, tmp_path, capsys):
    """Rows without received_at arrive now, after the campaign: the report counts the campaign's days and
    says, on the page and on the terminal, how many stories fall outside them."""
    rows = received_rows()
    late = [row | {"answer": row["answer"] + " Late.", "received_at": ""} for row in rows[:3]]
    assert main(["ingest", "import", str(write_import(tmp_path, rows + late))]) == 0

    assert main(["report", "--out", str(tmp_path / "campaign")]) == 0
    err = capsys.readouterr().err
    html = (tmp_path / "campaign" / "index.html").read_text(encoding="utf-8")
    assert headline_numbers(html)["Stories received"] == 23
    said = "Not counted here: 3 stories that arrived after 28 Feb 2021, outside the days covered (1 Mar 2020 to " \
           "28 Feb 2021, UTC)."
    assert f'<p class="notice">{said}</p>' in html
    assert f"{said} Choose other days with --from and --to." in err

    assert main(["report", "--from", "2020-03-05", "--to", "2020-12-31", "--out", str(tmp_path / "later")]) == 0
    html = (tmp_path / "later" / "index.html").read_text(encoding="utf-8")
    before = sum(row["received_at"] < "2020-03-05" for row in rows)
    assert headline_numbers(html)["Stories received"] == 23 - before
    assert (f"Not counted here: {before} stories that arrived before 5 Mar 2020 and 3 stories that arrived after "
            "31 Dec 2020, outside the days covered (5 Mar 2020 to 31 Dec 2020, UTC).") in html


def test_a_report_of_every_story_names_nothing_left_out(campaign, import_day, tmp_path, capsys):
    assert main(["ingest", "import", str(write_import(tmp_path, received_rows()))]) == 0
    assert main(["report", "--out", str(tmp_path / "report")]) == 0
    assert "changed days of the insights first." in capsys.readouterr().err  # said while it waits
    assert "Not counted here" not in (tmp_path / "report" / "index.html").read_text(encoding="utf-8")


def test_a_csv_right_after_a_large_import_is_exact_or_says_how_far_behind_it_is(campaign, import_day, tmp_path,
                                                                                 staff_user, client):
    rows = received_rows()
    assert main(["ingest", "import", str(write_import(tmp_path, rows))]) == 0
    client.force_login(staff_user("manager"))
    year = {"from": "2020-03-01", "to": "2021-02-28"}

    # 18 days wait in the year, more than a download recounts: the file says so instead of holding zeros.
    answer = client.get(reverse("desk:insights-csv", args=["funnel"]), year)
    assert answer.status_code == 503 and answer["Retry-After"] == "60"
    assert answer.content.decode() == ("These figures are behind: 18 changed days between 1 Mar 2020 and 28 Feb 2021 "
                                       "wait to be recounted. The worker recounts them within a few minutes: "
                                       "download this file again then.\n")
    page = client.get(reverse("desk:insights"), year).content.decode()
    assert "The worker is recounting 18 days that changed" in page
    # Tables that never read the summary are never behind it.
    assert client.get(reverse("desk:insights-csv", args=["publishing"]), year).status_code == 200

    # A range with few changed days is recounted first, and exact.
    march = {"from": "2020-03-01", "to": "2020-03-31"}
    funnel = list(csv.reader(io.StringIO(client.get(reverse("desk:insights-csv", args=["funnel"]), march)
                                         .content.decode())))
    assert funnel[1] == ["Received", str(sum(row["received_at"] < "2020-04" for row in rows)), ""]

    refresh_insights.call_local()  # the worker's minute
    funnel = list(csv.reader(io.StringIO(client.get(reverse("desk:insights-csv", args=["funnel"]), year)
                                         .content.decode())))
    assert funnel[1] == ["Received", "23", ""]
    assert "recounting" not in client.get(reverse("desk:insights"), year).content.decode()
