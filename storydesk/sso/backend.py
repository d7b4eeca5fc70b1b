"""The authentication backend of sessions begun by single sign-on.

It authenticates nothing by itself: only the callback (views.py), after checking the provider's ID token and
matching a staff account, logs a user in with it. Later requests load the user as Django's own backend does,
so a user switched off since is logged out. Listed in AUTHENTICATION_BACKENDS whether single sign-on is on or
not: it grants nothing, and while single sign-on is off it restores nobody (turning it off ends its sessions)."""
from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from storydesk.sso.config import current

PATH = "storydesk.sso.backend.OpenIDConnectBackend"


class OpenIDConnectBackend(ModelBackend):
    def authenticate(self, request, **credentials):
        return None  # never from a username and password: those are ModelBackend's

    def get_user(self, user_id):
        if not current().enabled:
            return None
        return super().get_user(user_id)
