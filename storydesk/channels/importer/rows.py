"""Read an import file row by row and land each good row through the web form's own checks."""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from storydesk.actions.base import Actor, audit
from storydesk.actions.intake import PhotoRejected, receive_story
from storydesk.channels.prepare_pool import Crashed, prepared_in_order
from storydesk.channels.web.forms import SubmissionForm
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.models import Campaign
from storydesk.photos.inspect import InspectedPhoto
from storydesk.text import upload_source_key

COLUMNS = ("photo", "answer", "first_name", "country", "email", "social_handle", "consent_website",
           "consent_instagram", "age_confirmed", "channel", "received_at")
_TRUE = {"1", "true", "yes", "y", "x", "on", "ja", "oui", "sí", "si"}


@dataclass(frozen=True)
class RowResult:
    line: int
    story_id: int | None = None
    created: bool = False
    problem: str = ""


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, row) pairs; CSV by header, JSON lines one object each."""
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        with path.open(encoding="utf-8-sig") as f:
            for line_no, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as bad:
                    yield line_no, {"__problem__": f"not valid JSON ({bad.msg})"}
                    continue
                yield line_no, row if isinstance(row, dict) else {"__problem__": "not a JSON object"}
    else:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"photo", "answer"} - set(reader.fieldnames or ())
            if missing:
                yield 1, {"__problem__": f"the header has no {', '.join(sorted(missing))} column"}
                return
            first_line = reader.line_num + 1  # a quoted answer can span lines: report where the row starts
            for row in reader:
                yield first_line, row
                first_line = reader.line_num + 1


@dataclass(frozen=True)
class PreparedRow:
    """A row that passed the web form's checks, its photo read and decoded: made in any process."""

    incoming: IncomingStory
    inspected: InspectedPhoto
    received_at: dt.datetime | None


def prepare_row(line: int, row: dict, *, base: Path, spec) -> PreparedRow | RowResult:
    """The row's CPU-bound, database-free part: read the photo, the form's checks, decode the photo.
    A RowResult when the row has a problem."""
    if "__problem__" in row:
        return RowResult(line, problem=row["__problem__"])
    photo_path = (base / str(row.get("photo") or "").strip()).resolve()
    if not str(row.get("photo") or "").strip():
        return RowResult(line, problem="no photo path")
    try:
        photo_bytes = photo_path.read_bytes()
    except OSError as error:
        return RowResult(line, problem=f"cannot read photo {photo_path.name}: {error.strerror or error}")
    received_at = _when(row.get("received_at"))
    if row.get("received_at") and received_at is None:
        return RowResult(line, problem=f"received_at {row['received_at']!r} is not a date and time")
    form = SubmissionForm(
        {k: _text(row.get(k)) for k in COLUMNS if k not in ("photo", "channel", "received_at")}
        | {k: _flag(row.get(k)) for k in ("consent_website", "consent_instagram", "age_confirmed")}
        | {"country": _text(row.get("country")).upper()},  # spreadsheets often hold "gh" for GH
        {"photo": SimpleUploadedFile(photo_path.name, photo_bytes)},
        campaign_spec=spec,
    )
    if not form.is_valid():
        problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        return RowResult(line, problem=problems)
    data = form.cleaned_data
    channel = _text(row.get("channel")) or "import"
    incoming = IncomingStory(
        channel=channel, source_key=upload_source_key(photo_bytes, data["answer"]), answer=data["answer"],
        photos=(IncomingPhoto(photo_bytes, photo_path.name),), first_name=data["first_name"],
        email=data["email"], country=data["country"], social_handle=data["social_handle"],
        age_confirmed=data["age_confirmed"],
        consents={"website": data["consent_website"], "instagram": data["consent_instagram"]},
        received_at=received_at, arrived_at=received_at,
        raw={"import_row": {k: _text(v) for k, v in row.items()}, "line": line},
    )
    return PreparedRow(incoming, form.inspected, received_at)


def import_row(line: int, row: dict, *, base: Path, campaign: Campaign, actor: Actor,
               prepared: PreparedRow | RowResult | None = None) -> RowResult:
    """`prepared`: prepare_row's result for this row, when it was made ahead (in a pool)."""
    if prepared is None:
        prepared = prepare_row(line, row, base=base, spec=campaign.spec)
    if isinstance(prepared, RowResult):
        return prepared
    if prepared.received_at is not None and prepared.received_at > timezone.now():
        # The story counts as arriving then (insights, queue): a date to come is a typing slip.
        return RowResult(line, problem=f"received_at {row['received_at']!r} is in the future")
    try:
        received = receive_story(prepared.incoming, campaign=campaign, actor=actor, checked=(prepared.inspected,))
    except PhotoRejected as rejected:
        return RowResult(line, problem=f"photo: {rejected.message}")
    return RowResult(line, received.story.pk, received.created)


def import_file(path: Path, *, campaign: Campaign, actor: Actor, processes: int | None = None,
                total: int | None = None) -> Iterator[RowResult]:
    """Every row's result, in the file's order; rows are read and checked ahead on every core (prepare_pool.py)
    and each story is written here, in order. `total`: the rows, when counted (count_rows)."""
    prepare = partial(_prepare_item, base=path.parent, spec=campaign.spec)
    for (line, row), prepared in prepared_in_order(read_rows(path), prepare, processes=processes, total=total):
        if isinstance(prepared, Crashed):
            prepared = RowResult(line, problem=f"photo: {prepared.detail}")
        elif isinstance(prepared, Exception):  # a bug of ours, in this row alone: named, and the rest go on
            prepared = RowResult(line, problem=f"{type(prepared).__name__}: {prepared}")
        result = import_row(line, row, base=path.parent, campaign=campaign, actor=actor, prepared=prepared)
        if result.problem:
            audit("intake.rejected", actor=actor, campaign=campaign, channel="import", file=path.name,
                  line=line, problem=result.problem)
        yield result


def count_rows(path: Path) -> int:
    """How many rows import_file will read (a quick pass over the text alone), for a progress bar."""
    return sum(1 for _ in read_rows(path))


def _prepare_item(item: tuple[int, dict], *, base: Path, spec) -> PreparedRow | RowResult:
    line, row = item
    return prepare_row(line, row, base=base, spec=spec)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _flag(value) -> bool:
    return value is True or _text(value).lower() in _TRUE


def _when(value) -> dt.datetime | None:
    text = _text(value)
    if not text:
        return None
    parsed = parse_datetime(text)
    if parsed is None:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        except ValueError:
            return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)
