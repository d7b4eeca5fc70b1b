"""gunicorn's access log as `storydesk run` names it: one line per request, through storydesk's logging (its
level and format, storydesk/log_format.py), with the secrets in links masked.

A static file or a health check that was answered is logged at DEBUG: they are most of the requests and say
nothing at INFO. One that failed (a missing static file, a health check's 503) is logged like any request."""
from __future__ import annotations

import logging

from django.conf import settings
from gunicorn.glogging import Logger

from storydesk.config.base import load
from storydesk.config.groups import Core
from storydesk.log_format import MaskTokens, formatter, mask

__all__ = ["AccessLogger", "MaskTokens", "mask"]

log = logging.getLogger("storydesk.access")
LINE = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
QUIET_PATHS = ("/healthz", "/favicon.ico")


class AccessLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # gunicorn's own lines (starting, a worker booting or timing out) in storydesk's level and format. Read
        # from the environment itself: gunicorn's main process sets its log up before Django's settings load.
        core = load(Core)
        self.error_log.setLevel(core.log_level)
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter(core.log_format))
            handler.addFilter(MaskTokens())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask(value) if isinstance(value, str) else value for name, value in atoms.items()}

    def access(self, resp, req, environ, request_time):
        atoms = self.atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO") or ""
        status = _status(atoms["s"])
        quiet = ((path.startswith(settings.STATIC_URL) or path in QUIET_PATHS)
                 and isinstance(status, int) and status < 400)
        fields = {"method": atoms["m"], "path": (atoms["U"] or "") + (f"?{atoms['q']}" if atoms["q"] else ""),
                  "status": status, "bytes": atoms["B"] or 0, "duration_ms": atoms["M"],
                  "remote": atoms["h"], "referer": atoms["f"], "user_agent": atoms["a"]}
        try:
            log.log(logging.DEBUG if quiet else logging.INFO, LINE, self.atoms_wrapper_class(atoms), extra=fields)
        except Exception:  # a log line never breaks a response
            self.error("access log line failed", exc_info=True)


def _status(value) -> int | str:
    return int(value) if str(value).isdigit() else value
