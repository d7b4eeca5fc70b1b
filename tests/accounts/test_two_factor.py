"""Two-factor: after the password, whoever has an authenticator app gives a code from it (or a backup code,
once) before the desk or the admin; admins must set one up first; wrong codes back off like passwords; a
single sign-on that vouches for the second factor counts as passing it."""
from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from storydesk.accounts.two_factor import SESSION_KEY, passed_second_factor
from storydesk.actions.base import Actor
from storydesk.actions.two_factor import new_backup_codes
from storydesk.models import AuditEvent
from tests.publishing.factories import approved_story
from tests.second_factor import app_of, code_for

PASSWORD = "correct-horse-9"
User = get_user_model()
CODE_PAGE, SET_UP_PAGE = reverse("accounts:code"), reverse("accounts:two-factor")


@pytest.fixture(autouse=True)
def fresh_limits(db, settings):
    settings.STORYDESK_LOGIN_RATE = "100/15m"
    cache.clear()


def log_in(username: str, **extra) -> Client:
    """A browser that gave the right password, and nothing more yet."""
    browser = Client(**extra)
    response = browser.post(reverse("login"), {"username": username, "password": PASSWORD, "next": "/desk/"})
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def give_code(browser: Client, code: str, next_url: str = "/desk/"):
    return browser.post(CODE_PAGE, {"code": code, "next": next_url})


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_someone_with_an_app_gives_a_code_before_the_desk_and_the_admin(staff_user, role):
    user = staff_user(role, username="ana", two_factor=True)
    browser = log_in("ana")
    for page in ("/desk/", "/desk/audit/", "/admin/"):
        held = browser.get(page)
        assert held.status_code == 302 and held["Location"] == f"{CODE_PAGE}?next={page.replace('/', '%2F')}"
    page = browser.get(CODE_PAGE + "?next=/desk/").content.decode()
    assert "Enter your code" in page and 'autocomplete="one-time-code"' in page
    assert 'href="/desk/"' not in page  # no desk links before the code

    refused = give_code(browser, "000000")
    assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    assert AuditEvent.objects.filter(verb="two_factor.code_refused", actor=user).count() == 1
    assert browser.get("/desk/").status_code == 302

    passed = give_code(browser, code_for(app_of(user)))
    assert passed.status_code == 302 and passed["Location"] == "/desk/"
    assert browser.get("/desk/").status_code == 200
    assert browser.get("/admin/").status_code == (200 if role == "admin" else 302)
    assert AuditEvent.objects.filter(verb="two_factor.passed", actor=user, data__used="app").exists()


def test_someone_without_an_app_who_is_no_admin_needs_no_code(staff_user):
    staff_user("moderator", username="mo")
    browser = log_in("mo")
    assert browser.get("/desk/").status_code == 200
    assert browser.get(CODE_PAGE).status_code == 302  # nothing owed: on to the desk


def test_a_code_works_once(staff_user):
    user = staff_user("viewer", username="vi", two_factor=True)
    code = code_for(app_of(user))
    assert give_code(log_in("vi"), code)["Location"] == "/desk/"
    again = give_code(log_in("vi"), code)
    assert again.status_code == 200 and "used already" in again.content.decode()


@pytest.mark.clock
def test_wrong_codes_make_the_next_try_wait_like_wrong_passwords(staff_user, settings, clock):
    settings.STORYDESK_LOGIN_BACKOFF_MAX_SECONDS = 60
    user = staff_user("viewer", username="vi", two_factor=True)
    browser = log_in("vi")
    for attempt in range(3):  # two cost nothing; the third makes the next wait
        assert give_code(browser, f"12345{attempt}").status_code == 200
    held = give_code(browser, code_for(app_of(user)))
    assert held.status_code == 429 and held["Retry-After"] == "15"
    assert "Too many wrong codes" in held.content.decode()
    assert AuditEvent.objects.filter(verb="two_factor.rate_limited", actor=user).exists()
    clock.shift(16)
    assert give_code(browser, code_for(app_of(user)))["Location"] == "/desk/"


def test_wrong_codes_from_one_address_hit_the_log_in_limit(staff_user, settings):
    settings.STORYDESK_LOGIN_RATE = "3/15m"
    for name in ("vi1", "vi2", "vi3", "vi4"):
        staff_user("viewer", username=name, two_factor=True)
    for name in ("vi1", "vi2", "vi3"):  # one wrong code each: no person's back-off holds anyone
        give_code(log_in(name, REMOTE_ADDR="203.0.113.7"), "654320")
    held = give_code(log_in("vi4", REMOTE_ADDR="203.0.113.7"), code_for(app_of(User.objects.get(username="vi4"))))
    assert held.status_code == 429 and "Too many wrong codes from this address" in held.content.decode()
    assert AuditEvent.objects.filter(verb="two_factor.rate_limited", data__why="address").exists()
    assert give_code(log_in("vi4", REMOTE_ADDR="203.0.113.8"), code_for(app_of(User.objects.get(username="vi4")))
                     )["Location"] == "/desk/"


