"""What a channel hands to intake: a story as it arrived, already normalised (no storydesk imports, so every
channel and the intake action can share it without depending on each other)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IncomingPhoto:
    data: bytes
    filename: str = ""


@dataclass(frozen=True)
class IncomingStory:
    """What a channel hands over, already normalised; `raw` keeps the original payload."""

    channel: str
    source_key: str
    answer: str
    photos: tuple[IncomingPhoto, ...]
    first_name: str = ""
    full_name: str = ""
    email: str = ""
    country: str = ""
    social_handle: str = ""
    profile_url: str = ""
    age_confirmed: bool = False
    consents: dict[str, bool] = field(default_factory=dict)  # scope → given
    consent_evidence: dict = field(default_factory=dict)  # added to each Consent's evidence (e.g. a public post)
    received_at: dt.datetime | None = None
    # When the campaign got the story, if before now: set only by a source staff vouch for (a hand-collected
    # row), never by what a sender wrote. The story counts as arriving then, in the queue and in insights.
    arrived_at: dt.datetime | None = None
    raw: dict = field(default_factory=dict)
    # The sender's address is proven theirs (e-mail: our server's DMARC or aligned DKIM pass). Only a proven
    # arrival may add to the address's open story by sender alone, or change its contributor's details.
    sender_verified: bool = False
    # The channel asks for a missing answer (e-mail): without one the story waits for it (needs info), as it
    # waits for a missing photo, instead of going to screening.
    answer_expected: bool = False
    # The language the participant used (storydesk.languages' code), which every message back to them is in;
    # "" when not known, and the campaign's is used.
    participant_language: str = ""


@dataclass(frozen=True)
class AttachmentProblem:
    """An attachment that could not be used as a photo; `tell_sender` when the reply should say why."""

    filename: str
    code: str
    message: str
    tell_sender: bool = True
