"""`storydesk doctor` says which social platforms are on, which are off and why, and names half-set settings
as a problem — from the settings and the campaign file alone, without calling any platform."""
from __future__ import annotations

from storydesk.actions.social import count_posts_read
from storydesk.cli import main


def doctor(capsys) -> tuple[int, dict[str, str]]:
    code = main(["doctor"])
    out = capsys.readouterr().out
    lines = {line.split()[1]: line for line in out.splitlines() if line.startswith("social ")}
    return code, lines


def test_platforms_on_and_off_with_what_each_reads(campaign, instagram_on, capsys, settings):
    settings.STORYDESK_X_BEARER_TOKEN = ""
    code, lines = doctor(capsys)
    assert code == 0 and set(lines) == {"mastodon", "bluesky", "instagram", "x"}
    assert " on: #YearOfMaleAllyship on 127.0.0.1:" in lines["mastodon"] and "asks by reply" in lines["mastodon"]
    assert lines["bluesky"].split(None, 2)[2].startswith("on: #YearOfMaleAllyship on Bluesky")
    assert ("on: account 17841400000000001 (@heforshe), tags and #YearOfMaleAllyship; 0 of 30 hashtags used in the "
            "last 7 days") in lines["instagram"]
    assert "off: X intake needs STORYDESK_X_BEARER_TOKEN" in lines["x"]
    assert instagram_on.requests() == []  # nothing asked of any platform


def test_the_x_line_counts_todays_reads_against_the_cap(campaign, x_on, capsys):
    count_posts_read("x", 120)
    _, lines = doctor(capsys)
    assert "on: #YearOfMaleAllyship by recent search; 120 of 500 posts read today (UTC)" in lines["x"]


def test_half_set_settings_are_a_problem_and_exit_1(campaign, social, settings, capsys):
    settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN = "ig-token"
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = ""
    settings.STORYDESK_BLUESKY_APP_PASSWORD = ""
    code, lines = doctor(capsys)
    assert code == 1
    assert "PROBLEM: Instagram intake needs STORYDESK_INSTAGRAM_ACCOUNT_ID" in lines["instagram"]
    assert "PROBLEM: Bluesky intake needs both STORYDESK_BLUESKY_IDENTIFIER and STORYDESK_BLUESKY_APP_PASSWORD; " \
           "only the " \
           "identifier is set" in lines["bluesky"]
    assert " on: " in lines["mastodon"]


def test_wrong_values_are_a_problem_too(campaign, instagram_on, x_on, settings, capsys):
    settings.STORYDESK_INSTAGRAM_ACCOUNT_ID = "heforshe"
    settings.STORYDESK_X_DAILY_READ_CAP = 5
    code, lines = doctor(capsys)
    assert code == 1
    assert "PROBLEM: STORYDESK_INSTAGRAM_ACCOUNT_ID must be the account's numeric Instagram id" in lines["instagram"]
    assert "PROBLEM: STORYDESK_X_DAILY_READ_CAP is 5: X intake needs at least 10" in lines["x"]


def test_a_platform_the_campaign_file_leaves_off_is_off_not_a_problem(campaign, instagram_on, capsys):
    config = dict(campaign.config)
    config["social"]["instagram"]["enabled"] = False
    campaign.config = config
    campaign.save()
    code, lines = doctor(capsys)
    assert code == 0 and "off: Instagram intake is off: the campaign file has no [social] hashtag or no " \
                         "[social.instagram] section with enabled = true" in lines["instagram"]
