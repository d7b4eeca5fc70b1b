"""The queue's counts kept current (models.DeskCount, DeskMark): tables, the triggers that keep them on SQLite
and PostgreSQL, and their first fill from the stories already there.

Triggers rather than Django signals, as for the insights summary (0011): bulk updates and raw writes must be
counted too, or the default queue's counts would drift from the data. Each trigger changes a handful of
indexed rows, whatever the number of stories.

A later migration that rebuilds a counted table on SQLite (adding a NOT NULL column rebuilds it) must step
these triggers aside around it, and the insights ones: migrations/_triggers.py's stepping_aside does both
(tests/desk/test_triggers.py fails if a migration leaves any out)."""

import django.db.models.deletion
from django.db import migrations, models

COUNT = "storydesk_deskcount"
DELTA = "storydesk_deskcountdelta"
MARK = "storydesk_deskmark"
FLAGGED = "('flag', 'fail')"  # queue.FLAGGED


def _story_facets(row: str) -> list[tuple[str, str, str]]:
    """(facet, key, condition) a story counts under by its own columns."""
    return [
        ("'story'", "''", "1 = 1"),
        ("'country'", f"{row}.country", f"{row}.country <> ''"),
        ("'language'", f"{row}.language", f"{row}.language <> ''"),
        ("'duplicate'", f"CASE WHEN {row}.duplicate_of_id IS NULL THEN 'no' ELSE 'yes' END", "1 = 1"),
        ("'assigned'", f"COALESCE(CAST({row}.assigned_to_id AS TEXT), '')", "1 = 1"),
    ]


def _live(row: str) -> str:
    return f"{row}.given_at IS NOT NULL AND {row}.withdrawn_at IS NULL"


# Table → the columns whose change alters a mark, and the marks a row of it gives its story.
MARKED = {
    "storydesk_submission": (("story_id", "channel"), lambda r: [("'channel'", f"{r}.channel", "1 = 1")]),
    "storydesk_verdict": (("story_id", "step", "outcome"),
                          lambda r: [("'step'", f"{r}.step", f"{r}.outcome IN {FLAGGED}")]),
    "storydesk_storytheme": (("story_id", "name"), lambda r: [("'theme'", f"{r}.name", "1 = 1")]),
    "storydesk_consent": (("story_id", "scope", "given_at", "withdrawn_at"),
                          lambda r: [("'consent'", f"{r}.scope", _live(r)), ("'consent'", "'live'", _live(r)),
                                     ("'consent'", "'withdrawn'", f"{r}.withdrawn_at IS NOT NULL")]),
}
STORY_COLUMNS = ("campaign_id", "status", "country", "language", "duplicate_of_id", "assigned_to_id")


def _add(select: str) -> str:
    """PostgreSQL: append the selected (campaign_id, status, facet, key, delta) rows to the deltas. Concurrent
    writers then never wait on, or deadlock over, the same few count rows (two screening workers did, with a
    campaign row lock in the cycle); readers add the deltas up, and desk.counts.fold_deltas folds them in."""
    return f'INSERT INTO {DELTA} (campaign_id, status, facet, "key", n) {select};'


def _bump(select: str) -> str:
    """SQLite (one writer at a time): add the selected (campaign_id, status, facet, key, delta) rows to the
    counts."""
    return (f'INSERT INTO {COUNT} (campaign_id, status, facet, "key", n) {select} '
            f'ON CONFLICT (campaign_id, status, facet, "key") DO UPDATE SET n = {COUNT}.n + excluded.n;')


def _story_steps(row: str, delta: int, *, marks_moved: str = "1 = 1") -> list[str]:
    """Count (delta +1) or uncount (−1) the story `row` under its own facets and under the marks it carries."""
    steps = [_bump(f"SELECT {row}.campaign_id, {row}.status, {facet}, {key}, {delta} WHERE {condition}")
             for facet, key, condition in _story_facets(row)]
    steps.append(_bump(f'SELECT {row}.campaign_id, {row}.status, m.facet, m."key", {delta} FROM {MARK} m '
                       f"WHERE m.story_id = {row}.id AND {marks_moved}"))
    return steps


