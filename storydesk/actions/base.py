"""Who is acting, what they may do, and the audit trail every action leaves."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from storydesk.models import AuditEvent
from storydesk.roles import ROLES
from storydesk.text import storable
from storydesk.work import Work, enqueue_on_commit

TRUSTED = ("system", "cli")  # labels of actors without a user, running with the operator's own rights


@dataclass(frozen=True)
class Actor:
    label: str
    user: object | None = None  # a django.contrib.auth User for staff

    @classmethod
    def system(cls) -> Actor:
        return cls("system")

    @classmethod
    def cli(cls) -> Actor:
        return cls("cli")

    @classmethod
    def contributor(cls) -> Actor:
        return cls("contributor")

    @classmethod
    def staff(cls, user) -> Actor:
        return cls(user.get_username(), user)

    @property
    def trusted(self) -> bool:
        # By user, not label alone: a staff account named "system" is no operator.
        return self.user is None and self.label in TRUSTED

    @property
    def role(self) -> str | None:
        if self.trusted:
            return "admin"
        if self.user is None or not self.user.is_active:
            return None
        if self.user.is_superuser:
            return "admin"
        names = set(self.user.groups.values_list("name", flat=True))
        return next((role for role in ROLES if role in names), None)

    def can(self, role: str) -> bool:
        mine = self.role
        return mine is not None and ROLES.index(mine) <= ROLES.index(role)

    def may(self, permission: str) -> bool:
        """Whether the actor holds a desk permission (storydesk.roles), through their role's group."""
        if self.trusted:
            return True
        if self.user is None or not self.user.is_active:
            return False
        return self.user.has_perm(f"storydesk.{permission}")


def require(actor: Actor, role: str) -> None:
    if not actor.can(role):
        raise PermissionDenied(f"{actor.label} needs the {role} role for this")


def require_permission(actor: Actor, permission: str) -> None:
    if not actor.may(permission):
        raise PermissionDenied(f"{actor.label} may not {permission.replace('_', ' ')}")


def audit(verb: str, *, actor: Actor, story=None, campaign=None, **data) -> AuditEvent:
    return AuditEvent.objects.create(
        verb=verb,
        actor=actor.user,
        actor_label=actor.label,
        story=story,
        campaign=campaign or (story.campaign if story is not None else None),
        data=storable(data),  # often holds what a stranger sent
    )


def after_commit(work: Work, *args) -> None:
    """Queue follow-up work only once the write is committed: queues carry ids, never payloads."""
    enqueue_on_commit(work, *args)
