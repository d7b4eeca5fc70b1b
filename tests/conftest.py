"""Shared test fixtures: the pinned clock, the campaign, staff users, a real queue consumer."""
from __future__ import annotations

import os
import shutil
import signal

import pytest
import time_machine

from tests.clock import INSTANTS, pinned_now

_SESSION_PID = os.getpid()
# A test that asks for any of these touches the database (pytest-django refuses the others any access).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server"}


def pytest_addoption(parser):
    parser.addoption("--every-instant", action="store_true",
                     help="run each test marked `clock` once at each instant of tests/clock.py, and no other test")
    parser.addoption("--database-only", action="store_true",
                     help="run only the tests that touch the database (what a second database adds)")


def pytest_configure(config):
    from django.conf import settings

    # Hashing is deliberately slow (about 0.3 s a password); tests make staff and log them in all the time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_generate_tests(metafunc):
    if metafunc.config.getoption("every_instant") and metafunc.definition.get_closest_marker("clock"):
        metafunc.parametrize("clock", list(INSTANTS), indirect=True)


def pytest_collection_modifyitems(config, items):
    keep = items
    if config.getoption("every_instant"):
        keep = [item for item in keep if item.get_closest_marker("clock")]
    if config.getoption("database_only"):
        keep = [item for item in keep if touches_database(item)]
    if len(keep) < len(items):
        kept = {id(item) for item in keep}
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
        items[:] = keep


def touches_database(item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(DATABASE_FIXTURES & set(item.fixturenames))


def pytest_sessionfinish(session):
    """Delete the throwaway data folder settings made for this run (not one a developer pointed us at)."""
    from django.conf import settings

    home = getattr(settings, "STORYDESK_TEMPORARY_HOME", None)  # tests/settings.py
    if home and os.getpid() == _SESSION_PID:  # not from a forked child that inherited the hook
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def clock(request):
    """Every test starts at the same pinned instant (tests/clock.py) and the clock ticks from there; a test
    that needs another moment moves it: clock.move_to(…). Under --every-instant, each instant in turn."""
    instant = INSTANTS[request.param] if hasattr(request, "param") else pinned_now()
    with time_machine.travel(instant, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def dated_campaign_copy_elsewhere(settings, tmp_path_factory):
    """The dated copy of the campaign (actions/campaign_dates.py) a test makes goes to a folder of its own,
    never the run's home folder, where every process a later test starts would find it and run it; and the
    campaign is the one the run names, never a copy a developer's home folder held when settings were read."""
    settings.HOME_CAMPAIGN_FILE = tmp_path_factory.mktemp("dated-copy") / "campaign.toml"
    settings.CAMPAIGN = os.environ.get("STORYDESK_CAMPAIGN", "")


@pytest.fixture
def campaign(db):
    from storydesk.actions.campaign import load_campaign

    return load_campaign()


@pytest.fixture
def back_to_latest():
    """For a test that migrates backwards: whatever happens, the tests after it get the whole schema back."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def staff_user(db):
    """make a staff user with a role: staff_user("moderator"). Admins have an authenticator app (they must),
    others none, unless two_factor says otherwise."""
    from storydesk.actions.base import Actor
    from storydesk.actions.staff import create_staff
    from tests.second_factor import give_app

    def make(role: str = "moderator", username: str | None = None, password: str = "correct-horse-9", *,
             two_factor: bool | None = None):
        user, _ = create_staff(username=username or f"{role}-user", password=password, role=role,
                               actor=Actor.cli())
        if two_factor or (two_factor is None and role == "admin"):
            give_app(user)
        return user

    return make


@pytest.fixture
def client():
    """pytest-django's test client, whose force_login also passes the second factor with the user's app (as
    logging in with a code does), so a test about something else needn't; second_factor=False leaves it owed."""
    from django.test import Client

    from tests.second_factor import pass_second_factor

    class StaffClient(Client):
        def force_login(self, user, backend=None, *, second_factor: bool = True):
            super().force_login(user, backend)
            if second_factor:
                pass_second_factor(self, user)

    return StaffClient()


@pytest.fixture
def queue_consumer(request, transactional_db, settings):
    """A real Huey consumer (threads) working the configured queue: SqliteHuey, or RedisHuey under REDIS_URL.
    Two workers, or as many as an indirect parameter says."""
    from huey.contrib.djhuey import HUEY

    HUEY.flush()
    # The consumer installs its own SIGTERM/SIGINT/SIGHUP handlers in this process; left in place, processes
    # forked by later tests (screen --workers) would ignore the SIGTERM that ends them, and hang the run.
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    consumer = HUEY.create_consumer(workers=getattr(request, "param", 2), worker_type="thread", periodic=False)
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        HUEY.flush()
        for signum, handler in saved.items():
            signal.signal(signum, handler)
