"""PostgreSQL: the kept counts stay exact when two transactions write about the same story at once, each on
its own connection (the statement-level triggers of migration 0019 read the story's status then)."""
import threading

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from storydesk.models import Contributor, Story
from tests.desk.test_kept_counts import assert_kept_matches

pytestmark = [pytest.mark.skipif(connection.vendor != "postgresql", reason="row triggers on SQLite, one writer"),
              pytest.mark.django_db(transaction=True)]


def _connect():
    settings = connection.settings_dict
    return psycopg.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or None,
                           port=settings["PORT"] or None, password=settings["PASSWORD"] or None)


def _waiting_on_a_lock(pid: int) -> bool:
    with _connect() as watcher:
        row = watcher.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    return bool(row) and row[0] == "Lock"


def test_a_theme_added_while_another_transaction_approves_its_story_counts_under_approved(campaign, staff_user):
    moderator = staff_user("moderator", username="race")
    person = Contributor.objects.create(campaign=campaign, first_name="Ama")
    story = Story.objects.create(campaign=campaign, contributor=person, status="in_review", status_token="race",
                                 status_changed_at=timezone.now())
    with _connect() as approving, _connect() as tagging:
        approving.execute("UPDATE storydesk_story SET status = 'approved' WHERE id = %s", [story.pk])
        errors = []

        def tag():
            try:
                tagging.execute("INSERT INTO storydesk_storytheme (story_id, name, score) VALUES (%s, 'work', 0.5)",
                                [story.pk])
                tagging.commit()
            except Exception as error:  # reported below, on the test's thread
                errors.append(error)

        thread = threading.Thread(target=tag)
        thread.start()
        # The tagging transaction must wait for the approving one (the trigger locks the story) — or finish.
        pid = tagging.info.backend_pid
        while thread.is_alive() and not _waiting_on_a_lock(pid):
            thread.join(0.01)
        approving.commit()
        thread.join()
        assert not errors
    assert_kept_matches(campaign, moderator)
