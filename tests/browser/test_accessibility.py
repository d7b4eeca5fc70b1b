"""axe-core finds no serious or critical accessibility problem on any page of the desk or of the participant's
side, each in the states people meet it in (with stories, flags, errors, a claim held by someone else, …)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from storydesk.actions.base import Actor
from storydesk.actions.claims import claim_story
from storydesk.actions.decisions import decide
from storydesk.actions.guards import version_of
from storydesk.actions.lifecycle import withdraw_story
from storydesk.contributor_access import status_path
from storydesk.models import MailMessage, MailReply, Slot
from storydesk.screening.result import StepResult
from tests.browser.accessibility import assert_accessible, assert_pages_accessible, described, violations
from tests.browser.pages import PASSWORD, enter_code, log_in
from tests.browser.prerequisites import AXE, require
from tests.desk.conftest import NO_SIGN, personal_data_result, screen_with
from tests.publishing.factories import approved_story
from tests.second_factor import app_of, code_for
from tests.sso.conftest import turn_on
from tests.stories import make_story

ANSWER = "Call me on +44 7700 900123 or write to kofi@example.org, equality matters to all of us."


@pytest.fixture(autouse=True)
def axe_installed():
    """Skip (or fail) before making stories and logging in, not halfway through."""
    require(AXE, "axe-core (npm ci in tests/browser)")


@dataclass
class Scene:
    flagged: int  # in review, no sign read, personal data in the answer, a duplicate of `original`
    original: int
    approved: int
    claimed: int  # held by another moderator
    waiting: int  # needs info: the contributor was asked for a better photo
    waiting_token: str  # its private link, where the question is answered
    status_token: str  # a web story's private link (consent given)
    awaiting_token: str  # an e-mail story's link, asking for consent
    withdrawn_token: str


@pytest.fixture
def scene(campaign, staff_user) -> Scene:
    for role in ("admin", "manager", "moderator", "viewer"):
        staff_user(role)
    other = staff_user("moderator", "someone-else")
    original = screen_with(make_story(campaign, n=1, channel="email", consents={}))
    flagged = screen_with(make_story(campaign, n=2, base="coffee", answer=ANSWER), sign_check=NO_SIGN,
                          text_check=personal_data_result(ANSWER, ("phone", "+44 7700 900123"),
                                                          ("email", "kofi@example.org")),
                          duplicate_check=StepResult("flag", 0.98, {
                              "photo_matches": [], "duplicate_of": original.pk,
                              "text_matches": [{"story": original.pk, "kind": "exact", "cosine": 1.0}]}))
    approved = screen_with(make_story(campaign, n=3, base="astronaut"))
    decide(approved.pk, "approve", actor=Actor.staff(other), seen_version=version_of(approved))
    claimed = screen_with(make_story(campaign, n=4, base="rocket"))
    claim_story(claimed.pk, actor=Actor.staff(other))
    waiting = screen_with(make_story(campaign, n=6, channel="email", base="astronaut"))
    # Asks the contributor by e-mail: the reply waits unsent (no worker runs here), so the mail page lists it.
    decide(waiting.pk, "needs_info", actor=Actor.staff(other), seen_version=version_of(waiting), request="sign")
    MailMessage.objects.create(campaign=campaign, source_key="<broken@example.org>", origin="imap:INBOX",
                               sender="someone@example.org", subject="my story", outcome="failed",
                               error="the photo could not be read: truncated JPEG")
    MailMessage.objects.create(campaign=campaign, source_key="<fine@example.org>", origin="imap:INBOX",
                               sender="kofi1@example.org", subject="HeForShe", outcome="processed",
                               story_id=original.pk)
    withdrawn = make_story(campaign, n=5, base="chelsea")
    withdraw_story(withdrawn, actor=Actor.contributor(), via="status page")
    return Scene(flagged=flagged.pk, original=original.pk, approved=approved.pk, claimed=claimed.pk,
                 waiting=waiting.pk, waiting_token=status_path.sign(waiting), status_token=status_path.sign(flagged),
                 awaiting_token=status_path.sign(original), withdrawn_token=status_path.sign(withdrawn))


# Who looks → (page, address, HTTP status): every desk page, in the states that draw something different.
DESK_PAGES = {
    "moderator-user": lambda s: [
        ("queue", "/desk/", 200),
        ("flagged story with personal data and a duplicate", f"/desk/stories/{s.flagged}/", 200),
        ("story held by someone else", f"/desk/stories/{s.claimed}/", 200),
        ("mail read, one failed, a reply unsent", "/desk/mail/", 200),
    ],
    "manager-user": lambda s: [
        ("queue, every status, newest first", "/desk/?status=all&sort=newest", 200),
        ("approved story, with reopen and assign", f"/desk/stories/{s.approved}/", 200),
        ("story waiting for the contributor", f"/desk/stories/{s.waiting}/", 200),
        ("audit trail", "/desk/audit/", 200),
        ("insights, with charts and the world map", "/desk/insights/", 200),
    ],
    "viewer-user": lambda s: [
        ("queue with nothing found", "/desk/?country=ZZ", 200),
        ("story, read only", f"/desk/stories/{s.flagged}/", 200),
    ],
    "admin-user": lambda s: [
        ("staff and roles", "/desk/staff/", 200),
        ("needs a person: the worker, and the campaign's dates with the button for a fresh install",
         "/desk/attention/", 200),
    ],
}


def test_banner_calendar_and_publish_now(page, campaign, staff_user):
    """The banner with a parked slot and a failed mail, the calendar with Instagram not set up (as it is here),
    and an approved, consented story's publishing section with publish now opened."""
    staff_user("manager")
    story = approved_story(campaign)
    MailReply.objects.create(story=story, kind="needs_info", to="kofi@example.org", subject="About your story",
                             body="Could you send a better photo?", last_error="ConnectionRefusedError")
    Slot.objects.create(campaign=campaign, target="instagram", starts_at=timezone.now(), state=Slot.State.PARKED,
                        error="Instagram refused the access token")
    log_in(page, "manager-user")
    page.get_by_role("heading", name="Needs a person").wait_for()
    expect(page.get_by_role("status")).to_contain_text("parked")
    assert_accessible(page, "queue with the banner: a parked slot, a failed mail")
    assert_pages_accessible(page, [("calendar, Instagram not set up", "/desk/calendar/", 200)])
    page.goto(f"/desk/stories/{story.pk}/")
    page.get_by_text("Publish now…").click()
    page.get_by_role("button", name="Yes, publish to the gallery now").wait_for()
    assert_accessible(page, "approved story, publishing, with publish now open")


