"""The environment is typed and checked: a wrong value stops storydesk with the variable's name, never a traceback."""
import os
import subprocess
import sys

import pytest

from storydesk.config import SettingsError, load_all, renamed_in_use, unknown_variables
from storydesk.settings import allowed_hosts


def run_storydesk(tmp_path, *args, **env):
    environ = {key: value for key, value in os.environ.items() if not key.startswith("STORYDESK_")}
    environ.update(DJANGO_SETTINGS_MODULE="storydesk.settings", STORYDESK_HOME=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-m", "storydesk.cli", *args], env=environ, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def environ(monkeypatch):
    for name in list(os.environ):
        if name.startswith("STORYDESK_") or name in ("DATABASE_URL", "REDIS_URL"):
            monkeypatch.delenv(name)
    return monkeypatch


def problems(**variables) -> list[str]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in variables.items():
            patch.setenv(name, value)
        with pytest.raises(SettingsError) as raised:
            load_all()
    return raised.value.problems


def test_the_defaults_load(environ):
    env = load_all()
    assert env.mail.smtp_port == 25 and env.mail.imap_security == "ssl" and env.storage.workers == 2
    assert env.instagram.instagram_api_base == "https://graph.facebook.com/v24.0"
    assert env.web.submit_rate == "10/h" and env.core.debug is False


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("STORYDESK_SMTP_PORT", "twenty-five", "STORYDESK_SMTP_PORT='twenty-five': expected a whole number"),
    ("STORYDESK_SMTP_PORT", "70000", "STORYDESK_SMTP_PORT='70000': expected at most 65535"),
    ("STORYDESK_WORKERS", "0", "STORYDESK_WORKERS='0': expected at least 1"),
    ("STORYDESK_MEDIA_READ_TIMEOUT", "soon", "STORYDESK_MEDIA_READ_TIMEOUT='soon': expected a number"),
    ("STORYDESK_QUEUE_POLL_SECONDS", "0", "STORYDESK_QUEUE_POLL_SECONDS='0': expected more than 0"),
    ("STORYDESK_DEBUG", "maybe", "STORYDESK_DEBUG='maybe': expected yes or no"),
    ("STORYDESK_IMAP_SECURITY", "tls", "STORYDESK_IMAP_SECURITY='tls': expected one of 'ssl', 'starttls' or 'none'"),
    ("STORYDESK_SUBMIT_RATE", "ten an hour", "STORYDESK_SUBMIT_RATE='ten an hour': not in the expected form"),
    ("STORYDESK_INSTAGRAM_METRICS_HOUR", "24", "STORYDESK_INSTAGRAM_METRICS_HOUR='24': expected at most 23"),
])
def test_a_bad_value_names_its_variable_and_what_it_expects(environ, name, value, expected):
    [problem] = problems(**{name: value})
    assert problem.startswith(expected)


def test_every_bad_value_is_reported_at_once(environ):
    found = problems(STORYDESK_SMTP_PORT="x", STORYDESK_CLAIM_MINUTES="-1", STORYDESK_DEBUG="perhaps")
    assert [problem.split("=")[0] for problem in found] == [
        "STORYDESK_DEBUG", "STORYDESK_SMTP_PORT", "STORYDESK_CLAIM_MINUTES"]


@pytest.mark.parametrize("rate", ["10/h", "100/d", "5/10m", "0", "off", ""])
def test_rates_in_every_documented_form_are_accepted(environ, rate):
    environ.setenv("STORYDESK_LOGIN_RATE", rate)
    assert load_all().web.login_rate == rate


def test_the_old_instagram_token_name_still_works_until_the_new_one_is_set(environ):
    environ.setenv("STORYDESK_INSTAGRAM_TOKEN", "old-token")
    assert load_all().instagram.instagram_access_token == "old-token"
    assert renamed_in_use() == {"STORYDESK_INSTAGRAM_TOKEN": "STORYDESK_INSTAGRAM_ACCESS_TOKEN"}
    environ.setenv("STORYDESK_INSTAGRAM_ACCESS_TOKEN", "new-token")
    assert load_all().instagram.instagram_access_token == "new-token"


