"""The one place the second factor is enforced: after the password, a person who owes a code (or, an admin, a
set-up) reaches the desk and the admin only through the two-factor pages; anywhere else they count as signed
out, so no staff-only view outside those two can be reached half-way through either.

Pages that serve nobody signed in (the gallery, cached) never touch the session here: it is asked lazily."""
from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from storydesk.accounts.two_factor import Owed, owed

GATED = ("/desk/", "/admin/")


def _url(name: str) -> str:
    return reverse(f"accounts:{name}")


def _stand_in(request, async_user):
    async def auser():
        user = await async_user()
        due = await sync_to_async(owed)(request, user)
        return user if due is Owed.NOTHING else AnonymousUser()
    return auser


class SecondFactorGate:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(GATED):
            due = owed(request)
            if due is not Owed.NOTHING:
                target = _url("code" if due is Owed.CODE else "two-factor")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        elif not path.startswith("/accounts/"):
            # The two-factor pages (and log-out) see the real user; every other page a signed-out visitor.
            signed_in, async_user = request.user, getattr(request, "auser", None)
            request.user = SimpleLazyObject(
                lambda: signed_in if owed(request, signed_in) is Owed.NOTHING else AnonymousUser())
            if async_user is not None:  # async code asks request.auser(): the same stand-in
                request.auser = _stand_in(request, async_user)
        return self.get_response(request)
