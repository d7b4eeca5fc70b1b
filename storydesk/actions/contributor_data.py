"""An admin took a copy of everything storydesk holds about a contributor (exports/contributor.py makes it):
only admins may, and each copy is in the audit trail, naming the contributors and stories, never the person."""
from __future__ import annotations

from storydesk.actions.base import Actor, audit, require_permission


def check_may_export(actor: Actor) -> None:
    require_permission(actor, "manage_personal_data")


def record_export(contributors, story_ids, *, actor: Actor, via: str, files: int) -> None:
    require_permission(actor, "manage_personal_data")
    contributors = list(contributors)
    audit("contributor.exported", actor=actor, campaign=contributors[0].campaign if contributors else None, via=via,
          contributors=[c.pk for c in contributors], stories=sorted(story_ids), files=files)