def _mark_steps(row: str, delta: int, facet: str, key: str, condition: str) -> list[str]:
    """Give (+1) or take (−1) one row's mark from its story; the counts change when the mark comes or goes."""
    same = f'{MARK}.story_id = {row}.story_id AND {MARK}.facet = {facet} AND {MARK}."key" = {key}'
    joined = (f"FROM storydesk_story s JOIN {MARK} m ON m.story_id = s.id AND m.facet = {facet} "
              f'AND m."key" = {key} WHERE s.id = {row}.story_id AND {condition}')
    if delta > 0:
        return [
            f'INSERT INTO {MARK} (story_id, facet, "key", n) SELECT {row}.story_id, {facet}, {key}, 1 '
            f"FROM storydesk_story s WHERE s.id = {row}.story_id AND {condition} "
            f'ON CONFLICT (story_id, facet, "key") DO UPDATE SET n = {MARK}.n + 1;',
            _bump(f"SELECT s.campaign_id, s.status, {facet}, {key}, 1 {joined} AND m.n = 1"),
        ]
    return [
        f"UPDATE {MARK} SET n = n - 1 WHERE {same} AND {condition};",
        _bump(f"SELECT s.campaign_id, s.status, {facet}, {key}, -1 {joined} AND m.n = 0"),
        f"DELETE FROM {MARK} WHERE {same} AND n <= 0;",
    ]


def _row_steps(table: str, row: str, delta: int) -> list[str]:
    return [s for facet, key, condition in MARKED[table][1](row) for s in _mark_steps(row, delta, facet, key, condition)]


def _bodies() -> dict[tuple[str, str], tuple[list[str], tuple[str, ...]]]:
    """(table, insert|delete|update) → (the trigger's statements, the columns an update must change)."""
    moved = "(OLD.status <> NEW.status OR OLD.campaign_id <> NEW.campaign_id)"
    bodies = {
        ("storydesk_story", "insert"): (_story_steps("NEW", 1), ()),
        ("storydesk_story", "delete"): (_story_steps("OLD", -1) + [f"DELETE FROM {MARK} WHERE story_id = OLD.id;"], ()),
        ("storydesk_story", "update"): (_story_steps("OLD", -1, marks_moved=moved)
                                        + _story_steps("NEW", 1, marks_moved=moved), STORY_COLUMNS),
    }
    for table, (columns, _) in MARKED.items():
        bodies[(table, "insert")] = (_row_steps(table, "NEW", 1), ())
        bodies[(table, "delete")] = (_row_steps(table, "OLD", -1), ())
        bodies[(table, "update")] = (_row_steps(table, "OLD", -1) + _row_steps(table, "NEW", 1), columns)
    return bodies


def _name(table: str, op: str) -> str:
    return f"desk_count_{table.removeprefix('storydesk_')}_{op}"


