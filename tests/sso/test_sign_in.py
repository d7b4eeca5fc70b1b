"""Staff sign in through a local OpenID provider: the whole authorization-code flow with state, nonce and PKCE,
followed by hand with Django's test client. Only an existing, active staff account with a verified e-mail
address gets in; every other ending is a plain message on the log-in page and an audit event, never a 500."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from storydesk.models import AuditEvent
from storydesk.sso.views import SECOND_FACTOR
from tests.sso.conftest import approve, sign_in, to_provider
from tests.support.oidc_provider import CLIENT_ID, new_key

pytestmark = pytest.mark.django_db


def refusals() -> list[dict]:
    return [event.data for event in AuditEvent.objects.filter(verb="login.sso_refused")]


def assert_refused(client, response, reason: str, says: str) -> None:
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert [event["reason"] for event in refusals()] == [reason]
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and says in page.content.decode()
    assert says not in client.get("/accounts/login/").content.decode()  # said once


def test_single_sign_on_is_off_by_default(client):
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/sso/login/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_the_log_in_page_offers_the_provider_keeping_where_to_go_next(client, sso_on):
    page = client.get("/accounts/login/?next=/desk/audit/").content.decode()
    assert "Sign in with Example ID" in page
    assert 'href="/accounts/sso/login/?next=%2Fdesk%2Faudit%2F"' in page


def test_a_staff_member_signs_in_with_state_nonce_and_pkce_and_lands_where_they_were_going(
        client, sso_on, provider, ada):
    authorize = to_provider(client, "/desk/audit/")
    asked = {key: values[0] for key, values in parse_qs(urlsplit(authorize).query).items()}
    assert authorize.startswith(f"{provider.issuer}/authorize?")
    assert asked["redirect_uri"] == "http://127.0.0.1:8000/accounts/sso/callback/"
    assert asked["scope"] == "openid email" and asked["code_challenge_method"] == "S256"
    assert len(asked["state"]) >= 40 and len(asked["nonce"]) >= 40 and asked["code_challenge"]

    response = client.get(approve(authorize))

    assert response.status_code == 302 and response["Location"] == "/desk/audit/"
    assert int(client.session["_auth_user_id"]) == ada.pk
    assert client.session["_auth_user_backend"] == "storydesk.sso.backend.OpenIDConnectBackend"
    assert SECOND_FACTOR not in client.session
    assert "code_verifier" in provider.token_requests[0]  # the provider checked it against the challenge
    assert client.get("/desk/").status_code == 200
    [event] = AuditEvent.objects.filter(verb="login.sso")
    assert event.actor == ada and event.data["subject"] == "person-1" and event.data["second_factor"] is False


def test_keys_the_provider_rotated_are_read_again(client, sso_on, provider, ada):
    assert sign_in(client)["Location"] == "/desk/"  # the first key is read and kept
    client.logout()
    provider.key, provider.kid = new_key(), "key-2"
    assert sign_in(client)["Location"] == "/desk/"
    assert int(client.session["_auth_user_id"]) == ada.pk


def test_a_callback_works_once(client, sso_on, ada):
    back = approve(to_provider(client))
    assert client.get(back)["Location"] == "/desk/"
    client.logout()
    response = client.get(back)  # no flow in this session any more: back to the log-in page, nothing written
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session and refusals() == []


def test_a_callback_with_no_flow_writes_nothing(client, sso_on):
    response = client.get("/accounts/sso/callback/", {"code": "x", "state": "y"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert AuditEvent.objects.count() == 0
    assert Session.objects.count() == 0 and "sessionid" not in response.cookies


def test_a_forced_callback_does_not_spoil_the_sign_in_under_way(client, sso_on, ada):
    back = approve(to_provider(client))
    forced = client.get("/accounts/sso/callback/", {"code": "attackers-code", "state": "a-guess"})
    assert forced["Location"] == "/accounts/login/"
    assert [event["reason"] for event in refusals()] == ["state"]
    assert client.get(back)["Location"] == "/desk/"  # the real one still works
    assert int(client.session["_auth_user_id"]) == ada.pk


def test_a_callback_with_another_state_is_refused(client, sso_on, ada):
    back = approve(to_provider(client))
    assert_refused(client, client.get(back.replace("state=", "state=x")), "state", "not started here")


def test_a_callback_too_long_after_the_start_is_refused(client, sso_on, ada, clock):
    back = approve(to_provider(client))
    clock.shift(11 * 60)
    assert_refused(client, client.get(back), "flow_expired", "took too long")


def test_a_refusal_at_the_provider_is_said_plainly(client, sso_on):
    to_provider(client)
    state = client.session["storydesk_oidc_flow"]["state"]
    response = client.get("/accounts/sso/callback/", {"error": "access_denied", "state": state})
    assert_refused(client, response, "provider_refused", "Example ID did not sign you in")


def _expired(provider):
    now = int(time.time())
    provider.id_token_overrides.update(iat=now - 4000, exp=now - 3600)


@pytest.mark.parametrize(("misbehave", "reason", "says"), [
    (lambda p: setattr(p, "signing_key", new_key()), "token_signature", "could not be verified"),
    (lambda p: p.id_token_overrides.update(aud="another-client"), "token_audience", "could not be verified"),
    (lambda p: p.id_token_overrides.update(aud=[CLIENT_ID, "another-client"]), "token_audience",
     "could not be verified"),
    (lambda p: p.id_token_overrides.update(iss="https://impostor.example"), "token_issuer", "could not be verified"),
    (lambda p: p.id_token_overrides.update(nonce="not-the-one-we-sent"), "token_nonce", "could not be verified"),
    (_expired, "token_expired", "could not be verified"),
    (lambda p: setattr(p, "signing_kid", "a-key-nobody-published"), "token_key", "could not be verified"),
    (lambda p: setattr(p, "id_token_alg", "none"), "token_algorithm", "could not be verified"),
    (lambda p: setattr(p, "id_token_alg", "HS256"), "token_algorithm", "could not be verified"),
    (lambda p: p.id_token_omit.add("nonce"), "token_invalid", "could not be verified"),
    (lambda p: p.id_token_omit.add("iat"), "token_invalid", "could not be verified"),
    (lambda p: p.id_token_overrides.update(azp="another-client"), "token_audience", "could not be verified"),
    (lambda p: p.userinfo_overrides.update(sub="person-2") or setattr(p.person, "in_id_token", False),
     "userinfo_subject", "could not be verified"),
], ids=["bad-signature", "wrong-audience", "several-audiences-no-azp", "wrong-issuer", "wrong-nonce", "expired",
        "unknown-key", "alg-none", "alg-hs256", "no-nonce", "no-iat", "other-azp-single-audience",
        "userinfo-about-someone-else"])
def test_an_id_token_that_does_not_check_out_signs_nobody_in(client, sso_on, provider, ada, misbehave, reason,
                                                              says):
    authorize = to_provider(client)
    misbehave(provider)
    assert_refused(client, client.get(approve(authorize)), reason, says)


@pytest.mark.parametrize(("person", "reason", "says"), [
    ({"email": "eve@example.org"}, "no_account", "No staff account here matches your Example ID account"),
    ({"email_verified": False}, "email_unverified", "is not verified"),
    ({"email_verified": None}, "email_unverified", "is not verified"),
    ({"email": None}, "no_email", "did not give your e-mail address"),
], ids=["unknown-email", "unverified-email", "no-verified-flag", "no-email"])
def test_only_a_verified_address_of_a_staff_account_matches(client, sso_on, provider, ada, person, reason, says):
    for name, value in person.items():
        setattr(provider.person, name, value)
    assert_refused(client, sign_in(client), reason, says)


def test_a_switched_off_account_is_refused(client, sso_on, ada):
    ada.is_active = False
    ada.save()
    assert_refused(client, sign_in(client), "inactive", "switched off")


def test_an_account_without_a_desk_role_is_refused_and_none_is_made(client, sso_on, provider):
    get_user_model().objects.create_user("ada", email="ada@example.org")
    assert_refused(client, sign_in(client), "not_staff", "no role on the desk")
    provider.person.email = "newcomer@example.org"
    client.get(approve(to_provider(client)))
    assert get_user_model().objects.count() == 1  # nobody is created from the provider's word


def test_two_accounts_with_the_address_are_refused_rather_than_guessed(client, sso_on, staff_user, ada):
    other = staff_user("admin", "ada-admin")
    other.email = "ada@example.org"
    other.save()
    assert_refused(client, sign_in(client), "several_accounts", "No staff account here matches")


def test_the_address_may_come_from_userinfo(client, sso_on, provider, ada):
    provider.person.in_id_token = False
    assert sign_in(client)["Location"] == "/desk/"
    assert int(client.session["_auth_user_id"]) == ada.pk


def test_a_configured_claim_matches_the_username_instead(client, sso_on, provider, ada):
    sso_on.STORYDESK_OIDC_USERNAME_CLAIM = "preferred_username"
    provider.person.email_verified = False  # not used for matching now
    provider.person.more = {"preferred_username": "ada"}
    assert sign_in(client)["Location"] == "/desk/"
    assert int(client.session["_auth_user_id"]) == ada.pk


def test_a_next_address_elsewhere_is_not_followed(client, sso_on, ada):
    assert sign_in(client, "https://evil.example/desk/")["Location"] == "/desk/"


def test_a_provider_that_is_down_at_the_start_is_said_plainly(client, sso_on, provider):
    provider.stop()
    response = client.get("/accounts/sso/login/")
    assert_refused(client, response, "provider_unavailable", "Single sign-on is not available right now")


def test_a_provider_that_goes_down_before_the_callback_is_said_plainly(client, sso_on, provider, ada):
    back = approve(to_provider(client))
    provider.stop()
    assert_refused(client, client.get(back), "provider_unavailable", "Example ID did not answer as expected")


def test_a_provider_that_answers_too_slowly_is_given_up_on(client, sso_on, provider, ada):
    sso_on.STORYDESK_OIDC_TIMEOUT_SECONDS = 0.5
    provider.token_delay = 2
    assert_refused(client, sign_in(client), "provider_unavailable", "did not answer as expected")


def test_an_answer_bigger_than_the_limit_is_not_read(client, sso_on, provider, ada):
    sso_on.STORYDESK_OIDC_MAX_RESPONSE_BYTES = 4096
    provider.jwks_padding = 10_000
    assert_refused(client, sign_in(client), "provider_unavailable", "did not answer as expected")
    assert "over 4096 bytes" in refusals()[0]["detail"]


@pytest.mark.parametrize(("trusts", "amr", "second_factor"), [
    (True, ["pwd", "otp"], True),
    (True, ["mfa"], True),
    (True, ["otp"], False),  # a code alone is one factor
    (True, ["hwk"], False),
    (True, ["swk"], False),
    (True, ["swk", "pwd"], True),
    (True, ["otp", "otp"], False),  # the same method twice is still one
    (True, ["pwd", "made-up"], False),  # only RFC 8176's methods count
    (True, ["pwd"], False),
    (True, [], False),
    (True, "mfa", False),  # not a list
    (False, ["pwd", "mfa"], False),
])
def test_the_providers_second_factor_stands_for_the_desks_only_when_trusted(client, sso_on, provider, ada, trusts,
                                                                           amr, second_factor):
    sso_on.STORYDESK_OIDC_TRUSTS_MFA = trusts
    provider.person.amr = amr
    assert sign_in(client)["Location"] == "/desk/"
    assert client.session.get(SECOND_FACTOR) == ("oidc" if second_factor else None)


def test_a_second_factor_from_before_the_log_in_does_not_carry_over(client, sso_on, provider, ada):
    sso_on.STORYDESK_OIDC_TRUSTS_MFA = True
    session = client.session
    session[SECOND_FACTOR] = "oidc"
    session.save()
    assert sign_in(client)["Location"] == "/desk/"
    assert SECOND_FACTOR not in client.session


def test_a_second_factor_is_read_from_the_id_token_only(client, sso_on, provider, ada):
    sso_on.STORYDESK_OIDC_TRUSTS_MFA = True
    provider.person.amr = None  # the ID token says nothing of how the person signed in
    provider.person.in_id_token = False  # so userinfo is asked (for the e-mail address)
    provider.userinfo_overrides["amr"] = ["mfa"]  # unsigned: not believed
    assert sign_in(client)["Location"] == "/desk/"
    assert SECOND_FACTOR not in client.session


@pytest.mark.parametrize("already_in", [False, True], ids=["anonymous", "already-logged-in"])
@pytest.mark.parametrize("amr", [["mfa"], ["pwd"]], ids=["second-factor", "password-only"])
def test_the_session_key_changes_at_the_sign_in(client, sso_on, provider, ada, already_in, amr):
    sso_on.STORYDESK_OIDC_TRUSTS_MFA = True
    provider.person.amr = amr
    if already_in:
        client.force_login(ada)
    to_provider(client)  # the session (and its key) exists from here
    before = client.session.session_key
    assert sign_in(client)["Location"] == "/desk/"
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


@pytest.mark.parametrize("token_auth", ["client_secret_post", "none"])
def test_the_client_authenticates_as_the_provider_asks(client, sso_on, provider, ada, token_auth):
    provider.token_auth = token_auth
    if token_auth == "none":
        sso_on.STORYDESK_OIDC_CLIENT_SECRET = ""  # a public client: PKCE alone
    assert sign_in(client)["Location"] == "/desk/"
    [form], [authorization] = provider.token_requests, provider.token_authorizations
    assert authorization == "" and form["client_id"] == CLIENT_ID
    assert ("client_secret" in form) is (token_auth == "client_secret_post")


def test_the_client_secret_goes_with_http_basic_by_default(client, sso_on, provider, ada):
    assert sign_in(client)["Location"] == "/desk/"
    [form], [authorization] = provider.token_requests, provider.token_authorizations
    assert authorization.startswith("Basic ") and "client_secret" not in form


def test_a_public_client_is_refused_by_a_provider_that_wants_a_secret(client, sso_on, provider, ada):
    sso_on.STORYDESK_OIDC_CLIENT_SECRET = ""
    assert_refused(client, sign_in(client), "token_refused", "Example ID refused the sign-in")


def test_an_address_that_only_postgresql_folds_to_the_accounts_is_not_it(client, sso_on, provider, staff_user):
    user = staff_user("moderator", "adi")
    user.email = "adi@example.org"
    user.save()
    provider.person.email = "ad\u0131@example.org"  # a dotless ı: PostgreSQL's UPPER() makes it ADI@EXAMPLE.ORG
    assert_refused(client, sign_in(client), "no_account", "No staff account here matches")


def test_turning_single_sign_on_off_ends_its_sessions(client, sso_on, ada):
    assert sign_in(client)["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200
    sso_on.STORYDESK_OIDC_ISSUER = ""
    response = client.get("/desk/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_password_session_outlives_single_sign_on_being_turned_off(client, sso_on, ada):
    client.force_login(ada)
    sso_on.STORYDESK_OIDC_ISSUER = ""
    assert client.get("/desk/").status_code == 200


def test_both_views_are_rate_limited_per_client(client, sso_on, provider, ada):
    sso_on.STORYDESK_OIDC_RATE = "3/h"
    assert sign_in(client)["Location"] == "/desk/"  # two requests
    client.logout()
    assert client.get("/accounts/sso/callback/", {"state": "x"}).status_code == 302  # the third
    limited = client.get("/accounts/sso/login/")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert client.get("/accounts/sso/callback/", {"state": "x"}).status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get("/accounts/sso/login/").status_code == 302  # another address is not held up
