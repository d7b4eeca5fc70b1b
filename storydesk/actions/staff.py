"""Staff accounts and their roles: one Django group per role, holding that role's permissions (storydesk.roles)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from storydesk.actions.base import Actor, audit, require, require_permission
from storydesk.actions.two_factor import remove_two_factor
from storydesk.roles import PERMISSIONS, ROLES, permissions_of


def ensure_roles(**_signal) -> None:
    """Create the role groups and give each exactly its permissions (idempotent; runs after every migrate)."""
    known = {p.codename: p for p in Permission.objects.filter(
        content_type__app_label="storydesk", codename__in=[p.codename for p in PERMISSIONS])}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([known[c] for c in permissions_of(role) if c in known])


@transaction.atomic
def create_staff(*, username: str, password: str | None, role: str, actor: Actor, email: str = ""):
    """Create or update a staff user so that they hold exactly this role. Without a password (None), a new user
    can't log in until one is set; an existing one keeps theirs."""
    require(actor, "admin")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    ensure_roles()
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.email = email or user.email
    # Anyone with a password may log in to the desk; only admins reach the Django admin.
    user.is_staff = user.is_superuser = role == "admin"
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    audit("staff.created" if created else "staff.updated", actor=actor, username=username, role=role)
    return user, created


@transaction.atomic
def reset_password(*, username: str, password: str, actor: Actor, reset_two_factor: bool = False):
    """The way back in for someone locked out: a new password for an existing account, and, for one who lost
    their phone and backup codes, no two-factor (an admin then sets it up again at the next log-in)."""
    require(actor, "admin")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise LookupError(f"nobody is called {username!r}")
    validate_password(password, user)
    user.set_password(password)  # every session of theirs ends with the old password
    user.save(update_fields=["password"])
    removed = reset_two_factor and remove_two_factor(user, actor=actor)
    audit("staff.password_reset", actor=actor, username=username, two_factor_removed=bool(removed))
    return user, bool(removed)


def role_of(user) -> str:
    return Actor.staff(user).role or ""


@transaction.atomic
def set_role(user, role: str, *, actor: Actor) -> bool:
    """Give a staff user exactly this role ("" takes every role away); False when it was theirs already."""
    require_permission(actor, "manage_staff")
    if role and role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if actor.user is not None and actor.user.pk == user.pk:
        raise ValueError("nobody changes their own role: ask another admin")
    before = role_of(user)
    if before == role:
        return False
    ensure_roles()
    user.groups.set([Group.objects.get(name=role)] if role else [])
    user.is_staff = user.is_superuser = role == "admin"
    user.save(update_fields=["is_superuser", "is_staff"])
    audit("staff.role_changed", actor=actor, username=user.get_username(), before=before or "none",
          after=role or "none")
    return True
