"""The campaign inbox over IMAP (imap-tools for the session, plain UID commands for the rest): which messages
wait, one message's bytes at a time, and filing them into storydesk/processed or storydesk/failed."""
from __future__ import annotations

import imaplib
import re
import socket
import ssl
from dataclasses import dataclass

from django.conf import settings
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError, UnexpectedCommandStatusError
from imap_tools.utils import encode_folder

PROCESSED = "storydesk/processed"
FAILED = "storydesk/failed"
SECURITY = ("ssl", "starttls", "none")
# The connection itself broke (the server went away, a timeout, TLS trouble): the next poll resumes.
CONNECTION_LOST = (imaplib.IMAP4.abort, OSError, EOFError, ssl.SSLError, socket.timeout)
_SIZE = re.compile(rb"UID (\d+) RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+) UID (\d+)")
_UID = re.compile(rb"UID (\d+)")


class ImapProblem(Exception):
    """Something an operator must fix (settings, login, folders), said plainly."""


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    security: str = "ssl"
    user: str = ""
    password: str = ""
    folder: str = "INBOX"
    batch_size: int = 25
    max_message_bytes: int = 60 * 1024 * 1024
    timeout: float = 60.0

    @classmethod
    def from_settings(cls, **overrides) -> ImapSettings:
        values = dict(
            host=settings.STORYDESK_IMAP_HOST, port=settings.STORYDESK_IMAP_PORT,
            security=settings.STORYDESK_IMAP_SECURITY, user=settings.STORYDESK_IMAP_USER,
            password=settings.STORYDESK_IMAP_PASSWORD, folder=settings.STORYDESK_IMAP_FOLDER,
            batch_size=settings.STORYDESK_IMAP_BATCH_SIZE,
            max_message_bytes=settings.STORYDESK_IMAP_MAX_MESSAGE_MB * 1024 * 1024,
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @property
    def origin(self) -> str:
        return f"imap:{self.user}@{self.host}/{self.folder}"


class Inbox:
    """One logged-in session on the campaign folder. Use as a context manager."""

    def __init__(self, config: ImapSettings, ssl_context: ssl.SSLContext | None = None):
        if config.security not in SECURITY:
            raise ImapProblem(f"STORYDESK_IMAP_SECURITY is {config.security!r}; use one of {', '.join(SECURITY)}")
        if not config.host:
            raise ImapProblem("no IMAP server: set STORYDESK_IMAP_HOST (and _USER, _PASSWORD)")
        self.config = config
        self.box = _logged_in(config, ssl_context)
        client = self.box.client
        client.capabilities = tuple(client.capability()[1][0].decode().upper().split())  # they change after login
        self.delimiter = self._delimiter()
        self.processed = PROCESSED.replace("/", self.delimiter)
        self.failed = FAILED.replace("/", self.delimiter)
        for folder in (self.processed, self.failed):
            if not self.box.folder.exists(folder):
                self.box.folder.create(folder)
        try:
            self.box.folder.set(config.folder)
        except UnexpectedCommandStatusError:
            self.close()
            raise ImapProblem(f"there is no folder {config.folder!r} on {_where(config)} "
                              "(STORYDESK_IMAP_FOLDER)") from None

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _delimiter(self) -> str:
        folders = self.box.folder.list(search_args="%")
        delimiter = next((f.delim for f in folders if f.delim and f.delim.upper() != "NIL"), "/")
        return delimiter

    def waiting(self) -> list[str]:
        """UIDs of the messages in the folder (not deleted), oldest first. Only numbers: bodies stay put."""
        return sorted(self.box.uids("UNDELETED"), key=int)

    def sizes(self, uids: list[str]) -> dict[str, int]:
        if not uids:
            return {}
        status, data = self.box.client.uid("FETCH", ",".join(uids), "(RFC822.SIZE)")
        _check(status, data, "FETCH sizes")
        sizes = {}
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            found = _SIZE.search(line or b"")
            if found:
                uid, size = (found.group(1), found.group(2)) if found.group(1) else (found.group(4), found.group(3))
                sizes[uid.decode()] = int(size)
        return sizes

    def read(self, uid: str, *, header_only: bool = False) -> bytes | None:
        """One message's bytes, without marking it seen; None when it vanished meanwhile."""
        part = "BODY.PEEK[HEADER]" if header_only else "BODY.PEEK[]"
        status, data = self.box.client.uid("FETCH", uid, f"({part})")
        _check(status, data, "FETCH")
        literals = [item for item in data if isinstance(item, tuple)]
        for head, body in literals:
            found = _UID.search(head)
            if found and found.group(1).decode() == uid:
                return body
        return literals[0][1] if len(literals) == 1 else None  # the server put UID after the body

    def file(self, uids: list[str], folder: str, *, seen: bool) -> None:
        """Mark seen (if asked) and move into folder: only ever after the messages' work is committed."""
        if not uids:
            return
        client, uid_set = self.box.client, ",".join(uids)
        if seen:
            _check(*client.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Seen)"), "STORE \\Seen")
        if "MOVE" in client.capabilities:
            _check(*client.uid("MOVE", uid_set, encode_folder(folder)), "MOVE")
            return
        _check(*client.uid("COPY", uid_set, encode_folder(folder)), "COPY")
        _check(*client.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)"), "STORE \\Deleted")
        if "UIDPLUS" in client.capabilities:
            _check(*client.uid("EXPUNGE", uid_set), "UID EXPUNGE")  # only ours, not what a person deleted
        else:
            _check(*client.expunge(), "EXPUNGE")

    def close(self) -> None:
        try:
            self.box.logout()
        except Exception:  # the connection may already be gone; closing must never raise
            try:
                self.box.client.shutdown()
            except Exception:
                pass


def _check(status, data, what: str) -> None:
    if status != "OK":
        detail = b" ".join(d if isinstance(d, bytes) else b"" for d in (data or [])).decode(errors="replace")
        raise ImapProblem(f"the IMAP server answered {what} with {status}: {detail[:300]}")


def _where(config: ImapSettings) -> str:
    return f"{config.host}:{config.port} ({config.security})"


def _logged_in(config: ImapSettings, ssl_context: ssl.SSLContext | None = None):
    """A logged-in imap-tools session (no folder chosen), or ImapProblem saying plainly what failed."""
    context = ssl_context or ssl.create_default_context()
    where = _where(config)
    try:
        if config.security == "ssl":
            box = MailBox(config.host, config.port, timeout=config.timeout, ssl_context=context)
        elif config.security == "starttls":
            box = MailBoxStartTls(config.host, config.port, timeout=config.timeout, ssl_context=context)
        else:
            box = MailBoxUnencrypted(config.host, config.port, timeout=config.timeout)
    except ssl.SSLCertVerificationError as error:
        raise ImapProblem(f"the IMAP server at {where} has a certificate we can't trust: "
                          f"{error.verify_message}") from None
    except CONNECTION_LOST + (UnexpectedCommandStatusError,) as error:
        raise ImapProblem(f"can't connect to the IMAP server at {where}: {error}") from None
    try:
        box.login(config.user, config.password, initial_folder=None)
    except MailboxLoginError:
        _close(box)
        raise ImapProblem(f"the IMAP server at {where} refused the login for {config.user!r}: check "
                          "STORYDESK_IMAP_USER and STORYDESK_IMAP_PASSWORD (or use an app password)") from None
    except CONNECTION_LOST + (UnexpectedCommandStatusError,) as error:  # timed out or dropped while logging in
        _close(box)
        raise ImapProblem(f"the IMAP server at {where} stopped answering while we logged in: {error}; it may be "
                          "overloaded, or the port or STORYDESK_IMAP_SECURITY wrong") from None
    return box


def _close(box) -> None:
    try:
        box.logout()
    except Exception:  # the connection may already be gone; closing must never raise
        try:
            box.client.shutdown()
        except Exception:
            pass


def check_login(config: ImapSettings, ssl_context: ssl.SSLContext | None = None) -> str:
    """Connect and log in, then leave: nothing is read, moved or created (what `storydesk doctor` asks)."""
    if not config.host:
        raise ImapProblem("no IMAP server: set STORYDESK_IMAP_HOST (and _USER, _PASSWORD)")
    box = _logged_in(config, ssl_context)
    _close(box)
    return f"the IMAP server at {_where(config)} let {config.user!r} log in"
