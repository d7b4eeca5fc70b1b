"""`storydesk doctor`'s mail lines against real servers: an SMTP server started here (aiosmtpd, with and without
a login) and the throwaway Dovecot, plus ports where nothing listens. Doctor connects, says hello, logs in and
leaves: it never sends a message, and never reads, moves or creates anything in the inbox."""
from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from storydesk.cli import main
from tests.support.mailserver import free_port

pytestmark = [pytest.mark.django_db,
              # A login over plain text is what this local test server is for; aiosmtpd warns of it.
              pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")]


def doctor_lines(capsys) -> tuple[int, str, str]:
    code = main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    smtp = next(line for line in lines if line.startswith("mail (SMTP)"))
    imap = next(line for line in lines if line.startswith("mail (IMAP)"))
    return code, smtp, imap


class _Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_with_login(settings):
    """An SMTP server that wants a login (user desk, password correct-horse-9), on a free local port."""
    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"desk" and auth_data.password == b"correct-horse-9"
        return AuthResult(success=ok, handled=False)

    handler = _Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), authenticator=check,
                            auth_require_tls=False, auth_required=True)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "desk", "correct-horse-9"
    yield handler
    controller.stop()


def test_smtp_login_answers_and_nothing_is_sent(smtp_with_login, capsys):
    code, smtp, imap = doctor_lines(capsys)
    assert " ok: SMTP server at 127.0.0.1:" in smtp and "logged in as 'desk'" in smtp, smtp
    assert smtp_with_login.messages == []  # a probe, never a message


def test_smtp_wrong_password_says_to_check_the_login(smtp_with_login, settings, capsys):
    settings.EMAIL_HOST_PASSWORD = "wrong"
    code, smtp, _ = doctor_lines(capsys)
    assert "PROBLEM: can't reach the SMTP server" in smtp and "SMTPAuthenticationError" in smtp, smtp
    assert "check STORYDESK_SMTP_USER and STORYDESK_SMTP_PASSWORD" in smtp
    assert code == 1


def test_smtp_starttls_asked_of_a_server_without_it(outbox, settings, capsys):
    settings.EMAIL_USE_TLS = True
    code, smtp, _ = doctor_lines(capsys)
    assert "PROBLEM" in smtp and "(STARTTLS)" in smtp and "offers no STARTTLS" in smtp, smtp
    assert code == 1


def test_smtp_ssl_asked_of_a_plain_server(outbox, settings, capsys):
    settings.EMAIL_USE_SSL = True
    code, smtp, _ = doctor_lines(capsys)
    assert "PROBLEM" in smtp and "(SSL)" in smtp, smtp
    assert "TLS failed" in smtp or "no answer within" in smtp
    assert code == 1


def test_smtp_without_tls_against_a_port_that_speaks_ssl_first_says_465_needs_ssl(outbox, settings, capsys,
                                                                                    monkeypatch):
    """A server on an SSL-only port (465) waits for our TLS hello and sends no greeting: smtplib times out and
    says SMTPServerDisconnected. A listening socket that never answers stands in for it."""
    import socket

    from storydesk.cli import doctor

    monkeypatch.setattr(doctor, "SMTP_PROBE_TIMEOUT", 1)
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        settings.EMAIL_PORT = silent.getsockname()[1]
        code, smtp, _ = doctor_lines(capsys)
    finally:
        silent.close()
    assert "PROBLEM" in smtp and "(no TLS)" in smtp and "465 needs STORYDESK_SMTP_SSL=1" in smtp, smtp
    assert code == 1


def test_smtp_certificate_not_trusted_says_so(outbox, dovecot, settings, capsys):
    """Dovecot's TLS port has a certificate made for the test, which nobody trusts: the handshake is enough."""
    settings.EMAIL_PORT, settings.EMAIL_USE_SSL = dovecot.tls_port, True
    code, smtp, _ = doctor_lines(capsys)
    assert "PROBLEM" in smtp and "certificate isn't trusted" in smtp, smtp
    assert code == 1


