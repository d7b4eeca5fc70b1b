"""The status page in Chromium at a phone's width (390 px): answering the desk's question with a new photo,
and withdrawing, which asks once and can be backed out of. No script is needed for either."""
from __future__ import annotations

import pytest

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.contributor_access import status_path
from storydesk.models import Status
from tests.browser.accessibility import assert_accessible
from tests.browser.prerequisites import AXE, require
from tests.stories import make_story, reviewed
from tests.support.samples import photos

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(page):
    require(AXE, "axe-core (npm ci in tests/browser)")
    page.set_viewport_size(PHONE)
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_a_new_photo_answers_the_desk_on_a_phone(phone, campaign):
    story = reviewed(make_story(campaign))
    decide(story.pk, "needs_info", actor=Actor.system(), seen_version=None, request="sign",
           note="Hold the sign a little closer, please.")
    phone.goto(status_path.url(story))
    phone.get_by_text("We couldn't read the #HeForShe sign in your photo.", exact=False).wait_for()
    assert fits_the_screen(phone)
    assert_accessible(phone, "status page answering the desk, at phone width")
    phone.get_by_label("A new photo with your sign").set_input_files(files=[{
        "name": "closer.jpg", "mimeType": "image/jpeg",
        "buffer": photos.jpeg_bytes(photos.person_with_sign("rocket", size=(600, 800)))}])
    phone.get_by_role("button", name="Send it to our team").click()
    phone.get_by_role("status").get_by_text("Thank you! We've added what you sent to your story.",
                                            exact=False).wait_for()
    assert fits_the_screen(phone)
    story.refresh_from_db()
    assert story.status == Status.RECEIVED and story.photos.count() == 2


def test_withdrawing_asks_once_and_can_be_backed_out_of(phone, campaign):
    story = make_story(campaign)
    phone.goto(status_path.url(story))
    phone.get_by_role("button", name="Withdraw my story").click()
    phone.get_by_text("This takes your story off every page; you can't undo it.").wait_for()
    assert fits_the_screen(phone)
    assert_accessible(phone, "withdrawal confirmation, at phone width")
    phone.get_by_role("link", name="No, keep my story").click()
    phone.get_by_role("button", name="Withdraw my story").wait_for()
    story.refresh_from_db()
    assert story.status == Status.RECEIVED

    phone.get_by_role("button", name="Withdraw my story").click()
    phone.get_by_role("button", name="Yes, withdraw my story").click()
    phone.get_by_role("heading", name="Your story is withdrawn").wait_for()
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
