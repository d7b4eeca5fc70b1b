"""What the console shows: one line per request (none for static files and /healthz at the default level),
periodic tasks only when they did something or failed, STORYDESK_LOG_LEVEL and STORYDESK_LOG_FORMAT=json for
every logger, and never a status link's token. The web server is the real one `storydesk run` starts."""
from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection
from huey.contrib import djhuey
from huey.contrib.djhuey import HUEY

from storydesk import tasks
from storydesk.cli.run import web_server_command
from storydesk.log_format import JsonFormatter, MaskTokens, QuietPeriodicTasks, TextFormatter

TOKEN = "Zq3x_secret-TOKEN-value"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    """This test run's database, for the server's process (it is an ordinary storydesk process)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(url: str) -> int:
    try:
        # Generous: two cores shared with other test runs, and the first request loads the whole app.
        with urllib.request.urlopen(url, timeout=90) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def serve_and_log(paths: list[str], **env) -> list[str]:
    """Start the web server as `storydesk run` does, request each path once, stop it: the lines it logged."""
    port = _free_port()
    environ = {**os.environ, "DATABASE_URL": _database_url(), "PYTHONUNBUFFERED": "1", **env}
    server = subprocess.Popen(web_server_command("127.0.0.1", port, 1), env=environ, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        # The app loads when the worker starts: wait until it answers (its answer is not logged at INFO).
        deadline = time.monotonic() + 120
        while _answer(f"{base}/healthz") != 200:
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.2)
        for path in paths:
            _get(base + path)
        time.sleep(0.5)  # the access line is written after the response
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    return output.splitlines()


def _answer(url: str) -> int | None:
    try:
        return _get(url)
    except OSError:  # not listening yet, or reset while its worker boots
        return None


STATIC = "/static/storydesk/desk.css"
PAGES = [f"/s/{TOKEN}/", "/accounts/login/"]


@pytest.mark.django_db(transaction=True)
def test_a_request_logs_one_line_and_static_files_and_health_checks_none():
    lines = serve_and_log(["/healthz", STATIC, *PAGES, STATIC])
    access = [line for line in lines if "storydesk.access" in line]
    assert len(access) == 2, lines
    assert '"GET /s/…/ HTTP/1.1" 404' in access[0] and '"GET /accounts/login/ HTTP/1.1" 200' in access[1]
    assert not any("/static/" in line or "/healthz" in line for line in lines)
    # The 404 is in its access line: Django says nothing more of it.
    assert not any("Not Found" in line for line in lines), lines
    assert not any(TOKEN in line for line in lines)


@pytest.mark.django_db(transaction=True)
def test_at_debug_static_files_are_logged_too():
    lines = serve_and_log([STATIC], STORYDESK_LOG_LEVEL="DEBUG")
    assert any("storydesk.access" in line and STATIC in line for line in lines), lines


@pytest.mark.django_db(transaction=True)
def test_json_lines_parse_one_by_one_and_mask_tokens():
    lines = serve_and_log(PAGES, STORYDESK_LOG_FORMAT="json")
    parsed = [json.loads(line) for line in lines]  # gunicorn's own lines too
    assert all({"time", "level", "logger", "message"} <= set(line) for line in parsed)
    access = [line for line in parsed if line["logger"] == "storydesk.access"]
    assert [(a["method"], a["path"], a["status"]) for a in access] == [
        ("GET", "/s/…/", 404), ("GET", "/accounts/login/", 200)]
    assert all(isinstance(a["duration_ms"], int) and a["remote"] == "127.0.0.1" for a in access)
    assert any(line["logger"].startswith("gunicorn") for line in parsed)
    assert not any(TOKEN in line for line in lines)


def test_the_level_governs_every_logger():
    script = ("import logging, django; django.setup()\n"
              "for name in ('storydesk.tasks', 'huey', 'django', 'gunicorn.error', 'storydesk.access'):\n"
              "    logging.getLogger(name).info('info from %s', name)\n"
              "    logging.getLogger(name).warning('warning from %s', name)\n")
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "storydesk.settings", "STORYDESK_LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-c", script], env=environ, capture_output=True, text=True, timeout=60,
                          check=True)
    assert "info from" not in done.stderr
    assert done.stderr.count("warning from") == 5, done.stderr


def test_a_wrong_log_format_stops_with_the_variable_name():
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "storydesk.settings", "STORYDESK_LOG_FORMAT": "xml"}
    done = subprocess.run([sys.executable, "-m", "storydesk.cli", "doctor"], env=environ, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "STORYDESK_LOG_FORMAT='xml'" in done.stderr


# --- periodic tasks, run by Huey as its consumer runs them ----------------------------------------------------

@pytest.fixture
def console(caplog, monkeypatch):
    """The records the console handler would print (with its filters), from INFO up."""
    # The worker closes its database connection around each task; here that is the test's own transaction.
    monkeypatch.setattr(djhuey, "close_old_connections", lambda: None)
    caplog.handler.addFilter(QuietPeriodicTasks())
    caplog.handler.addFilter(MaskTokens())
    caplog.set_level(logging.INFO)
    return caplog


def _run_periodic(task) -> None:
    try:
        HUEY.execute(task.s())
    except Exception:  # Huey hands the error back as well; what counts here is what was logged
        pass


def test_periodic_tasks_that_did_nothing_log_nothing(console, campaign):
    # As the worker runs them every minute on a quiet desk: nothing to fold, recount, publish or reconcile.
    for task in (tasks.fold_desk_counts, tasks.refresh_insights, tasks.publish_due_slots, tasks.reconcile_stuck_work,
                 tasks.poll_campaign_inbox, tasks.sweep_personal_data):
        _run_periodic(task)
    assert [r.getMessage() for r in console.records] == []


def test_a_periodic_task_that_did_something_logs_one_line(console, monkeypatch, db):
    monkeypatch.setattr(tasks, "fold_deltas", lambda: 12)
    _run_periodic(tasks.fold_desk_counts)
    assert [(r.name, r.levelno, r.getMessage()) for r in console.records] == [
        ("storydesk.tasks", logging.INFO, "fold_desk_counts: folded 12 count changes")]


def test_a_failing_periodic_task_logs_one_error_with_its_traceback(console, monkeypatch, db):
    def broken():
        raise RuntimeError("the counts table is gone")

    monkeypatch.setattr(tasks, "fold_deltas", broken)
    _run_periodic(tasks.fold_desk_counts)
    [record] = console.records
    assert record.levelno == logging.ERROR and record.getMessage() == "fold_desk_counts failed"
    assert "the counts table is gone" in TextFormatter().format(record)


def test_other_tasks_keep_hueys_lines(console, db):
    # Only periodic tasks are quiet: a queued task's start and end still show.
    HUEY.execute(tasks.publish_slot_task.s(0))
    assert any(r.name == "huey" and r.getMessage().startswith("Executing") for r in console.records)


# --- the formatters ---------------------------------------------------------------------------------------------

def _record(message: str, *args, exc=None, **extra) -> logging.LogRecord:
    record = logging.LogRecord("storydesk.test", logging.ERROR, __file__, 1, message, args,
                               (type(exc), exc, exc.__traceback__) if exc else None)
    record.__dict__.update(extra)
    return record


def test_json_has_the_exception_as_a_field_and_masks_tokens_everywhere():
    try:
        raise ValueError(f"bad link /s/{TOKEN}/")
    except ValueError as error:
        record = _record("while reading %s", f"/submit/thanks/{TOKEN}/", exc=error, path=f"/s/{TOKEN}/withdraw/")
    line = JsonFormatter().format(record)
    parsed = json.loads(line)
    assert parsed["level"] == "ERROR" and parsed["logger"] == "storydesk.test"
    assert parsed["message"] == "while reading /submit/thanks/…/" and parsed["path"] == "/s/…/withdraw/"
    assert "ValueError: bad link /s/…/" in parsed["exception"] and TOKEN not in line
    assert parsed["time"].endswith("+00:00")
    assert TOKEN not in TextFormatter().format(record)


def test_json_masks_each_field_before_encoding_so_escapes_survive():
    try:
        try:
            raise ValueError(f"first /s/{TOKEN}")
        except ValueError as first:
            raise RuntimeError("then this") from first
    except RuntimeError as error:
        record = _record("path %s", f'/s/{TOKEN}"y/', exc=error, referer=f"https://h/s/{TOKEN}",
                         nested={"links": [f"/s/{TOKEN}/", f"/submit/thanks/{TOKEN}/"]})
    line = JsonFormatter().format(record)
    parsed = json.loads(line)
    assert TOKEN not in line
    assert parsed["message"] == 'path /s/…"y/' and parsed["referer"] == "https://h/s/…"
    assert parsed["nested"] == {"links": ["/s/…/", "/submit/thanks/…/"]}
    # The token ends its line of the traceback: the lines after it are still there.
    assert "ValueError: first /s/…\n\nThe above exception was the direct cause" in parsed["exception"]


def test_json_writes_what_json_cant_hold_as_its_repr():
    cycle: list = [f"/s/{TOKEN}/"]
    cycle.append(cycle)
    record = _record("odd extras", cycle=cycle, keyed={(1, 2): f"/s/{TOKEN}/"}, fine={"n": 1})
    line = JsonFormatter().format(record)  # no "--- Logging error ---": a line
    parsed = json.loads(line)
    assert parsed["cycle"] == "['/s/…/', [...]]" and parsed["keyed"] == "{(1, 2): '/s/…/'}"
    assert parsed["fine"] == {"n": 1} and TOKEN not in line


def test_password_reset_and_single_sign_on_links_are_masked_in_either_format():
    reset, sso = f"/accounts/password-reset/MQ/{TOKEN}/", f"/accounts/sso/callback/?state={TOKEN}2&code={TOKEN}"
    record = _record("GET %s from %s", reset, sso, next=sso)
    text, line = TextFormatter().format(record), JsonFormatter().format(record)
    assert TOKEN not in text and TOKEN not in line
    assert "/accounts/password-reset/MQ/…/" in text and "/accounts/sso/callback/?state=…&code=…" in text
    assert json.loads(line)["next"] == "/accounts/sso/callback/?state=…&code=…"
