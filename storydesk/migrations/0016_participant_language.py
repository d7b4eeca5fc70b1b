"""The language every message to the participant is in."""

import importlib

from django.db import migrations, models

# SQLite adds this NOT NULL column by rebuilding the story table, which the insights triggers (0011) would stop.
lease = importlib.import_module("storydesk.migrations.0013_screening_lease")


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0015_unverified_arrivals'),
    ]

    operations = [
        migrations.RunPython(lease.drop_sqlite_triggers, lease.add_sqlite_triggers),
        migrations.AddField(
            model_name='story',
            name='participant_language',
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.RunPython(lease.add_sqlite_triggers, lease.drop_sqlite_triggers),
    ]