def sqlite_statements() -> list[str]:
    out = []
    for (table, op), (steps, columns) in _bodies().items():
        when = ""
        if columns:
            when = " OF " + ", ".join(columns) + f" ON {table} WHEN " + " OR ".join(
                f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        else:
            when = f" ON {table}"
        out.append(f"CREATE TRIGGER {_name(table, op)} AFTER {op.upper()}{when} BEGIN {' '.join(steps)} END")
    return out


# PostgreSQL: statement-level triggers over the statement's transition tables, adding up each count's change
# once per statement. Row-level ones (as on SQLite) updated the same few count rows once per story: within
# one transaction each update leaves a row version the next must step over, so a bulk update of 10,000
# stories took 106 s instead of 4 (0.9 s with these). SQLite updates rows in place and keeps row triggers.
# Each statement upserts its count (and mark) rows in key order: two statements about different stories that
# touch the same count rows then lock them in the same order and one waits for the other, rather than each
# holding a row the other wants (a deadlock). Transactions of several statements about different stories still
# serialize on the count rows they share (the queue's few status × facet rows), and may still deadlock when
# their statements take those rows in opposite orders: PostgreSQL then cancels one, to be retried.
ORDERED = " ORDER BY 1, 2, 3, 4"
ROWS = {"insert": (("new_rows", 1),), "delete": (("old_rows", -1),), "update": (("old_rows", -1), ("new_rows", 1))}


def _story_changes(op: str) -> str:
    """(campaign_id, status, facet, key, d) for a statement on stories: their facets and their marks."""
    parts = []
    for rows, sign in ROWS[op]:
        parts += [f"SELECT r.campaign_id, r.status, {facet}, {key}, {sign} FROM {rows} r WHERE {condition}"
                  for facet, key, condition in _story_facets("r")]
        parts.append(f'SELECT r.campaign_id, r.status, m.facet, m."key", {sign} FROM {rows} r '
                     f"JOIN {MARK} m ON m.story_id = r.id")
    return " UNION ALL ".join(parts)


def _mark_changes(table: str, op: str) -> str:
    """(story_id, facet, key, d) for a statement on a table whose rows give stories marks."""
    return " UNION ALL ".join(f"SELECT r.story_id, {facet}, {key}, {sign} FROM {rows} r WHERE {condition}"
                              for rows, sign in ROWS[op] for facet, key, condition in MARKED[table][1]("r"))


def _postgresql_body(table: str, op: str) -> str:
    if table == "storydesk_story":
        body = (f'WITH x (campaign_id, status, facet, "key", d) AS ({_story_changes(op)}) '
                + _add('SELECT campaign_id, status, facet, "key", SUM(d) FROM x GROUP BY 1, 2, 3, 4 '
                        "HAVING SUM(d) <> 0" + ORDERED))
        if op == "delete":
            body += f" DELETE FROM {MARK} WHERE story_id IN (SELECT id FROM old_rows);"
        return body
    touched = " UNION ".join(f"SELECT story_id FROM {rows}" for rows, _ in ROWS[op])
    return (
        # First wait for any transaction changing these stories (their status, their campaign) to end: the
        # statements below count the mark under the story's status, each reading a new snapshot (plpgsql,
        # READ COMMITTED), so they see it as committed. Without the lock a theme added while another
        # transaction approved its story was counted under the status it had before: drift for good. In id
        # order, so two such triggers don't deadlock each other.
        f"PERFORM 1 FROM storydesk_story WHERE id IN ({touched}) ORDER BY id FOR SHARE; "
        f'WITH x (story_id, facet, "key", d) AS ({_mark_changes(table, op)}), '
        f'd AS (SELECT story_id, facet, "key", SUM(d) AS d FROM x GROUP BY 1, 2, 3 HAVING SUM(d) <> 0), '
        f'up AS (INSERT INTO {MARK} (story_id, facet, "key", n) SELECT d.story_id, d.facet, d."key", d.d FROM d '
        f"JOIN storydesk_story s ON s.id = d.story_id ORDER BY 1, 2, 3 "
        f'ON CONFLICT (story_id, facet, "key") DO UPDATE SET n = {MARK}.n + excluded.n '
        f'RETURNING story_id, facet, "key", n), '
        # A mark that came (its rows went from 0 to some) counts the story; one that went uncounts it.
        f"moved AS (SELECT s.campaign_id, s.status, up.facet, up.\"key\", "
        f"CASE WHEN up.n > 0 AND up.n - d.d <= 0 THEN 1 WHEN up.n <= 0 AND up.n - d.d > 0 THEN -1 ELSE 0 END AS c "
        f'FROM up JOIN d ON d.story_id = up.story_id AND d.facet = up.facet AND d."key" = up."key" '
        f"JOIN storydesk_story s ON s.id = up.story_id) "
        + _add('SELECT campaign_id, status, facet, "key", SUM(c) FROM moved GROUP BY 1, 2, 3, 4 HAVING SUM(c) <> 0'
              + ORDERED)
        + f" DELETE FROM {MARK} WHERE n <= 0 AND story_id IN ({touched});"
    )


def postgresql_statements() -> list[str]:
    out = []
    for table, op in _bodies():
        function = f"storydesk_{_name(table, op)}"
        out.append(f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
                   f"{_postgresql_body(table, op)} RETURN NULL; END $$ LANGUAGE plpgsql")
        referencing = " ".join(f"{'OLD' if rows == 'old_rows' else 'NEW'} TABLE AS {rows}" for rows, _ in ROWS[op])
        out.append(f"CREATE TRIGGER {_name(table, op)} AFTER {op.upper()} ON {table} REFERENCING {referencing} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
    return out


def fill_statements() -> list[str]:
    """The marks and counts of the stories already there, set-based (seconds at a million stories)."""
    marks = []
    for table, (_, marks_of) in MARKED.items():
        for facet, key, condition in marks_of("r"):
            marks.append(f'INSERT INTO {MARK} (story_id, facet, "key", n) SELECT r.story_id, {facet}, {key}, COUNT(*) '
                         f"FROM {table} r JOIN storydesk_story s ON s.id = r.story_id WHERE {condition} "
                         "GROUP BY 1, 2, 3")  # by position: PostgreSQL refuses a constant key by name
    counts = [f'INSERT INTO {COUNT} (campaign_id, status, facet, "key", n) SELECT s.campaign_id, s.status, {facet}, '
              f"{key}, COUNT(*) FROM storydesk_story s WHERE {condition} GROUP BY 1, 2, 3, 4"
              for facet, key, condition in _story_facets("s")]
    counts.append(f'INSERT INTO {COUNT} (campaign_id, status, facet, "key", n) SELECT s.campaign_id, s.status, '
                  f'm.facet, m."key", COUNT(*) FROM {MARK} m JOIN storydesk_story s ON s.id = m.story_id '
                  f'GROUP BY s.campaign_id, s.status, m.facet, m."key"')
    return [f"DELETE FROM {COUNT}", f"DELETE FROM {DELTA}", f"DELETE FROM {MARK}", *marks, *counts]


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = sqlite_statements()
    elif vendor == "postgresql":
        statements = postgresql_statements()
    else:
        raise NotImplementedError(f"storydesk's desk count triggers are written for SQLite and PostgreSQL, not {vendor}")
    for statement in statements + fill_statements():
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, op in _bodies():
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(table, op)}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(table, op)} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS storydesk_{_name(table, op)}()")


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        drop_triggers(apps, schema_editor)


