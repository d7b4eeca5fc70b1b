"""Screening's lease on a story: when a run was last queued, who holds it and until when, and how many runs
started without finishing (actions/screening.py)."""

import importlib

from django.db import migrations, models

# SQLite adds these NOT NULL columns by rebuilding the story table, which its insights triggers (0011) would stop.
insights = importlib.import_module("storydesk.migrations.0011_insights_rollup")


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        insights.drop_triggers(apps, schema_editor)


def add_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table, columns in insights.WATCHED.items():
            for statement in insights._sqlite(table, columns):
                schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0012_publication_metrics'),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, add_sqlite_triggers),
        migrations.AddField(
            model_name='story',
            name='screening_attempts',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='story',
            name='screening_lease_owner',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='story',
            name='screening_lease_until',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='story',
            name='screening_queued_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['status', 'screening_queued_at'], name='story_screening_queued'),
        ),
        migrations.RunPython(add_sqlite_triggers, drop_sqlite_triggers),
    ]
