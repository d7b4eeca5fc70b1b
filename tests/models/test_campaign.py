"""The campaign file as stored: what the desk reads back from the database is the file, in its order."""
import tomllib

from storydesk.campaigns.spec import DEFAULT_CAMPAIGN_FILE
from storydesk.models import Campaign


def test_menus_keep_the_files_order_through_the_database(campaign):
    written = tomllib.loads(DEFAULT_CAMPAIGN_FILE.read_text(encoding="utf-8"))
    stored = Campaign.objects.get(pk=campaign.pk).spec  # read back: PostgreSQL's jsonb reorders a table's keys
    assert list(stored.reject_reasons.items()) == list(written["reject_reasons"].items())
    assert list(stored.info_requests.items()) == list(written["needs_info_requests"].items())
