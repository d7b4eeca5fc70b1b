"""0005_desk fills the desk's indexes for stories screened before it: the flag and the theme rows."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE, AFTER = ("storydesk", "0003_mail"), ("storydesk", "0005_desk")


@pytest.mark.django_db(transaction=True)
def test_stories_screened_before_the_desk_get_their_flag_and_theme_rows(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    campaign = old.get_model("storydesk", "Campaign").objects.create(slug="c", name="C", organiser="O")
    contributor = old.get_model("storydesk", "Contributor").objects.create(campaign=campaign)
    Story = old.get_model("storydesk", "Story")
    now = timezone.now()
    flagged = Story.objects.create(campaign=campaign, contributor=contributor, status="in_review", status_token="a",
                                   status_changed_at=now, themes=[{"name": "educating oneself", "score": 0.4},
                                                                  {"name": "educating oneself", "score": 0.1}])
    clean = Story.objects.create(campaign=campaign, contributor=contributor, status="in_review", status_token="b",
                                 status_changed_at=now)
    Verdict = old.get_model("storydesk", "Verdict")
    Verdict.objects.create(story=flagged, step="sign_check", outcome="flag")
    Verdict.objects.create(story=clean, step="sign_check", outcome="pass")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    stories = new.get_model("storydesk", "Story").objects
    assert stories.get(pk=flagged.pk).flagged and not stories.get(pk=clean.pk).flagged
    rows = new.get_model("storydesk", "StoryTheme").objects.filter(story_id=flagged.pk)
    assert [(r.name, r.score) for r in rows] == [("educating oneself", 0.4)]
