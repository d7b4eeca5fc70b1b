"""`storydesk init --demo`: sample stories, and, since the bundled campaign's year (2020-21) is long past, a
copy of it whose year starts today, written where the output says, with the way back. The clock is pinned
(tests/clock.py): 16 June 2027, in New York's morning."""
import datetime as dt
import tomllib
from zoneinfo import ZoneInfo

import pytest

from storydesk.actions.campaign import current_campaign
from storydesk.actions.campaign_dates import year_from
from storydesk.campaigns.spec import DEFAULT_CAMPAIGN_FILE
from storydesk.cli import main
from storydesk.models import AuditEvent, Story

pytestmark = pytest.mark.clock


@pytest.fixture
def copy_file(settings, tmp_path):
    settings.HOME_CAMPAIGN_FILE = tmp_path / "campaign.toml"
    settings.CAMPAIGN = ""
    return settings.HOME_CAMPAIGN_FILE


def test_init_demo_runs_a_copy_of_the_campaign_from_today_and_says_how_to_go_back(transactional_db, capsys,
                                                                                   copy_file, settings):
    assert main(["init", "--demo"]) == 0
    out = capsys.readouterr().out
    today = dt.datetime.now(dt.UTC).astimezone(ZoneInfo("America/New_York")).date()  # the campaign's day
    spec = current_campaign().spec
    assert (spec.start, spec.end) == (today, year_from(today))
    assert "The bundled campaign ran 2020-03-01 to 2021-02-28" in out
    assert f"from {spec.start} to {spec.end}" in out and f"written to {copy_file}" in out
    assert "To go back to the real dates: run `storydesk init --real-dates` and delete that file." in out
    assert "Demo: 12 sample stories loaded." in out and Story.objects.count() == 12
    written = tomllib.loads(copy_file.read_text())
    assert written["start"] == today and written["name"] == spec.name == "Year of Male Allyship"
    assert AuditEvent.objects.get(verb="campaign.dates_moved").actor_label == "cli"

    # The next start (settings now name the copy) keeps it, and says where it comes from.
    settings.CAMPAIGN = str(copy_file)
    assert main(["init", "--demo"]) == 0
    again = capsys.readouterr().out
    assert "with the moved dates of a dated copy" in again and AuditEvent.objects.filter(
        verb="campaign.dates_moved").count() == 1
    assert current_campaign().spec.start == today

    # Another machine of the desk, without the file: its init keeps the dates the database holds.
    copy_file.unlink()
    settings.CAMPAIGN = ""
    assert main(["init", "--quiet"]) == 0
    assert current_campaign().spec.start == today

    # Going back, said so: the stories stay with the campaign (same slug), and the audit log tells.
    assert main(["init", "--quiet", "--real-dates"]) == 0
    back = current_campaign()
    assert AuditEvent.objects.get(verb="campaign.real_dates").data["before"]["start"] == today.isoformat()
    assert (back.spec.start, back.spec.end) == (dt.date(2020, 3, 1), dt.date(2021, 2, 28))
    assert Story.objects.filter(campaign=back).count() == 12


def test_plain_init_keeps_the_real_dates(transactional_db, capsys, copy_file):
    assert main(["init"]) == 0
    assert current_campaign().spec.start == dt.date(2020, 3, 1) and not copy_file.exists()


def test_init_demo_leaves_a_campaign_of_its_own_alone(transactional_db, capsys, copy_file, settings, tmp_path):
    own = tmp_path / "own.toml"
    own.write_text(DEFAULT_CAMPAIGN_FILE.read_text())
    settings.CAMPAIGN = str(own)
    assert main(["init", "--demo", "--quiet"]) == 0
    assert not copy_file.exists() and current_campaign().spec.start == dt.date(2020, 3, 1)


def test_init_demo_keeps_the_fresh_install_guard(transactional_db, capsys, copy_file):
    """A desk with a decided story is no fresh install: --demo loads its stories but moves no dates."""
    from storydesk.actions.campaign import load_campaign
    from storydesk.models import Decision
    from tests.stories import make_story

    Decision.objects.create(story=make_story(load_campaign()), action="reject")
    assert main(["init", "--demo", "--quiet"]) == 0
    assert not copy_file.exists() and current_campaign().spec.start == dt.date(2020, 3, 1)


def test_init_demo_never_replaces_an_operators_own_file_at_the_copys_place(transactional_db, capsys, copy_file,
                                                                           settings):
    own = DEFAULT_CAMPAIGN_FILE.read_text().replace("2020-03-01", "2019-03-01")
    copy_file.write_text(own)
    assert main(["init", "--demo"]) == 0
    assert "is a campaign file of someone's own" in capsys.readouterr().out
    assert copy_file.read_text() == own and not AuditEvent.objects.filter(verb="campaign.dates_moved").exists()
    settings.CAMPAIGN = str(copy_file)  # and a desk started on it takes it as its own campaign, not the copy
    from storydesk.actions.campaign_dates import runs_bundled_campaign

    assert not runs_bundled_campaign()
