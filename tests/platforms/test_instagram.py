"""The one reading of Meta's errors and usage headers (storydesk.platforms.instagram), as intake, publishing and
the metrics poll all see it, and the one settings group: one API base, one token (the old name read for one
more release, and `storydesk doctor` saying so)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import httpx
import pytest

from storydesk.channels.social.errors import AUTH, CONFIG, MALFORMED, NETWORK, RATE_LIMIT, SERVER
from storydesk.channels.social.instagram.problems import problem
from storydesk.cli import main
from storydesk.platforms.instagram import errors
from storydesk.platforms.instagram.errors import GraphError
from storydesk.platforms.instagram.usage import usage


def meta(code: int, subcode: int | None = None, status: int = 400, **error) -> GraphError:
    body = {"error": {"message": f"(#{code}) said Meta", "code": code, **error}}
    if subcode is not None:
        body["error"]["error_subcode"] = subcode
    return GraphError.from_body(status, body)


# --- one classification: each class of code, and what intake records for it ------------------------------

@pytest.mark.parametrize("code", sorted(errors.RATE_LIMIT_CODES))
def test_every_throttling_code_is_a_rate_limit_for_everyone(code):
    error = meta(code)
    assert error.kind == "rate_limit" and error.retryable
    assert problem(error, "Instagram").kind == RATE_LIMIT


@pytest.mark.parametrize("code", sorted(errors.TRANSIENT_CODES))
def test_every_passing_code_is_retried_for_everyone(code):
    error = meta(code)
    assert error.kind == "transient" and error.retryable
    recorded = problem(error, "Instagram")
    assert recorded.kind == SERVER and recorded.passing


@pytest.mark.parametrize("code", sorted(errors.TOKEN_CODES))
def test_every_token_code_stops_for_a_person_and_names_the_one_token_setting(code):
    error = meta(code)
    assert error.kind == "token" and not error.retryable
    recorded = problem(error, "Instagram")
    assert recorded.kind == AUTH and "STORYDESK_INSTAGRAM_ACCESS_TOKEN" in recorded.message


@pytest.mark.parametrize("code", [3, 10, 200, 299])
def test_every_permission_code_stops_for_a_person(code):
    assert code in errors.PERMISSION_CODES
    error = meta(code)
    assert error.kind == "permission" and not error.retryable
    assert problem(error, "Instagram").kind == CONFIG


def test_the_publishing_limit_and_spam_suspicion_are_read_by_subcode():
    assert meta(9, subcode=2207042).kind == "quota"
    assert meta(4, subcode=2207051).kind == "rejected"  # code 4, but a person must appeal


def test_an_unknown_code_is_a_refusal_and_meta_s_own_is_transient_flag_is_heeded():
    assert meta(36003).kind == "rejected" and not meta(36003).retryable
    assert meta(36003, is_transient=True).kind == "transient"


def test_no_answer_a_server_error_and_an_unreadable_answer():
    lost = GraphError("no answer within 20 s", answered=False)
    assert lost.kind == "transient" and problem(lost, "Instagram (x)").kind == NETWORK
    down = GraphError.from_body(503, None)
    assert down.kind == "transient" and problem(down, "Instagram (x)").passing
    garbled = GraphError("an answer we couldn't read (not JSON)", http_status=200, transient_flag=True,
                         unreadable=True)
    assert garbled.kind == "transient" and problem(garbled, "Instagram (x)").kind == MALFORMED


def test_a_usage_pause_is_a_rate_limit():
    paused = GraphError("Instagram said we have used 90% or more of what it allows", paused=True,
                        retry_after_seconds=600)
    assert paused.kind == "rate_limit"
    assert problem(paused, "Instagram").retry_at is not None


# --- one reading of the usage headers -----------------------------------------------------------------

def test_the_usage_headers_give_the_highest_share_and_meta_s_wait():
    headers = httpx.Headers({
        "X-App-Usage": json.dumps({"call_count": 12, "total_cputime": 40, "total_time": 7}),
        "X-Business-Use-Case-Usage": json.dumps({"1784": [{"type": "instagram", "call_count": 95, "total_time": 3,
                                                          "estimated_time_to_regain_access": 17}]}),
    })
    percent, wait = usage(headers)
    assert percent == 95 and wait.total_seconds() == 17 * 60
    assert usage(httpx.Headers({"X-App-Usage": "not json"})) == (0.0, None)


# --- one settings group ---------------------------------------------------------------------------------

def settings_in_a_fresh_process(tmp_path, **env) -> dict:
    """storydesk.settings as a new process with this environment (and no other Instagram variable) reads it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STORYDESK_INSTAGRAM_")}
    clean.update(STORYDESK_HOME=str(tmp_path), **env)
    script = textwrap.dedent("""
        import json
        from storydesk import settings as s
        print(json.dumps({"base": s.STORYDESK_INSTAGRAM_API_BASE, "token": s.STORYDESK_INSTAGRAM_ACCESS_TOKEN,
                          "deprecated": s.STORYDESK_DEPRECATED_ENV, "old": hasattr(s, "STORYDESK_INSTAGRAM_TOKEN")}))
    """)
    done = subprocess.run([sys.executable, "-c", script], env=clean, capture_output=True, text=True, timeout=60,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_one_api_base_by_default_and_no_second_token_setting(tmp_path):
    read = settings_in_a_fresh_process(tmp_path)
    assert read == {"base": "https://graph.facebook.com/v24.0", "token": "", "deprecated": {}, "old": False}


def test_the_old_token_name_is_read_while_the_new_one_is_unset(tmp_path):
    read = settings_in_a_fresh_process(tmp_path, STORYDESK_INSTAGRAM_TOKEN="old-token")
    assert read["token"] == "old-token"
    assert read["deprecated"] == {"STORYDESK_INSTAGRAM_TOKEN": "STORYDESK_INSTAGRAM_ACCESS_TOKEN"}


def test_the_new_token_name_wins_when_both_are_set(tmp_path):
    read = settings_in_a_fresh_process(tmp_path, STORYDESK_INSTAGRAM_TOKEN="old-token",
                                       STORYDESK_INSTAGRAM_ACCESS_TOKEN="new-token")
    assert read["token"] == "new-token"
    assert read["deprecated"] == {"STORYDESK_INSTAGRAM_TOKEN": "STORYDESK_INSTAGRAM_ACCESS_TOKEN"}


def test_doctor_prints_one_deprecation_line_naming_both_variables(campaign, settings, capsys):
    settings.STORYDESK_DEPRECATED_ENV = {"STORYDESK_INSTAGRAM_TOKEN": "STORYDESK_INSTAGRAM_ACCESS_TOKEN"}
    main(["doctor"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("deprecated")]
    assert lines == ["deprecated               STORYDESK_INSTAGRAM_TOKEN is an old name: rename it to "
                     "STORYDESK_INSTAGRAM_ACCESS_TOKEN (the old name is read for one more release, only while "
                     "STORYDESK_INSTAGRAM_ACCESS_TOKEN is unset)"]


def test_doctor_prints_no_deprecation_line_when_only_new_names_are_set(campaign, settings, capsys):
    settings.STORYDESK_DEPRECATED_ENV = {}
    main(["doctor"])
    assert "deprecated" not in capsys.readouterr().out
