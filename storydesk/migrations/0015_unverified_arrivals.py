"""An e-mail arrival whose sender wasn't proven, kept as its own story and linked to the open story it would
have completed (actions/completion.py)."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# Undoing this rebuilds SQLite's story table, which the insights triggers (0011) would stop: they step aside.
lease = importlib.import_module("storydesk.migrations.0013_screening_lease")


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0014_only_admins_are_staff'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, lease.add_sqlite_triggers),
        migrations.AddField(
            model_name='story',
            name='would_complete',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='unproven_arrivals', to='storydesk.story'),
        ),
        migrations.RunPython(migrations.RunPython.noop, lease.drop_sqlite_triggers),
    ]
