"""`export decisions`: one record per moderator decision, in id order.

The moderator's free-text note is left out: it is written for colleagues and may quote the contributor's
personal details, which the stories export never carries either."""
from __future__ import annotations

from collections.abc import Iterator

from storydesk.models import Decision

FIELDS = ("id", "story", "action", "reason", "actor", "created_at")
CHUNK = 2000


def decision_records(decisions=None) -> Iterator[dict]:
    decisions = decisions if decisions is not None else Decision.objects.all()
    # values_list: plain tuples, no model instances; iterator: one chunk in memory at a time.
    rows = decisions.order_by("pk").values_list("pk", "story_id", "action", "reason", "actor__username",
                                                "created_at")
    for pk, story_id, action, reason, actor, created_at in rows.iterator(chunk_size=CHUNK):
        yield {"id": pk, "story": story_id, "action": action, "reason": reason, "actor": actor or "",
               "created_at": created_at.isoformat()}


def count() -> int:
    return Decision.objects.count()
