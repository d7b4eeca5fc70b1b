"""Logging in to the desk (and to the admin, whose log-in comes here), limited against guessing: failed attempts
per client address hit a hard limit; failed attempts per username make the next try wait, twice as long each
time up to a cap, so guessing one name from many addresses is slow.

A browser that has logged in as a name before carries a signed cookie saying so (OWASP's "device cookie"):
the name's back-off doesn't hold it up, so a stranger failing on purpose can't keep the real person out. Its
own failures back off on their own, per cookie."""
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core import signing

from storydesk import ratelimit
from storydesk.actions.base import Actor, audit
from storydesk.sso.views import login_button

ADDRESS, USERNAME, DEVICE = "login-address", "login-username", "login-device"
DEVICE_COOKIE, _DEVICE_SALT = "storydesk_known_login", "storydesk.desk.login.device"
DEVICE_DAYS = 180


def _username_key(request) -> str:
    username = (request.POST.get("username") or "").strip().lower()
    return hashlib.sha256(username.encode()).hexdigest()[:32]


class DeskLoginView(LoginView):
    template_name = "storydesk/desk/login.html"

    def get_context_data(self, **kwargs):
        # "Sign in with …" and why the last single sign-on failed, while single sign-on is on (storydesk/sso).
        return super().get_context_data(**kwargs, sso=login_button(self.request))

    def post(self, request, *args, **kwargs):
        address = ratelimit.client_key(request)
        wait, why = 0, ""
        if ratelimit.is_limited(ADDRESS, address, settings.STORYDESK_LOGIN_RATE):
            wait, why = ratelimit.seconds_left(settings.STORYDESK_LOGIN_RATE), "address"
        elif backoff := ratelimit.backoff_wait(*self._backoff_key()):
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
        ratelimit.backoff_clear(*self._backoff_key())
        response = super().form_valid(form)
        device = signing.dumps({"name": _username_key(self.request), "nonce": secrets.token_urlsafe(12)},
                               salt=_DEVICE_SALT)
        response.set_cookie(DEVICE_COOKIE, device, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE)
        return response

    def form_invalid(self, form):
        ratelimit.count(ADDRESS, ratelimit.client_key(self.request), settings.STORYDESK_LOGIN_RATE)
        ratelimit.backoff_fail(*self._backoff_key(), settings.STORYDESK_LOGIN_BACKOFF_MAX_SECONDS)
        return super().form_invalid(form)

    def _backoff_key(self) -> tuple[str, str]:
        """Whose failures this try waits on: its known browser's, or else everybody's for this name."""
        name = _username_key(self.request)
        try:
            device = signing.loads(self.request.COOKIES.get(DEVICE_COOKIE, ""), salt=_DEVICE_SALT,
                                   max_age=DEVICE_DAYS * 86400)
        except signing.BadSignature:
            device = None
        if isinstance(device, dict) and device.get("name") == name:
            return DEVICE, str(device.get("nonce", ""))
        return USERNAME, name
