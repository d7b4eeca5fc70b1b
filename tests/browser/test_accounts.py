"""Logging in with two-factor in a real browser: the code step after the password (a wrong code first), and an
admin's first log-in, which sets up the authenticator app from the page's key before anything else."""
from __future__ import annotations

import base64
import re

from django_otp.oath import TOTP
from playwright.sync_api import expect

from storydesk.models import AuditEvent
from tests.browser.pages import PASSWORD, enter_code
from tests.second_factor import app_of, code_for


def test_an_admin_logs_in_with_a_code_from_their_app(page, staff_user):
    admin = staff_user("admin", username="ada")
    page.goto("/accounts/login/?next=/desk/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/two-factor/code/**")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    enter_code(page, "000000")
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    enter_code(page, code_for(app_of(admin)))
    page.wait_for_url("**/desk/")
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
    assert AuditEvent.objects.filter(verb="two_factor.passed", actor=admin).count() == 1


def test_an_admin_without_an_app_sets_it_up_on_first_log_in(page, staff_user):
    admin = staff_user("admin", username="ada", two_factor=False)
    page.goto("/accounts/login/?next=/desk/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    page.get_by_role("button", name="Set up two-factor").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    # Typed in by hand, as someone whose phone can't scan would.
    secret = page.locator("#secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    page.get_by_label("Code from the app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Turn on two-factor").click()
    codes = page.get_by_role("list", name="Backup codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert all(re.fullmatch(r"[a-z2-7]{8}", text) for text in codes.all_inner_texts())
    page.get_by_role("link", name="Continue to the desk").click()
    page.wait_for_url("**/desk/")
    expect(page.get_by_role("heading", name=re.compile("Stories"))).to_be_visible()
    assert app_of(admin) is not None
