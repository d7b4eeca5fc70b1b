"""The insights summary: per-day counts the dashboard adds up, the log of days to recount, and the triggers
that keep that log (see the note above WATCHED)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0010_insights_permission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='InsightsCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('channel', models.CharField(blank=True, max_length=32)),
                ('measure', models.CharField(max_length=16)),
                ('key', models.CharField(blank=True, max_length=200)),
                ('bucket', models.SmallIntegerField(default=0)),
                ('n', models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name='InsightsDirtyDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
            ],
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['campaign', 'created_at'], name='story_arrived'),
        ),
        migrations.AddField(
            model_name='insightscount',
            name='campaign',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='storydesk.campaign'),
        ),
        migrations.AddField(
            model_name='insightsdirtyday',
            name='campaign',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='storydesk.campaign'),
        ),
        migrations.AddIndex(
            model_name='insightscount',
            index=models.Index(fields=['campaign', 'measure', 'channel', 'day', 'key', 'bucket', 'n'], name='insights_count_read'),
        ),
        migrations.AddConstraint(
            model_name='insightscount',
            constraint=models.UniqueConstraint(fields=('campaign', 'day', 'channel', 'measure', 'key', 'bucket'), name='insights_count_once'),
        ),
        migrations.AddIndex(
            model_name='insightsdirtyday',
            index=models.Index(fields=['campaign', 'day'], name='insights_dirty_day'),
        ),
    ]


# Triggers that log a story's arrival day in storydesk_insightsdirtyday whenever the story, or a row the
# dashboard counts about it, is written (insights/rollup.py recounts those days). Triggers rather than
# Django signals because bulk updates and raw writes must be caught too: the dashboard must agree with the
# data whatever wrote it. Table → the columns whose change alters a count.
WATCHED = {
    "storydesk_story": ("campaign_id", "created_at", "status", "country", "language"),
    "storydesk_submission": ("story_id", "channel"),
    "storydesk_verdict": ("story_id",),
    "storydesk_decision": ("story_id", "action", "actor_id", "created_at"),
    "storydesk_publication": ("story_id", "published_at"),
    "storydesk_consent": ("story_id", "scope", "given_at", "withdrawn_at"),
    "storydesk_storytheme": ("story_id", "name"),
}
DIRTY = "storydesk_insightsdirtyday"


def _sqlite(table: str, columns) -> list[str]:
    def mark(row: str) -> str:
        if table == "storydesk_story":
            source, campaign, day = "", f"{row}.campaign_id", f"date({row}.created_at)"
        else:
            source = f" FROM storydesk_story s WHERE s.id = {row}.story_id AND"
            campaign, day = "s.campaign_id", "date(s.created_at)"
        where = source or " WHERE"
        return (f"INSERT INTO {DIRTY} (campaign_id, day) SELECT {campaign}, {day}{where} NOT EXISTS "
                f"(SELECT 1 FROM {DIRTY} d WHERE d.campaign_id = {campaign} AND d.day = {day});")
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    name = f"insights_{table.removeprefix('storydesk_')}"
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {mark('NEW')} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {mark('OLD')} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(columns)} ON {table} WHEN {changed} "
        f"BEGIN {mark('OLD')} {mark('NEW')} END",
    ]


PG_FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION storydesk_insights_mark_day(cid bigint, arrived timestamptz) RETURNS void AS $$
        INSERT INTO {DIRTY} (campaign_id, day)
        SELECT cid, (arrived AT TIME ZONE 'UTC')::date
        WHERE NOT EXISTS (SELECT 1 FROM {DIRTY} d
                          WHERE d.campaign_id = cid AND d.day = (arrived AT TIME ZONE 'UTC')::date)
    $$ LANGUAGE sql""",
    """CREATE OR REPLACE FUNCTION storydesk_insights_story() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM storydesk_insights_mark_day(OLD.campaign_id, OLD.created_at); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM storydesk_insights_mark_day(NEW.campaign_id, NEW.created_at); END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION storydesk_insights_about_story() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            PERFORM storydesk_insights_mark_day(s.campaign_id, s.created_at) FROM storydesk_story s WHERE s.id = OLD.story_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM storydesk_insights_mark_day(s.campaign_id, s.created_at) FROM storydesk_story s WHERE s.id = NEW.story_id;
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
]


def _postgresql(table: str, columns) -> list[str]:
    function = "storydesk_insights_story" if table == "storydesk_story" else "storydesk_insights_about_story"
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    name = f"insights_{table.removeprefix('storydesk_')}"
    return [
        f"CREATE TRIGGER {name}_write AFTER INSERT OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(columns)} ON {table} FOR EACH ROW "
        f"WHEN ({changed}) EXECUTE FUNCTION {function}()",
    ]


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [s for table, columns in WATCHED.items() for s in _sqlite(table, columns)]
        day = "date(created_at)"
    elif vendor == "postgresql":
        statements = PG_FUNCTIONS + [s for table, columns in WATCHED.items() for s in _postgresql(table, columns)]
        day = "(created_at AT TIME ZONE 'UTC')::date"
    else:
        raise NotImplementedError(f"storydesk's insights triggers are written for SQLite and PostgreSQL, not {vendor}")
    # Stories already there are counted at the first refresh.
    statements.append(f"INSERT INTO {DIRTY} (campaign_id, day) SELECT DISTINCT campaign_id, {day} FROM storydesk_story")
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in WATCHED:
        name = f"insights_{table.removeprefix('storydesk_')}"
        if vendor == "sqlite":
            for suffix in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
        else:
            for suffix in ("write", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix} ON {table}")
    if vendor == "postgresql":
        for function in ("storydesk_insights_story()", "storydesk_insights_about_story()",
                         "storydesk_insights_mark_day(bigint, timestamptz)"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")


Migration.operations.append(migrations.RunPython(add_triggers, drop_triggers))
