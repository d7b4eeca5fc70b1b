"""Exported mail: .eml files (one message each) and mbox files, read one message at a time."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from storydesk.channels.email.receive import RawMail

_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
_CHUNK = 1024 * 1024


def eml_messages(paths: list[Path]) -> Iterator[RawMail]:
    for path in paths:
        yield RawMail(path.read_bytes(), f"eml:{path}")


def mbox_messages(path: Path) -> Iterator[RawMail]:
    """Stream an mbox: a message starts at a "From " line at the top or after a blank line (mboxrd un-escaping).

    Read a megabyte at a time and cut with bytes.find, not line by line in Python: a photo's base64 is ~36,000
    lines, which a line loop took ~50 ms a message to walk. One message (and a chunk) is in memory."""
    number = 0
    for segment in _segments(path):
        number += 1
        data = _without_last_blank_line(segment)
        if b">From " in data:  # the regular expression only where it can match: it walks every line
            data = _ESCAPED_FROM.sub(rb"\1", data)
        yield RawMail(data, f"mbox:{path}#{number}")


def _segments(path: Path) -> Iterator[bytes]:
    """The bytes between one separating "From " line and the next (the first: from the top of the file)."""
    pending: list[bytes] = []  # the current message's bytes so far
    previous_blank = True  # the top of the file counts as after a blank line
    # An unfinished last line, in pieces: a line with no end (hostile, or a broken export) is joined once when
    # it ends, never copied again with every chunk, which would take quadratic time.
    carry: list[bytes] = []
    with path.open("rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            if chunk:
                cut = chunk.rfind(b"\n") + 1
                if not cut:
                    carry.append(chunk)
                    continue
                data = b"".join([*carry, chunk[:cut]])
                carry = [chunk[cut:]]
            else:
                data, carry = b"".join(carry), []  # the end of the file: the unfinished line is the last line
            start = 0
            for at in _from_lines(data):
                if at == 0:
                    blank = previous_blank
                else:
                    line_start = data.rfind(b"\n", 0, at - 1) + 1
                    blank = not data[line_start:at].strip()
                if not blank:
                    continue
                pending.append(data[start:at])
                segment = b"".join(pending)
                if segment:  # a separator at the top of the file has nothing before it
                    yield segment
                pending = []
                line_end = data.find(b"\n", at)
                start = line_end + 1 if line_end >= 0 else len(data)
            if start < len(data):
                pending.append(data[start:])
            if data:
                last_start = data.rfind(b"\n", 0, len(data) - 1) + 1
                previous_blank = not data[last_start:].strip()
            if not chunk:
                break
    rest = b"".join(pending)
    if rest.strip():
        yield rest


def _from_lines(data: bytes) -> Iterator[int]:
    """Where the lines starting "From " begin."""
    if data.startswith(b"From "):
        yield 0
    at = data.find(b"\nFrom ")
    while at >= 0:
        yield at + 1
        at = data.find(b"\nFrom ", at + 1)


def _without_last_blank_line(segment: bytes) -> bytes:
    # The blank line that separates messages belongs to the file, not the message.
    last_start = segment.rfind(b"\n", 0, len(segment) - 1) + 1
    return segment[:last_start] if segment and not segment[last_start:].strip() else segment
