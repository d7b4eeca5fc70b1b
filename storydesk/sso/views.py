"""The authorization-code flow: /accounts/sso/login/ sends the browser to the provider with a fresh state,
nonce and PKCE challenge kept in the session; /accounts/sso/callback/ takes the code back once, checks
everything, logs the matched staff user in, and says plainly on the log-in page why when it doesn't."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from storydesk import ratelimit
from storydesk.actions.base import Actor, audit
from storydesk.sso.backend import PATH as BACKEND
from storydesk.sso.config import OpenIDSettings, current
from storydesk.sso.matching import staff_for
from storydesk.sso.provider import ProviderClient
from storydesk.sso.refusal import SignInRefused, try_again
from storydesk.sso.tokens import verified_claims

log = logging.getLogger(__name__)

FLOW, ERROR = "storydesk_oidc_flow", "storydesk_oidc_error"
# The two-factor gate's session key: set to "oidc" when the provider's own second factor stands for ours.
SECOND_FACTOR = "storydesk_second_factor"
# The authentication method references of RFC 8176, 2. Only "mfa", or two distinct ones of these, say that more
# than one factor was used: "otp", "hwk" or "swk" alone may be the only factor (a passkey, a code by itself).
METHODS = frozenset({"face", "fpt", "geo", "hwk", "iris", "kba", "mca", "mfa", "otp", "pin", "pop", "pwd", "rba",
                     "retina", "sc", "sms", "swk", "tel", "user", "vbm", "wia"})
# Both views, per client address: each request costs a session row, and the start a call to the provider.
RATE_SCOPE = "sso"
# A flow not back from the provider within this long is refused (the person starts again).
FLOW_SECONDS = 10 * 60


def login_button(request) -> dict | None:
    """For the log-in page: the button's label and address, and why the last single sign-on failed."""
    config = current()
    if not config.enabled:
        return None
    start = reverse("sso-login")
    if next_url := request.GET.get("next") or request.POST.get("next"):
        start += "?" + urlencode({"next": next_url})
    return {"label": config.label, "url": start, "error": request.session.pop(ERROR, "")}


@require_GET
@never_cache
def start(request):
    config = _enabled()
    if limited := _limited(request):
        return limited
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = settings.LOGIN_REDIRECT_URL
    try:
        endpoint = ProviderClient(config).metadata().authorization_endpoint
    except SignInRefused as refused:
        return _refuse(request, refused)
    except Exception:  # as in the callback: logged, audited, and said plainly, never a 500
        log.exception("single sign-on could not start")
        return _refuse(request, try_again("error"))
    flow = {"state": secrets.token_urlsafe(32), "nonce": secrets.token_urlsafe(32),
            "verifier": secrets.token_urlsafe(64), "next": next_url, "started": time.time()}
    request.session[FLOW] = flow
    query = urlencode({
        "response_type": "code", "client_id": config.client_id, "redirect_uri": _redirect_uri(),
        "scope": config.scopes, "state": flow["state"], "nonce": flow["nonce"],
        "code_challenge": _challenge(flow["verifier"]), "code_challenge_method": "S256"})
    return HttpResponseRedirect(endpoint + ("&" if "?" in endpoint else "?") + query)


@require_GET
@never_cache
def callback(request):
    config = _enabled()
    if limited := _limited(request):
        return limited
    flow = request.session.get(FLOW)
    if not isinstance(flow, dict):
        # Nothing was started in this browser (or it was used): nothing to audit, and no session is saved for
        # it, so requests from nowhere cost no rows.
        return HttpResponseRedirect(reverse("login"))
    try:
        user, claims = _verified_user(request, config, flow)
    except SignInRefused as refused:
        return _refuse(request, refused)
    except Exception:  # a bug must not become a 500 on the way in: logged, audited, and said plainly
        log.exception("single sign-on failed")
        return _refuse(request, try_again("error"))
    login(request, user, backend=BACKEND)  # a new session key: nothing from before the log-in carries over
    second_factor = config.trusts_mfa and _several_factors(claims.get("amr"))
    if second_factor:
        request.session[SECOND_FACTOR] = "oidc"
    else:
        request.session.pop(SECOND_FACTOR, None)  # the two-factor gate asks for a code, as after a password
    # login() keeps the key of a session already logged in as this user; one that gains more rights gets a new
    # key anyway, so a key known from before (fixed by someone else) is worth nothing now.
    request.session.cycle_key()
    audit("login.sso", actor=Actor.staff(user), subject=claims["sub"][:255], second_factor=second_factor,
          client=ratelimit.client_key(request))
    return HttpResponseRedirect(flow["next"])


