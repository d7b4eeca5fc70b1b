"""Logging in to the desk (and to the admin, whose log-in comes here), limited against guessing: failed attempts
per client address hit a hard limit; failed attempts per username make the next try wait, twice as long each
time up to a cap, so guessing one name from many addresses is slow but nobody can lock that name out."""
import hashlib

from django.conf import settings
from django.contrib.auth.views import LoginView

from storydesk import ratelimit
from storydesk.actions.base import Actor, audit

ADDRESS, USERNAME = "login-address", "login-username"


def _username_key(request) -> str:
    username = (request.POST.get("username") or "").strip().lower()
    return hashlib.sha256(username.encode()).hexdigest()[:32]


class DeskLoginView(LoginView):
    template_name = "storydesk/desk/login.html"

    def post(self, request, *args, **kwargs):
        address, username = ratelimit.client_key(request), _username_key(request)
        wait, why = 0, ""
        if ratelimit.is_limited(ADDRESS, address, settings.STORYDESK_LOGIN_RATE):
            wait, why = ratelimit.seconds_left(settings.STORYDESK_LOGIN_RATE), "address"
        elif backoff := ratelimit.backoff_wait(USERNAME, username):
            wait, why = backoff, "username"
        if wait:
            audit("login.rate_limited", actor=Actor("anonymous"), client=address, why=why,
                  username=(request.POST.get("username") or "")[:150])
            # Not even checked: a right password doesn't get in while the limit holds.
            response = self.render_to_response(
                self.get_context_data(form=self.get_form(), limited=why, wait_minutes=max(1, -(-wait // 60)),
                                      wait_seconds=wait), status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        ratelimit.backoff_clear(USERNAME, _username_key(self.request))
        return super().form_valid(form)

    def form_invalid(self, form):
        ratelimit.count(ADDRESS, ratelimit.client_key(self.request), settings.STORYDESK_LOGIN_RATE)
        ratelimit.backoff_fail(USERNAME, _username_key(self.request), settings.STORYDESK_LOGIN_BACKOFF_MAX_SECONDS)
        return super().form_invalid(form)
