"""`storydesk export decisions|consents`: counts, columns and nothing private; every export streams in
memory that does not grow with the number of rows."""
import csv
import datetime as dt
import io
import json
import tracemalloc

import pytest

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.cli import main
from storydesk.exports.consents import consent_records
from storydesk.exports.decisions import decision_records
from storydesk.exports.stories import story_records, write_csv
from storydesk.models import Consent, Decision, Story
from tests.desk.conftest import screen_with
from tests.stories import make_story

DECISION_KEYS = ["id", "story", "action", "reason", "actor", "created_at"]
CONSENT_KEYS = ["id", "story", "scope", "channel", "state", "given_at", "withdrawn_at"]


def export(capsys, what, fmt) -> str:
    assert main(["export", what, "--format", fmt]) == 0
    return capsys.readouterr().out


def test_decisions_export_one_record_per_decision_without_the_private_note(campaign, capsys, staff_user):
    moderator = staff_user("moderator", username="ama")
    first = screen_with(make_story(campaign, n=1))
    second = screen_with(make_story(campaign, n=2))
    decide(first.pk, "approve", actor=Actor.staff(moderator), seen_version=None,
           note="called her at +233 24 000 0000")
    decide(second.pk, "reject", actor=Actor.staff(moderator), seen_version=None, reason="no_sign")

    records = [json.loads(line) for line in export(capsys, "decisions", "jsonl").splitlines()]
    assert [list(r) for r in records] == [DECISION_KEYS, DECISION_KEYS]
    assert [(r["story"], r["action"], r["reason"], r["actor"]) for r in records] == [
        (first.pk, "approve", "", "ama"), (second.pk, "reject", "no_sign", "ama")]
    assert dt.datetime.fromisoformat(records[0]["created_at"]) == Decision.objects.get(story=first).created_at

    out = export(capsys, "decisions", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == DECISION_KEYS and len(rows) == 2
    assert rows[1]["reason"] == "no_sign" and rows[1]["actor"] == "ama"
    assert "+233" not in out and "+233" not in json.dumps(records)


def test_consents_export_each_scope_with_its_state_and_no_evidence(campaign, capsys):
    story = make_story(campaign, n=1, consents={"website": True, "instagram": False})
    other = make_story(campaign, n=2, consents={"website": True, "instagram": True})
    Consent.objects.filter(story=other, scope="instagram").update(
        withdrawn_at=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), evidence={"ip": "203.0.113.9"})

    records = [json.loads(line) for line in export(capsys, "consents", "jsonl").splitlines()]
    assert all(list(r) == CONSENT_KEYS for r in records)
    states = {(r["story"], r["scope"]): (r["state"], r["channel"]) for r in records}
    assert states == {(story.pk, "website"): ("given", "web"), (story.pk, "instagram"): ("not_given", "web"),
                      (other.pk, "website"): ("given", "web"), (other.pk, "instagram"): ("withdrawn", "web")}
    withdrawn = next(r for r in records if r["state"] == "withdrawn")
    assert withdrawn["withdrawn_at"] == "2026-03-01T12:00:00+00:00"
    assert next(r for r in records if r["state"] == "not_given")["given_at"] is None

    out = export(capsys, "consents", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4 and list(rows[0]) == CONSENT_KEYS
    assert "203.0.113.9" not in out and "kofi" not in out.lower()


def test_out_file_reports_the_count(campaign, capsys, tmp_path):
    make_story(campaign, n=1)
    target = tmp_path / "consents.csv"
    assert main(["export", "consents", "--format", "csv", "--out", str(target)]) == 0
    assert f"Wrote 2 consents to {target}" in capsys.readouterr().err
    assert len(list(csv.DictReader(target.open(encoding="utf-8", newline="")))) == 2


class _Sink:
    """Counts what is written and keeps none of it, so only the export's own memory is measured."""

    def __init__(self):
        self.chars = 0

    def write(self, text):
        self.chars += len(text)


def _peak_bytes(produce) -> int:
    tracemalloc.start()
    try:
        produce()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


SMALL, ROWS = 5_000, 20_000


@pytest.fixture
def rows_up_to(campaign):
    """rows_up_to(n): n bare stories in all (one made the usual way), and a consent and a decision for each
    bulk-made one."""
    contributor = make_story(campaign, n=0).contributor
    Consent.objects.all().delete()
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)

    def grow(n: int) -> None:
        have = Story.objects.count()
        Story.objects.bulk_create(
            [Story(campaign=campaign, contributor=contributor, status="in_review", status_changed_at=now,
                   answer=f"Because equality is everyone's business, story number {i}.", country="GH",
                   status_token=f"token-{i}") for i in range(have, n)], batch_size=2000)
        new = list(Story.objects.order_by("pk").values_list("pk", flat=True)[have:])
        Consent.objects.bulk_create([Consent(story_id=pk, scope="website", channel="web", given_at=now)
                                     for pk in new], batch_size=2000)
        Decision.objects.bulk_create([Decision(story_id=pk, action="approve") for pk in new], batch_size=2000)

    return grow


def _export_peak(records, fields) -> tuple[int, int]:
    sink = _Sink()
    peak = _peak_bytes(lambda: write_csv(records(), sink, *((tuple(fields),) if fields else ())))
    return peak, sink.chars


@pytest.mark.parametrize("records, fields", [
    (story_records, None), (decision_records, DECISION_KEYS), (consent_records, CONSENT_KEYS)],
    ids=["stories", "decisions", "consents"])
@pytest.mark.slow
def test_exports_stream_in_memory_that_does_not_grow_with_the_rows(rows_up_to, records, fields):
    rows_up_to(SMALL)
    small_peak, _ = _export_peak(records, fields)
    rows_up_to(ROWS)
    peak, chars = _export_peak(records, fields)
    assert chars > ROWS * 20  # every row was written
    # Four times the rows: a list of them would take about four times the memory; a stream takes the same.
    assert peak < small_peak * 1.5, f"{small_peak / 1e6:.1f} MB for {SMALL} rows, {peak / 1e6:.1f} MB for {ROWS}"


@pytest.mark.slow
def test_the_check_would_catch_an_export_that_holds_every_row(rows_up_to):
    held = []
    rows_up_to(SMALL)
    small_peak = _peak_bytes(lambda: held.extend(decision_records()))
    held.clear()
    rows_up_to(ROWS)
    peak = _peak_bytes(lambda: held.extend(decision_records()))
    assert len(held) == ROWS - 1 and peak > small_peak * 2
