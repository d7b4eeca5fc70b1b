"""The per-day summary behind /desk/insights/ agrees with the stories, whatever wrote them: random datasets
against the exact queries over random ranges, and writes that bypass Django's save (bulk updates, moves)."""
import datetime as dt
import math
import random
from collections import Counter

import pytest
from django.urls import reverse

from storydesk.cli import main
from storydesk.insights import counts_from_stories, queries, rollup, waits
from storydesk.insights.counts_from_stories import Filters
from storydesk.models import (
    Consent,
    Contributor,
    Decision,
    InsightsCount,
    InsightsDirtyDay,
    Publication,
    Story,
    StoryTheme,
    Submission,
    Verdict,
)
from storydesk.tasks import refresh_insights

pytestmark = pytest.mark.clock

UTC = dt.UTC
FIRST_DAY = dt.date(2026, 3, 1)
CHANNELS = ("web", "email", "instagram", "mastodon")
STATUSES = ("received", "in_review", "approved", "rejected", "needs_info", "merged")


def _arrive(story, when):
    Story.objects.filter(pk=story.pk).update(created_at=when)  # created_at is auto_now_add


def random_dataset(campaign, staff_user, seed: int, n: int = 60) -> list[Story]:
    rng = random.Random(seed)
    moderators = [staff_user("moderator", username=f"mod{seed}-{i}") for i in range(3)]
    person = Contributor.objects.create(campaign=campaign, first_name="Kofi")
    made = []
    for i in range(n):
        arrived = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=rng.randrange(10)), dt.time(rng.randrange(24)),
                                      tzinfo=UTC)
        story = Story.objects.create(campaign=campaign, contributor=person, status=rng.choice(STATUSES),
                                     status_changed_at=arrived, country=rng.choice(["GH", "KE", "IN", ""]),
                                     language=rng.choice(["en", "fr", ""]), status_token=f"t{seed}-{i}")
        _arrive(story, arrived)
        for j, channel in enumerate(rng.sample(CHANNELS, rng.choice([1, 1, 2]))):
            Submission.objects.create(campaign=campaign, story=story, channel=channel, source_key=f"{seed}-{i}-{j}",
                                      received_at=arrived)
        if rng.random() < 0.8:
            Verdict.objects.create(story=story, step="sign_check", outcome="pass")
        for name in rng.sample(["taking action", "fatherhood", "work"], rng.randrange(3)):
            StoryTheme.objects.create(story=story, name=name, score=0.5)
        for scope in ("website", "instagram"):
            Consent.objects.create(story=story, scope=scope, channel="web",
                                   given_at=arrived if rng.random() < 0.6 else None,
                                   withdrawn_at=arrived if rng.random() < 0.1 else None)
        for _ in range(rng.randrange(3)):
            decision = Decision.objects.create(story=story, actor=rng.choice(moderators + [None]),
                                               action=rng.choice(["approve", "reject", "needs_info", "assign"]))
            Decision.objects.filter(pk=decision.pk).update(
                created_at=arrived + dt.timedelta(minutes=rng.randrange(1, 60 * 80)))
        if rng.random() < 0.2:
            Publication.objects.create(story=story, target="gallery", state="published",
                                       published_at=arrived + dt.timedelta(days=1))
        made.append(story)
    return made


def assert_summary_matches(campaign, filters: Filters):
    """Every stored total over the range equals the exact count over the same range."""
    rollup.refresh(campaign)
    assert rollup.totals(campaign, filters, "stage") == _nonzero(counts_from_stories.stage_counts(campaign, filters))
    for field in ("country", "language"):
        assert rollup.totals(campaign, filters, field) == counts_from_stories.field_counts(campaign, filters, field)
    assert rollup.totals(campaign, filters, "theme") == counts_from_stories.theme_counts(campaign, filters)
    consents = counts_from_stories.consent_counts(campaign, filters)
    assert rollup.totals(campaign, filters, "consent") == _nonzero(consents)
    # Moderation: the range shown holds the exact nearest-rank median and 90th percentile.
    decided = counts_from_stories.first_decisions(campaign, filters)
    table = queries.moderation_times(campaign, filters)
    everyone = table.rows[0]
    assert everyone[1] == len(decided)
    for p, column in ((0.5, 2), (0.9, 3)):
        expected = waits.label(waits.bucket_of(_nearest_rank([s for _, _, s in decided], p))) if decided else ""
        assert everyone[column] == expected


def _nonzero(counts):
    return {k: v for k, v in counts.items() if v}


def _nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_agrees_with_the_stories_over_any_range(campaign, staff_user, seed):
    random_dataset(campaign, staff_user, seed)
    rng = random.Random(seed)
    for _ in range(6):
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(-1, 10))
        end = start + dt.timedelta(days=rng.randrange(0, 10))
        for channel in ("", *CHANNELS):
            assert_summary_matches(campaign, Filters(start, end, channel))


