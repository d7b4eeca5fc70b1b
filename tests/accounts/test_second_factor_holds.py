"""Two-factor holds whatever order things happen in: a session from before it was turned on, guesses at the code
(counted atomically, capped per day, mailed), backup codes renewed mid-session, and every desk and admin route."""
from __future__ import annotations

import asyncio

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory, TestCase
from django.urls import URLPattern, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from huey.contrib.djhuey import HUEY

from storydesk import ratelimit
from storydesk.accounts import code as code_page
from storydesk.accounts.gate import SecondFactorGate
from storydesk.accounts.two_factor import _OWED_KEY
from storydesk.actions.base import Actor
from storydesk.actions.two_factor import new_backup_codes
from storydesk.desk import urls as desk_urls
from storydesk.models import AuditEvent
from tests.accounts.test_two_factor import CODE_PAGE, SET_UP_PAGE, give_code, log_in
from tests.second_factor import app_of, code_for, give_app


@pytest.fixture(autouse=True)
def fresh_limits(db, settings):
    settings.STORYDESK_LOGIN_RATE = "100/15m"
    cache.clear()
    HUEY.immediate = True
    yield
    HUEY.immediate = False


def test_a_session_from_before_two_factor_was_turned_on_owes_the_code(staff_user):
    user = staff_user("moderator", username="mo")
    before = log_in("mo")
    assert before.get("/desk/").status_code == 200  # nothing owed yet: remembered in the session
    give_app(user)  # turned on from another session
    held = before.get("/desk/")
    assert held.status_code == 302 and held["Location"].startswith(CODE_PAGE)
    for action in ("backup-codes", "start", "remove"):
        refused = before.post(SET_UP_PAGE, {"action": action})
        assert refused.status_code == 302 and refused["Location"].startswith(CODE_PAGE), action
    assert TOTPDevice.objects.filter(user=user).count() == 1 and not StaticDevice.objects.filter(user=user).exists()


def test_confirming_an_app_logs_the_person_s_other_sessions_out(staff_user):
    user = staff_user("moderator", username="mo")
    other, here = log_in("mo"), log_in("mo")
    assert other.get("/desk/").status_code == 200
    here.post(SET_UP_PAGE, {"action": "start"})
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = here.post(SET_UP_PAGE, {"action": "confirm",
                                       "code": code_for(TOTPDevice.objects.get(user=user, confirmed=False))})
    assert done.status_code == 200
    assert here.get("/desk/").status_code == 200
    assert other.get("/desk/")["Location"].startswith(reverse("login"))  # logged out, not merely owing
    assert AuditEvent.objects.filter(verb="two_factor.set_up_started", data__username="mo").exists()


def test_an_app_added_or_replaced_is_mailed(staff_user):
    admin = staff_user("admin", username="ada", two_factor=False)
    admin.email = "ada@example.org"
    admin.save()
    browser = log_in("ada")
    for kind in ("on", "replaced"):
        browser.post(SET_UP_PAGE, {"action": "start"})
        with TestCase.captureOnCommitCallbacks(execute=True):
            browser.post(SET_UP_PAGE, {"action": "confirm",
                                       "code": code_for(TOTPDevice.objects.get(user=admin, confirmed=False))})
        assert mail.outbox[-1].to == ["ada@example.org"] and kind in mail.outbox[-1].subject
    assert len(mail.outbox) == 2


def test_renewing_backup_codes_keeps_the_session_that_passed_with_one(staff_user):
    user = staff_user("manager", username="max", two_factor=True)
    codes = new_backup_codes(user, actor=Actor.staff(user))
    browser = log_in("max")
    assert give_code(browser, codes[0])["Location"] == "/desk/"
    renewed = browser.post(SET_UP_PAGE, {"action": "backup-codes"})
    assert renewed.status_code == 200
    assert browser.get("/desk/").status_code == 200
    assert StaticDevice.objects.filter(user=user).count() == 1


def test_wrong_codes_stop_for_the_day_and_each_is_mailed(staff_user, settings, monkeypatch):
    settings.STORYDESK_LOGIN_BACKOFF_MAX_SECONDS = 0  # the daily cap alone
    monkeypatch.setattr(code_page, "REFUSED_A_DAY", 3)
    user = staff_user("viewer", username="vi", two_factor=True)
    user.email = "vi@example.org"
    user.save()
    browser = log_in("vi")
    assert give_code(browser, code_for(app_of(user)))["Location"] == "/desk/"  # a right code is no refusal
    browser = log_in("vi")
    for attempt in range(3):
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert give_code(browser, f"12345{attempt}").status_code == 200
    assert len(mail.outbox) == 1  # at most one an hour
    assert mail.outbox[0].to == ["vi@example.org"] and "wrong two-factor code" in mail.outbox[0].body
    stopped = give_code(log_in("vi", REMOTE_ADDR="198.51.100.3"), code_for(app_of(user)))
    page = stopped.content.decode()
    assert stopped.status_code == 429 and "Too many wrong codes today" in page
    assert "--reset-two-factor" in page and "ask an admin" in page
    assert AuditEvent.objects.filter(verb="two_factor.rate_limited", data__why="day").count() == 1
    give_code(browser, "111111")
    assert AuditEvent.objects.filter(verb="two_factor.rate_limited", data__why="day").count() == 1  # once


def test_failures_are_counted_by_the_cache_s_own_counter():
    """Back-off and windows add one with cache.add/incr, never a read and a write another request could undo."""
    for _ in range(4):
        ratelimit.backoff_fail("test", "someone", 60)
    assert cache.get("backoff:test:someone") == 4
    assert ratelimit.backoff_wait("test", "someone") == 30
    assert [ratelimit.count("test", "x", "5/h") for _ in range(3)] == [1, 2, 3]


def test_async_code_sees_someone_owing_a_code_as_signed_out(staff_user):
    user = staff_user("viewer", username="vi", two_factor=True)
    request = RequestFactory().get("/gallery/")
    request.session = {_OWED_KEY: "code"}
    request.user = user

    async def auser():
        return user
    request.auser = auser
    seen = {}
    SecondFactorGate(lambda r: seen.setdefault("request", r))(request)
    assert isinstance(asyncio.run(seen["request"].auser()), AnonymousUser)


def _desk_routes() -> list[str]:
    """Every route of storydesk.desk.urls, with sample ids."""
    routes = []
    for pattern in desk_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: ("countries" if name == "table" else 1) for name in pattern.pattern.converters}
        routes.append(reverse(f"desk:{pattern.name}", kwargs=kwargs))
    return routes


@pytest.mark.parametrize("path", _desk_routes() + ["/admin/", "/admin/auth/user/", "/admin/storydesk/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_desk_and_admin_route_waits_for_the_code(client, staff_user, path, method):
    client.force_login(staff_user("admin", username="ada"), second_factor=False)
    response = getattr(client, method)(path)
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE), response.status_code
