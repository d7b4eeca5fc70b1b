"""The worker's heartbeat: one row per queue, which the desk's banner reads to tell that the worker stopped."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0020_embedding_bucket_scan'),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('queue', models.CharField(max_length=100, primary_key=True, serialize=False)),
                ('beat_at', models.DateTimeField()),
            ],
        ),
    ]
