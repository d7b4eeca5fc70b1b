"""`export stories`: one record per story with exactly the keys docs/export.md documents."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from django.db.models import Prefetch

from storydesk.exports.spreadsheet import DictWriter
from storydesk.models import Photo, Publication, Status, Story, Verdict
from storydesk.screening.evidence import as_shown

FIELDS = (
    "id", "status", "channels", "source_keys", "created_at", "answer", "public_caption", "language",
    "country", "themes", "verdicts", "duplicate_of", "consent", "photo_urls", "publications",
)
CHUNK = 500


def story_records(stories=None) -> Iterator[dict]:
    """Stream stories as plain dicts, a chunk at a time (prefetching per chunk, not per story)."""
    stories = (stories if stories is not None else Story.objects.all()).order_by("pk")
    stories = stories.prefetch_related(
        "submissions", "consents",
        Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
        Prefetch("verdicts", queryset=Verdict.objects.order_by("position", "id")),
        Prefetch("publications", queryset=Publication.objects.select_related("slot").order_by("target", "id")),
    )
    for story in stories.iterator(chunk_size=CHUNK):
        yield story_record(story)


def story_record(story: Story) -> dict:
    submissions = sorted(story.submissions.all(), key=lambda s: s.pk)
    record = {
        "id": story.pk,
        "status": story.status,
        "channels": sorted({s.channel for s in submissions}),
        "source_keys": [s.source_key for s in submissions],
        "created_at": story.created_at.isoformat(),
        "answer": story.answer,
        "public_caption": story.public_caption,
        "language": story.language,
        "country": story.country,
        "themes": [{"name": t["name"], "score": t["score"]} for t in story.themes],
        "verdicts": [{"step": v.step, "outcome": v.outcome, "score": v.score, "evidence": as_shown(v.step, v.evidence),
                      "duration_ms": v.duration_ms} for v in story.verdicts.all()],
        "duplicate_of": story.duplicate_of_id,
        "consent": {c.scope: c.state for c in sorted(story.consents.all(), key=lambda c: c.scope)},
        "photo_urls": [p.public_url() for p in story.photos.all()],
        # slot: the calendar moment it was published in (UTC, ISO 8601); platform_id: e.g. the Instagram media id.
        "publications": [{"target": p.target, "slot": p.slot.starts_at.isoformat() if p.slot else None,
                          "state": p.state, "platform_id": p.external_id, "permalink": p.permalink}
                         for p in story.publications.all()],
    }
    return without_personal_data(record) if story.status == Status.WITHDRAWN else record


def without_personal_data(record: dict) -> dict:
    """A withdrawn story's record, even before the erasure sweep reached it: its status, dates, country and
    numbers, none of the contributor's words, keys or screening evidence."""
    return {**record, "answer": "", "public_caption": "", "source_keys": [], "photo_urls": [],
            "verdicts": [{**v, "evidence": {}} for v in record["verdicts"]],
            "publications": [{**p, "permalink": ""} for p in record["publications"]]}


def write_jsonl(records, out: TextIO) -> int:
    n = 0
    for n, record in enumerate(records, 1):  # noqa: B007 (n is the count written)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return n


def write_csv(records, out: TextIO, fields: tuple[str, ...] = FIELDS) -> int:
    """CSV flattens the nested keys: lists joined by '|', objects as JSON; formula-like cells are neutralised."""
    writer = DictWriter(out, fields)
    writer.writeheader()
    n = 0
    for n, record in enumerate(records, 1):  # noqa: B007 (n is the count written)
        writer.writerow({k: _flat(v) for k, v in record.items()})
    return n


def _flat(value):
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return "" if value is None else value