def test_a_misspelt_variable_is_found(environ):
    environ.setenv("STORYDESK_SMTP_PROT", "587")
    environ.setenv("STORYDESK_SMTP_PORT", "587")
    environ.setenv("STORYDESK_TEST_NOW", "29-feb")  # the test scripts' own, not a typo
    assert unknown_variables() == ["STORYDESK_SMTP_PROT"]


def test_storydesk_stops_on_a_bad_value_with_the_variable_and_no_traceback(tmp_path):
    done = run_storydesk(tmp_path, "doctor", STORYDESK_SMTP_PORT="abc", STORYDESK_WORKERS="none")
    assert done.returncode == 2
    assert "STORYDESK_SMTP_PORT='abc': expected a whole number" in done.stderr
    assert "STORYDESK_WORKERS='none': expected a whole number" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_doctor_names_old_and_unknown_variables(tmp_path):
    done = run_storydesk(tmp_path, "doctor", STORYDESK_INSTAGRAM_TOKEN="old-token", STORYDESK_GALERY_PAGE_SIZE="12")
    assert "STORYDESK_INSTAGRAM_TOKEN is an old name: rename it to STORYDESK_INSTAGRAM_ACCESS_TOKEN" in done.stdout
    assert "UNKNOWN: STORYDESK_GALERY_PAGE_SIZE is not a storydesk setting" in done.stdout
    assert "Traceback" not in done.stderr


def test_an_unknown_or_removed_sentence_engine_stops_start_up_naming_the_ones_there_are(environ):
    [problem] = problems(STORYDESK_EMBEDDER="minilm-int8")
    assert problem.startswith("STORYDESK_EMBEDDER='minilm-int8'") and "'minilm-int8' was removed" in problem
    assert "expected one of 'usem3'" in problem and "storydesk reindex" in problem
    [problem] = problems(STORYDESK_EMBEDDER="bert")
    assert "expected one of 'usem3'" in problem and "removed" not in problem


def test_the_settings_know_every_sentence_engine_there_is():
    from storydesk.config.groups import EMBEDDERS
    from storydesk.screening.ml.embeddings import EMBEDDERS as ENGINES

    assert set(EMBEDDERS) == set(ENGINES)


def test_trusted_proxies_are_addresses_or_networks(environ):
    environ.setenv("STORYDESK_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7,2001:db8::/32")
    assert load_all().web.trusted_proxies
    [problem] = problems(STORYDESK_TRUSTED_PROXIES="10.0.0.0/8, proxy.local")
    assert problem.startswith("STORYDESK_TRUSTED_PROXIES=") and "'proxy.local' is not an IP address" in problem


@pytest.mark.parametrize(("site_url", "more", "hosts"), [
    ("http://127.0.0.1:8000", "", ["127.0.0.1", "localhost", "[::1]"]),
    ("https://stories.example.org", "", ["stories.example.org"]),
    ("https://stories.example.org/", "www.example.org, desk.internal", ["stories.example.org", "www.example.org",
                                                                        "desk.internal"]),
])
def test_allowed_hosts_come_from_the_site_url(site_url, more, hosts):
    assert sorted(allowed_hosts(site_url, more)) == sorted(hosts)


def test_a_request_for_another_host_is_refused(client, db):
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 400


def test_the_repr_of_settings_hides_passwords_tokens_and_keys(environ):
    secrets = {"STORYDESK_SMTP_PASSWORD": "smtp-pw-123", "STORYDESK_SECRET_KEY": "django-secret-456",
               "STORYDESK_INSTAGRAM_ACCESS_TOKEN": "ig-token-789", "STORYDESK_X_BEARER_TOKEN": "x-bearer-000",
               "STORYDESK_BLUESKY_APP_PASSWORD": "bsky-app-pw", "STORYDESK_IMAP_PASSWORD": "imap-pw-321",
               "DATABASE_URL": "postgres://desk:db-pw-654@db:5432/storydesk"}
    for name, value in secrets.items():
        environ.setenv(name, value)
    env = load_all()
    shown = repr(env) + "".join(str(group) + repr(group) for group in vars(env).values())
    for value in secrets.values():
        assert value not in shown and "db-pw-654" not in shown
    assert "postgres://desk:********@db:5432/storydesk" in shown and "smtp_port=25" in shown
    assert env.mail.smtp_password == "smtp-pw-123"  # hidden from view, not changed
