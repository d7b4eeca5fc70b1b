"""Consent given after the story arrived (email stories come without it): age and the places to publish."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, audit
from storydesk.models import Consent, Status, Story

SCOPES = tuple(Consent.Scope.values)


class ConsentClosed(Exception):
    """The story was withdrawn: there is nothing left to consent to."""


def confirm_consent(story: Story, *, scopes: dict[str, bool], actor: Actor, via: str = "status page",
                    evidence: dict | None = None) -> bool:
    """Record the contributor's 18+ confirmation and a Consent row per scope; False if already confirmed.

    The first confirmation counts; changing it later is the consent ledger's job, not this form's.
    """
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown consent scope(s): {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        if locked.status == Status.WITHDRAWN:
            raise ConsentClosed(f"story {locked.pk} is withdrawn")
        if locked.age_confirmed and locked.consents.exists():
            return False
        now = timezone.now()
        for scope in SCOPES:
            given = bool(scopes.get(scope))
            Consent.objects.update_or_create(story=locked, scope=scope, defaults={
                "channel": via.replace(" ", "_")[:30], "given_at": now if given else None, "withdrawn_at": None,
                "evidence": {"how": via, "given": given, "age_confirmed": True, **(evidence or {})},
            })
        locked.age_confirmed = True
        locked.save(update_fields=["age_confirmed", "updated_at"])
        audit("consent.confirmed", actor=actor, story=locked, via=via,
              scopes={scope: bool(scopes.get(scope)) for scope in SCOPES})
    story.refresh_from_db()
    return True
