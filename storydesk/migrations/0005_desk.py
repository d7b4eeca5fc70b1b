"""The moderation desk: claims, assignments, merges, the flag and theme rows the queue filters by, the
moderators' digest, messages the desk starts, role permissions, and the indexes the queue needs.

Depends on 0003_mail on the desk branch; when merged beside 0004_social_sources it is re-chained after it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_desk_indexes(apps, schema_editor):
    """Stories screened before the desk: their flag and theme rows, from the verdicts and themes they have."""
    Story = apps.get_model("storydesk", "Story")
    StoryTheme = apps.get_model("storydesk", "StoryTheme")
    Verdict = apps.get_model("storydesk", "Verdict")
    flagged = Verdict.objects.filter(outcome__in=["flag", "fail"]).values("story_id")
    Story.objects.filter(pk__in=flagged).update(flagged=True)
    rows = []
    for story_id, themes in Story.objects.exclude(themes=[]).values_list("pk", "themes").iterator(chunk_size=1000):
        seen = set()
        for theme in themes or []:
            name = str(theme.get("name", ""))[:200]
            if name and name not in seen:
                seen.add(name)
                rows.append(StoryTheme(story_id=story_id, name=name, score=theme.get("score")))
        if len(rows) >= 1000:
            StoryTheme.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    StoryTheme.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0004_social_sources'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ModeratorDigest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('story_ids', models.JSONField(default=list)),
                ('recipients', models.JSONField(default=list)),
                ('subject', models.CharField(max_length=300)),
                ('body', models.TextField()),
                ('sent_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='StoryTheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('score', models.FloatField(blank=True, null=True)),
            ],
        ),
        migrations.AlterModelOptions(
            name='story',
            options={'ordering': ['-created_at', '-id'], 'permissions': [('view_desk', 'See the desk: queue, stories, mail and audit trail'), ('decide_story', 'Approve, reject and ask contributors for more'), ('edit_story', 'Edit caption, display name, lead photo and themes'), ('merge_story', 'Merge duplicate stories'), ('assign_story', 'Assign stories to moderators'), ('reverse_decision', 'Reopen approved or rejected stories'), ('export_audit', 'Export the audit trail'), ('manage_staff', 'Give staff their roles')], 'verbose_name_plural': 'stories'},
        ),
        migrations.AddField(
            model_name='story',
            name='assigned_to',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_stories', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='story',
            name='claimed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='story',
            name='claimed_until',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='story',
            name='flagged',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='story',
            name='merged_into',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged_stories', to='storydesk.story'),
        ),
        migrations.AddField(
            model_name='story',
            name='overdue_notified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='mailreply',
            name='kind',
            field=models.CharField(choices=[('acknowledgement', 'Acknowledgement'), ('ask_photo', 'Ask Photo'), ('attachment_problem', 'Attachment Problem'), ('completed', 'Completed'), ('needs_info', 'Needs Info')], max_length=30),
        ),
        migrations.AlterField(
            model_name='mailreply',
            name='mail',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reply', to='storydesk.mailmessage'),
        ),
        migrations.AlterField(
            model_name='story',
            name='status',
            field=models.CharField(choices=[('received', 'Received'), ('screening', 'Screening'), ('in_review', 'In Review'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('needs_info', 'Needs Info'), ('errored', 'Errored'), ('withdrawn', 'Withdrawn'), ('merged', 'Merged')], default='received', max_length=20),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['story', '-created_at'], name='audit_by_story'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['actor', '-created_at'], name='audit_by_actor'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['campaign', 'status', '-flagged', 'created_at', 'id'], name='story_queue_flagged'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['campaign', '-flagged', 'created_at', 'id'], name='story_all_flagged'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['country', 'status'], name='story_by_country'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['language', 'status'], name='story_by_language'),
        ),
        migrations.AddIndex(
            model_name='submission',
            index=models.Index(fields=['channel', 'story'], name='submission_by_channel'),
        ),
        migrations.AddIndex(
            model_name='verdict',
            index=models.Index(fields=['step', 'outcome', 'story'], name='verdict_by_step'),
        ),
        migrations.AddField(
            model_name='storytheme',
            name='story',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='theme_rows', to='storydesk.story'),
        ),
        migrations.AddIndex(
            model_name='storytheme',
            index=models.Index(fields=['name', 'story'], name='story_theme_lookup'),
        ),
        migrations.AddConstraint(
            model_name='storytheme',
            constraint=models.UniqueConstraint(fields=('story', 'name'), name='story_theme_once'),
        ),
        migrations.RunPython(fill_desk_indexes, migrations.RunPython.noop),
    ]
