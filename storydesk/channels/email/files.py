"""Exported mail: .eml files (one message each) and mbox files, read one message at a time."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from storydesk.channels.email.receive import RawMail

_ESCAPED_FROM = re.compile(rb"^>(>*From )")


def eml_messages(paths: list[Path]) -> Iterator[RawMail]:
    for path in paths:
        yield RawMail(path.read_bytes(), f"eml:{path}")


def mbox_messages(path: Path) -> Iterator[RawMail]:
    """Stream an mbox: a message starts at a "From " line at the top or after a blank line (mboxrd un-escaping)."""
    lines: list[bytes] = []
    number = 0
    previous_blank = True
    with path.open("rb") as f:
        for line in f:
            if line.startswith(b"From ") and previous_blank:
                if lines:
                    number += 1
                    yield RawMail(_joined(lines), f"mbox:{path}#{number}")
                lines = []
            else:
                lines.append(_ESCAPED_FROM.sub(rb"\1", line))
            previous_blank = not line.strip()
    if lines and any(line.strip() for line in lines):
        number += 1
        yield RawMail(_joined(lines), f"mbox:{path}#{number}")


def _joined(lines: list[bytes]) -> bytes:
    if lines and not lines[-1].strip():
        lines = lines[:-1]  # the blank line that separates messages belongs to the file, not the message
    return b"".join(lines)
