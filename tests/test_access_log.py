"""Status-link tokens never reach a log: gunicorn's access log (as `storydesk run` configures it) and Django's."""
import datetime as dt
import json
import logging
from types import SimpleNamespace
from urllib.parse import unquote

from django.conf import settings
from gunicorn.config import Config

from storydesk.access_log import AccessLogger, MaskTokens
from storydesk.cli import run
from storydesk.log_format import formatter

TOKEN = "Zq3x_secret-TOKEN-value"


class Lines(logging.Handler):
    """What the console would print: the project's formatter (text or json) and the console handler's filters."""

    def __init__(self, fmt: str = "text"):
        super().__init__()
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []
        self.setFormatter(formatter(fmt))
        console = next(h for h in logging.getLogger().handlers if any(isinstance(f, MaskTokens) for f in h.filters))
        for configured in console.filters:
            self.addFilter(configured)

    def emit(self, record):
        self.records.append(record)
        self.lines.append(self.format(record))


def logged(path: str, referer: str = "-", location: str = "", *, fmt: str = "text", status: str = "302 Found"):
    """What `storydesk run`'s access logger logs for one request: its handler's lines and records, and the
    response header's atom."""
    logger = AccessLogger(Config())
    lines = Lines(fmt)
    access_log = logging.getLogger("storydesk.access")
    access_log.addHandler(lines)
    resp = SimpleNamespace(status=status, sent=0, headers=[("Location", location)])
    # gunicorn decodes the path (PATH_INFO) and keeps the query as it came.
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": unquote(path.partition("?")[0]),
               "QUERY_STRING": path.partition("?")[2], "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.9",
               "HTTP_REFERER": referer}
    req = SimpleNamespace(headers=[("Referer", referer)])
    level = access_log.level
    access_log.setLevel(logging.DEBUG)  # to see the quiet lines' level too
    try:
        logger.access(resp, req, environ, dt.timedelta(seconds=0))
    finally:
        access_log.removeHandler(lines)
        access_log.setLevel(level)
    return lines, logger.atoms(resp, req, environ, dt.timedelta(seconds=0))["{location}o"]


def access_line(path: str, referer: str = "-", location: str = "") -> str:
    lines, location_atom = logged(path, referer, location)
    return lines.lines[-1] + " " + location_atom


def test_status_links_are_masked_in_the_access_log():
    for path in (f"/s/{TOKEN}/", f"/s/{TOKEN}/withdraw/", f"/submit/thanks/{TOKEN}/",
                 f"/p/instagram/{TOKEN}.jpg"):
        line = access_line(path, referer=f"https://stories.example.org/s/{TOKEN}/",
                           location=f"/submit/thanks/{TOKEN}/")
        assert TOKEN not in line and "203.0.113.9" in line, line
    assert "/s/…/withdraw/" in access_line(f"/s/{TOKEN}/withdraw/")
    assert "/stories/12/" in access_line("/stories/12/")  # other paths as they are
    # The language switcher carries the page it came from in its query, URL-encoded.
    switched = access_line(f"/language/?to=fr&next=%2Ffr%2Fs%2F{TOKEN}%2F", location=f"/fr/s/{TOKEN}/")
    assert TOKEN not in switched and "next=%2Ffr%2Fs%2F…%2F" in switched


def test_storydesk_run_uses_the_masking_logger(monkeypatch):
    started = []
    monkeypatch.setattr(run, "init_desk", lambda **_: None)
    monkeypatch.setattr(run.subprocess, "Popen", lambda argv, **_: started.append(argv))
    monkeypatch.setattr(run, "_supervise", lambda children: 0)
    run.handle(SimpleNamespace(demo=False, host="127.0.0.1", port=8000, web_workers=1))
    gunicorn = next(argv for argv in started if "gunicorn" in argv)
    assert gunicorn[gunicorn.index("--logger-class") + 1] == "storydesk.access_log.AccessLogger"


def test_django_log_lines_are_masked(client, db, caplog):
    configured = next(f for h in logging.getLogger().handlers for f in h.filters if isinstance(f, MaskTokens))
    caplog.handler.addFilter(configured)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/s/{TOKEN}/")
    assert caplog.records and TOKEN not in caplog.text


def test_json_access_lines_parse_whatever_the_link_holds():
    # A quote in a status link (encoded in the request, decoded in the path), a Referer ending in a status link
    # without its slash, and the Location header: each line parses, and the token is masked in every field.
    for path, referer in ((f"/s/{TOKEN}%22y/", "-"), ("/stories/", f"https://h/s/{TOKEN}"),
                          (f"/s/{TOKEN}\\n/", f"https://h/s/{TOKEN}\\")):
        lines, _ = logged(path, referer=referer, fmt="json")
        [line] = lines.lines
        parsed = json.loads(line)
        assert TOKEN not in line, line
        assert parsed["path"].startswith("/s/…") or parsed["referer"] == "https://h/s/…", parsed
    parsed = json.loads(logged("/stories/", referer=f"https://h/s/{TOKEN}", fmt="json")[0].lines[0])
    assert parsed["referer"] == "https://h/s/…" and '"https://h/s/…"' in parsed["message"]


def test_password_reset_and_single_sign_on_secrets_are_masked():
    reset, sso = f"/accounts/password-reset/MQ/{TOKEN}/", f"/accounts/sso/callback/?code={TOKEN}&state={TOKEN}2"
    for fmt in ("text", "json"):
        for path in (reset, sso):
            [line] = logged(path, referer=f"https://h{path}", fmt=fmt)[0].lines
            assert TOKEN not in line, line
        [line] = logged(reset, fmt=fmt)[0].lines
        assert "/accounts/password-reset/MQ/…/" in line
        [line] = logged(sso, fmt=fmt)[0].lines
        assert "/accounts/sso/callback/?code=…&state=…" in line
        # Django's redirect after the token is checked holds none: it stays readable, as do the other pages.
        for plain in ("/accounts/password-reset/MQ/set-password/", "/accounts/password-reset/sent/",
                      "/accounts/sso/login/?next=/desk/"):
            assert plain in logged(plain, fmt=fmt)[0].lines[0]


def test_static_files_and_health_checks_are_quiet_only_when_answered():
    static = settings.STATIC_URL + "storydesk/desk.css"
    for path, status, level in ((static, "200 OK", logging.DEBUG), ("/healthz", "200 OK", logging.DEBUG),
                                (static.replace("desk.css", "gone.css"), "404 Not Found", logging.INFO),
                                ("/healthz", "503 Service Unavailable", logging.INFO),
                                ("/favicon.ico", "404 Not Found", logging.INFO)):
        [record] = logged(path, status=status)[0].records
        assert record.levelno == level, (path, status)
