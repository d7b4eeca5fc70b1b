"""The LSH bucket index with the story last, so a lookup reads each bucket's newest entries off the index alone
(screening/steps/duplicate_check.PER_BAND). On a big PostgreSQL desk this builds an index over every bucket
row (80 a story): minutes at a million stories."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0019_desk_counts'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='embeddingbucket',
            name='embedding_bucket_lookup',
        ),
        migrations.AddIndex(
            model_name='embeddingbucket',
            index=models.Index(fields=['band', 'value', 'story_id'], name='embedding_bucket_scan'),
        ),
    ]
