"""Logging in to the desk, rate-limited against guessing: failed attempts are counted per client address and
per username (so neither one address trying many names nor many addresses trying one name gets far)."""
import hashlib

from django.conf import settings
from django.contrib.auth.views import LoginView

from storydesk import ratelimit
from storydesk.actions.base import Actor, audit


def _keys(request) -> list[tuple[str, str]]:
    username = (request.POST.get("username") or "").strip().lower()
    return [("login-address", ratelimit.client_key(request)),
            ("login-username", hashlib.sha256(username.encode()).hexdigest()[:32])]


class DeskLoginView(LoginView):
    template_name = "storydesk/desk/login.html"

    def post(self, request, *args, **kwargs):
        if any(ratelimit.is_limited(scope, who, settings.STORYDESK_LOGIN_RATE) for scope, who in _keys(request)):
            audit("login.rate_limited", actor=Actor("anonymous"), client=ratelimit.client_key(request),
                  username=(request.POST.get("username") or "")[:150])
            # Not even checked: a right password doesn't get in while the limit holds.
            return self.render_to_response(self.get_context_data(form=self.get_form(), limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for scope, who in _keys(self.request):
            ratelimit.count(scope, who, settings.STORYDESK_LOGIN_RATE)
        return super().form_invalid(form)