def test_smtp_says_logged_in_only_with_a_user_and_a_password(outbox, settings, capsys):
    settings.EMAIL_HOST_USER = "desk"  # no password: Django doesn't log in
    code, smtp, _ = doctor_lines(capsys)
    assert " ok: SMTP server at" in smtp and "logged in" not in smtp, smtp


def test_smtp_refused_says_nothing_listens(outbox, settings, capsys):
    settings.EMAIL_PORT = free_port()
    code, smtp, _ = doctor_lines(capsys)
    assert "ConnectionRefusedError" in smtp and "nothing listens there" in smtp, smtp
    assert code == 1


# IMAP: the real Dovecot.

@pytest.fixture
def imap_settings(settings, mailbox):
    settings.STORYDESK_IMAP_HOST, settings.STORYDESK_IMAP_PORT = "127.0.0.1", mailbox.server.port
    settings.STORYDESK_IMAP_SECURITY = "none"
    settings.STORYDESK_IMAP_USER, settings.STORYDESK_IMAP_PASSWORD = mailbox.user, mailbox.password
    return settings


def test_imap_is_off_while_no_host_is_set(settings, capsys):
    settings.STORYDESK_IMAP_HOST = ""
    code, _, imap = doctor_lines(capsys)
    assert " ok: off: STORYDESK_IMAP_HOST is empty" in imap, imap


def test_imap_login_answers_and_the_inbox_is_left_alone(imap_settings, mailbox, capsys):
    code, _, imap = doctor_lines(capsys)
    assert f" ok: the IMAP server at 127.0.0.1:{mailbox.server.port} (none) let '{mailbox.user}' log in" in imap
    with mailbox.session() as box:
        assert not box.folder.exists("storydesk/processed")  # the poller makes it; doctor doesn't


def test_imap_wrong_password_says_the_login_is_wrong(imap_settings, capsys):
    imap_settings.STORYDESK_IMAP_PASSWORD = "wrong"
    code, _, imap = doctor_lines(capsys)
    assert "PROBLEM" in imap and "refused the login" in imap and "only the login is wrong" in imap, imap
    assert code == 1


def test_imap_certificate_not_trusted_says_so(imap_settings, dovecot, capsys):
    imap_settings.STORYDESK_IMAP_SECURITY, imap_settings.STORYDESK_IMAP_PORT = "ssl", dovecot.tls_port
    code, _, imap = doctor_lines(capsys)
    assert "PROBLEM" in imap and "certificate we can't trust" in imap, imap


def test_imap_refused_says_nothing_listens(imap_settings, capsys):
    imap_settings.STORYDESK_IMAP_PORT = free_port()
    code, _, imap = doctor_lines(capsys)
    assert "PROBLEM: can't connect to the IMAP server" in imap and "nothing listens there" in imap, imap
    assert code == 1


def test_imap_server_that_stops_answering_at_login_says_so(settings, capsys, monkeypatch):
    """Greets, answers CAPABILITY, then never answers LOGIN: the probe times out, closes, and says what failed."""
    import socket
    import threading

    from storydesk.cli import doctor

    monkeypatch.setattr(doctor, "IMAP_PROBE_TIMEOUT", 1)
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"* OK IMAP4rev1 ready\r\n")
            reader = conn.makefile("rb")
            tag = reader.readline().split(b" ", 1)[0]  # CAPABILITY
            conn.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n")
            reader.readline()  # LOGIN: no answer
            conn.recv(1024)  # until the client gives up and closes

    threading.Thread(target=serve, daemon=True).start()
    settings.STORYDESK_IMAP_HOST, settings.STORYDESK_IMAP_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.STORYDESK_IMAP_SECURITY = "none"
    settings.STORYDESK_IMAP_USER, settings.STORYDESK_IMAP_PASSWORD = "desk", "correct-horse-9"
    try:
        code, _, imap = doctor_lines(capsys)
    finally:
        listener.close()
    assert "PROBLEM" in imap and "stopped answering while we logged in" in imap, imap
    assert code == 1
