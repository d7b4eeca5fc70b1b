"""`export consents`: one record per story and consent scope, in id order.

The evidence (how and where consent was given: addresses, post links) is left out, as in the stories
export, which carries only each scope's state."""
from __future__ import annotations

from collections.abc import Iterator

from storydesk.models import Consent

FIELDS = ("id", "story", "scope", "channel", "state", "given_at", "withdrawn_at")
CHUNK = 2000


def consent_records(consents=None) -> Iterator[dict]:
    consents = consents if consents is not None else Consent.objects.all()
    rows = consents.order_by("pk").values_list("pk", "story_id", "scope", "channel", "given_at", "withdrawn_at")
    for pk, story_id, scope, channel, given_at, withdrawn_at in rows.iterator(chunk_size=CHUNK):
        # The same rule as Consent.state: withdrawal wins over consent given.
        state = "withdrawn" if withdrawn_at else "given" if given_at else "not_given"
        yield {"id": pk, "story": story_id, "scope": scope, "channel": channel, "state": state,
               "given_at": _iso(given_at), "withdrawn_at": _iso(withdrawn_at)}


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def count() -> int:
    return Consent.objects.count()
