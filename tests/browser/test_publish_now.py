"""A manager publishes an approved story now from its page, in a real browser, with a real queue consumer
doing the publishing (the calendar's own slot path), and finds it on the public gallery."""
from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS
from tests.browser.pages import log_in
from tests.publishing.factories import approved_story


def test_a_manager_publishes_a_story_now_and_sees_it_on_the_gallery(page, staff_user, campaign, queue_consumer):
    story = approved_story(campaign, public_caption="Equality is everyone's work, published now.")
    staff_user("manager", "planner")
    log_in(page, "planner", next_url=f"/desk/stories/{story.pk}/")
    expect(page.get_by_text("Not planned yet — publish now or place it on the calendar")).to_be_visible()

    page.get_by_text("Publish now…").click()  # the question comes first, in words
    expect(page.get_by_text("Publish to the gallery now?")).to_be_visible()  # Instagram isn't set up here
    page.get_by_role("button", name="Yes, publish to the gallery now").click()
    expect(page.get_by_text(f"Story {story.pk} is going out on the gallery now")).to_be_visible()

    # The worker publishes it within moments; the page says so once it has.
    deadline = time.monotonic() + WAIT_MS / 1000
    while "Published on the gallery" not in page.content() and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
    expect(page.get_by_text("Published on the gallery on")).to_be_visible()

    page.get_by_role("link", name="on the gallery").click()
    expect(page.get_by_text("Equality is everyone's work, published now.")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Equality is everyone's work, published now.")).to_be_visible()
