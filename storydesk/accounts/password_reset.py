"""Staff who forgot their password ask for a link by e-mail: Django's password-reset views, limited so the form
can't be used to spam anyone, and answering the same whether or not the address is someone's.

The mail goes out from the queue (reset_mail.py), never during the request: how long the answer took would
otherwise tell whether a mail was sent. A new password doesn't skip two-factor: the code is still asked."""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import PasswordResetConfirmView, PasswordResetView
from django.shortcuts import redirect
from django.urls import reverse_lazy

from storydesk import ratelimit
from storydesk.actions.base import Actor, audit
from storydesk.work import Work, enqueue_on_commit

ADDRESS, ACCOUNT = "reset-address", "reset-account"


def _accounts_for(email: str) -> list:
    """Active people with this address and a password (one without one, by design, can't log in with one)."""
    found = get_user_model().objects.filter(email__iexact=email, is_active=True)
    return [user for user in found if user.has_usable_password()]


class AskForReset(PasswordResetView):
    template_name = "storydesk/desk/accounts/reset_ask.html"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def post(self, request, *args, **kwargs):
        address = ratelimit.client_key(request)
        rate = settings.STORYDESK_PASSWORD_RESET_RATE
        if ratelimit.is_limited(ADDRESS, address, rate):
            audit("password_reset.rate_limited", actor=Actor("anonymous"), client=address)
            wait = ratelimit.seconds_left(rate)
            response = self.render_to_response(self.get_context_data(
                form=self.get_form(), limited=True, wait_minutes=max(1, -(-wait // 60))), status=429)
            response["Retry-After"] = str(wait)
            return response
        # Every post counts, so a stream of guesses at addresses is bounded too.
        ratelimit.count(ADDRESS, address, rate)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        rate = settings.STORYDESK_PASSWORD_RESET_RATE
        email = form.cleaned_data["email"].strip().lower()
        sent = []
        for user in _accounts_for(email):
            account = hashlib.sha256(str(user.pk).encode()).hexdigest()[:32]
            if ratelimit.is_limited(ACCOUNT, account, rate):
                continue  # its owner has had links enough this hour: said nowhere, so it tells nobody anything
            ratelimit.count(ACCOUNT, account, rate)
            enqueue_on_commit(Work.SEND_PASSWORD_RESET, user.pk)
            sent.append(user.get_username())
        # The typed address is not kept: it may be anybody's.
        audit("password_reset.asked", actor=Actor("anonymous"), client=ratelimit.client_key(self.request),
              mailed=", ".join(sent) or "nobody")
        return redirect(self.get_success_url())


class SetNewPassword(PasswordResetConfirmView):
    template_name = "storydesk/desk/accounts/reset_new_password.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("password_reset.done", actor=Actor.staff(form.user), username=form.user.get_username())
        return response
