"""The queue: each filter, the counts beside each option, flagged first and oldest first, pages, and a
fixed number of queries however many stories there are."""
import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.assignment import assign_story
from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.models import Consent, Story
from storydesk.screening.result import StepResult
from tests.desk.conftest import NO_SIGN, PASSING, open_story, screen_with
from tests.stories import make_story


def queue(client, **query):
    response = client.get(reverse("desk:stories"), query)
    assert response.status_code == 200
    return response.content.decode()


def listed(page: str) -> list[int]:
    """Story ids in the order the queue shows them."""
    return [int(n) for n in re.findall(r'<a href="/desk/stories/(\d+)/[^"]*" data-story-link>', page)]


def option(page: str, name: str, value: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.search(rf'<option value="{re.escape(value)}"[^>]*>([^<]*)</option>', select).group(1)


def age(story, days: float):
    Story.objects.filter(pk=story.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def viewer(client, login):
    login("viewer")
    return client


def test_in_review_is_the_default_and_status_all_shows_every_story(viewer, campaign, in_review):
    waiting = in_review(n=1)
    received = make_story(campaign, n=2)
    assert listed(queue(viewer)) == [waiting.pk]
    assert set(listed(queue(viewer, status="all"))) == {waiting.pk, received.pk}
    assert listed(queue(viewer, status="received")) == [received.pk]
    assert listed(queue(viewer, status="bogus")) == [waiting.pk]  # an unknown value is ignored


def test_flagged_stories_come_first_then_the_oldest(viewer, in_review):
    clean_old = in_review(n=1)
    flagged_new = in_review(n=2, results={"sign_check": NO_SIGN})
    clean_new = in_review(n=3)
    flagged_old = in_review(n=4, results={"sign_check": NO_SIGN})
    for story, days in ((clean_old, 9), (flagged_new, 1), (clean_new, 2), (flagged_old, 5)):
        age(story, days)
    assert listed(queue(viewer)) == [flagged_old.pk, flagged_new.pk, clean_old.pk, clean_new.pk]
    assert listed(queue(viewer, sort="oldest")) == [clean_old.pk, flagged_old.pk, clean_new.pk, flagged_new.pk]
    assert listed(queue(viewer, sort="newest")) == [flagged_new.pk, clean_new.pk, flagged_old.pk, clean_old.pk]


def test_a_crashed_or_failed_step_counts_as_flagged(campaign, in_review):
    failed = in_review(n=1, results={"person_check": StepResult("fail", 0.0, {"problem": "x"})})
    assert Story.objects.get(pk=failed.pk).flagged
    assert not Story.objects.get(pk=in_review(n=2).pk).flagged


def test_each_filter_and_its_counts(viewer, campaign, in_review, staff_user):
    email = in_review(n=1, channel="email", country="KE")
    no_sign = in_review(n=2, results={"sign_check": NO_SIGN}, country="GH")
    themed = in_review(n=3, country="GH", results={"theme_tagging": StepResult("pass", 0.5, {
        "themes": [{"name": "amplifying women's voices", "score": 0.5}]})})
    french = in_review(n=4, country="FR", results={"text_check": StepResult("pass", 1.0, {
        **PASSING["text_check"].evidence, "language": "fr"})})
    Story.objects.filter(pk=email.pk).update(duplicate_of=no_sign)
    Consent.objects.filter(story=themed, scope="instagram").update(given_at=timezone.now())
    Consent.objects.filter(story=french).delete()
    mo = staff_user("moderator", username="mo")
    assign_story(french.pk, mo, actor=Actor.system())

    page = queue(viewer)
    assert option(page, "status", "in_review") == "In Review (4)"
    assert option(page, "channel", "email") == "e-mail (1)" and option(page, "channel", "web") == "web form (3)"
    assert option(page, "step", "sign_check") == "Sign check (1)"
    assert option(page, "country", "GH") == "Ghana (2)"
    assert option(page, "language", "fr") == "French (1)" and option(page, "language", "en") == "English (3)"
    assert option(page, "theme", "educating oneself") == "educating oneself (3)"
    assert option(page, "consent", "instagram") == "instagram: given (1)"
    assert option(page, "consent", "none") == "none given yet (1)"
    assert option(page, "duplicate", "yes") == "duplicates (1)"

    assert listed(queue(viewer, channel="email")) == [email.pk]
    assert listed(queue(viewer, step="sign_check")) == [no_sign.pk]
    assert set(listed(queue(viewer, country="gh"))) == {no_sign.pk, themed.pk}
    assert listed(queue(viewer, language="fr")) == [french.pk]
    assert listed(queue(viewer, theme="amplifying women's voices")) == [themed.pk]
    assert listed(queue(viewer, consent="instagram")) == [themed.pk]
    assert listed(queue(viewer, consent="none")) == [french.pk]
    assert listed(queue(viewer, duplicate="yes")) == [email.pk]
    assert set(listed(queue(viewer, duplicate="no"))) == {no_sign.pk, themed.pk, french.pk}
    assert listed(queue(viewer, assigned="nobody")) != [] and french.pk not in listed(queue(viewer, assigned="nobody"))

    # Counts of the other filters follow the one chosen; a filter's own options keep counting the rest.
    page = queue(viewer, country="GH")
    assert option(page, "step", "sign_check") == "Sign check (1)"
    assert option(page, "channel", "web") == "web form (2)"
    assert option(page, "country", "KE") == "Kenya (1)"
    assert '<option value="GH" selected>' in page


def test_a_withdrawn_consent_and_the_assigned_to_me_filter(client, login, in_review):
    mo = login("moderator", "mo")
    story, other = in_review(n=1), in_review(n=2)
    Consent.objects.filter(story=story, scope="website").update(withdrawn_at=timezone.now())
    assign_story(other.pk, mo, actor=Actor.system())
    assert listed(queue(client, consent="withdrawn")) == [story.pk]
    assert listed(queue(client, assigned="me")) == [other.pk]
    assert "for mo" in queue(client)


@pytest.mark.clock
def test_the_date_range_includes_both_days(viewer, in_review):
    stories = [in_review(n=i) for i in range(3)]
    for story, when in zip(stories, ("2026-03-01T23:30:00", "2026-03-02T12:00:00", "2026-03-04T00:00:00")):
        Story.objects.filter(pk=story.pk).update(created_at=dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC))
    assert listed(queue(viewer, since="2026-03-01", until="2026-03-02", sort="oldest")) == [
        stories[0].pk, stories[1].pk]
    assert listed(queue(viewer, since="2026-03-03")) == [stories[2].pk]
    assert len(listed(queue(viewer, since="not a date"))) == 3


def test_pages_keep_the_filters(viewer, in_review, settings):
    settings.STORYDESK_DESK_PAGE_SIZE = 2
    stories = [in_review(n=i, country="GH") for i in range(5)]
    for i, story in enumerate(stories):
        age(story, 10 - i)
    first = queue(viewer, country="GH")
    assert listed(first) == [stories[0].pk, stories[1].pk]
    assert "5 stories" in first and 'rel="prev"' not in first
    # Pages follow the order from a story (keyset), never an OFFSET or a count of them all.
    assert f'href="?country=GH&amp;after={stories[1].pk}" rel="next"' in first
    second = queue(viewer, country="GH", after=stories[1].pk)
    assert listed(second) == [stories[2].pk, stories[3].pk]
    assert f'href="?country=GH&amp;before={stories[2].pk}" rel="prev"' in second
    last = queue(viewer, country="GH", after=stories[3].pk)
    assert listed(last) == [stories[4].pk] and 'rel="next"' not in last
    assert listed(queue(viewer, country="GH", before=stories[2].pk)) == [stories[0].pk, stories[1].pk]
    # A link that isn't a story id, or names no story, is the first page.
    for bad in ("x", "-1", "9" * 30, "123456"):
        assert listed(queue(viewer, country="GH", after=bad)) == [stories[0].pk, stories[1].pk]
        assert listed(queue(viewer, country="GH", before=bad)) == [stories[0].pk, stories[1].pk]
    # A story's link carries the filters, so its page knows its neighbours.
    assert f'href="/desk/stories/{stories[0].pk}/?country=GH"' in first


def test_a_filter_change_by_htmx_gets_the_queue_alone(viewer, in_review):
    in_review(n=1)
    response = viewer.get(reverse("desk:stories"), {"status": "all"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="queue-area")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="filters"' in body and 'id="queue"' in body


def test_claims_and_the_selection_show_in_the_queue(client, login, staff_user, in_review):
    story = in_review(n=1)
    other = staff_user("moderator", username="omar")
    client.force_login(other)
    open_story(client, story.pk)  # omar opens it: claimed
    login("moderator", "mo")
    page = queue(client)
    assert "open by omar" in page
    story.refresh_from_db()
    assert f'value="{story.pk}@{story.updated_at.isoformat()}"' in page  # the row's version goes with the pick


def test_a_viewer_gets_no_selection_or_bulk_bar(viewer, in_review):
    in_review(n=1)
    page = queue(viewer)
    assert 'name="story"' not in page and "Apply to selected" not in page


@pytest.mark.parametrize("count", [3, 30])
def test_queue_queries_do_not_grow_with_the_stories(client, login, campaign, django_assert_max_num_queries, count):
    login("manager")
    for i in range(count):
        story = make_story(campaign, n=i, channel="email" if i % 2 else "web", country="GH" if i % 3 else "KE")
        screen_with(story, **({"sign_check": NO_SIGN} if i % 4 == 0 else {}))
    # The page, and a query per filter's counts. On PostgreSQL two per filter (each with its own time limit)
    # and four more around the listing (a savepoint without parallel workers, and the setting put back).
    # Five more on every page: the banner of what needs a person (storydesk/notices.py; four indexed queries,
    # and one more on a desk whose worker never checked in, as here).
    sqlite, banner = connection.vendor == "sqlite", 5
    most, more = (30 + banner, banner) if sqlite else (46 + banner, 4 + banner)
    with django_assert_max_num_queries(30 + more):  # no filter but the status: the kept counts, one query
        page = queue(client, sort="oldest")
    assert len(listed(page)) == count
    with django_assert_max_num_queries(14 + more):  # the same filters again: the counts are kept
        assert listed(queue(client, sort="oldest", page=1)) == listed(page)
    with django_assert_max_num_queries(most):
        queue(client, status="all", channel="email", step="sign_check", consent="website", country="GH",
              duplicate="no", theme="educating oneself", language="en", assigned="nobody", since="2020-01-01")


@pytest.mark.clock
def test_filtered_counts_are_kept_for_a_while_and_say_when(viewer, in_review, settings):
    story, _ = in_review(n=1, country="GH"), in_review(n=2, country="GH")
    assert option(queue(viewer, country="GH"), "status", "in_review") == "In Review (2)"
    decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    page = queue(viewer, country="GH")
    assert len(listed(page)) == 1  # the list itself is always fresh
    assert option(page, "status", "in_review") == "In Review (2)" and "Counts as of" in page
    settings.STORYDESK_DESK_COUNTS_SECONDS = 0
    assert option(queue(viewer, country="GH"), "status", "in_review") == "In Review (1)"


def test_the_default_queue_counts_are_always_fresh(viewer, in_review):
    """No filter but the status: the counts the database keeps, exact at once, never cached."""
    story, _ = in_review(n=1), in_review(n=2)
    assert option(queue(viewer), "status", "in_review") == "In Review (2)"
    decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    page = queue(viewer)
    assert option(page, "status", "in_review") == "In Review (1)"
    assert option(page, "status", "approved") == "Approved (1)" and "about" not in page


def test_decided_stories_leave_the_default_queue(viewer, in_review):
    story, stays = in_review(n=1), in_review(n=2)
    decide(story.pk, "approve", actor=Actor.system(), seen_version=None)
    assert listed(queue(viewer)) == [stays.pk]
    assert listed(queue(viewer, status="approved")) == [story.pk]


def test_cached_counts_are_kept_per_language(campaign, staff_user, settings, monkeypatch):
    """Their labels are translated when made: a page in French must not show the English ones cached."""
    from django.core.cache import cache
    from django.utils import translation

    from storydesk.desk import queue as queue_module

    settings.STORYDESK_DESK_COUNTS_SECONDS = 60
    cache.clear()
    made = []
    monkeypatch.setattr(queue_module, "queue_counts", lambda *a, **k: made.append(translation.get_language()) or {})
    filters = queue_module.QueueFilters(country="GH")
    user = staff_user("moderator", username="polyglot")
    for language in ("en", "fr", "en", "fr"):
        with translation.override(language):
            queue_module.cached_counts(filters, Story.objects.all(), user=user, campaign_id=campaign.pk)
    assert made == ["en", "fr"]
