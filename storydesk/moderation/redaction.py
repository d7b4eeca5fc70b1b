"""The public caption is the answer with the personal data screening found replaced by "[removed]", by default.
A moderator can put each removed piece back (restore) or take it out again, one at a time, and still edit
the caption freely.

Each removal is a Redaction: overlapping finds merged into one piece, in the order they occur in the answer,
so the caption's "[removed]" marks stand for the removed pieces in that same order."""
from __future__ import annotations

import re
from dataclasses import dataclass

from storydesk.screening.text.personal_data import REMOVED, find_personal_data, redact


@dataclass(frozen=True)
class Redaction:
    index: int
    start: int
    end: int
    text: str
    kinds: tuple[str, ...]


class CaptionEdited(ValueError):
    """The caption's "[removed]" marks no longer match the removed pieces: it was edited by hand."""


def redactions(answer: str, spans: list[dict]) -> list[Redaction]:
    """The pieces to remove from this answer, from text_check's personal-data evidence.

    A span whose text no longer sits where it was found (the answer changed since screening) is looked for
    elsewhere in the answer, and left out if it is gone."""
    placed: list[tuple[int, int, str]] = []
    for span in spans:
        try:
            start, end, kind = int(span["start"]), int(span["end"]), str(span.get("kind", "personal data"))
        except (KeyError, TypeError, ValueError):
            continue
        text = span.get("text")
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
    """For each piece, whether the caption leaves it out. A text the answer holds twice counts per occurrence."""
    shown_left = {text: caption.count(text) for text in {p.text for p in pieces}}
    out = []
    for piece in pieces:
        if shown_left[piece.text] > 0:
            shown_left[piece.text] -= 1
            out.append(False)
        else:
            out.append(True)
    return out


def restore(caption: str, pieces: list[Redaction], index: int) -> str:
    """Put one removed piece back where its "[removed]" mark is."""
    state = removed(caption, pieces)
    if not state[index]:
        return caption
    marks = [m.start() for m in re.finditer(re.escape(REMOVED), caption)]
    gone = [p.index for p in pieces if state[p.index]]
    if len(marks) != len(gone):
        raise CaptionEdited(f"the caption has {len(marks)} {REMOVED} marks for {len(gone)} removed pieces")
    at = marks[gone.index(index)]
    return caption[:at] + pieces[index].text + caption[at + len(REMOVED):]


def remove(caption: str, pieces: list[Redaction], index: int) -> str:
    """Take one shown piece out of the caption again."""
    if removed(caption, pieces)[index]:
        return caption
    text = pieces[index].text
    # The piece's own occurrence: the one after as many occurrences as earlier pieces with the same text show.
    earlier = sum(1 for p, gone in zip(pieces[:index], removed(caption, pieces)[:index]) if p.text == text and not gone)
    at = -1
    for _ in range(earlier + 1):
        at = caption.find(text, at + 1)
    return caption[:at] + REMOVED + caption[at + len(text):]


def personal_data_left(caption: str, *, public_handles=()) -> list[str]:
    """Personal data a caption still shows (restored on purpose, or typed in): the desk warns about it."""
    return [item.text for item in find_personal_data(caption, public_handles=public_handles)]
