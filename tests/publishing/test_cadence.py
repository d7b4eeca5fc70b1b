"""Slots at the campaign's local publish time, whatever the UTC offset that day."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from storydesk.actions.base import Actor
from storydesk.actions.calendar import lay_out_slots
from storydesk.campaigns.spec import CampaignSpec
from storydesk.models import Slot
from storydesk.publishing.cadence import moments_on
from storydesk.publishing.config import PublishingSpec

# Instagram counted as set up: only set-up targets get slots (tests/publishing/test_publish_now.py has the rest).
pytestmark = [pytest.mark.clock, pytest.mark.usefixtures("instagram_on")]

UTC = dt.UTC


def ensure_slots(campaign, first_day, last_day) -> int:
    return lay_out_slots(campaign, first_day, last_day, actor=Actor.system())


def spec_with(campaign, **changes) -> tuple[CampaignSpec, PublishingSpec]:
    data = {**campaign.config, **changes}
    return CampaignSpec.from_dict(data), PublishingSpec.from_dict(data.get("publishing", {}))


@pytest.mark.django_db
def test_ten_oclock_in_new_york_across_the_spring_change(campaign):
    spec, publishing = spec_with(campaign)

    def moments(day):
        return moments_on(day, spec=spec, publishing=publishing)

    # 2020-03-08 is the day New York moves from EST (UTC−5) to EDT (UTC−4).
    assert moments(dt.date(2020, 3, 7)) == [dt.datetime(2020, 3, 7, 15, tzinfo=UTC)]
    assert moments(dt.date(2020, 3, 8)) == [dt.datetime(2020, 3, 8, 14, tzinfo=UTC)]
    assert moments(dt.date(2020, 11, 1)) == [dt.datetime(2020, 11, 1, 15, tzinfo=UTC)]


@pytest.mark.django_db
def test_a_skipped_local_time_lands_after_the_gap_and_a_repeated_one_the_first_time(campaign):
    def moments(day, publish_time):
        spec, publishing = spec_with(campaign, publish_time=publish_time)
        return moments_on(day, spec=spec, publishing=publishing)

    # 02:30 doesn't exist on 2020-03-08 in New York: it is 03:30 EDT, 07:30 UTC.
    assert moments(dt.date(2020, 3, 8), "02:30") == [dt.datetime(2020, 3, 8, 7, 30, tzinfo=UTC)]
    # 01:30 happens twice on 2020-11-01: the first (EDT, UTC−4).
    assert moments(dt.date(2020, 11, 1), "01:30") == [dt.datetime(2020, 11, 1, 5, 30, tzinfo=UTC)]


@pytest.mark.django_db
def test_several_stories_a_day_are_spaced(campaign):
    spec, publishing = spec_with(campaign, stories_per_day=3, time_zone="Africa/Accra")
    assert moments_on(dt.date(2020, 3, 1), spec=spec, publishing=publishing) == [
        dt.datetime(2020, 3, 1, h, tzinfo=UTC) for h in (10, 12, 14)]


@pytest.mark.django_db
def test_ensure_slots_makes_each_target_once_and_drops_stale_open_slots(campaign):
    made = ensure_slots(campaign, dt.date(2020, 3, 1), dt.date(2020, 3, 10))
    assert made == 20 and Slot.objects.count() == 20
    assert ensure_slots(campaign, dt.date(2020, 3, 1), dt.date(2020, 3, 10)) == 0
    assert set(Slot.objects.values_list("target", flat=True)) == {"instagram", "gallery"}

    campaign.config = {**campaign.config, "publish_time": "12:00"}
    campaign.save()
    ensure_slots(campaign, dt.date(2020, 3, 1), dt.date(2020, 3, 10))
    assert Slot.objects.count() == 20
    assert {s.astimezone(UTC).hour for s in Slot.objects.values_list("starts_at", flat=True)} == {16, 17}


@pytest.mark.django_db
def test_a_target_may_keep_its_own_cadence(campaign):
    campaign.config = {**campaign.config, "publishing": {**campaign.config["publishing"],
                                                         "gallery": {"stories_per_day": 3, "publish_time": "08:00"}}}
    campaign.save()
    ensure_slots(campaign, dt.date(2020, 3, 2), dt.date(2020, 3, 2))
    ny = ZoneInfo("America/New_York")

    def hours(target):
        starts = Slot.objects.filter(target=target).values_list("starts_at", flat=True)
        return sorted(s.astimezone(ny).hour for s in starts)

    assert hours("instagram") == [10] and hours("gallery") == [8, 10, 12]
