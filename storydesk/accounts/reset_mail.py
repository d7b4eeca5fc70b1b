"""The password-reset mail, sent by the queue: the request queues one task whatever address was typed (so how
long the answer takes tells nothing), carrying only a keyed hash of the address; the worker finds whose it is.
The link is made at sending time (queues carry no tokens), to the site's own address (STORYDESK_SITE_URL), never
to whatever host the request named.

Only desk staff (active, with a role and a password) get a link, and an admin only while they have an
authenticator app: an admin without one sets it up right after the password, so a link would let whoever reads
their mailbox choose both. Such an admin is told to ask another admin instead."""
from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from storydesk import ratelimit
from storydesk.accounts.two_factor import has_app
from storydesk.actions.base import Actor, audit
from storydesk.actions.two_factor import must_keep_two_factor
from storydesk.roles import ROLES

SUBJECT = "Set a new password for the storydesk desk"
NO_LINK_SUBJECT = "About a new password for the storydesk desk"
ACCOUNT = "reset-account"


def address_digest(email: str) -> str:
    """What the queue carries instead of the typed address (which may be anybody's)."""
    return hmac.new(force_bytes(settings.SECRET_KEY), force_bytes("password-reset:" + email.strip().lower()),
                    hashlib.sha256).hexdigest()


def desk_staff():
    """Active people with a desk role (a role taken away leaves an account that logs in to nothing)."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=ROLES).distinct()


def accounts_for(digest: str) -> list:
    """Desk staff whose address this is, with a password (one without one, by design, can't log in with one).
    Each address is hashed to compare: there are a desk's worth of them."""
    return [user for user in desk_staff().exclude(email="")
            if hmac.compare_digest(address_digest(user.email), digest) and user.has_usable_password()]


def may_reset_by_mail(user) -> bool:
    """Checked again when the link is opened: the account may have changed since the mail went out."""
    return (user.is_active and user.has_usable_password() and desk_staff().filter(pk=user.pk).exists()
            and (has_app(user) or not must_keep_two_factor(user)))


def mail_reset_links(digest: str, client: str) -> list[str]:
    """The queue's part of a request: mail each account with this address (within its own limit, said nowhere),
    and audit the request. The usernames mailed a link."""
    sent, told = [], []
    rate = settings.STORYDESK_PASSWORD_RESET_RATE
    for user in accounts_for(digest):
        account = hashlib.sha256(str(user.pk).encode()).hexdigest()[:32]
        if ratelimit.is_limited(ACCOUNT, account, rate):
            continue  # its owner has had mails enough this hour
        ratelimit.count(ACCOUNT, account, rate)
        if may_reset_by_mail(user):
            send_reset_mail(user)
            sent.append(user.get_username())
        else:
            send_no_link_mail(user)
            told.append(user.get_username())
    audit("password_reset.asked", actor=Actor("anonymous"), client=client, mailed=", ".join(sent) or "nobody",
          **({"told_to_ask_an_admin": ", ".join(told)} if told else {}))
    return sent


def send_reset_mail(user) -> None:
    path = reverse("accounts:password-reset-confirm",
                   kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                           "token": default_token_generator.make_token(user)})
    body = render_to_string("storydesk/desk/accounts/reset_mail.txt", {
        "username": user.get_username(), "link": settings.SITE_URL + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600, "login": settings.SITE_URL + settings.LOGIN_URL})
    send_mail(SUBJECT, body, None, [user.email])


def send_no_link_mail(user) -> None:
    body = render_to_string("storydesk/desk/accounts/reset_no_link_mail.txt", {
        "username": user.get_username(), "login": settings.SITE_URL + settings.LOGIN_URL})
    send_mail(NO_LINK_SUBJECT, body, None, [user.email])
