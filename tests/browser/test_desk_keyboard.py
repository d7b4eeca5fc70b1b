"""A moderator's morning in a real browser: log in, filter the queue, open a story (the page claims it once
loaded), approve it with "a", move with j/k, reject another with "r" and a reason; "?" lists the keys; a viewer
sees no decision buttons. Everything is checked twice: in the database and on the page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from storydesk.actions.base import Actor
from storydesk.actions.claims import claim_story, current_claim
from storydesk.models import AuditEvent, Decision, Status, Story
from tests.browser.pages import log_in
from tests.desk.conftest import NO_SIGN, screen_with
from tests.stories import make_story


@pytest.fixture
def queue(campaign):
    """Three web stories in review (the second flagged: no sign read) and one e-mail story, oldest first."""
    stories = {
        "plain": screen_with(make_story(campaign, n=1, channel="web")),
        "flagged": screen_with(make_story(campaign, n=2, channel="web", base="coffee"),
                               sign_check=NO_SIGN),
        "last": screen_with(make_story(campaign, n=3, channel="web", base="rocket")),
        "email": screen_with(make_story(campaign, n=4, channel="email")),
    }
    assert all(s.status == Status.IN_REVIEW for s in stories.values())
    return stories


def row_ids(page) -> list[int]:
    return [int(text) for text in page.locator("tr[data-story-row] [data-story-link]").all_inner_texts()]


def current_row_id(page) -> int:
    return int(page.locator("tr[data-story-row].current [data-story-link]").inner_text())


def test_a_moderator_filters_approves_and_rejects_with_the_keyboard(page, staff_user, queue):
    moderator = staff_user("moderator", "mo")
    plain, flagged, last, email = (queue[k] for k in ("plain", "flagged", "last", "email"))
    log_in(page, "mo")
    expect(page.get_by_role("heading", name="4 stories")).to_be_visible()

    # Filtering swaps the queue in place (htmx) and keeps the filter in the address.
    page.get_by_label("Channel").select_option("web")
    page.wait_for_url(re.compile(r"channel=web"))
    expect(page.get_by_role("heading", name="3 stories")).to_be_visible()
    assert row_ids(page) == [flagged.pk, plain.pk, last.pk]  # flagged first, then oldest first

    # Leave the filter form so the keys reach the desk, not the select.
    page.locator("h1").click()
    for key, expected in (("j", flagged), ("j", plain), ("j", last), ("j", last), ("k", plain), ("k", flagged)):
        page.keyboard.press(key)
        assert current_row_id(page) == expected.pk, f"after {key}"
    page.keyboard.press("o")
    page.wait_for_url(re.compile(rf"/desk/stories/{flagged.pk}/\?channel=web$"))
    expect(page.get_by_role("heading", name=f"Story {flagged.pk}")).to_be_visible()
    # The page claims the story for the moderator as soon as it has loaded (its GET wrote nothing).
    expect(page.locator("#claim")).to_contain_text("Yours until")
    assert current_claim(flagged.pk).holder_id == moderator.pk

    # "a" approves; the desk moves on to the next story of the same filtered queue and says what it did.
    page.keyboard.press("a")
    page.wait_for_url(re.compile(rf"/desk/stories/{plain.pk}/\?channel=web$"))
    expect(page.get_by_text(f"Story {flagged.pk} approved.")).to_be_visible()
    flagged.refresh_from_db()
    assert flagged.status == Status.APPROVED
    assert list(Decision.objects.filter(story=flagged).values_list("action", "actor")) == [("approve", moderator.pk)]

    # j and k move between the queue's stories on the story page too; the approved one has left the queue.
    expect(page.locator("[data-key-prev]")).to_have_count(0)
    page.keyboard.press("j")
    page.wait_for_url(re.compile(rf"/desk/stories/{last.pk}/\?channel=web$"))
    page.keyboard.press("k")
    page.wait_for_url(re.compile(rf"/desk/stories/{plain.pk}/\?channel=web$"))
    page.keyboard.press("j")
    page.wait_for_url(re.compile(rf"/desk/stories/{last.pk}/\?channel=web$"))

    # "r" takes the moderator to the reasons; a note typed with "a" in it must not approve the story.
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "reject-reason"
    # In the focused list "a" picks "Another reason…" by its first letter: it is no approval here.
    page.keyboard.press("a")
    assert page.get_by_label("Reject because").input_value() == "other"
    # Typed key by key (fill() would send no key events): a, r and e here are desk keys everywhere else.
    page.get_by_label("Note (optional)").press_sequentially("a photo of a screen, not a real sign")
    page.get_by_role("button", name="Reject", exact=True).click()
    # The last story of the filtered queue: the desk goes back to the queue, which keeps the filter.
    page.wait_for_url(re.compile(r"/desk/\?channel=web$"))
    expect(page.get_by_text(f"Story {last.pk} rejected.")).to_be_visible()
    expect(page.get_by_role("heading", name="1 story")).to_be_visible()
    assert row_ids(page) == [plain.pk]

    rejected = Decision.objects.get(story=last)
    assert (rejected.action, rejected.reason, rejected.note, rejected.actor_id) == (
        "reject", "other", "a photo of a screen, not a real sign", moderator.pk)
    statuses = dict(Story.objects.values_list("pk", "status"))
    assert statuses == {flagged.pk: Status.APPROVED, last.pk: Status.REJECTED,
                        plain.pk: Status.IN_REVIEW, email.pk: Status.IN_REVIEW}
    assert set(AuditEvent.objects.filter(actor=moderator, verb__in=("story.approve", "story.reject"))
               .values_list("verb", "story")) == {("story.approve", flagged.pk), ("story.reject", last.pk)}


def test_question_mark_shows_the_keys_and_hides_them_again(page, staff_user, queue):
    staff_user("moderator", "mo")
    log_in(page, "mo")
    keys = page.get_by_role("dialog", name="Keys")
    expect(keys).to_be_hidden()
    page.keyboard.press("?")
    expect(keys).to_be_visible()
    for what in ("next / previous story", "approve", "reject: choose the reason", "edit the caption"):
        expect(keys.get_by_text(what, exact=True).first).to_be_visible()
    page.keyboard.press("?")
    expect(keys).to_be_hidden()
    # The header's button opens the same list for those who don't know the key.
    page.get_by_role("button", name="Keys (?)").click()
    expect(keys).to_be_visible()
    keys.get_by_role("button", name="Close").click()
    expect(keys).to_be_hidden()


def test_a_viewer_sees_no_decision_buttons_and_the_keys_decide_nothing(page, staff_user, queue):
    staff_user("viewer", "vi")
    story = queue["plain"]
    log_in(page, "vi")
    expect(page.get_by_role("heading", name="4 stories")).to_be_visible()
    expect(page.get_by_role("button", name="Apply to selected")).to_have_count(0)
    expect(page.get_by_role("checkbox")).to_have_count(0)

    page.goto(f"/desk/stories/{story.pk}/")
    expect(page.get_by_text("You can look at stories; deciding needs the moderator role.")).to_be_visible()
    for name in ("Approve", "Reject", "Ask for more", "Take this story", "Save caption", "Save name"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    page.keyboard.press("a")
    page.keyboard.press("r")
    expect(page.get_by_role("heading", name=f"Story {story.pk}")).to_be_visible()
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert not Decision.objects.exists()


def test_opening_a_story_claims_it_unless_another_holds_it_and_without_script_the_button_does(
        page, browser, live_server, staff_user, queue):
    moderator = staff_user("moderator", "mo")
    omar = staff_user("moderator", "omar")
    plain, last, email = queue["plain"], queue["last"], queue["email"]
    log_in(page, "mo", next_url=f"/desk/stories/{plain.pk}/")
    expect(page.locator("#claim")).to_contain_text("Yours until")
    expect(page.get_by_role("button", name="Take this story")).to_have_count(0)
    assert current_claim(plain.pk).holder_id == moderator.pk

    # Another moderator's running claim is shown and left alone.
    claim_story(last.pk, actor=Actor.staff(omar))
    page.goto(f"/desk/stories/{last.pk}/")
    expect(page.locator("#claim")).to_contain_text("omar is working on this story until")
    page.wait_for_load_state("networkidle")
    assert current_claim(last.pk).holder_id == omar.pk

    # Without script the page claims nothing by itself; "Take this story" does it.
    plain_html = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = plain_html.new_page()
        log_in(tab, "mo", next_url=f"/desk/stories/{email.pk}/")
        take = tab.get_by_role("button", name="Take this story")
        expect(take).to_be_visible()
        assert current_claim(email.pk).holder_id is None
        take.click()
        expect(tab.get_by_text(f"Story {email.pk} is yours for a few more minutes.")).to_be_visible()
        expect(tab.locator("#claim")).to_contain_text("Yours until")
        assert current_claim(email.pk).holder_id == moderator.pk
    finally:
        plain_html.close()
