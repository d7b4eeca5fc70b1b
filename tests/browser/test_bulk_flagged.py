"""Bulk approval in a real browser: a selection with a flagged story asks first, on a page that lists it and
what was flagged; "only the unflagged" leaves it in the queue, "all" approves it too."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from storydesk.models import AuditEvent, Status, Story
from tests.browser.pages import log_in
from tests.desk.conftest import NO_SIGN, screen_with
from tests.stories import make_story


@pytest.fixture
def queue(campaign):
    return {
        "plain": screen_with(make_story(campaign, n=1, channel="web")),
        "flagged": screen_with(make_story(campaign, n=2, channel="web", base="coffee"), sign_check=NO_SIGN),
        "other": screen_with(make_story(campaign, n=3, channel="web", base="rocket")),
    }


def approve_selected(page, *stories) -> None:
    for story in stories:
        page.get_by_label(f"Select story {story.pk}").check()
    page.get_by_label("Do", exact=True).select_option("approve")
    page.get_by_role("button", name="Apply to selected").click()


def status(story) -> str:
    return Story.objects.get(pk=story.pk).status


def test_approving_a_selection_with_a_flagged_story_asks_first(page, staff_user, queue):
    staff_user("moderator", "mo")
    plain, flagged, other = queue["plain"], queue["flagged"], queue["other"]
    log_in(page, "mo")

    approve_selected(page, plain, flagged)
    expect(page.get_by_role("heading", name="Approve 1 flagged story?")).to_be_visible()
    row = page.locator(f"tr[data-flagged-story='{flagged.pk}']")
    expect(row.get_by_role("link", name=f"Story {flagged.pk}")).to_have_attribute("href",
                                                                                   f"/desk/stories/{flagged.pk}/")
    expect(row).to_contain_text("Screening step sign_check flagged it")
    assert status(plain) == status(flagged) == Status.IN_REVIEW  # asking did nothing yet

    # Going back leaves everything as it was.
    page.get_by_role("link", name="Go back").click()
    expect(page.get_by_role("heading", name="3 stories")).to_be_visible()
    assert page.url.endswith("/desk/")  # the page that asked never had an address of its own
    assert status(plain) == status(flagged) == Status.IN_REVIEW

    approve_selected(page, plain, flagged)
    page.get_by_role("button", name="Approve only the 1 unflagged").click()
    page.wait_for_url(re.compile(r"/desk/$"))
    expect(page.get_by_text("Approved 1 story.")).to_be_visible()
    expect(page.get_by_text("Left 1 flagged story in the queue to look at.")).to_be_visible()
    assert (status(plain), status(flagged)) == (Status.APPROVED, Status.IN_REVIEW)

    approve_selected(page, flagged, other)
    page.get_by_role("button", name="Approve all 2").click()
    page.wait_for_url(re.compile(r"/desk/$"))
    expect(page.get_by_text("Approved 2 stories.")).to_be_visible()
    assert (status(flagged), status(other)) == (Status.APPROVED, Status.APPROVED)
    assert [e.data["choice"] for e in AuditEvent.objects.filter(verb="bulk.flagged_approval").order_by("id")] == [
        "unflagged", "all"]


def test_an_unflagged_selection_is_approved_without_asking(page, staff_user, queue):
    staff_user("moderator", "mo")
    log_in(page, "mo")
    approve_selected(page, queue["plain"], queue["other"])
    page.wait_for_url(re.compile(r"/desk/$"))
    expect(page.get_by_text("Approved 2 stories.")).to_be_visible()
    assert status(queue["plain"]) == status(queue["other"]) == Status.APPROVED
