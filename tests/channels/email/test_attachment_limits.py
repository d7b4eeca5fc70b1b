"""A message's attachments are checked cheapest first: a repeat is recognised by its hash, and past the photo cap
or the message's pixel budget nothing more is decoded; the sender is told what was not read."""
from __future__ import annotations

import io

import pytest
from django.core import mail
from PIL import Image

from storydesk.actions import intake
from storydesk.actions.base import Actor
from storydesk.channels.email import parse
from storydesk.channels.email.receive import RawMail, receive_mail
from storydesk.models import MailMessage, Story
from storydesk.photos.inspect import PhotoLimits
from tests.channels.email import mail_files


def png(size: tuple[int, int], shade: int = 128, *, grain_rows: int = 0) -> bytes:
    """One shade, with some rows of grain on top so a large one has the bytes a real photo of its size has."""
    picture = Image.new("L", size, shade)
    if grain_rows:
        picture.paste(Image.effect_noise((size[0], grain_rows), 60).convert("L"), (0, 0))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def with_attachments(*files: bytes, message_id: str = "many@example.org") -> bytes:
    parts = b"".join(
        b"--b\nContent-Type: image/png; name=\"IMG_%d.png\"\nContent-Disposition: attachment; "
        b"filename=\"IMG_%d.png\"\nContent-Transfer-Encoding: base64\n\n%s\n" % (n, n, mail_files.base64_lines(data))
        for n, data in enumerate(files, 1))
    return (f"From: Ama Owusu <ama.owusu@example.org>\nTo: stories@heforshe.example\nSubject: My photo\n"
            f"Date: Mon, 9 Mar 2020 09:00:00 +0000\nMessage-ID: <{message_id}>\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
            "Equality matters to me because my daughters deserve the same chances as my sons.\n\n"
            ).encode() + parts + b"--b--\n"


def counting_inspections(monkeypatch) -> list[str]:
    """The real inspect_photo, counted each time e-mail intake asks it to decode an attachment."""
    calls: list[str] = []
    real = parse.inspect_photo

    def counted(data, filename=None, limits=PhotoLimits()):
        calls.append(filename)
        return real(data, filename, limits)

    monkeypatch.setattr(parse, "inspect_photo", counted)
    return calls


def test_forty_copies_of_one_large_png_are_decoded_once(campaign, monkeypatch):
    calls = counting_inspections(monkeypatch)
    # Intake takes the parser's check along instead of decoding the photo again.
    monkeypatch.setattr(intake, "inspect_photo", lambda *a, **k: pytest.fail("intake decoded the photo again"))
    raw = with_attachments(*[png((4000, 3000), grain_rows=40)] * 40)
    result = receive_mail(RawMail(raw, "eml:test"), campaign=campaign, actor=Actor.system())
    assert result.outcome == "processed"
    assert calls == ["IMG_1.png"]
    assert Story.objects.get().photos.count() == 1
    listed = Story.objects.get().submissions.get().raw["attachments"]
    assert [a.get("problem") for a in listed] == [None] + ["repeated"] * 39


def test_past_the_photo_cap_nothing_more_is_decoded_and_the_sender_is_told(campaign, monkeypatch):
    calls = counting_inspections(monkeypatch)
    raw = with_attachments(*[png((500, 500), shade) for shade in range(13)])
    receive_mail(RawMail(raw, "eml:test"), campaign=campaign, actor=Actor.system())
    assert len(calls) == parse.MAX_PHOTOS and Story.objects.get().photos.count() == parse.MAX_PHOTOS
    listed = Story.objects.get().submissions.get().raw["attachments"]
    assert [a.get("problem") for a in listed[-3:]] == ["too_many"] * 3
    [reply] = mail.outbox
    assert "IMG_11.png: We take up to 10 photos from one email, so we didn't open this file or any after it." in (
        reply.body)


def test_a_message_over_its_pixel_budget_says_the_rest_were_not_read(campaign, monkeypatch):
    calls = counting_inspections(monkeypatch)
    limits = PhotoLimits(max_pixels=1_000_000)  # a budget of 2,000,000 pixels for the message
    raw = with_attachments(png((800, 1000), 10), png((800, 1000), 20), png((800, 1000), 30), png((800, 1000), 40))
    receive_mail(RawMail(raw, "eml:test"), campaign=campaign, actor=Actor.system(), limits=limits)
    assert calls == ["IMG_1.png", "IMG_2.png"]
    story = Story.objects.get()
    assert story.photos.count() == 2
    assert [a.get("problem") for a in story.submissions.get().raw["attachments"]] == [
        None, None, "pixel_budget", "pixel_budget"]
    [reply] = mail.outbox
    assert ("IMG_3.png: Together these photos are larger than we can open from one email, so we didn't open this "
            "file or any after it.") in reply.body
    assert "IMG_4.png" not in reply.body  # said once, for the first file left unread
    assert MailMessage.objects.get().outcome == "processed"