def test_log_in_with_single_sign_on(page, settings, provider):
    turn_on(settings, provider)
    page.goto("/accounts/login/?next=/desk/")
    page.get_by_role("link", name="Sign in with Example ID").wait_for()
    assert_accessible(page, "log-in page with single sign-on")


def test_insights_charts_and_map_are_accessible_images(page, scene):
    """The charts are images with alt text (their tables beside them are what screen readers read)."""
    log_in(page, "manager-user", next_url="/desk/insights/")
    charts = page.locator("img.chart")
    assert charts.count() >= 4  # the scene's stories draw the funnel, per day and week, the map, …
    assert page.get_by_role("img", name="World map: stories per country, 1 country shaded.", exact=False).count() == 1
    assert all(charts.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(charts.count()))
    assert_accessible(page, "insights")


def participant_pages(s: Scene) -> list[tuple[str, str, int]]:
    return [
        ("submission form", "/submit/", 200),
        ("thank-you page", f"/submit/thanks/{s.status_token}/", 200),
        ("status page", f"/s/{s.status_token}/", 200),
        ("status page asking for consent", f"/s/{s.awaiting_token}/", 200),
        ("status page answering the desk's question", f"/s/{s.waiting_token}/", 200),
        ("withdrawal, asking to confirm", f"/s/{s.status_token}/withdraw/", 200),
        ("status page of a withdrawn story", f"/s/{s.withdrawn_token}/", 200),
        ("status link not found", "/s/not-a-token/", 404),
    ]


@pytest.mark.parametrize("username", DESK_PAGES)
def test_desk_pages(page, scene, username):
    log_in(page, username)
    assert_pages_accessible(page, DESK_PAGES[username](scene))


def test_desk_log_in_and_its_refusal(page):
    page.goto("/desk/")  # anonymous: sent to log in
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page, "log-in page")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page, "log-in page after a wrong password")


