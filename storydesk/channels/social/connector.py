"""What every platform connector does, and the explicit list of them."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from storydesk.channels.social.post import Post
from storydesk.models import PermissionRequest


class NotConfigured(Exception):
    """This platform is off for this desk; the message says what would turn it on."""


class Misconfigured(NotConfigured):
    """Off because its settings are half there or wrong (a token without its account id, a bad address):
    someone meant to turn it on, so `storydesk doctor` reports it as a problem."""


@dataclass(frozen=True)
class Skipped:
    """An item of a page we couldn't read as a post: recorded for staff, the rest of the page goes on."""

    message: str
    detail: str = ""


@dataclass(frozen=True)
class Page:
    posts: list[Post]
    cursor: str  # the feed's high-water mark once every post of this page is stored
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class Asked:
    ref: dict  # our reply's ids on the platform
    url: str = ""


@dataclass(frozen=True)
class Reply:
    url: str
    text: str
    at: dt.datetime | None = None


class Connector(Protocol):
    channel: str  # "mastodon": the Submission channel and the first part of every source key
    label: str  # "Mastodon", for people

    def feeds(self) -> list[str]:
        """The feeds to poll; each keeps its own cursor (a SocialSource row)."""

    def fetch(self, feed: str, cursor: str, limit: int) -> Iterator[Page]:
        """Posts newer than the cursor, a page at a time, at most about `limit`. Raises PlatformError."""

    def why_cannot_ask(self, raw: dict) -> str:
        """"" when a permission request can be sent under this post (Submission.raw), else why not."""

    def target(self, raw: dict) -> dict:
        """What ask() and find_reply() need to find the post again (stored on the request)."""

    def ask(self, request: PermissionRequest) -> Asked:
        """Send the request's message under the post. Raises PlatformError."""

    def find_reply(self, request: PermissionRequest) -> Reply | None:
        """The author's reply that carries the request's keyword, if there is one yet. Raises PlatformError."""

    def summary(self) -> str:
        """What it reads, and what is left of its platform's budgets, for `storydesk doctor`."""

    def close(self) -> None: ...


def cursor_state(cursor: str) -> dict:
    """A feed's stored cursor (JSON a connector wrote); anything unreadable starts the feed afresh."""
    try:
        state = json.loads(cursor) if cursor else {}
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}
