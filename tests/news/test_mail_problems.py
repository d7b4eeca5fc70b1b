"""Mail that can't be sent shows: doctor's mail line asks the SMTP server itself, and the desk's banner stays
while messages to contributors wait (one query, on desk pages only)."""
from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.cli import main
from storydesk.mail.undelivered import undelivered
from storydesk.models import MailReply
from tests.stories import make_story
from tests.support.mailserver import free_port

pytestmark = pytest.mark.django_db


def mail_line(capsys) -> tuple[int, str]:
    code = main(["doctor"])
    out = capsys.readouterr().out
    return code, next(line for line in out.splitlines() if line.startswith("mail "))


def test_doctor_says_the_smtp_server_answers(outbox, capsys):
    code, line = mail_line(capsys)
    assert " ok: SMTP server at 127.0.0.1:" in line and "answers" in line, line
    assert code == 0


def test_doctor_names_an_smtp_server_that_isnt_there(outbox, settings, capsys):
    settings.EMAIL_PORT = free_port()
    code, line = mail_line(capsys)
    assert "PROBLEM: can't reach the SMTP server at 127.0.0.1:" in line and "ConnectionRefusedError" in line, line
    assert code == 1


def test_doctor_gives_up_quickly_on_a_server_that_never_speaks(settings, capsys, monkeypatch):
    """A port that accepts and then says nothing (a firewall, a wrong port): a timeout, not a hang."""
    monkeypatch.setattr("storydesk.cli.doctor.SMTP_PROBE_TIMEOUT", 0.5)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    started = timezone.now()
    try:
        code, line = mail_line(capsys)
    finally:
        silent.close()
    assert "PROBLEM: can't reach the SMTP server" in line and "timed out" in line, line
    assert timezone.now() - started < dt.timedelta(seconds=10)


def test_doctor_says_which_backend_keeps_mail_in_the_process(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    code, line = mail_line(capsys)
    assert "ok: the console backend (django.core.mail.backends.console.EmailBackend)" in line, line
    assert "not sent to anyone" in line


def test_doctor_tells_of_messages_waiting(outbox, capsys, campaign):
    make_story(campaign)
    MailReply.objects.update(last_error="SMTPRecipientsRefused: 550")
    code, line = mail_line(capsys)
    assert " ok: " in line and "1 message to contributors not sent yet" in line and "/desk/mail/" in line


def test_the_banner_shows_while_messages_wait_and_goes_when_they_leave(campaign, client, staff_user,
                                                                       django_assert_max_num_queries):
    client.force_login(staff_user("viewer"))
    page = reverse("desk:stories")
    make_story(campaign)  # its "received" message is new: not late yet
    assert "waiting to go out" not in client.get(page).content.decode()

    MailReply.objects.update(created_at=timezone.now() - dt.timedelta(minutes=6))
    shown = client.get(page).content.decode()
    assert "1 message to contributors is still waiting to go out" in shown
    assert f'<a href="{reverse("desk:mail")}">See why on the mail page</a>' in shown

    with django_assert_max_num_queries(1):
        assert undelivered().count == 1

    MailReply.objects.update(sent_at=timezone.now())
    assert "waiting to go out" not in client.get(page).content.decode()


def test_a_failed_message_shows_at_once_and_a_long_forgotten_one_no_more(campaign, client, staff_user):
    client.force_login(staff_user("viewer"))
    make_story(campaign)
    MailReply.objects.update(last_error="ConnectionRefusedError: [Errno 111] Connection refused")
    assert "still waiting to go out" in client.get(reverse("desk:stories")).content.decode()
    MailReply.objects.update(created_at=timezone.now() - dt.timedelta(days=30))
    assert not undelivered()

