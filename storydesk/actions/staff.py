"""Staff accounts and their roles (Django groups)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from storydesk.actions.base import ROLES, Actor, audit, require


def ensure_roles() -> None:
    for role in ROLES:
        Group.objects.get_or_create(name=role)


@transaction.atomic
def create_staff(*, username: str, password: str, role: str, actor: Actor, email: str = ""):
    """Create or update a staff user so that they hold exactly this role."""
    require(actor, "admin")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    ensure_roles()
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    validate_password(password, user)
    user.set_password(password)
    user.email = email or user.email
    user.is_staff = True  # may log in; what they may do comes from the role
    user.is_superuser = role == "admin"
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    audit("staff.created" if created else "staff.updated", actor=actor, username=username, role=role)
    return user, created
