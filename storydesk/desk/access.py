"""Staff-only views: anonymous users go to login; users without the role get 403."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from storydesk.actions.base import Actor


def staff_required(role: str = "viewer"):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not Actor.staff(request.user).can(role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
