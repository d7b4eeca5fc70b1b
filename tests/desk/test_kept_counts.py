"""The queue's kept counts (DeskCount, kept by the triggers of migration 0019) agree with the exact queries
after every kind of write: creates, saves, bulk and raw updates, deletes of stories and of the rows counted
about them, on SQLite and on PostgreSQL. And past the budget, a count is PostgreSQL's estimate, said so."""
import random

import pytest
from django.db import connection
from django.utils import timezone

from storydesk.desk import counts
from storydesk.desk.queue import QueueFilters
from storydesk.models import (
    Consent,
    Contributor,
    DeskCount,
    DeskCountDelta,
    DeskMark,
    Status,
    Story,
    StoryTheme,
    Submission,
    Verdict,
)
from tests.desk.test_queue import option, queue

CHANNELS = ("web", "email", "instagram")
STATUSES = ("received", "in_review", "approved", "rejected", "needs_info")


def assert_kept_matches(campaign, user):
    """For every status (and every status at once): each filter's options from the kept counts equal the
    exact queries'."""
    stories = Story.objects.filter(campaign=campaign)
    for status in ["", *Status.values]:
        filters = QueueFilters(status=status)
        kept = counts.queue_counts(filters, stories, user=user, campaign_id=campaign.pk)
        for facet in counts.FACETS:
            exact = counts._options(facet, counts.exact(facet, filters.apply(stories, user=user, skip=facet), user),
                                    user)
            assert kept[facet] == exact, (status, facet)
    assert not DeskMark.objects.filter(n__lte=0).exists()


def random_stories(campaign, moderators, seed: int, n: int = 40) -> list[Story]:
    rng = random.Random(seed)
    person = Contributor.objects.create(campaign=campaign, first_name="Kofi")
    made = []
    for i in range(n):
        story = Story.objects.create(campaign=campaign, contributor=person, status=rng.choice(STATUSES),
                                     status_changed_at=timezone.now(),
                                     country=rng.choice(["GH", "KE", ""]), language=rng.choice(["en", "fr", ""]),
                                     assigned_to=rng.choice([None, *moderators]), status_token=f"k{seed}-{i}")
        for j, channel in enumerate(rng.choices(CHANNELS, k=rng.choice([1, 1, 2, 3]))):  # a channel twice: once
            Submission.objects.create(campaign=campaign, story=story, channel=channel, source_key=f"k{seed}-{i}-{j}",
                                      received_at=timezone.now())
        for step in rng.sample(["sign_check", "text_check", "duplicate_check"], rng.randrange(3)):
            Verdict.objects.create(story=story, step=step, outcome=rng.choice(["pass", "flag", "fail"]))
        for name in rng.sample(["taking action", "fatherhood", "work"], rng.randrange(3)):
            StoryTheme.objects.create(story=story, name=name, score=0.5)
        for scope in ("website", "instagram"):
            if rng.random() < 0.8:
                Consent.objects.create(story=story, scope=scope, channel="web",
                                       given_at=timezone.now() if rng.random() < 0.6 else None,
                                       withdrawn_at=timezone.now() if rng.random() < 0.15 else None)
        made.append(story)
    if len(made) > 2:
        Story.objects.filter(pk=made[1].pk).update(duplicate_of=made[0])
    return made


@pytest.fixture
def moderators(staff_user):
    return [staff_user("moderator", username=f"kept-{i}") for i in range(2)]


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_counts_agree_after_creates_and_saves(campaign, moderators, seed):
    made = random_stories(campaign, moderators, seed)
    assert_kept_matches(campaign, moderators[0])
    rng = random.Random(seed)
    for story in rng.sample(made, 10):  # saves through the ORM, one by one
        story.status = rng.choice(STATUSES)
        story.country = rng.choice(["GH", "IN", ""])
        story.assigned_to = rng.choice([None, *moderators])
        story.save()
    verdict = Verdict.objects.first()
    verdict.outcome = "flag" if verdict.outcome == "pass" else "pass"
    verdict.save()
    theme = StoryTheme.objects.first()
    theme.name = "renamed"
    theme.save()
    submission = Submission.objects.first()
    submission.story = made[-1]  # moved to another story, as a merge does
    submission.save()
    assert_kept_matches(campaign, moderators[0])
    assert_kept_matches(campaign, moderators[1])


def test_kept_counts_agree_after_bulk_and_raw_writes(campaign, moderators):
    made = random_stories(campaign, moderators, seed=3)
    Story.objects.filter(pk__in=[s.pk for s in made[:15]]).update(status="approved", language="sw")
    Story.objects.filter(pk__in=[s.pk for s in made[15:20]]).update(duplicate_of=made[0], assigned_to=None)
    Verdict.objects.filter(outcome="pass").update(outcome="fail")
    Consent.objects.filter(scope="website").update(withdrawn_at=timezone.now())
    Consent.objects.filter(scope="instagram").update(given_at=timezone.now(), withdrawn_at=None)
    StoryTheme.objects.filter(name="work").update(name="working")
    assert_kept_matches(campaign, moderators[0])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE storydesk_story SET status = %s, country = %s WHERE id %% 3 = 0", ["needs_info", "KE"])
        cursor.execute("UPDATE storydesk_submission SET channel = %s WHERE id %% 2 = 0", ["web"])
    assert_kept_matches(campaign, moderators[0])


