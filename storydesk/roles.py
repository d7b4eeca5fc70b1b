"""Staff roles and what each may do, as one table: each role is a Django group holding Django permissions.

A permission's row names the weakest role that holds it; every stronger role holds it too."""
from __future__ import annotations

from dataclasses import dataclass

# Strongest first; each may do everything the roles after it may.
ROLES = ("admin", "manager", "moderator", "viewer")


@dataclass(frozen=True)
class DeskPermission:
    codename: str
    least_role: str
    label: str


PERMISSIONS: tuple[DeskPermission, ...] = (
    DeskPermission("view_desk", "viewer", "See the desk: queue, stories, mail and audit trail"),
    DeskPermission("decide_story", "moderator", "Approve, reject and ask contributors for more"),
    DeskPermission("edit_story", "moderator", "Edit caption, display name, lead photo and themes"),
    DeskPermission("merge_story", "moderator", "Merge duplicate stories"),
    DeskPermission("assign_story", "manager", "Assign stories to moderators"),
    DeskPermission("reverse_decision", "manager", "Reopen approved or rejected stories"),
    DeskPermission("export_audit", "manager", "Export the audit trail"),
    DeskPermission("plan_calendar", "manager",
                   "Plan the publishing calendar: place, lock and plan stories, retry parked posts, confirm removals"),
    DeskPermission("view_insights", "manager", "See the campaign's insights: funnel, channels, moderation times"),
    DeskPermission("manage_staff", "admin", "Give staff their roles"),
    DeskPermission("manage_personal_data", "admin",
                   "Export everything held about a contributor, and erase it"),
)


def permissions_of(role: str) -> tuple[str, ...]:
    """The codenames a role holds."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return tuple(p.codename for p in PERMISSIONS if ROLES.index(role) <= ROLES.index(p.least_role))


def least_role(codename: str) -> str:
    return next(p.least_role for p in PERMISSIONS if p.codename == codename)
