"""The SQLite database as every storydesk process opens it: what a power cut can and can't lose."""
import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite settings only")


@pytest.mark.django_db
def test_every_commit_reaches_the_disk_before_it_returns():
    # A fresh connection, opened the way Django opens one in production (the settings' init_command runs).
    fresh = connection.get_new_connection(connection.get_connection_params())
    try:
        assert fresh.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: fsync on every commit
        assert fresh.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        fresh.close()