def test_kept_counts_agree_after_deletes(campaign, moderators):
    made = random_stories(campaign, moderators, seed=4)
    made[0].delete()  # with its submissions, verdicts, themes and consents
    Story.objects.filter(pk__in=[s.pk for s in made[1:6]]).delete()
    Submission.objects.filter(channel="email").delete()
    Verdict.objects.filter(step="sign_check").delete()
    StoryTheme.objects.filter(name="fatherhood").delete()
    Consent.objects.filter(scope="instagram").delete()
    assert_kept_matches(campaign, moderators[0])
    Story.objects.filter(campaign=campaign).delete()
    assert_kept_matches(campaign, moderators[0])
    assert not DeskMark.objects.exists()
    counts.fold_deltas()  # PostgreSQL's triggers append deltas; folded, the rows say the same
    assert not DeskCount.objects.exclude(n=0).exists() and not DeskCountDelta.objects.exists()


def test_the_migration_fills_the_counts_of_stories_already_there(campaign, moderators):
    """What 0019 does for a desk that has stories: the same counts as the triggers kept."""
    import importlib

    migration = importlib.import_module("storydesk.migrations.0019_desk_counts")
    random_stories(campaign, moderators, seed=5)
    counts.fold_deltas()
    before = set(DeskCount.objects.exclude(n=0).values_list("campaign_id", "status", "facet", "key", "n"))
    with connection.cursor() as cursor:
        for statement in migration.fill_statements():
            cursor.execute(statement)
    assert set(DeskCount.objects.exclude(n=0).values_list("campaign_id", "status", "facet", "key", "n")) == before
    assert_kept_matches(campaign, moderators[0])


def test_a_count_past_the_budget_is_an_estimate_and_the_page_says_so(campaign, moderators, viewer, monkeypatch):
    random_stories(campaign, moderators, seed=6)
    monkeypatch.setattr(counts, "_counted_within", lambda deadline, counts: {})  # every query too slow
    monkeypatch.setattr(counts, "_planned_rows", lambda stories: stories.count())  # the planner, exactly right
    page = queue(viewer, status="all", country="GH")
    assert "about" in option(page, "language", "en") and "the database’s estimate" in page
    # No filter but the status: the kept counts, exact, whatever the budget.
    page = queue(viewer, status="all")
    assert "about" not in option(page, "status", "approved") and "the database’s estimate" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL cancels a query past its budget")
def test_postgresql_cancels_a_count_past_the_budget_and_goes_on(campaign):
    import time

    def slow():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return {}

    quick = {"quick": lambda: {"ok": 1}}
    cut_short = counts._counted_within(time.monotonic() + 0.05, {**quick, "slow": slow, "after": slow})
    assert cut_short == {"quick": {"ok": 1}}
    assert counts._counted_within(time.monotonic() + 5, quick) == {"quick": {"ok": 1}}
    with connection.cursor() as cursor:  # the timeout went with its savepoint: nothing else is cut short
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
    stories = Story.objects.filter(campaign=campaign)
    assert counts._planned_rows(stories) >= 0


@pytest.fixture
def viewer(client, login):
    login("viewer")
    return client


@pytest.mark.skipif(connection.vendor != "postgresql", reason="queue.py walks on PostgreSQL only (walk is ignored)")
def test_a_step_filter_walked_or_joined_lists_the_same_stories(campaign, moderators):
    """On PostgreSQL a page may ask each story along the order's index (walk) instead of joining from the
    verdicts: both find the same stories, in the same order."""
    random_stories(campaign, moderators, seed=7)
    stories = Story.objects.filter(campaign=campaign)
    for status in ("", "in_review"):
        for step in ("text_check", "duplicate_check", "no_such_step"):
            for sort in ("flagged", "newest"):
                filters = QueueFilters(status=status, step=step, sort=sort)
                walked = filters.apply(stories, user=moderators[0], walk=True).order_by(*filters.order)
                joined = filters.apply(stories, user=moderators[0]).order_by(*filters.order)
                assert list(walked.values_list("pk", flat=True)) == list(joined.values_list("pk", flat=True))


