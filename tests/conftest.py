"""Shared test fixtures: the campaign, staff users, a real queue consumer."""
from __future__ import annotations

import os
import shutil
import signal

import pytest

_SESSION_PID = os.getpid()


def pytest_sessionfinish(session):
    """Delete the throwaway data folder settings made for this run (not one a developer pointed us at)."""
    from django.conf import settings

    home = getattr(settings, "STORYDESK_TEMPORARY_HOME", None)
    if home and os.getpid() == _SESSION_PID:  # not from a forked child that inherited the hook
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def campaign(db):
    from storydesk.campaigns.current import load_campaign

    return load_campaign()


@pytest.fixture
def staff_user(db):
    """make a staff user with a role: staff_user("moderator")."""
    from storydesk.actions.base import Actor
    from storydesk.actions.staff import create_staff

    def make(role: str = "moderator", username: str | None = None, password: str = "correct-horse-9"):
        user, _ = create_staff(username=username or f"{role}-user", password=password, role=role,
                               actor=Actor.cli())
        return user

    return make


@pytest.fixture
def queue_consumer(transactional_db, settings):
    """A real Huey consumer (threads) working the configured queue: SqliteHuey, or RedisHuey under REDIS_URL."""
    from huey.contrib.djhuey import HUEY

    import storydesk.tasks  # noqa: F401  (registers the tasks)

    HUEY.flush()
    # The consumer installs its own SIGTERM/SIGINT/SIGHUP handlers in this process; left in place, processes
    # forked by later tests (screen --workers) would ignore the SIGTERM that ends them, and hang the run.
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    consumer = HUEY.create_consumer(workers=2, worker_type="thread", periodic=False)
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        HUEY.flush()
        for signum, handler in saved.items():
            signal.signal(signum, handler)
