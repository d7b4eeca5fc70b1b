"""The password-reset mail, sent by the queue: a link made at sending time from the person's id (queues carry
ids, never tokens), to the site's own address (STORYDESK_SITE_URL), never to whatever host the request named."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

SUBJECT = "Set a new password for the storydesk desk"


def send_reset_mail(user_id: int) -> bool:
    """False when there is no longer anyone to send it to."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    path = reverse("accounts:password-reset-confirm",
                   kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                           "token": default_token_generator.make_token(user)})
    body = render_to_string("storydesk/desk/accounts/reset_mail.txt", {
        "username": user.get_username(), "link": settings.SITE_URL + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600, "login": settings.SITE_URL + settings.LOGIN_URL})
    send_mail(SUBJECT, body, None, [user.email])
    return True
