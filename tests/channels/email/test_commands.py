"""`storydesk ingest imap | eml | mbox`, the periodic poll, and the staff list of failed mail."""
from __future__ import annotations

import mailbox as stdlib_mailbox
import time

from django.core.cache import cache
from django.urls import reverse

from storydesk.channels.email.files import mbox_messages
from storydesk.channels.email.poll import POLL_LOCK
from storydesk.channels.poll_lease import poll_lease
from storydesk.cli import main
from storydesk.models import MailMessage, Status, Story
from storydesk.tasks import poll_campaign_inbox
from tests.channels.email import mail_files


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name: str, **values) -> str:
    path = tmp_path / name
    path.write_bytes(mail_files.load(name, **values))
    return str(path)


def test_ingest_eml_reads_each_file_and_says_what_became_of_it(campaign, tmp_path, capsys, outbox):
    files = [write(tmp_path, n) for n in ("gmail_photo.eml", "exchange_auto_reply.eml", "malformed_mime.eml")]
    code, out, _ = run(capsys, "ingest", "eml", *files)
    assert code == 1  # one failed
    assert "3 messages read: 1 became or completed story, 1 ignored, 1 failed, 0 already known." in out
    assert f"eml:{files[2]}: malformed MIME" in out
    assert Story.objects.count() == 1
    code, out, _ = run(capsys, "ingest", "eml", files[0])
    assert code == 0 and "0 became or completed stories, 0 ignored, 0 failed, 1 already known" in out
    assert MailMessage.objects.get(source_key__startswith="CAJx5Ua9").origin == f"eml:{files[0]}"


def test_ingest_eml_names_a_missing_file(campaign, tmp_path, capsys):
    code, _, err = run(capsys, "ingest", "eml", str(tmp_path / "nope.eml"))
    assert code == 2 and "No file at" in err


def test_ingest_mbox_streams_every_message(campaign, tmp_path, capsys, outbox):
    path = tmp_path / "export.mbox"
    box = stdlib_mailbox.mbox(str(path))
    for name in ("gmail_photo.eml", "yahoo_no_photo.eml", "latin1_quoted_printable.eml"):
        box.add(mail_files.load(name))
    box.flush()
    box.close()
    code, out, _ = run(capsys, "ingest", "mbox", str(path))
    assert code == 0 and "3 messages read: 3 became or completed stories" in out
    assert Story.objects.filter(status=Status.NEEDS_INFO).count() == 2
    origins = sorted(MailMessage.objects.values_list("origin", flat=True))
    assert origins == [f"mbox:{path}#1", f"mbox:{path}#2", f"mbox:{path}#3"]


def test_an_mbox_from_line_in_a_body_is_unescaped(campaign, tmp_path, capsys, outbox):
    path = tmp_path / "rd.mbox"
    path.write_bytes(b"From a@b Mon Mar  2 10:00:00 2020\nFrom: a@example.org\nSubject: one\n\n"
                     b">From the start I believed it.\n\nFrom b@c Mon Mar  2 11:00:00 2020\n"
                     b"From: b@example.org\nSubject: two\n\nsecond\n")
    first, second = mbox_messages(path)
    assert first.data.endswith(b"\n\nFrom the start I believed it.\n") and second.data.endswith(b"second\n")


def test_ingest_imap_polls_the_configured_inbox(campaign, inbox_settings, capsys, outbox):
    inbox_settings.append(mail_files.load("gmail_photo.eml"), mail_files.load("yahoo_no_photo.eml"))
    code, out, _ = run(capsys, "ingest", "imap")
    assert code == 0
    assert "2 of 2 messages read: 2 became or completed stories, 0 ignored, 0 failed, 0 already known." in out
    assert inbox_settings.count("storydesk/processed") == 2


def test_ingest_imap_without_settings_says_what_to_set(campaign, settings, capsys):
    settings.STORYDESK_IMAP_HOST = ""
    code, _, err = run(capsys, "ingest", "imap")
    assert code == 2 and "set STORYDESK_IMAP_HOST" in err