def _verified_user(request, config: OpenIDSettings, flow: dict) -> tuple[object, dict]:
    """The staff user, and the claims of the verified ID token (never userinfo's: those are not signed)."""
    state = request.GET.get("state", "")
    if not state or not hmac.compare_digest(str(flow.get("state")), state):
        # The flow stays: a forged callback in this browser does not spoil the sign-in under way.
        raise SignInRefused("state", "That sign-in was not started here, or was already used. Please start "
                                     "again.")
    request.session.pop(FLOW)  # one use: a replayed callback finds no flow
    if time.time() - flow.get("started", 0) > FLOW_SECONDS:
        raise SignInRefused("flow_expired", "That sign-in took too long. Please start again.")
    if error := request.GET.get("error"):
        raise SignInRefused("provider_refused", f"{config.label} did not sign you in. Please try again.",
                            error=error[:100])
    code = request.GET.get("code", "")
    if not code:
        raise try_again("no_code")
    provider = ProviderClient(config)
    tokens = provider.exchange(code, flow["verifier"], _redirect_uri())
    claims = verified_claims(tokens["id_token"], nonce=flow["nonce"], config=config, provider=provider)
    wanted = config.username_claim or "email"
    access_token = tokens.get("access_token")
    identity = claims
    if wanted not in claims and isinstance(access_token, str) and provider.metadata().userinfo_endpoint:
        info = provider.userinfo(access_token)
        # OpenID Connect Core 5.3.2: userinfo about anyone else is not about this person.
        if info.get("sub") != claims["sub"]:
            raise try_again("userinfo_subject")
        identity = {**info, **claims}  # what the signed ID token says wins
    return staff_for(identity, username_claim=config.username_claim, label=config.label), claims


def _several_factors(amr) -> bool:
    """The ID token's amr says more than one factor: "mfa", or two distinct methods of RFC 8176."""
    methods = {method for method in amr if isinstance(method, str)} if isinstance(amr, list) else set()
    return "mfa" in methods or len(methods & METHODS) >= 2


def _limited(request) -> HttpResponse | None:
    """Too many single sign-on requests from this client in the window: a plain 429, nothing saved."""
    who, rate = ratelimit.client_key(request), settings.STORYDESK_OIDC_RATE
    if ratelimit.is_limited(RATE_SCOPE, who, rate):
        wait = ratelimit.seconds_left(rate)
        response = HttpResponse("Too many single sign-on attempts from your address. Wait "
                                f"{max(1, -(-wait // 60))} minutes, or log in with your password.",
                                content_type="text/plain; charset=utf-8", status=429)
        response["Retry-After"] = str(wait)
        return response
    ratelimit.count(RATE_SCOPE, who, rate)
    return None


def _refuse(request, refused: SignInRefused) -> HttpResponseRedirect:
    audit("login.sso_refused", actor=Actor("anonymous"), reason=refused.reason, client=ratelimit.client_key(request),
          **refused.facts)
    request.session[ERROR] = refused.message
    return HttpResponseRedirect(reverse("login"))


def _enabled() -> OpenIDSettings:
    config = current()
    if not config.enabled:
        raise Http404("single sign-on is off")
    return config


def _redirect_uri() -> str:
    # From the site's address, as registered with the provider, never from the request's Host header.
    return settings.SITE_URL + reverse("sso-callback")


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
