"""Single sign-on's settings: off by default, and a provider address or a missing client id that would not work
stops storydesk at start-up naming the variable."""
from __future__ import annotations

import os

import pytest

from storydesk.config import SettingsError, load_all


@pytest.fixture
def environ(monkeypatch):
    for name in list(os.environ):
        if name.startswith("STORYDESK_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_single_sign_on_is_off_by_default(environ):
    oidc = load_all().oidc
    assert oidc.oidc_issuer == "" and oidc.oidc_trusts_mfa is False and oidc.oidc_scopes == "openid email"


@pytest.mark.parametrize(("variables", "expected"), [
    ({"STORYDESK_OIDC_ISSUER": "http://login.example.org", "STORYDESK_OIDC_CLIENT_ID": "desk"},
     "STORYDESK_OIDC_ISSUER='http://login.example.org': Value error, expected an https:// URL"),
    ({"STORYDESK_OIDC_ISSUER": "https://login.example.org"},
     "STORYDESK_OIDC_CLIENT_ID='': Value error, expected the client id"),
    ({"STORYDESK_OIDC_SCOPES": "email profile"}, "STORYDESK_OIDC_SCOPES='email profile': not in the expected form"),
    ({"STORYDESK_OIDC_TRUSTS_MFA": "perhaps"}, "STORYDESK_OIDC_TRUSTS_MFA='perhaps': expected yes or no"),
    # As the username claim, email would match whether or not the provider verified the address.
    ({"STORYDESK_OIDC_USERNAME_CLAIM": "email"},
     "STORYDESK_OIDC_USERNAME_CLAIM='email': Value error, leave it empty to match verified e-mail addresses"),
    ({"STORYDESK_OIDC_USERNAME_CLAIM": " Email "}, "STORYDESK_OIDC_USERNAME_CLAIM=' Email ': Value error"),
    ({"STORYDESK_OIDC_RATE": "lots"}, "STORYDESK_OIDC_RATE='lots': not in the expected form"),
])
def test_a_setting_that_would_not_work_names_its_variable(environ, variables, expected):
    for name, value in variables.items():
        environ.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_all()
    [problem] = raised.value.problems
    assert problem.startswith(expected)


def test_a_local_provider_over_plain_http_is_allowed(environ):
    environ.setenv("STORYDESK_OIDC_ISSUER", "http://127.0.0.1:9000")
    environ.setenv("STORYDESK_OIDC_CLIENT_ID", "desk")
    assert load_all().oidc.oidc_issuer == "http://127.0.0.1:9000"


def test_a_claim_only_the_providers_admins_set_may_name_the_account(environ):
    environ.setenv("STORYDESK_OIDC_USERNAME_CLAIM", "employee_id")
    assert load_all().oidc.oidc_username_claim == "employee_id"
