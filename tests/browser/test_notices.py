"""The banner of what needs a person, in a real browser: a message to a contributor that failed to go out
shows on the queue, its link leads to the mail page that says why, and an admin on a fresh install finds
the button that starts the campaign today. The clock is pinned (tests/clock.py), after the campaign's year."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from storydesk.actions.campaign_dates import campaign_today, year_from
from storydesk.models import MailReply
from tests.browser.accessibility import assert_accessible
from tests.browser.pages import log_in
from tests.browser.prerequisites import AXE, require
from tests.stories import make_story


def test_a_failed_mail_shows_in_the_banner_and_its_link_leads_to_the_mail_page(page, campaign, staff_user):
    require(AXE, "axe-core (npm ci in tests/browser)")
    staff_user("moderator")
    make_story(campaign)
    MailReply.objects.update(last_error="ConnectionRefusedError: [Errno 111] Connection refused")
    log_in(page, "moderator-user")
    banner = page.get_by_role("status").filter(has=page.get_by_role("heading", name="Needs a person"))
    expect(banner).to_contain_text("1 message to contributors is still waiting to go out")
    expect(banner).not_to_contain_text("The campaign ended")  # an admin's notice; the calendar tells the rest
    assert_accessible(page, "queue with the banner")
    banner.get_by_role("link", name="See why on the mail page").click()
    page.wait_for_url("**/desk/mail/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mail")
    expect(page.locator("main")).to_contain_text("Connection refused")


def test_an_admin_starts_the_campaign_today_from_the_banner(page, campaign, staff_user, settings, tmp_path):
    settings.HOME_CAMPAIGN_FILE, settings.CAMPAIGN = tmp_path / "campaign.toml", ""
    staff_user("admin")
    log_in(page, "admin-user")
    page.get_by_role("link", name="Start a copy of the campaign today").click()
    page.wait_for_url(re.compile(r".*/desk/attention/#campaign$"))
    page.get_by_role("button", name="Start a copy of the campaign today").click()
    today = campaign_today(campaign.spec)  # the pinned clock's day, in the campaign's zone
    end = year_from(today)
    expect(page.locator(".messages")).to_contain_text(
        f"The campaign now runs {today.day} {today:%B %Y} to {end.day} {end:%B %Y}")
    expect(page.locator("main")).not_to_contain_text("The campaign ended on")
    assert (tmp_path / "campaign.toml").exists()