def test_writes_that_bypass_save_are_counted(campaign, staff_user):
    stories = random_dataset(campaign, staff_user, 4, n=20)
    whole = Filters(FIRST_DAY, FIRST_DAY + dt.timedelta(days=9))
    assert_summary_matches(campaign, whole)
    a, b, c = stories[:3]
    Story.objects.filter(pk=a.pk).update(status="approved", country="ZA")
    assert_summary_matches(campaign, whole)
    Consent.objects.filter(story=b).update(withdrawn_at=dt.datetime(2026, 3, 20, tzinfo=UTC))
    assert_summary_matches(campaign, whole)
    # A merge moves submissions and themes to another story, on another day, and retires the first.
    Submission.objects.filter(story=c).update(story=a)
    Story.objects.filter(pk=c.pk).update(status="merged")
    assert_summary_matches(campaign, whole)
    StoryTheme.objects.filter(story__in=stories[3:8]).delete()
    Decision.objects.filter(story__in=stories[3:8]).delete()
    Verdict.objects.filter(story__in=stories[8:12]).delete()
    assert_summary_matches(campaign, whole)
    _arrive(stories[12], dt.datetime(2026, 3, 9, 23, 59, tzinfo=UTC))  # moved to another day
    Publication.objects.filter(story__in=stories).update(published_at=None)
    assert_summary_matches(campaign, whole)
    for per_channel in CHANNELS:
        assert_summary_matches(campaign, Filters(whole.start, whole.end, per_channel))


def test_writes_the_dashboard_does_not_count_log_nothing(campaign, staff_user):
    stories = random_dataset(campaign, staff_user, 5, n=5)
    rollup.refresh(campaign)
    assert not InsightsDirtyDay.objects.exists()
    Story.objects.filter(pk=stories[0].pk).update(answer="edited", public_caption="edited",
                                                   claimed_by=staff_user("moderator", username="claims"))
    Consent.objects.filter(story=stories[1]).update(channel="email")
    assert not InsightsDirtyDay.objects.exists()
    Story.objects.filter(pk=stories[0].pk).update(status="rejected")
    assert list(InsightsDirtyDay.objects.values_list("day", flat=True)) == [
        Story.objects.get(pk=stories[0].pk).created_at.date()]


def test_a_refresh_recounts_only_logged_days_and_clears_the_log(campaign, staff_user):
    random_dataset(campaign, staff_user, 6, n=30)
    days = set(InsightsDirtyDay.objects.values_list("day", flat=True))
    assert rollup.refresh(campaign) == len(days)
    assert not InsightsDirtyDay.objects.exists()
    before = set(InsightsCount.objects.values_list("id", flat=True))
    assert rollup.refresh(campaign) == 0
    assert set(InsightsCount.objects.values_list("id", flat=True)) == before


def test_the_worker_refreshes_every_campaign(campaign, staff_user):
    random_dataset(campaign, staff_user, 7, n=10)
    assert refresh_insights.call_local() > 0
    assert not InsightsDirtyDay.objects.exists()


@pytest.mark.parametrize("seed", range(5))
def test_the_range_shown_holds_the_exact_percentile(seed):
    rng = random.Random(seed)
    values = [rng.expovariate(1 / (3600 * rng.choice([0.2, 3, 30]))) for _ in range(rng.randrange(1, 300))]
    counts = Counter(waits.bucket_of(v) for v in values)
    for p in (0.5, 0.9):
        assert waits.nearest_rank(counts, p) == waits.bucket_of(_nearest_rank(values, p))


def test_wait_ranges_read_plainly():
    assert [waits.label(waits.bucket_of(h * 3600)) for h in (0.1, 2, 2.99, 3, 10, 40, 100, 1000)] == [
        "under 15 min", "2–3 h", "2–3 h", "3–4 h", "8–12 h", "36 h–2 days", "4–7 days", "over 30 days"]
    assert waits.nearest_rank({}, 0.5) is None


def test_the_dashboard_leaves_a_large_recount_to_the_worker(campaign, staff_user, client, monkeypatch):
    random_dataset(campaign, staff_user, 8, n=40)
    # The days of the range asked for: a day changed outside it (the stories were made today) is not its wait.
    in_range = InsightsDirtyDay.objects.filter(day__range=(dt.date(2026, 3, 1), dt.date(2026, 3, 10)))
    days = in_range.values("day").distinct().count()
    client.force_login(staff_user("manager"))
    query = {"from": "2026-03-01", "to": "2026-03-10"}
    monkeypatch.setattr(rollup, "READ_RECOUNT_DAYS", days - 1)
    page = client.get(reverse("desk:insights"), query).content.decode()
    assert f"recounting {days} days" in page
    assert in_range.values("day").distinct().count() == days  # left for the worker
    monkeypatch.setattr(rollup, "READ_RECOUNT_DAYS", days)
    page = client.get(reverse("desk:insights"), query).content.decode()
    assert "recounting" not in page and not in_range.exists()


def test_doctor_says_whether_the_summary_is_up_to_date(campaign, staff_user, capsys):
    random_dataset(campaign, staff_user, 9, n=5)
    waiting = InsightsDirtyDay.objects.values("day").distinct().count()
    main(["doctor"])
    assert (f"insights                 ok: {waiting} changed day{'' if waiting == 1 else 's'} waiting"
            in capsys.readouterr().out)
    rollup.refresh()
    main(["doctor"])
    assert "insights                 ok: the dashboard's summary is up to date" in capsys.readouterr().out