def test_ingest_imap_with_a_wrong_password_says_so(campaign, inbox_settings, settings, capsys):
    settings.STORYDESK_IMAP_PASSWORD = "wrong"
    code, _, err = run(capsys, "ingest", "imap")
    assert code == 1 and "refused the login" in err


def test_the_periodic_task_polls_and_retries_replies(campaign, inbox_settings, outbox):
    inbox_settings.append(mail_files.load("gmail_photo.eml"))
    summary = poll_campaign_inbox.call_local()
    assert "1 of 1 message read" in summary
    assert Story.objects.count() == 1 and len(outbox.received()) == 1


def test_the_periodic_task_does_nothing_without_an_inbox(campaign, settings):
    settings.STORYDESK_IMAP_HOST = ""
    assert poll_campaign_inbox.call_local() == "no inbox configured; 0 replies retried"


def test_one_poll_at_a_time_and_a_dead_poll_frees_the_inbox(campaign, inbox_settings, capsys, outbox):
    with poll_lease(POLL_LOCK):
        assert poll_campaign_inbox.call_local() == "another poll is running"
        code, _, err = run(capsys, "ingest", "imap")
    assert code == 1 and "Another poll of the inbox is running" in err
    assert cache.get(POLL_LOCK) is None  # released
    cache.set(POLL_LOCK, "a poll whose worker died", 1)  # a lease nobody renews …
    assert poll_campaign_inbox.call_local() == "another poll is running"
    time.sleep(2.1)  # … runs out (the database cache counts whole seconds), and the next poll goes ahead
    assert "0 of 0 messages read" in poll_campaign_inbox.call_local()


def test_staff_see_failed_mail_with_its_error(client, campaign, staff_user, tmp_path, capsys, outbox):
    run(capsys, "ingest", "eml", write(tmp_path, "malformed_mime.eml"), write(tmp_path, "gmail_photo.eml"),
        write(tmp_path, "mailer_daemon_bounce.eml"))
    url = reverse("desk:mail")
    assert client.get(url).status_code == 302  # staff only
    client.force_login(staff_user("viewer"))
    page = client.get(url).content.decode()
    assert "someone@example.org" in page and "boundary is missing" in page
    assert "kofi.mensah@gmail.com" not in page  # the default list is the failed mail
    everything = client.get(url + "?outcome=all").content.decode()
    assert "kofi.mensah@gmail.com" in everything and "bounce (multipart/report; delivery-status)" in everything
    ignored = client.get(url + "?outcome=ignored").content.decode()
    assert "mailer-daemon@mx1.example.net" in ignored and "someone@example.org" not in ignored


def test_the_mbox_reader_cuts_as_the_plain_line_reader_did(tmp_path, monkeypatch):
    """mbox_messages reads a megabyte at a time with bytes.find; on random mboxes (separators after blank and
    non-blank lines, escaped From lines, CRLF, an unfinished last line) it cuts exactly as a line loop does,
    whatever the chunk size."""
    import random
    import re

    from storydesk.channels.email import files

    escaped = re.compile(rb"^>(>*From )")

    def line_reader(path):
        lines, previous_blank, found = [], True, []
        for line in path.read_bytes().splitlines(keepends=True):
            if line.startswith(b"From ") and previous_blank:
                if lines:
                    found.append(lines)
                lines = []
            else:
                lines.append(escaped.sub(rb"\1", line))
            previous_blank = not line.strip()
        if lines and any(line.strip() for line in lines):
            found.append(lines)
        return [b"".join(ls[:-1] if ls and not ls[-1].strip() else ls) for ls in found]

    pieces = [b"From a b\n", b"\n", b"  \n", b">From x\n", b">>From y\n", b"From z\n", b"text\n", b"From ", b"x",
              b"\r\n", b"From q\r\n", b"a\na\n"]
    rng = random.Random(18)
    path = tmp_path / "random.mbox"
    for chunk in (1, 3, 64):
        monkeypatch.setattr(files, "_CHUNK", chunk)
        for _ in range(300):
            path.write_bytes(b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))))
            assert [m.data for m in mbox_messages(path)] == line_reader(path)
