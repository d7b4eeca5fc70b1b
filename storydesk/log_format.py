"""How storydesk's log lines look, and what they leave out.

settings.LOGGING sends every logger (Django's, gunicorn's, Huey's, storydesk's) to one console handler with
these pieces: the level is STORYDESK_LOG_LEVEL, the format STORYDESK_LOG_FORMAT (text, or json: one object per
line for a log shipper). Either way the secrets in links are masked: a status link's token (/s/<token>/,
/submit/thanks/<token>/) opens a contributor's story, an Instagram image link's token an unpublished photo, a
password reset link's token and single sign-on's callback code a staff member's session.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re

from huey.api import PeriodicTask

_TOKEN = re.compile(r"(/(?:s|submit/thanks)/|/p/instagram/)[^/?#\s\"',.\\]+"
                    # …and the same link inside a query, URL-encoded: the language switcher's ?next=/fr/s/<token>/
                    r"|((?:%2F|/)(?:s|submit(?:%2F|/)thanks)(?:%2F|/))[^/?#&%\s\"',.\\]+"
                    # A password reset link's token (/accounts/password-reset/<uidb64>/<token>/) signs a staff
                    # member in; Django's own redirect to …/<uidb64>/set-password/ holds none.
                    r"|(/password-reset/[^/?#\s\"'\\]+/)(?!set-password(?:[/?#\s\"']|$))[^/?#\s\"',.\\]+",
                    re.IGNORECASE)
# Single sign-on's callback (/accounts/sso/callback/?code=…&state=…): the code buys a session, once.
_SSO_CALLBACK = re.compile(r"(/sso/callback/?\?)([^#\s\"'\\]*)", re.IGNORECASE)
_SSO_SECRET = re.compile(r"((?:^|&)(?:code|state)=)[^&]+", re.IGNORECASE)

# Set on an exception a periodic task logged itself (storydesk/periodic.py), so Huey's copy is left out.
LOGGED = "_storydesk_logged"
FORMATS = ("text", "json")


def mask(text: str) -> str:
    text = _TOKEN.sub(lambda m: next(kept for kept in m.groups() if kept is not None) + "…", text)
    return _SSO_CALLBACK.sub(lambda m: m.group(1) + _SSO_SECRET.sub(r"\1…", m.group(2)), text)


class MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = mask(message), ()
        return True


class QuietPeriodicTasks(logging.Filter):
    """Huey says at INFO that each periodic task is queued, starts and ends: a dozen tasks, every minute. Those
    lines go; a periodic task says itself when it did something or failed (storydesk/periodic.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("huey"):
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        if record.levelno < logging.WARNING and any(isinstance(arg, PeriodicTask) for arg in args):
            return False
        # "Unhandled exception in task <id>": the task logged it already, by its name.
        return not (record.exc_info and getattr(record.exc_info[1], LOGGED, False))


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))  # a traceback can hold a link too


# What every record has; anything else came as `extra=` (an access line's request fields) and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
# Django passes the request object itself: its repr is its method and path, which `path` holds already.
_LEFT_OUT = {"request", "server_time"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the extra fields, and the
    exception's traceback as one field."""

    def format(self, record: logging.LogRecord) -> str:
        # Each string is masked before encoding: masking the encoded line would cut through its escapes.
        line = {"time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": mask(record.getMessage())}
        line.update((key, _field(value)) for key, value in vars(record).items()
                    if key not in _STANDARD and key not in _LEFT_OUT and not key.startswith("_"))
        if record.exc_info:
            line["exception"] = mask(self.formatException(record.exc_info))
        if record.stack_info:
            line["stack"] = mask(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False)


def _field(value):
    """An extra field as JSON can hold it, its strings masked; what JSON can't hold (a dict with tuple keys, a
    value that contains itself) as its repr, so one odd field never costs the line."""
    if isinstance(value, str):
        return mask(value)
    try:
        return _masked(json.loads(json.dumps(value, default=str)))
    except (TypeError, ValueError, RecursionError):
        try:
            return mask(repr(value))
        except Exception:  # a repr that fails too
            return f"<{type(value).__name__}>"


def _masked(value):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if isinstance(value, dict):
        return {mask(key): _masked(item) for key, item in value.items()}
    return value

def formatter(name: str) -> logging.Formatter:
    return JsonFormatter() if name == "json" else TextFormatter()
