"""For a migration that rebuilds a table the triggers watch on SQLite (adding a NOT NULL column, altering
one): SQLite drops a table's triggers with it, silently, and the insights summary (0011) and the queue's
counts (0019) would then miss every later write. Wrap such operations:

    operations = [*stepping_aside(migrations.AddField(...), ...)]

Both sets step aside before and come back after (the desk counts refilled: what changed meanwhile was not
counted). Nothing happens on PostgreSQL, which keeps triggers through ALTER TABLE. (The leading underscore
keeps Django's migration loader from taking this module for a migration.)"""

import importlib

from django.db import migrations

insights = importlib.import_module("storydesk.migrations.0013_screening_lease")  # 0011's, on SQLite only
desk = importlib.import_module("storydesk.migrations.0019_desk_counts")


def drop_sqlite_triggers(apps, schema_editor):
    insights.drop_sqlite_triggers(apps, schema_editor)
    desk.drop_sqlite_triggers(apps, schema_editor)


def add_sqlite_triggers(apps, schema_editor):
    insights.add_sqlite_triggers(apps, schema_editor)
    desk.add_sqlite_triggers(apps, schema_editor)


def stepping_aside(*operations) -> list:
    return [migrations.RunPython(drop_sqlite_triggers, add_sqlite_triggers), *operations,
            migrations.RunPython(add_sqlite_triggers, drop_sqlite_triggers)]
