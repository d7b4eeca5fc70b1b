"""Status-link tokens never reach a log: gunicorn's access log (as `storydesk run` configures it) and Django's."""
import datetime as dt
import logging
from types import SimpleNamespace

from gunicorn.config import Config

from storydesk.access_log import AccessLogger, MaskTokens
from storydesk.cli import run

TOKEN = "Zq3x_secret-TOKEN-value"


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


def access_line(path: str, referer: str = "-", location: str = "") -> str:
    """The line `storydesk run`'s access logger writes for one request, with a response header's atom too."""
    logger = AccessLogger(Config())
    lines = Lines()
    lines.setFormatter(logging.Formatter("%(message)s %(path)s %(referer)s"))
    access_log = logging.getLogger("storydesk.access")
    access_log.addHandler(lines)
    resp = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", location)])
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path.partition("?")[0],
               "QUERY_STRING": path.partition("?")[2], "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.9",
               "HTTP_REFERER": referer}
    req = SimpleNamespace(headers=[("Referer", referer)])
    try:
        logger.access(resp, req, environ, dt.timedelta(seconds=0))
    finally:
        access_log.removeHandler(lines)
    return lines.lines[-1] + " " + logger.atoms(resp, req, environ, dt.timedelta(seconds=0))["{location}o"]


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
    monkeypatch.setattr(run, "init_desk", lambda: None)
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