def test_walk_pays_when_the_kept_counts_say_the_step_flags_enough(campaign, moderators):
    random_stories(campaign, moderators, seed=7)
    assert counts.walk_pays(QueueFilters(status="", step="text_check"), campaign.pk) == \
        Verdict.objects.filter(step="text_check", outcome__in=counts.FLAGGED).exists()
    assert not counts.walk_pays(QueueFilters(status="", step="no_such_step"), campaign.pk)
    assert not counts.walk_pays(QueueFilters(status=""), campaign.pk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings, set for one query")
def test_a_queue_page_puts_back_the_settings_it_changed_for_its_queries(campaign, moderators, viewer):
    """SET LOCAL lasts to the end of the transaction, not of the savepoint it was set in: a page's queries
    (keyset.py's, counts.py's) must leave the settings of the transaction around them as they found them."""
    from django.db import transaction

    from storydesk.desk.keyset import keyset_page

    random_stories(campaign, moderators, seed=8, n=6)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '7s'")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 3")
        stories = Story.objects.filter(campaign=campaign)
        keyset_page(stories, ("-created_at", "id"), 2, {})
        keyset_page(stories, ("-created_at", "id"), 2, {"after": str(stories.order_by("-created_at", "id")[1].pk)})
        counts.queue_counts(QueueFilters(status="", country="GH"), stories, user=moderators[0],
                            campaign_id=campaign.pk)
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "7s"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "3"


def test_a_chosen_option_stays_in_its_list_counted_or_estimated(campaign, viewer, monkeypatch, settings):
    """A chosen value none of the other filters' stories has, or one estimated below 1, is still an option
    (else the form's next submit drops that filter); an estimate of a value some story has is "about 1" at
    least."""
    settings.STORYDESK_DESK_COUNTS_SECONDS = 0  # counted afresh each time
    person = Contributor.objects.create(campaign=campaign, first_name="Esi")
    for i in range(20):
        Story.objects.create(campaign=campaign, contributor=person, status="in_review", status_token=f"c{i}",
                             status_changed_at=timezone.now(), country="KE" if i == 0 else "GH",
                             language="fr" if i == 1 else "en")
    page = queue(viewer, country="KE", language="fr")  # counted: no story is both
    assert option(page, "language", "fr") == "French (0)" and option(page, "country", "KE") == "Kenya (0)"
    assert 'value="fr" selected' in page and 'value="KE" selected' in page
    monkeypatch.setattr(counts, "_counted_within", lambda deadline, counts: {})  # every query too slow
    page = queue(viewer, country="KE", language="fr")  # estimated: 1 × 1/20 of the stories each
    assert option(page, "language", "fr") == "French (about 1)" and option(page, "country", "KE") == "Kenya (about 1)"
    assert 'value="fr" selected' in page and 'value="KE" selected' in page


def test_kept_counts_agree_after_rows_move_between_stories_and_campaigns(campaign, moderators):
    """Writes that move a counted row: a story to another campaign, a verdict's step, a consent's scope,
    verdicts and consents moved to another story in bulk; and one story on the same channel twice."""
    from storydesk.models import Campaign

    made = random_stories(campaign, moderators, seed=9, n=12)
    other = Campaign.objects.create(slug="kept-other", name="Other", organiser="O")
    twice = made[2]
    for j in range(2):
        Submission.objects.create(campaign=campaign, story=twice, channel="sms", source_key=f"twice-{j}",
                                  received_at=timezone.now())
    assert_kept_matches(campaign, moderators[0])
    first = Submission.objects.filter(story=twice, channel="sms").first()
    first.delete()  # still on sms once: still counted
    assert_kept_matches(campaign, moderators[0])

    moved = made[3]
    moved.campaign = other
    moved.save()
    Story.objects.filter(pk=made[4].pk).update(campaign=other, status="approved")
    verdict = Verdict.objects.create(story=made[5], step="person_check", outcome="flag")
    verdict.step = "nudity_check"
    verdict.save()
    Consent.objects.filter(story=made[6]).delete()
    consent = Consent.objects.create(story=made[6], scope="website", channel="web", given_at=timezone.now())
    consent.scope = "instagram"
    consent.save()
    Verdict.objects.update_or_create(story=made[7], step="sign_check", defaults={"outcome": "fail"})
    Consent.objects.update_or_create(story=made[10], scope="website",
                                     defaults={"channel": "web", "given_at": timezone.now(), "withdrawn_at": None})
    Verdict.objects.filter(story=made[8]).delete()  # one verdict per story and step
    Verdict.objects.filter(story=made[7]).update(story=made[8])
    Consent.objects.filter(story=made[9]).delete()
    Consent.objects.filter(story=made[10]).update(story=made[9])
    for place in (campaign, other):
        assert_kept_matches(place, moderators[0])


def test_folding_the_deltas_changes_no_count(campaign, moderators):
    """PostgreSQL's triggers append to DeskCountDelta (concurrent writers never wait on a count row); the
    worker's fold moves them into DeskCount, and the counts read the same before and after."""
    random_stories(campaign, moderators, seed=9)
    before = counts._kept(campaign.pk)
    appended = DeskCountDelta.objects.count()
    assert (appended > 0) == (connection.vendor == "postgresql")
    assert counts.fold_deltas() == appended
    assert not DeskCountDelta.objects.exists()
    assert counts._kept(campaign.pk) == before
    assert_kept_matches(campaign, moderators[0])