def test_bulk_approval_asking_about_flagged_stories(page, scene):
    """Reached by a POST (the queue's bulk form), so not in DESK_PAGES: selected and sent as a moderator does."""
    log_in(page, "moderator-user")
    for story in (scene.flagged, scene.original):
        page.get_by_label(f"Select story {story}").check()
    page.get_by_label("Do", exact=True).select_option("approve")
    page.get_by_role("button", name="Apply to selected").click()
    page.get_by_role("heading", name="Approve 1 flagged story?").wait_for()
    assert_accessible(page, "bulk approval, asking about the flagged stories")

def test_account_pages(page, staff_user):
    """Forgot-password, its link's page, the code step and the two-factor page, each with its errors."""
    vera = staff_user("viewer", username="vera", two_factor=True)
    link = reverse("accounts:password-reset-confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(vera.pk)), "token": default_token_generator.make_token(vera)})
    assert_pages_accessible(page, [
        ("forgot your password", "/accounts/password-reset/", 200),
        ("check your e-mail", "/accounts/password-reset/sent/", 200),
        ("a new password from the mailed link", link, 200),
        ("a mailed link that no longer works", "/accounts/password-reset/MQ/set-password/", 200),
        ("new password set", "/accounts/password-reset/done/", 200),
    ])
    page.goto("/accounts/password-reset/")
    page.get_by_role("button", name="Send the link").click()
    page.locator("#email-error").wait_for()
    assert_accessible(page, "forgot your password, with no address")

    page.goto("/accounts/login/?next=/desk/")
    page.get_by_label("Username").fill("vera")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/two-factor/code/**")
    assert_accessible(page, "two-factor code")
    enter_code(page, "000000")
    page.get_by_role("alert").wait_for()
    assert_accessible(page, "two-factor code, wrong")
    enter_code(page, code_for(app_of(vera)))
    page.wait_for_url("**/desk/")
    page.goto("/accounts/two-factor/")
    assert_accessible(page, "two-factor, on")
    page.get_by_role("button", name="New backup codes").click()
    page.get_by_role("list", name="Backup codes").wait_for()
    assert_accessible(page, "two-factor, backup codes shown once")
    page.goto("/accounts/two-factor/")
    page.get_by_role("button", name="Replace the app (new phone)").click()
    page.get_by_role("img", name="QR code for your authenticator app").wait_for()
    assert_accessible(page, "two-factor set-up, QR code and key")
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page, "two-factor set-up, wrong code")


def test_desk_keys_dialog(page, scene):
    log_in(page, "moderator-user")
    page.keyboard.press("?")
    page.get_by_role("dialog", name="Keys").wait_for()
    assert_accessible(page, "queue with the keys dialog open")


def test_participant_pages(page, scene):
    assert_pages_accessible(page, participant_pages(scene))


def test_participant_form_and_consent_with_their_errors(page, scene):
    page.goto("/submit/")
    page.get_by_role("button", name="Send my story").click()
    page.locator("#form-errors").wait_for()
    assert_accessible(page, "submission form with every error")
    page.goto(f"/s/{scene.awaiting_token}/")
    page.get_by_role("button", name="Save my permission").click()
    page.locator("#consent-error").wait_for()
    assert_accessible(page, "consent form with its errors")
    page.goto(f"/s/{scene.waiting_token}/")
    page.get_by_role("button", name="Send it to our team").click()
    page.locator("#form-errors").wait_for()
    assert_accessible(page, "answering form with its error")
    page.get_by_role("button", name="Send it to our team").wait_for()


def test_the_check_finds_what_is_wrong_and_says_where(page):
    """The checks above can fail: a page with known problems gets them reported, readably."""
    page.set_content("""<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <label>Name</label><input type="text" id="name">
        <p style="color: #999; background: #aaa">Hard to read</p>
        <p id="twice">one</p><button aria-labelledby="twice nowhere"></button>
        </main></body></html>""")
    found = {v["id"]: v for v in violations(page)}
    assert {"image-alt", "label", "color-contrast"} <= set(found)
    report = described(list(found.values()), "broken page")
    assert "broken page: " in report and "[critical] image-alt" in report and "at img" in report
    with pytest.raises(AssertionError, match="color-contrast"):
        assert_accessible(page, "broken page")
