"""Periodic tasks that keep quiet unless they did something: each says, in one line, what it did (or nothing
when it found nothing to do), and a failure is logged with its traceback under the task's own name.

Huey's own INFO lines for every run (queued, executing, executed) are left out by log_format.QuietPeriodicTasks.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from huey.contrib.djhuey import db_periodic_task

from storydesk.log_format import LOGGED

log = logging.getLogger("storydesk.tasks")


def periodic(schedule, said: Callable[[object], str | None], *, name: str | None = None):
    """A periodic task; `said(result)` is the line to log for what it returned, or None when it did nothing."""
    def decorate(work):
        @functools.wraps(work)
        def run():
            try:
                result = work()
            except Exception as error:
                log.exception("%s failed", work.__name__)
                try:
                    setattr(error, LOGGED, True)  # Huey logs it again, by the task's id, otherwise
                except AttributeError:
                    pass
                raise
            if line := said(result):
                log.info("%s: %s", work.__name__, line)
            return result
        return db_periodic_task(schedule, name=name)(run)
    return decorate


def counted(text: str) -> Callable[[int], str | None]:
    """For a task that returns how many it did: `text` with the number in it, when there was any."""
    return lambda n: text.format(n=n) if n else None


def silent(_result) -> None:
    """For a task that logs what it did itself."""
    return None