def test_an_admin_without_an_app_sets_one_up_before_anything_else(staff_user):
    admin = staff_user("admin", username="ada", two_factor=False)
    browser = log_in("ada")
    for page in ("/desk/", "/admin/", CODE_PAGE):
        held = browser.get(page, follow=True)
        assert held.request["PATH_INFO"] == SET_UP_PAGE, page
    page = browser.get(SET_UP_PAGE).content.decode()
    assert "Admins need two-factor" in page and 'href="/desk/"' not in page

    started = browser.post(SET_UP_PAGE + "?next=/desk/", {"action": "start"})
    assert started.status_code == 302
    page = browser.get(started["Location"]).content.decode()
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == device.bin_key
    assert browser.get("/desk/").status_code == 302  # an unconfirmed app counts for nothing

    assert browser.post(SET_UP_PAGE, {"action": "confirm", "code": "000000"}).status_code == 400
    done = browser.post(SET_UP_PAGE, {"action": "confirm", "code": code_for(device), "next": "/desk/"})
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert done.status_code == 200 and len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert browser.get("/desk/").status_code == 200 and browser.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(verb="two_factor.added", data__username="ada").exists()
    # Shown once: the page no longer lists them.
    assert not re.findall(r"<li><code>([a-z2-7]{8})</code></li>", browser.get(SET_UP_PAGE).content.decode())


def test_a_backup_code_works_once(staff_user):
    user = staff_user("manager", username="max", two_factor=True)
    codes = new_backup_codes(user, actor=Actor.staff(user))
    assert give_code(log_in("max"), codes[0].upper())["Location"] == "/desk/"  # as typed, in capitals too
    assert AuditEvent.objects.filter(verb="two_factor.passed", data__used="backup code").exists()
    assert give_code(log_in("max"), codes[0]).status_code == 200
    assert give_code(log_in("max"), codes[1])["Location"] == "/desk/"
    assert StaticToken.objects.filter(device__user=user).count() == 8


def test_the_set_up_page_changes_nothing_before_the_present_app_s_code(staff_user):
    user = staff_user("viewer", username="vi", two_factor=True)
    browser = log_in("vi")
    for response in (browser.get(SET_UP_PAGE), browser.post(SET_UP_PAGE, {"action": "remove"}),
                     browser.post(SET_UP_PAGE, {"action": "start"})):
        assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_anyone_but_an_admin_may_turn_it_off(client, staff_user):
    user = staff_user("moderator", username="mo", two_factor=True)
    new_backup_codes(user, actor=Actor.staff(user))
    client.force_login(user)
    off = client.post(SET_UP_PAGE, {"action": "remove"}, follow=True)
    assert "Two-factor is off" in off.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(verb="two_factor.removed", actor=user).exists()
    assert client.get("/desk/").status_code == 200
    assert log_in("mo").get("/desk/").status_code == 200  # no code any more


def test_an_admin_replaces_the_app_but_never_removes_it(client, staff_user):
    admin = staff_user("admin", username="ada")
    old = app_of(admin)
    client.force_login(admin)
    page = client.get(SET_UP_PAGE).content.decode()
    assert "Admins must keep two-factor on" in page and 'value="remove"' not in page
    refused = client.post(SET_UP_PAGE, {"action": "remove"})
    assert refused.status_code == 400 and "must keep two-factor" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=old.pk).exists()

    client.post(SET_UP_PAGE, {"action": "start"})
    new = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.get("/desk/").status_code == 200  # the old app still counts until the new one is confirmed
    client.post(SET_UP_PAGE, {"action": "confirm", "code": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=admin).values_list("pk", "confirmed")) == [(new.pk, True)]
    assert AuditEvent.objects.filter(verb="two_factor.replaced", data__username="ada").exists()
    assert client.get("/desk/").status_code == 200


def test_single_sign_on_s_say_so_passes_the_second_factor_while_it_is_trusted(client, staff_user, settings):
    """The contract with single sign-on: "oidc" under this session key means the identity provider checked a
    second factor, but only while single sign-on is on and trusted to; django-otp's verified device is the other
    way."""
    settings.STORYDESK_OIDC_ISSUER, settings.STORYDESK_OIDC_CLIENT_ID = "https://id.example.org", "desk"
    settings.STORYDESK_OIDC_TRUSTS_MFA = True
    admin = staff_user("admin", username="ada")
    client.force_login(admin, second_factor=False)
    assert client.get("/desk/").status_code == 302
    session = client.session
    session[SESSION_KEY] = "oidc"
    session.save()
    assert client.get("/desk/").status_code == 200 and client.get("/admin/").status_code == 200

    request = RequestFactory().get("/desk/")
    request.user = admin
    for value, passed in (("oidc", True), ("password", False), ("", False), (True, False), (None, False)):
        request.session = {SESSION_KEY: value} if value is not None else {}
        assert passed_second_factor(request) is passed, value
    request.session = {SESSION_KEY: "oidc"}
    settings.STORYDESK_OIDC_TRUSTS_MFA = False  # no longer trusted: a session it vouched for owes a code again
    assert not passed_second_factor(request)
    settings.STORYDESK_OIDC_TRUSTS_MFA, settings.STORYDESK_OIDC_ISSUER = True, ""  # single sign-on turned off
    assert not passed_second_factor(request)
    request.user.is_verified = lambda: True  # what django-otp's middleware adds once a device verified it
    assert passed_second_factor(request)


def test_owing_a_code_counts_as_signed_out_on_every_other_page(client, campaign, staff_user):
    story = approved_story(campaign)  # not public yet: only staff see its photo
    client.force_login(staff_user("viewer", username="vi", two_factor=True), second_factor=False)
    assert client.get(story.lead_photo.public_path()).status_code == 404
    client.force_login(staff_user("viewer", username="vi2"))
    assert client.get(story.lead_photo.public_path()).status_code == 200


def test_an_admin_whose_app_was_reset_sets_a_new_one_up_in_the_same_session(client, staff_user):
    admin = staff_user("admin", username="ada")
    client.force_login(admin)
    assert client.get("/desk/").status_code == 200
    TOTPDevice.objects.filter(user=admin).delete()  # `createstaff --reset-two-factor` meanwhile
    assert client.get("/desk/", follow=True).request["PATH_INFO"] == SET_UP_PAGE
