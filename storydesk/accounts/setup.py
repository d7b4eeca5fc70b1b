"""The "Two-factor" page: anyone on the staff sets up an authenticator app here (QR code, or the secret typed
in, confirmed with a code), gets backup codes (shown once), renews them, or removes it all (admins only replace).

Someone who owes a code from their present app proves it first (code.py): the password alone never changes
the second factor."""
from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from storydesk.accounts.code import next_url
from storydesk.accounts.qr import qr_svg, secret_for_typing
from storydesk.accounts.sessions import log_out_other_sessions
from storydesk.accounts.two_factor import Owed, has_app, owed, passed_second_factor, remember_owed
from storydesk.actions.base import Actor
from storydesk.actions.two_factor import (
    BACKUP_CODES,
    confirm_app,
    must_keep_two_factor,
    new_backup_codes,
    remove_two_factor,
    start_app,
    two_factor_of,
)

TEMPLATE = "storydesk/desk/accounts/two_factor.html"
_PENDING = "storydesk_pending_app"  # the unconfirmed app this session is setting up


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    user, actor = request.user, Actor.staff(request.user)
    due = owed(request)
    action = request.POST.get("action") if request.method == "POST" else None
    # Changing anything takes the present app's code in this session, asked of the database, not of what the
    # session remembers it owed (two-factor may have been turned on from another session meanwhile).
    if due is Owed.CODE or (action and has_app(user) and not passed_second_factor(request)):
        return redirect(f"{reverse('accounts:code')}?{urlencode({'next': request.get_full_path()})}")
    backup_codes, wrong_code, refusal = None, False, ""

    if action == "start":
        request.session[_PENDING] = start_app(user, actor=actor).pk
        return redirect(request.get_full_path())
    if action == "confirm":
        confirmed = confirm_app(request.session.get(_PENDING, 0), request.POST.get("code", ""), actor=actor)
        if confirmed is None:
            wrong_code = True
        else:
            device, backup_codes = confirmed
            del request.session[_PENDING]
            request.session.cycle_key()
            django_otp.login(request, device)  # the code just proved it: this session has passed
            remember_owed(request, user)
            request.session.save()  # under its new key, which is the one kept
            log_out_other_sessions(user, keep=request.session.session_key)
    elif action == "backup-codes":
        try:
            backup_codes = new_backup_codes(user, actor=actor)
        except ValueError as refused:
            refusal = str(refused)
    elif action == "remove":
        try:
            removed = remove_two_factor(user, actor=actor)
        except ValueError as refused:
            refusal = str(refused)
        else:
            request.session.pop(_PENDING, None)
            remember_owed(request, user)
            if removed:
                messages.success(request, "Two-factor is off: your password alone logs you in now.")
            return redirect(request.get_full_path())

    pending = TOTPDevice.objects.filter(pk=request.session.get(_PENDING, 0), user=user, confirmed=False).first()
    context = {
        "state": two_factor_of(user), "must_keep": must_keep_two_factor(user), "setting_up": due is Owed.SET_UP,
        "pending": pending, "qr": qr_svg(pending.config_url) if pending else "",
        "secret": secret_for_typing(pending.bin_key) if pending else "",
        "backup_codes": backup_codes, "backup_count": BACKUP_CODES, "wrong_code": wrong_code, "refusal": refusal,
        "next": next_url(request),
    }
    if due is Owed.SET_UP:
        context["user"] = AnonymousUser()  # no desk links until it is done
    status = 400 if (wrong_code or refusal) else 200
    return render(request, TEMPLATE, context, status=status)
