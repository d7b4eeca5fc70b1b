"""Publishing: the calendar's slots (one per target per cadence moment) and the publications of stories on
Instagram and the public gallery, with what a resumed worker needs to publish exactly once."""

import django.db.models.deletion
from django.db import migrations, models

import storydesk.models.publication


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0005_desk'),
    ]

    operations = [
        migrations.CreateModel(
            name='Slot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target', models.CharField(choices=[('instagram', 'Instagram'), ('gallery', 'Gallery')], max_length=20)),
                ('starts_at', models.DateTimeField()),
                ('locked', models.BooleanField(default=False)),
                ('reason', models.CharField(blank=True, max_length=300)),
                ('state', models.CharField(choices=[('open', 'Open'), ('planned', 'Planned'), ('publishing', 'Publishing'), ('published', 'Published'), ('parked', 'Parked')], default='open', max_length=20)),
                ('error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='slots', to='storydesk.campaign')),
                ('story', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='slots', to='storydesk.story')),
            ],
            options={
                'ordering': ['starts_at', 'target', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Publication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target', models.CharField(choices=[('instagram', 'Instagram'), ('gallery', 'Gallery')], max_length=20)),
                ('state', models.CharField(choices=[('publishing', 'Publishing'), ('published', 'Published'), ('parked', 'Parked'), ('removal_needed', 'Removal Needed'), ('removed', 'Removed')], default='publishing', max_length=20)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('external_id', models.CharField(blank=True, max_length=100)),
                ('container_id', models.CharField(blank=True, max_length=100)),
                ('permalink', models.URLField(blank=True, max_length=500)),
                ('error', models.TextField(blank=True)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('caption', models.TextField(blank=True)),
                ('alt_text', models.TextField(blank=True)),
                ('image', models.FileField(blank=True, storage=storydesk.models.publication._private_storage, upload_to='renders/')),
                ('container_created_at', models.DateTimeField(blank=True, null=True)),
                ('publish_sent_at', models.DateTimeField(blank=True, null=True)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('lease_until', models.DateTimeField(blank=True, null=True)),
                ('lease_owner', models.CharField(blank=True, max_length=64)),
                ('removed_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('story', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='publications', to='storydesk.story')),
                ('slot', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='publications', to='storydesk.slot')),
            ],
            options={
                'ordering': ['-updated_at', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='slot',
            index=models.Index(fields=['state', 'starts_at'], name='slot_due'),
        ),
        migrations.AddIndex(
            model_name='slot',
            index=models.Index(fields=['campaign', 'starts_at'], name='slot_calendar'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.UniqueConstraint(fields=('campaign', 'target', 'starts_at'), name='slot_one_per_moment'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.UniqueConstraint(condition=models.Q(('story__isnull', False)), fields=('story', 'target'), name='slot_story_once_per_target'),
        ),
        migrations.AddIndex(
            model_name='publication',
            index=models.Index(fields=['target', 'state', '-published_at'], name='publication_public'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.UniqueConstraint(fields=('story', 'target'), name='publication_once_per_target'),
        ),
    ]
