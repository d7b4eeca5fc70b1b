"""Every desk page, and the log-in page, fits the screens staff use: a phone (390 px), a laptop (1366 px) and a
wide monitor (1920 px), with data made to break layouts (tests/browser/stress.py). A page fails when anything
makes it wider than the viewport or two controls are drawn on top of each other; each page's screenshot is
saved (tests/browser/layout.py says where) for a person to look at."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.layout import check_here, check_pages, layout_problems
from tests.browser.pages import PASSWORD, log_in
from tests.browser.stress import NAME, desk_pages, in_trouble, stressed_desk
from tests.sso.conftest import turn_on

WIDTHS = (390, 1366, 1920)


@pytest.fixture
def desk(campaign, staff_user):
    return stressed_desk(campaign, staff_user)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_desk_page_fits(page, desk, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, desk.staff)
    reports = check_pages(page, width, desk_pages(desk))
    assert not reports, "\n\n".join(reports)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_log_in_page_fits(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    reports = check_pages(page, width, [("log-in", "/accounts/login/?next=/desk/")])
    page.get_by_label("Username").fill("n" * 150)
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("alert").wait_for()
    reports += [f"log-in page after a wrong password: {p}" for p in layout_problems(page)]
    assert not reports, "\n\n".join(reports)


@pytest.mark.parametrize("width", WIDTHS)
def test_what_needs_a_person_publish_now_and_bulk_approval_fit(page, desk, width):
    """The banner and its page, publish now (opened) on a story's page and a slot's, the calendar with Instagram
    not set up (as it is here) and the bulk approval's question, which a POST from the queue reaches."""
    in_trouble(desk)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, desk.staff)
    reports = check_pages(page, width, [
        ("needs a person", "/desk/attention/"),
        ("approved story with publish now", f"/desk/stories/{desk.unplanned}/"),
    ])
    page.get_by_text("Publish now…").click()
    expect(page.get_by_role("button", name="Yes, publish to the gallery now")).to_be_visible()
    reports += check_here(page, width, "approved story with publish now open")
    page.goto(f"/desk/calendar/slots/{desk.slot}/")
    page.get_by_text("Publish now…").click()
    expect(page.get_by_role("button", name="Yes, publish to the gallery now")).to_be_visible()
    reports += check_here(page, width, "slot with publish now open")
    page.goto(f"/desk/calendar/?month={desk.month}")
    expect(page.locator("main")).to_contain_text("Instagram publishing isn't set up")
    page.goto("/desk/")
    banner = page.get_by_role("status").filter(has=page.get_by_role("heading", name="Needs a person"))
    expect(banner).to_contain_text("parked")
    expect(banner).to_contain_text("waiting to go out")
    reports += check_here(page, width, "queue with the banner", "/desk/")
    for story in (desk.story, desk.story + 1):
        page.get_by_label(f"Select story {story}").check()
    page.get_by_label("Do", exact=True).select_option("approve")
    page.get_by_role("button", name="Apply to selected").click()
    page.get_by_role("heading", name="Approve 1 flagged story?").wait_for()
    reports += check_here(page, width, "bulk approval of flagged stories")
    assert not reports, "\n\n".join(reports)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_account_pages_fit(page, settings, provider, staff_user, width):
    """Log-in with single sign-on on, forgot-password, the code step and an admin's first two-factor set-up."""
    turn_on(settings, provider)
    settings.STORYDESK_OIDC_BUTTON_LABEL = "the Example Organisation's identity provider"
    staff_user("viewer", NAME, two_factor=True)
    staff_user("admin", f"admin-{NAME}", two_factor=False)
    page.set_viewport_size({"width": width, "height": 900})
    reports = check_pages(page, width, [("log-in with single sign-on", "/accounts/login/?next=/desk/"),
                                        ("forgot your password", "/accounts/password-reset/")])
    page.get_by_role("button", name="Send the link").click()
    page.locator("#email-error").wait_for()
    reports += check_here(page, width, "forgot your password, with no address")

    def password(username: str, then: str) -> None:
        page.context.clear_cookies()
        page.goto("/accounts/login/?next=/desk/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(then)

    password(NAME, "**/accounts/two-factor/code/**")
    reports += check_here(page, width, "two-factor code")
    password(f"admin-{NAME}", "**/accounts/two-factor/**")
    page.get_by_role("button", name="Set up two-factor").click()
    page.get_by_role("img", name="QR code for your authenticator app").wait_for()
    reports += check_here(page, width, "two-factor set-up")
    assert not reports, "\n\n".join(reports)


def test_the_checks_find_overflow_and_overlap(page):
    """The checks can fail: a page too wide, something sticking out (a visually hidden label too: it escapes the
    box that scrolls when that box is not what it is placed in), and two controls on top of each other."""
    page.set_viewport_size({"width": 390, "height": 600})
    page.set_content("""<!doctype html><html lang="en"><body style="margin: 0">
        <p id="wide" style="width: 500px">too wide</p>
        <div style="overflow-x: auto"><table><tr><td style="min-width: 600px">scrolls in its own box</td>
        <td><span id="hidden" style="position: absolute; width: 1px; height: 1px; overflow: hidden">escapes</span>
        </td></tr>
        </table></div>
        <div style="position: relative; height: 40px"><button id="under">Under</button>
        <select id="over" style="position: absolute; left: 10px; top: 0"><option>Over</option></select></div>
        <a href="#" style="position: absolute; left: -999px">skip link at rest</a>
        <span style="position: absolute; width: 1px; height: 1px; overflow: hidden">visually hidden</span>
        </body></html>""")
    found = layout_problems(page)
    assert found[0] == "the page is 608px wide in a 390px viewport"  # the hidden span, placed at 607px
    assert any(line.startswith('p#wide "too wide" reaches 0..500px') for line in found)
    assert any(line.startswith('span#hidden "escapes" reaches') for line in found)  # placed outside the box
    assert any("button#under" in line and "select#over" in line and "overlap" in line for line in found)
    assert not any("scrolls in its own box" in line or "skip" in line for line in found), found
    assert len(found) == 4, found
