"""Whether a session has passed the second factor, and what a signed-in person still owes before the desk.

Passed means either django-otp verified a device in this session (a code from the app, or a backup code), or a
single sign-on said the identity provider checked a second factor itself: it sets SESSION_KEY to "oidc", which
counts only while single sign-on is on and STORYDESK_OIDC_TRUSTS_MFA still says to trust it. Nothing else is
asked, so both ways in meet the same gate (gate.py)."""
from __future__ import annotations

from enum import StrEnum

from django_otp.plugins.otp_totp.models import TOTPDevice

from storydesk.actions.two_factor import must_keep_two_factor
from storydesk.sso import config as sso_config

SESSION_KEY = "storydesk_second_factor"
# What the person owed when they logged in: kept in the session so the desk's pages ask no query for it.
_OWED_KEY = "storydesk_second_factor_owed"
_ASKED_ATTR = "_storydesk_second_factor_asked"  # on the request: (user id, what they owe) once asked


class Owed(StrEnum):
    NOTHING = ""
    CODE = "code"  # they have an app: a code from it (or a backup code)
    SET_UP = "set-up"  # an admin without one: set it up first


def passed_second_factor(request, user=None) -> bool:
    """`user`: the request's signed-in user when request.user is no longer it (the gate's stand-in)."""
    vouched = request.session.get(SESSION_KEY)
    # Only while single sign-on is on and still trusted to check a second factor: turning either off ends that.
    if vouched == "oidc" and sso_config.current().enabled and sso_config.current().trusts_mfa:
        return True
    is_verified = getattr(user or request.user, "is_verified", None)  # django-otp's OTPMiddleware adds it
    return bool(is_verified and is_verified())


def owed(request, user=None) -> Owed:
    """What the signed-in user must do before the desk (NOTHING once they passed, or for anonymous users)."""
    user = user or request.user
    if not user.is_authenticated or passed_second_factor(request, user):
        return Owed.NOTHING
    known = request.session.get(_OWED_KEY)
    asked = getattr(request, _ASKED_ATTR, None)
    if asked is not None and asked[0] == user.pk:
        known = asked[1]  # asked already in this request (the gate, then the banner): once is enough
    elif known in (None, Owed.NOTHING) or (known == Owed.SET_UP and not must_keep_two_factor(user)):
        # Trusted only when it asks more of them: NOTHING is asked again each request (one EXISTS query, and
        # only for sessions that have not passed), since two-factor may have been turned on from another
        # session, or they were made an admin; and an admin made something else no longer owes a set-up.
        known = remember_owed(request, user)
    return Owed(known)


def remember_owed(request, user) -> Owed:
    """Work out what the user owes from their devices and role, and keep it in the session."""
    if has_app(user):
        result = Owed.CODE
    elif must_keep_two_factor(user):
        result = Owed.SET_UP
    else:
        result = Owed.NOTHING
    setattr(request, _ASKED_ATTR, (user.pk, result.value))
    if request.session.get(_OWED_KEY) != result.value:  # unchanged: the session isn't written again
        request.session[_OWED_KEY] = result.value
    return result


def has_app(user) -> bool:
    """A confirmed authenticator app, asked of the database (backup codes come only with one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def on_logged_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: every way in (the log-in form, single sign-on, a test's force_login) starts owing anew."""
    if request is not None and hasattr(request, "session"):
        remember_owed(request, user)
