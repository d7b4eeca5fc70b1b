"""A real Dovecot (one per test session, a fresh user and Maildir per test) and an SMTP sink that receives
whatever the desk sends. Without Dovecot these tests fail and say how to install it; they never skip."""
from __future__ import annotations

import pytest
from imap_tools import MailBoxUnencrypted

from storydesk.channels.email.imap import ImapSettings
from tests.channels.email.mail_files import AUTHSERV_ID
from tests.support.mailserver import DovecotNotInstalled, SmtpSink, ThrowawayDovecot


@pytest.fixture(scope="session")
def dovecot():
    try:
        server = ThrowawayDovecot.start(tls=True)
    except DovecotNotInstalled as missing:
        pytest.fail(str(missing), pytrace=False)
    yield server
    server.remove()


class TestMailbox:
    """A fresh IMAP account on the throwaway server, with helpers to fill and inspect it over IMAP."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, server: ThrowawayDovecot, user: str, password: str):
        self.server, self.user, self.password = server, user, password
        self.config = ImapSettings(host="127.0.0.1", port=server.port, security="none", user=user,
                                   password=password, batch_size=3)

    def session(self) -> MailBoxUnencrypted:
        return MailBoxUnencrypted("127.0.0.1", self.server.port).login(self.user, self.password)

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        with self.session() as box:
            for raw in messages:
                box.append(raw, folder)

    def messages(self, folder: str = "INBOX") -> list[tuple[bytes, set[str]]]:
        """(raw bytes, flags) of every message in the folder, oldest first."""
        with self.session() as box:
            if not box.folder.exists(folder):
                return []
            box.folder.set(folder)
            return [(m.obj.as_bytes(), set(m.flags)) for m in box.fetch(mark_seen=False, bulk=True)]

    def count(self, folder: str = "INBOX") -> int:
        with self.session() as box:
            if not box.folder.exists(folder):
                return 0
            return box.folder.status(folder)["MESSAGES"]


@pytest.fixture
def mailbox(dovecot) -> TestMailbox:
    return TestMailbox(dovecot, *dovecot.new_account())


@pytest.fixture(scope="session")
def smtp_sink():
    sink = SmtpSink.start()
    yield sink
    sink.stop()


@pytest.fixture
def outbox(smtp_sink, settings):
    """What the desk sends during this test, through real SMTP to the local sink."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "HeForShe <stories@heforshe.example>"
    settings.SITE_URL = "https://stories.heforshe.example"
    smtp_sink.clear()
    return smtp_sink


@pytest.fixture
def inbox_settings(mailbox, settings):
    """Point the desk's STORYDESK_IMAP_* settings at this test's mailbox (for the CLI and the periodic task)."""
    settings.STORYDESK_IMAP_HOST, settings.STORYDESK_IMAP_PORT = "127.0.0.1", mailbox.server.port
    settings.STORYDESK_IMAP_SECURITY, settings.STORYDESK_IMAP_USER = "none", mailbox.user
    settings.STORYDESK_IMAP_PASSWORD, settings.STORYDESK_IMAP_FOLDER = mailbox.password, "INBOX"
    settings.STORYDESK_IMAP_BATCH_SIZE = 3
    return mailbox


@pytest.fixture
def proven_senders(settings):
    """Trust the Authentication-Results our test inbox server writes (mail_files.proven)."""
    settings.STORYDESK_MAIL_AUTHSERV_ID = AUTHSERV_ID
