"""The desk permission to see the campaign's insights (managers and admins hold it)."""


from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0009_gallery'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='story',
            options={'ordering': ['-created_at', '-id'], 'permissions': [('view_desk', 'See the desk: queue, stories, mail and audit trail'), ('decide_story', 'Approve, reject and ask contributors for more'), ('edit_story', 'Edit caption, display name, lead photo and themes'), ('merge_story', 'Merge duplicate stories'), ('assign_story', 'Assign stories to moderators'), ('reverse_decision', 'Reopen approved or rejected stories'), ('export_audit', 'Export the audit trail'), ('plan_calendar', 'Plan the publishing calendar: place, lock and plan stories, retry parked posts, confirm removals'), ('view_insights', "See the campaign's insights: funnel, channels, moderation times"), ('manage_staff', 'Give staff their roles')], 'verbose_name_plural': 'stories'},
        ),
    ]
