"""The insights benchmark's data: a campaign year made in bulk is logged by the triggers like any other
write, and the summary built from it agrees with the stories."""
import pytest

from bench.insights_data import make_campaign_year
from storydesk.insights import rollup
from storydesk.insights.counts_from_stories import Filters
from storydesk.models import InsightsDirtyDay, Publication, Slot, Story
from tests.insights.test_rollup import assert_summary_matches

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_bulk_made_year_is_logged_and_summed_exactly(campaign):
    make_campaign_year(campaign, 2000, seed=5)
    spec = campaign.spec
    assert Story.objects.count() == 2000
    days = set(Story.objects.values_list("created_at__date", flat=True))
    assert set(InsightsDirtyDay.objects.values_list("day", flat=True)) == days  # every arrival day logged
    assert len(days) > 300  # spread over the year
    assert rollup.refresh(campaign) == len(days)
    for channel in ("", "web", "instagram"):
        assert_summary_matches(campaign, Filters(spec.start, spec.end, channel))
    # A post a day per target, published for the first half of the year.
    assert Slot.objects.filter(target="gallery").count() == (spec.end - spec.start).days + 1
    assert Publication.objects.filter(target="instagram", state="published").count() == Slot.objects.filter(
        target="instagram", state="published").count() > 100
