"""Follow-up work, asked for by name. The code that asks (actions, the gallery's listener) never imports the
queue: it names the work and the ids it needs, and tasks.py, the outermost layer, registers what each name
does (the shape of Zulip's queue_event_on_commit). Queues carry ids, never payloads."""
from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from django.db import transaction


class Work(StrEnum):
    SCREEN_STORY = "screen story"
    SEND_CONTRIBUTOR_MESSAGE = "send contributor message"
    SEND_PERMISSION_REQUEST = "send permission request"
    SYNC_GALLERY = "sync gallery"
    UPDATE_STATIC_SITE = "update static site"
    SEND_PASSWORD_RESET = "send password reset"
    SEND_ACCOUNT_NOTICE = "send account notice"
    PUBLISH_SLOT = "publish slot"


_DOERS: dict[Work, Callable[..., object]] = {}


def does(work: Work):
    """tasks.py: `@does(Work.SCREEN_STORY)` above a queue task makes it the one that does that work."""
    def register(task):
        _DOERS[work] = task
        return task
    return register


def enqueue(work: Work, *args) -> None:
    _doer(work)(*args)


def enqueue_on_commit(work: Work, *args) -> None:
    """Queue the work once the surrounding write commits (at once outside a transaction); dropped on rollback."""
    doer = _doer(work)  # fail now, inside the write, rather than after it committed
    transaction.on_commit(lambda: doer(*args))


def _doer(work: Work) -> Callable[..., object]:
    try:
        return _DOERS[work]
    except KeyError:
        raise LookupError(f"nothing does {work!r}: storydesk.tasks registers every kind of work "
                          "(the app imports it when Django starts)") from None
