"""Logs without the secrets in links: a status link's token (/s/<token>/, /submit/thanks/<token>/) opens a
contributor's story, and an Instagram image link's token opens an unpublished photo, so logs show "…" instead.

AccessLogger is gunicorn's access log (`storydesk run` names it); MaskTokens filters Django's own log lines."""
from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

_TOKEN = re.compile(r"(/(?:s|submit/thanks)/|/p/instagram/)[^/?#\s\"',.]+"
                    # …and the same link inside a query, URL-encoded: the language switcher's ?next=/fr/s/<token>/
                    r"|((?:%2F|/)(?:s|submit(?:%2F|/)thanks)(?:%2F|/))[^/?#&%\s\"',.]+", re.IGNORECASE)


def mask(text: str) -> str:
    return _TOKEN.sub(lambda m: (m.group(1) or m.group(2)) + "…", text)


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask(value) if isinstance(value, str) else value for name, value in atoms.items()}


class MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = mask(message), ()
        return True
