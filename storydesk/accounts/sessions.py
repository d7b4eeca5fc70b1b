"""Logging a person's other sessions out: what a new password does by itself (the session keeps a hash of the
password), done by hand when the second factor changes, so a session that had not given the new app's code (or
one let in by the app just replaced) must log in again."""
from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone


def log_out_other_sessions(user, *, keep: str | None) -> int:
    """Delete every unexpired session of this user but `keep`; how many. Sessions hold the user's id only inside
    their encoded data, so each live session is read: fine for a desk's worth, and this happens rarely."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = store.get_model_class()  # the database-backed engines (this app's is django.contrib.sessions.db)
    ended = 0
    for session in model.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep or "").iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store(session_key=session.session_key).delete()  # through the store, so a cached copy goes too
            ended += 1
    return ended
