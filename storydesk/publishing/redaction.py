"""The public caption is the answer with the personal data screening found replaced by "[removed]", by default.
A moderator can put each removed piece back (restore) or take it out again, one at a time, and still edit
the caption freely.

Each removal is a Redaction: overlapping finds merged into one piece, in the order they occur in the answer,
so the caption's "[removed]" marks stand for the removed pieces in that same order."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storydesk.screening.evidence import PersonalDataSpan
from storydesk.screening.text.personal_data import REMOVED, find_personal_data, redact


@dataclass(frozen=True)
class Redaction:
    index: int
    start: int
    end: int
    text: str
    kinds: tuple[str, ...]


class CaptionEdited(ValueError):
    """The caption no longer has a "[removed]" mark for the piece: it was edited by hand."""


def redactions(answer: str, spans: Iterable[PersonalDataSpan | dict]) -> list[Redaction]:
    """The pieces to remove from this answer, from text_check's personal-data spans (typed, or as stored).

    A span whose text no longer sits where it was found (the answer changed since screening) is looked for
    elsewhere in the answer, and left out if it is gone."""
    placed: list[tuple[int, int, str]] = []
    for span in spans:
        span = PersonalDataSpan.from_json(span) if isinstance(span, dict) else span
        start, end, kind, text = span.start, span.end, span.kind, span.text
        if not (0 <= start < end <= len(answer)) or (text is not None and answer[start:end] != text):
            found = answer.find(text) if text else -1
            if found < 0:
                continue
            start, end = found, found + len(text)
        placed.append((start, end, kind))
    merged: list[list] = []
    for start, end, kind in sorted(placed):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if kind not in merged[-1][2]:
                merged[-1][2].append(kind)
        else:
            merged.append([start, end, [kind]])
    return [Redaction(i, start, end, answer[start:end], tuple(kinds)) for i, (start, end, kinds) in enumerate(merged)]


def default_caption(answer: str, pieces: list[Redaction]) -> str:
    return redact(answer, [(p.start, p.end) for p in pieces])


def removed(caption: str, pieces: list[Redaction]) -> list[bool]:
    """For each piece, whether the caption leaves it out."""
    return [at is None or is_mark for is_mark, at in _walk(caption, pieces)]


def _walk(caption: str, pieces: list[Redaction]) -> list[tuple[bool, int | None]]:
    """Where each piece stands in the caption, reading both in order: (True, where its "[removed]" mark is) or
    (False, where its text is); (True, None) when it is gone altogether (edited away by hand). Reading in order
    tells apart two pieces with the same text (a phone number written twice)."""
    out, cursor = [], 0
    for piece in pieces:
        shown_at, mark_at = caption.find(piece.text, cursor), caption.find(REMOVED, cursor)
        if shown_at >= 0 and (mark_at < 0 or shown_at < mark_at):
            out.append((False, shown_at))
            cursor = shown_at + len(piece.text)
        elif mark_at >= 0:
            out.append((True, mark_at))
            cursor = mark_at + len(REMOVED)
        else:
            anywhere = caption.find(piece.text)  # moved earlier by hand: shown all the same
            out.append((False, anywhere) if anywhere >= 0 else (True, None))
    return out


def restore(caption: str, pieces: list[Redaction], index: int) -> str:
    """Put one removed piece back where its "[removed]" mark is."""
    is_mark, at = _walk(caption, pieces)[index]
    if not is_mark:
        return caption
    if at is None:
        raise CaptionEdited("the caption has no [removed] mark left for this piece")
    return caption[:at] + pieces[index].text + caption[at + len(REMOVED):]


def remove(caption: str, pieces: list[Redaction], index: int) -> str:
    """Take one shown piece out of the caption again."""
    is_mark, at = _walk(caption, pieces)[index]
    if is_mark or at is None:
        return caption
    return caption[:at] + REMOVED + caption[at + len(pieces[index].text):]


def personal_data_left(caption: str, *, public_handles=()) -> list[str]:
    """Personal data a caption still shows (restored on purpose, or typed in): the desk warns about it."""
    return [item.text for item in find_personal_data(caption, public_handles=public_handles)]
