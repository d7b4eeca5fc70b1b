"""Single sign-on in a real browser: "Sign in with …" on the log-in page, through a local OpenID provider (which
approves its person at once) and back, to the desk, logged in as the matching staff member."""
from __future__ import annotations

from playwright.sync_api import expect

from storydesk.models import AuditEvent
from tests.sso.conftest import turn_on


def test_a_moderator_signs_in_through_the_provider_to_the_desk(page, live_server, settings, provider, staff_user,
                                                                campaign):
    turn_on(settings, provider)
    settings.SITE_URL = live_server.url  # the callback the provider sends the browser back to
    ada = staff_user("moderator", "ada")
    ada.email = "ada@example.org"
    ada.save()

    page.goto("/accounts/login/?next=/desk/")
    page.get_by_role("link", name="Sign in with Example ID").click()
    page.wait_for_url(f"{live_server.url}/desk/")
    expect(page.get_by_role("button", name="Log out ada")).to_be_visible()
    assert AuditEvent.objects.filter(verb="login.sso", actor=ada).count() == 1


def test_a_refused_sign_in_comes_back_to_the_log_in_page_saying_why(page, live_server, settings, provider,
                                                                    staff_user):
    turn_on(settings, provider)
    settings.SITE_URL = live_server.url
    staff_user("moderator", "ada")  # no e-mail address on the account: nothing matches

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with Example ID").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("alert")).to_contain_text("No staff account here matches your Example ID account")
    expect(page.get_by_label("Username")).to_be_visible()  # the password log-in is still there
