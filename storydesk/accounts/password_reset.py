"""Staff who forgot their password ask for a link by e-mail: Django's password-reset views, limited so the form
can't be used to spam anyone, and answering the same whether or not the address is someone's.

Every accepted request queues the same one task (reset_mail.py), which finds the accounts and sends the mail, so
neither the answer nor how long it took tells whether the address has an account. A new password doesn't skip
two-factor: the code is still asked."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import PasswordResetConfirmView, PasswordResetView
from django.shortcuts import redirect
from django.urls import reverse_lazy

from storydesk import ratelimit
from storydesk.accounts.reset_mail import address_digest, may_reset_by_mail
from storydesk.actions.base import Actor, audit
from storydesk.work import Work, enqueue_on_commit

ADDRESS, BAD_LINK = "reset-address", "reset-bad-link"


class AskForReset(PasswordResetView):
    template_name = "storydesk/desk/accounts/reset_ask.html"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def post(self, request, *args, **kwargs):
        address = ratelimit.client_key(request)
        rate = settings.STORYDESK_PASSWORD_RESET_RATE
        if ratelimit.is_limited(ADDRESS, address, rate):
            if ratelimit.first_in_window(ADDRESS, address, rate):  # once, not a row per request past the limit
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
        # The typed address is neither kept nor queued: only its keyed hash, whoever's it is.
        enqueue_on_commit(Work.SEND_PASSWORD_RESET, address_digest(form.cleaned_data["email"]),
                          ratelimit.client_key(self.request))
        return redirect(self.get_success_url())


class SetNewPassword(PasswordResetConfirmView):
    template_name = "storydesk/desk/accounts/reset_new_password.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_user(self, uidb64):
        # A link outlives the mail: it stops working once the account is deactivated, loses its role, or (an
        # admin) its authenticator app.
        user = super().get_user(uidb64)
        return user if user is not None and may_reset_by_mail(user) else None

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        if not self.validlink:
            client, rate = ratelimit.client_key(self.request), settings.STORYDESK_PASSWORD_RESET_RATE
            if ratelimit.first_in_window(BAD_LINK, client, rate):
                audit("password_reset.bad_link", actor=Actor("anonymous"), client=client)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("password_reset.done", actor=Actor.staff(form.user), username=form.user.get_username())
        return response
