"""What every publishing target does, and the outcomes it reports to actions.publishing.

A target never writes the Publication's final state itself: it returns an Outcome and publish_slot records it
(with the slot, the audit trail and the retry schedule) in one transaction. What a target must remember
between tries (a container id, "publish was asked") it saves through the Lease it is given, which only
writes while this worker still holds the publication."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from django.utils import timezone


@dataclass(frozen=True)
class Published:
    external_id: str = ""
    permalink: str = ""
    published_at: dt.datetime = field(default_factory=timezone.now)


@dataclass(frozen=True)
class RetryLater:
    message: str  # for the manager, in plain words
    after: dt.timedelta | None = None  # None: publish_slot's doubling backoff
    counts: bool = True  # False for waits that aren't failures (still processing, quota used up)


@dataclass(frozen=True)
class Parked:
    message: str  # what went wrong and what a manager can do, with the platform's own words


Outcome = Published | RetryLater | Parked


@dataclass(frozen=True)
class TakeDown:
    """What withdrawal does to a published publication: gone at once, or a person must remove it."""

    state: str  # Publication.State.REMOVED or REMOVAL_NEEDED
    message: str


class LeaseLost(Exception):
    """Another worker took the publication over (this one's lease lapsed): stop without writing."""


class NoLongerWanted(Exception):
    """The story was withdrawn or lost its consent before it went out."""


class Lease(Protocol):
    def save(self, **fields) -> None:
        """Store progress on the publication (and renew the lease); raises LeaseLost."""

    def about_to_publish(self) -> None:
        """The last check before the step that can't be undone: still ours, story still publishable.
        Stamps publish_sent_at. Raises LeaseLost or NoLongerWanted."""


class PublishTarget(Protocol):
    name: str

    def not_set_up(self) -> str:
        """What is missing before anything can be published here, and how to turn it on ("" when set up)."""

    def publish(self, publication, lease: Lease) -> Outcome:
        """Publish (or resume publishing) the publication's story. Safe to call again after any failure."""

    def on_published(self, publication) -> None:
        """Called inside the transaction that records the publication as published."""

    def take_down(self, publication) -> TakeDown:
        """Called inside the withdrawal's transaction for a published publication."""
