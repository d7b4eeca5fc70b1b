"""Mail prepared in a pool of processes (STORYDESK_INTAKE_PROCESSES) and committed in order: the same stories as
one process makes, nothing twice on a re-read, and a bad message in the middle of a batch only fails itself."""
from __future__ import annotations

import dataclasses
import mailbox as stdlib_mailbox

import pytest

from storydesk.actions.base import Actor
from storydesk.channels.email import receive
from storydesk.channels.email.files import mbox_messages
from storydesk.channels.email.poll import poll_inbox
from storydesk.channels.email.receive import prepared_ahead, receive_mail
from storydesk.cli import main
from storydesk.models import Campaign, MailMessage, Story
from tests.channels.email import mail_files

# Every fixture, in name order: malformed_mime.eml (a message whose parts can't be separated) is the 11th of 20.
FIXTURES = sorted(path.name for path in mail_files.FIXTURES.glob("*.eml"))


@pytest.fixture
def pooled(settings, process_pool):
    settings.STORYDESK_INTAKE_PROCESSES = 2


def load(name: str) -> bytes:
    return mail_files.load(name, in_reply_to="not-one-of-ours@example.org")


def write_mbox(path, names) -> None:
    box = stdlib_mailbox.mbox(str(path))
    for name in names:
        box.add(load(name))
    box.flush()
    box.close()


def snapshot(campaign: Campaign) -> list[tuple]:
    """What the desk made of each message, comparable across campaigns."""
    rows = []
    for mail in MailMessage.objects.filter(campaign=campaign).select_related("story").order_by("source_key"):
        story = mail.story
        photos = tuple(story.photos.order_by("position").values_list("sha256", "format", "width", "height")) \
            if story else ()
        rows.append((mail.source_key, mail.outcome, mail.reason, mail.error, story and story.answer,
                     story and story.status, story and story.participant_language, photos,
                     story and story.contributor.email))
    return rows


def test_a_pooled_read_makes_the_same_stories_as_one_process(campaign, tmp_path, outbox, pooled):
    path = tmp_path / "all.mbox"
    write_mbox(path, FIXTURES)
    assert "malformed_mime.eml" in FIXTURES[5:-5]  # in the middle of the batch, not at an end
    other = Campaign.objects.create(slug="pooled", name=campaign.name, organiser=campaign.organiser,
                                    handle=campaign.handle, config=campaign.config, source_path=campaign.source_path)
    actor = Actor.cli()
    for raw in mbox_messages(path):
        receive_mail(raw, campaign=campaign, actor=actor)  # one process, no pool
    for (_, raw), prepared in prepared_ahead(((None, raw) for raw in mbox_messages(path)), other):
        assert prepared is not None or raw is None or not receive.needs_preparing(raw, other)
        receive_mail(raw, campaign=other, actor=actor, prepared=prepared)

    serial, pool = snapshot(campaign), snapshot(other)
    assert len(serial) == len(FIXTURES) and serial == pool
    failed = [row for row in pool if row[1] == "failed"]
    assert any("malformed MIME" in row[3] for row in failed)


def test_an_mbox_read_again_in_a_pool_adds_nothing(campaign, tmp_path, capsys, outbox, pooled):
    path = tmp_path / "all.mbox"
    write_mbox(path, FIXTURES)
    assert main(["ingest", "mbox", str(path)]) == 1  # one failed
    first = capsys.readouterr().out
    stories, records = Story.objects.count(), MailMessage.objects.count()
    assert f"{len(FIXTURES)} messages read:" in first and ", 1 failed" in first
    assert f"mbox:{path}#{FIXTURES.index('malformed_mime.eml') + 1}: malformed MIME" in first

    assert main(["ingest", "mbox", str(path)]) == 1
    again = capsys.readouterr().out
    assert "0 became or completed stories, 0 ignored, 1 failed" in again  # the failed one is tried again
    assert f"{len(FIXTURES) - 1} already known" in again
    assert (Story.objects.count(), MailMessage.objects.count()) == (stories, records)


def test_a_bug_on_one_pooled_message_fails_it_alone(campaign, tmp_path, capsys, outbox, pooled, monkeypatch):
    """A bug of ours (not the message's) inside a pool process: that message is recorded as failed with the
    error, and the messages after it are read as usual."""
    parse_mail = receive.parse_mail

    def broken_on_latin1(msg, raw, limits):
        if b"latin1" in raw.lower() or b"iso-8859-1" in raw.lower():
            raise RuntimeError("a bug of ours")
        return parse_mail(msg, raw, limits)

    monkeypatch.setattr(receive, "parse_mail", broken_on_latin1)  # before the pool forks: its processes have it
    names = [name for name in FIXTURES if name != "malformed_mime.eml"]
    path = tmp_path / "all.mbox"
    write_mbox(path, names)
    main(["ingest", "mbox", str(path)])
    out = capsys.readouterr().out
    bugs = MailMessage.objects.filter(error="RuntimeError: a bug of ours")
    assert bugs.exists() and bugs.count() < len(names)
    assert f"{len(names)} messages read:" in out
    assert MailMessage.objects.count() == len(names)
    assert MailMessage.objects.filter(outcome="processed").count() > len(names) // 2


def test_an_imap_batch_is_prepared_in_a_pool_and_filed_as_before(campaign, mailbox, outbox, pooled):
    names = FIXTURES[:12]
    assert "malformed_mime.eml" in names
    mailbox.append(*(load(name) for name in names))
    config = dataclasses.replace(mailbox.config, batch_size=12)
    report = poll_inbox(campaign=campaign, actor=Actor.cli(), config=config)
    assert (report.read, report.failed, report.interrupted) == (12, 1, "")
    assert mailbox.count("INBOX") == 0
    assert mailbox.count("storydesk/failed") == 1 and mailbox.count("storydesk/processed") == 11
    again = poll_inbox(campaign=campaign, actor=Actor.cli(), config=config)
    assert again.read == 0 and MailMessage.objects.count() == 12
