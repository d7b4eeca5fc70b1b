"""The second step of logging in: a 6-digit code from the authenticator app, or one of the backup codes.

Limited like the password (storydesk/desk/login.py): wrong codes per client address hit the log-in's hard
limit, and wrong codes for one person make the next try wait, twice as long each time, up to the cap. On top of
that, REFUSED_A_DAY wrong codes for one person stop the code page for the day (an admin, or the command line, lets
them back in), and each refused code is mailed to them (at most hourly): someone knows their password."""
from __future__ import annotations

import re

import django_otp
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from storydesk import ratelimit
from storydesk.accounts.two_factor import Owed, owed, remember_owed
from storydesk.actions.base import Actor, audit
from storydesk.work import Work, enqueue_on_commit

ADDRESS, PERSON, DAY, MAILED = "code-address", "code-person", "code-day", "code-mailed"
REFUSED_A_DAY = 20  # a 6-digit code, 20 guesses a day: about one chance in 50,000 a day
APP_CODE = re.compile(r"\d{6}")


def next_url(request) -> str:
    """Where to go once through: the page that sent the person here, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return wanted
    return settings.LOGIN_REDIRECT_URL


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def _accepting_device(user, code: str):
    """The device this code is right for (an app's code is six digits; backup codes are letters and digits)."""
    code = re.sub(r"\s+", "", code).lower()
    kind = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in kind.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


@login_required
def enter_code(request):
    user = request.user
    due = owed(request)
    if due is Owed.CODE and not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        due = remember_owed(request, user)  # the app was removed meanwhile (`createstaff --reset-two-factor`)
    if due is Owed.NOTHING:
        return redirect(next_url(request))
    if due is Owed.SET_UP:
        return redirect(_with_next("accounts:two-factor", request))
    context = {"next": next_url(request), "user": AnonymousUser(), "person": user}
    if request.method != "POST":
        return render(request, "storydesk/desk/accounts/code.html", context)

    address, person = ratelimit.client_key(request), str(user.pk)
    day_rate = f"{REFUSED_A_DAY}/d"
    wait, why = 0, ""
    if ratelimit.is_limited(ADDRESS, address, settings.STORYDESK_LOGIN_RATE):
        wait, why = ratelimit.seconds_left(settings.STORYDESK_LOGIN_RATE), "address"
    elif ratelimit.is_limited(DAY, person, day_rate):
        wait, why = ratelimit.seconds_left(day_rate), "day"
    elif backoff := ratelimit.backoff_wait(PERSON, person):
        wait, why = backoff, "person"
    if not wait and ratelimit.count(DAY, person, day_rate) > REFUSED_A_DAY:
        # Counted before the check (and given back if the code is right), so guesses sent at once can't all
        # slip in under the cap while the first is still being checked.
        ratelimit.uncount(DAY, person, day_rate)
        wait, why = ratelimit.seconds_left(day_rate), "day"
    if wait:
        if ratelimit.first_in_window(f"{PERSON}:{why}", person, settings.STORYDESK_LOGIN_RATE):
            audit("two_factor.rate_limited", actor=Actor.staff(user), client=address, why=why)
        # Not even checked: a right code doesn't get in while the limit holds.
        response = render(request, "storydesk/desk/accounts/code.html",
                          {**context, "limited": why, "wait_seconds": wait, "wait_minutes": max(1, -(-wait // 60))},
                          status=429)
        response["Retry-After"] = str(wait)
        return response

    device = _accepting_device(user, request.POST.get("code", ""))
    if device is None:
        ratelimit.count(ADDRESS, address, settings.STORYDESK_LOGIN_RATE)
        ratelimit.backoff_fail(PERSON, person, settings.STORYDESK_LOGIN_BACKOFF_MAX_SECONDS)
        # Someone who knows the password but not the code is worth a line in the audit trail.
        audit("two_factor.code_refused", actor=Actor.staff(user), client=address)
        if ratelimit.first_in_window(MAILED, person, "1/h"):
            enqueue_on_commit(Work.SEND_ACCOUNT_NOTICE, user.pk, "code_refused")
        return render(request, "storydesk/desk/accounts/code.html", {**context, "wrong": True})
    ratelimit.uncount(DAY, person, day_rate)  # a right code is no refusal
    ratelimit.backoff_clear(PERSON, person)
    request.session.cycle_key()  # a new session id for the stronger session
    django_otp.login(request, device)
    used = "backup code" if isinstance(device, StaticDevice) else "app"
    audit("two_factor.passed", actor=Actor.staff(user), used=used)
    return redirect(next_url(request))
