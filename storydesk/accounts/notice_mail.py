"""Mails telling a staff member their account's second factor was touched: sent by the queue (work.py), by the
person's id, so the page that caused one answers as fast with or without it."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

CREATESTAFF = "storydesk createstaff --reset-password --reset-two-factor --username {username}"

NOTICES = {
    "code_refused": (
        "A wrong two-factor code for your storydesk account",
        "Someone who knew your password for the storydesk desk just gave a wrong two-factor code.\n\n"
        "If that was not you, your password is known to someone else: log in and change it, or ask an admin to "
        "set a new one ({command})."),
    "app_added": (
        "Two-factor is on for your storydesk account",
        "An authenticator app was just set up for your storydesk desk account; its codes are asked at every "
        "log-in from now on.\n\n"
        "If that was not you, ask another admin at once to reset your password and two-factor ({command})."),
    "app_replaced": (
        "Your storydesk authenticator app was replaced",
        "A new authenticator app just replaced the old one for your storydesk desk account; the old app's codes "
        "and the old backup codes no longer work, and your other sessions were logged out.\n\n"
        "If that was not you, ask another admin at once to reset your password and two-factor ({command})."),
}


def send_notice(user_id: int, kind: str) -> bool:
    """False when there is nobody (left) to tell, or no address to tell them at."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or kind not in NOTICES:
        return False
    subject, text = NOTICES[kind]
    body = (f"Hello {user.get_username()},\n\n"
            f"{text.format(command=CREATESTAFF.format(username=user.get_username()))}\n\n"
            f"The desk: {settings.SITE_URL}{settings.LOGIN_URL}\n")
    send_mail(subject, body, None, [user.email])
    return True
