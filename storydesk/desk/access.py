"""Staff-only views: anonymous users go to log in; a user whose role lacks the view's permission gets 403.

The permission is written on the view (view.desk_permission), so the tests can walk the URLconf and check
that every staff URL has one."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from storydesk.actions.base import Actor
from storydesk.roles import PERMISSIONS

_KNOWN = {p.codename for p in PERMISSIONS}


def staff_required(permission: str = "view_desk"):
    if permission not in _KNOWN:
        raise ValueError(f"unknown desk permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not Actor.staff(request.user).may(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.desk_permission = permission
        return wrapped

    return decorator
