"""After every migration, the database has exactly the triggers the insights summary (0011) and the queue's
counts (0019) are kept by: a later migration that rebuilds a watched table on SQLite without stepping them
aside (storydesk/migrations/_triggers.py) drops them silently, and fails here."""
import importlib

import pytest
from django.db import connection

insights = importlib.import_module("storydesk.migrations.0011_insights_rollup")
desk = importlib.import_module("storydesk.migrations.0019_desk_counts")


def expected() -> set[tuple[str, str]]:
    """(table, trigger name) of every trigger the migrations create."""
    suffixes = ("insert", "delete", "update") if connection.vendor == "sqlite" else ("write", "update")
    names = {(table, f"insights_{table.removeprefix('storydesk_')}_{suffix}")
             for table in insights.WATCHED for suffix in suffixes}
    return names | {(table, desk._name(table, op)) for table, op in desk._bodies()}


def present() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal")
        return set(cursor.fetchall())


@pytest.mark.django_db
def test_the_migrated_database_has_every_trigger_and_no_other():
    assert present() == expected()


@pytest.mark.django_db
def test_stepping_aside_drops_both_sets_on_sqlite_and_brings_them_back(campaign):
    from types import SimpleNamespace

    from storydesk.migrations import _triggers

    with connection.cursor() as cursor:  # what the helpers use of a schema editor (SQLite's won't open in a test)
        editor = SimpleNamespace(connection=connection, execute=lambda sql, params=(): cursor.execute(sql, params))
        _triggers.drop_sqlite_triggers(None, editor)
        gone = present()
        _triggers.add_sqlite_triggers(None, editor)
    assert gone == (set() if connection.vendor == "sqlite" else expected())
    assert present() == expected()