def add_sqlite_triggers(apps, schema_editor):
    """Back after a table rebuild: the triggers, and a fresh fill (what changed meanwhile was not counted)."""
    if schema_editor.connection.vendor == "sqlite":
        add_triggers(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('storydesk', '0018_privacy'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeskCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(max_length=20)),
                ('facet', models.CharField(max_length=16)),
                ('key', models.CharField(blank=True, max_length=200)),
                ('n', models.IntegerField(default=0)),
                ('campaign', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                               related_name='+', to='storydesk.campaign')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('campaign', 'status', 'facet', 'key'),
                                                        name='desk_count_once')],
            },
        ),
        migrations.CreateModel(
            name='DeskCountDelta',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(max_length=20)),
                ('facet', models.CharField(max_length=16)),
                ('key', models.CharField(blank=True, max_length=200)),
                ('n', models.IntegerField(default=0)),
                ('campaign', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                               related_name='+', to='storydesk.campaign')),
            ],
        ),
        migrations.CreateModel(
            name='DeskMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('facet', models.CharField(max_length=16)),
                ('key', models.CharField(blank=True, max_length=200)),
                ('n', models.IntegerField(default=0)),
                ('story', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                            related_name='+', to='storydesk.story')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('story', 'facet', 'key'), name='desk_mark_once')],
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['campaign', 'assigned_to', 'status', '-flagged', 'created_at', 'id'],
                               name='story_assigned_queue'),
        ),
    ]
