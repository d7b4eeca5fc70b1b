"""Forgot your password: a link by e-mail that works once, the same answer whether or not the address is
anyone's, limits so the form spams nobody, and every step in the audit trail."""
from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from huey.contrib.djhuey import HUEY

from storydesk.models import AuditEvent

ASK, SENT = reverse("accounts:password-reset"), reverse("accounts:password-reset-sent")
LINK = re.compile(r"^(https?://\S+/accounts/password-reset/[\w-]+/[\w-]+/)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def mail_goes_out_at_once(db, settings):
    """The queue's task runs in the request (no worker here); the locmem backend keeps what it sends."""
    settings.STORYDESK_PASSWORD_RESET_RATE = "5/h"
    settings.STORYDESK_LOGIN_RATE = "100/15m"
    cache.clear()
    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture
def vera(staff_user):
    user = staff_user("moderator", username="vera")
    user.email = "vera@example.org"
    user.save()
    return user


def ask(address: str, client_address: str = "203.0.113.9"):
    """Ask as a browser from this address; what the answer queued after its commit runs before it returns."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client(REMOTE_ADDR=client_address).post(ASK, {"email": address})


def test_the_log_in_page_offers_it(client):
    assert f'href="{ASK}">Forgot your password?</a>' in client.get(reverse("login")).content.decode()


def test_a_link_by_mail_sets_a_new_password_once(vera, settings):
    response = ask("Vera@Example.org")
    assert response.status_code == 302 and response["Location"] == SENT
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["vera@example.org"] and "new password" in sent.subject
    assert "vera" in sent.body and "2 hours" in sent.body
    link = LINK.search(sent.body).group(1)
    assert link.startswith(settings.SITE_URL + "/accounts/password-reset/")
    assert AuditEvent.objects.filter(verb="password_reset.asked", data__mailed="vera").exists()

    browser = Client()
    form = browser.get(link, follow=True)  # Django moves the token out of the address first
    assert form.status_code == 200 and "Set a new password" in form.content.decode()
    done = browser.post(form.request["PATH_INFO"], {"new_password1": "blue-harbour-77",
                                                    "new_password2": "blue-harbour-77"})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password-reset-done")
    assert AuditEvent.objects.filter(verb="password_reset.done", data__username="vera").exists()
    assert Client().login(username="vera", password="blue-harbour-77")

    used = Client().get(link, follow=True).content.decode()
    assert "This link doesn't work any more" in used and 'name="new_password1"' not in used


def test_an_unknown_address_gets_the_same_answer_and_no_mail(vera):
    known, unknown = ask("vera@example.org"), ask("nobody@example.org", "203.0.113.10")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="password_reset.asked", data__mailed="nobody").exists()
    assert "nobody@example.org" not in str(list(AuditEvent.objects.values_list("data", flat=True)))
    page = Client().get(SENT).content.decode()
    assert "If that address belongs to a desk account" in page


def test_one_address_asks_only_so_often(vera, settings):
    settings.STORYDESK_PASSWORD_RESET_RATE = "2/h"
    assert [ask(f"someone{n}@example.org").status_code for n in range(2)] == [302, 302]
    limited = ask("vera@example.org")
    assert limited.status_code == 429 and int(limited["Retry-After"]) <= 3600
    assert "Too many requests from this address" in limited.content.decode()
    assert mail.outbox == []
    assert AuditEvent.objects.filter(verb="password_reset.rate_limited").exists()


def test_one_account_gets_only_so_many_mails_whoever_asks(vera, settings):
    settings.STORYDESK_PASSWORD_RESET_RATE = "2/h"
    answers = [ask("vera@example.org", f"198.51.100.{n}") for n in range(4)]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, SENT)}  # saying nothing of the limit
    assert len(mail.outbox) == 2


def test_a_new_password_still_needs_the_code(staff_user):
    admin = staff_user("admin", username="ada")
    admin.email = "ada@example.org"
    admin.save()
    ask("ada@example.org")
    browser = Client()
    form = browser.get(LINK.search(mail.outbox[0].body).group(1), follow=True)
    browser.post(form.request["PATH_INFO"], {"new_password1": "blue-harbour-77", "new_password2": "blue-harbour-77"})
    assert browser.post(reverse("login"), {"username": "ada", "password": "blue-harbour-77"}).status_code == 302
    assert browser.get("/desk/")["Location"].startswith(reverse("accounts:code"))


def test_known_and_unknown_addresses_queue_the_same(vera):
    queued = []
    for address in ("vera@example.org", "nobody@example.org"):
        with TestCase.captureOnCommitCallbacks() as callbacks:
            Client(REMOTE_ADDR="203.0.113.20").post(ASK, {"email": address})
        queued.append(len(callbacks))
    assert queued == [1, 1]


def test_asking_past_the_limit_is_audited_once(vera, settings):
    settings.STORYDESK_PASSWORD_RESET_RATE = "1/h"
    assert [ask("x@example.org").status_code for _ in range(5)] == [302, 429, 429, 429, 429]
    assert AuditEvent.objects.filter(verb="password_reset.rate_limited").count() == 1


def test_no_mail_for_an_account_whose_role_was_taken_away(vera):
    vera.groups.clear()
    ask("vera@example.org")
    assert mail.outbox == []


@pytest.mark.parametrize("change", ["deactivated", "role taken away"])
def test_a_link_stops_working_when_the_account_changes(vera, change):
    ask("vera@example.org")
    link = LINK.search(mail.outbox[0].body).group(1)
    if change == "deactivated":
        vera.is_active = False
        vera.save()
    else:
        vera.groups.clear()
    page = Client().get(link, follow=True).content.decode()
    assert "This link doesn't work any more" in page and 'name="new_password1"' not in page


def test_an_admin_without_an_app_gets_no_link(staff_user):
    admin = staff_user("admin", username="ada", two_factor=False)
    admin.email = "ada@example.org"
    admin.save()
    assert ask("ada@example.org")["Location"] == SENT  # the same answer
    assert len(mail.outbox) == 1 and LINK.search(mail.outbox[0].body) is None
    assert "Ask another admin" in mail.outbox[0].body and "createstaff --reset-password" in mail.outbox[0].body


def test_an_admin_s_link_stops_working_once_their_app_is_reset(staff_user):
    admin = staff_user("admin", username="ada")
    admin.email = "ada@example.org"
    admin.save()
    ask("ada@example.org")
    link = LINK.search(mail.outbox[0].body).group(1)
    TOTPDevice.objects.filter(user=admin).delete()  # `createstaff --reset-two-factor`
    assert "This link doesn't work any more" in Client().get(link, follow=True).content.decode()


def test_bad_links_are_audited_once_per_window():
    for _ in range(3):
        Client().get(reverse("accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "x-y"}),
                     follow=True)
    assert AuditEvent.objects.filter(verb="password_reset.bad_link").count() == 1
