"""Fuzzing the e-mail parser strangers reach: random MIME trees (nesting, forwarded messages, charsets true
and false, transfer encodings, photos whole and mutated, headers of any shape), built with Python's email
package, then sometimes cut short or with bytes flipped. The parser may refuse a message (MalformedMail)
but raise nothing else, and each example's Python memory stays bounded; through receive_mail every message
is recorded as processed, ignored or failed for a reason of ours. Crashers found are kept in
tests/fixtures/fuzz/email/ and replayed. FUZZ_EXAMPLES=N explores more (and at random)."""
from __future__ import annotations

import base64
import os
import quopri
import tracemalloc
from email.message import Message
from email.mime.multipart import MIMEMultipart
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storydesk.actions.base import Actor
from storydesk.channels.email import headers
from storydesk.channels.email.machine_mail import why_ignored
from storydesk.channels.email.parse import MalformedMail, parse_mail
from storydesk.channels.email.receive import RawMail, receive_mail
from storydesk.photos.inspect import PhotoLimits
from tests.photos.test_fuzz_inspect import mutated_photos, sample

CORPUS = Path(__file__).parents[2] / "fixtures" / "fuzz" / "email"
EXTRA = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXTRA or 600, deadline=3000, derandomize=not EXTRA,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
LIMITS = PhotoLimits(max_bytes=2 * 1024 * 1024, max_pixels=4_000_000, min_short_side=16)
PEAK_BYTES = 64 * 1024 * 1024  # Python allocations per message of at most a few hundred kB

CHARSETS = ["utf-8", "us-ascii", "iso-8859-1", "windows-1252", "koi8-r", "shift_jis", "iso-2022-jp", "gb2312",
            "utf-16", "utf-7", "big5", "iso-8859-8-i", "ks_c_5601-1987"]
# Declared but not what the bytes are, or not a text encoding at all (Python knows some of these as codecs).
FALSE_CHARSETS = ["x-unknown", "undefined", "idna", "punycode", "base64", "zlib", "rot13", "hex", "uu",
                  "unicode_escape", "", '"utf-8', "utf-8'en'"]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400)


def _encoded(data: bytes, encoding: str) -> str:
    if encoding == "base64":
        return base64.encodebytes(data).decode("ascii")
    if encoding == "quoted-printable":
        return quopri.encodestring(data).decode("ascii")
    return data.decode("ascii", "surrogateescape")  # 7bit/8bit: the bytes as they are


@st.composite
def text_parts(draw) -> Message:
    part = Message()
    subtype = draw(st.sampled_from(["plain", "html"]))
    text = draw(TEXT)
    if subtype == "html":
        text = draw(st.sampled_from(["<p>{}</p>", "<div><img src='cid:p1@x'>{}</div>", "{}", "<html><body>{}",
                                     "<style>{}</style><br>", "<a href='x'>{}</a><table><tr><td>x"])).format(text)
    charset = draw(st.sampled_from(CHARSETS))
    data = text.encode({"iso-8859-8-i": "iso-8859-8", "ks_c_5601-1987": "cp949"}.get(charset, charset), "replace")
    declared = draw(st.sampled_from([charset] * 3 + FALSE_CHARSETS))
    encoding = draw(st.sampled_from(["7bit", "8bit", "base64", "quoted-printable", "x-uuencode", "bogus"]))
    part["Content-Type"] = f'text/{subtype}; charset="{declared}"'
    part["Content-Transfer-Encoding"] = encoding
    if draw(st.integers(0, 4)) == 0:
        part["Content-Disposition"] = draw(st.sampled_from(['attachment; filename="notes.txt"', "inline",
                                                            "attachment; filename*=utf-8''%E2%9C%93.txt"]))
    part.set_payload(_encoded(data, encoding))
    return part


@st.composite
def photo_parts(draw) -> Message:
    data = draw(st.one_of(st.sampled_from(["JPEG", "PNG", "WEBP", "HEIF"]).map(sample), mutated_photos(),
                          st.binary(max_size=300), st.just(sample("JPEG", (400, 420)))))
    ctype = draw(st.sampled_from(["image/jpeg", "image/png", "image/heic", "image/webp",
                                  "application/octet-stream", "image/gif", "image/x-weird; name=\"a.jpg\""]))
    part = Message()
    part["Content-Type"] = ctype
    part["Content-Transfer-Encoding"] = draw(st.sampled_from(["base64", "base64", "8bit", "quoted-printable"]))
    name = draw(st.sampled_from(["photo.jpg", "=?utf-8?b?8J+Tty5qcGc=?=", "=?x-bad?q?f=FF?=", "a\"b.png", ""]))
    disposition = draw(st.sampled_from(["attachment", "inline", ""]))
    if disposition or name:
        part["Content-Disposition"] = f'{disposition or "attachment"}; filename="{name}"'
    if draw(st.booleans()):
        part["Content-ID"] = draw(st.sampled_from(["<p1@x>", "<>", "p2@x", "<" + "c" * 300 + ">"]))
    part.set_payload(_encoded(data, part["Content-Transfer-Encoding"]))
    return part


def _headers(draw, message: Message) -> None:
    name = draw(st.sampled_from(["Kofi Mensah", "Mensah, Kofi", "=?utf-8?q?K=C3=B6fi?=", "=?koi8-r?b?8MXU0dE=?=",
                                 "=?undefined?q?x?=", "\"\"", "<>", draw(TEXT)[:60]]))
    address = draw(st.sampled_from(["kofi@example.org", "", "not an address", "a@b@c", "@", "x" * 300 + "@e.org"]))
    optional = {
        "From": f'"{name}" <{address}>' if draw(st.booleans()) else address,
        "To": "stories@campaign.example",
        "Subject": draw(st.sampled_from(["My story", "=?utf-8?b?8J+Sqg==?=", "=?iso-2022-jp?b?GyRCJEgbKEI=?=",
                                         draw(TEXT)[:200]])),
        "Date": draw(st.sampled_from(["Tue, 16 Jun 2026 10:00:00 +0000", "yesterday", "Tue, 99 Foo 99999 99:99",
                                      "Mon, 1 Jan 1900 00:00:00 +0000", "Fri, 31 Dec 9999 23:59:59 -9999", ""])),
        "Message-ID": draw(st.sampled_from(["<m1@x>", "", "<>", "no brackets", "<" + "m" * 400 + "@x>"])),
        "In-Reply-To": draw(st.sampled_from(["<m0@x>", "<a@b> <c@d>", "<", ""])),
        "References": draw(st.sampled_from(["<m0@x> <m-1@x>", "<" * 50, ""])),
        "Auto-Submitted": draw(st.sampled_from(["no", "auto-replied", ""])),
        "X-Mailer": draw(st.sampled_from(["Apple Mail", ""])),
    }
    for key, value in optional.items():
        if value and draw(st.integers(0, 5)):
            message[key] = value


@st.composite
def mime_trees(draw, depth: int = 0) -> Message:
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        return draw(st.one_of(text_parts(), photo_parts()))
    kind = draw(st.sampled_from(["mixed", "alternative", "related", "rfc822", "signed"]))
    if kind == "rfc822":
        inner = draw(mime_trees(depth + 1))
        _headers(draw, inner)
        wrapper = Message()
        wrapper["Content-Type"] = "message/rfc822"
        wrapper.set_payload([inner])
        return wrapper
    container = MIMEMultipart(kind)
    # Drawn, not left to the generator: it would pick one with `random`, which Hypothesis can't replay.
    container.set_boundary(f"=={depth}-{draw(st.integers(0, 10**9))}==")
    for _ in range(draw(st.integers(0, 4))):
        container.attach(draw(mime_trees(depth + 1)))
    return container


@st.composite
def raw_mail(draw) -> bytes:
    message = draw(mime_trees())
    _headers(draw, message)
    try:
        raw = message.as_bytes()
    except (UnicodeError, LookupError, ValueError):  # a tree the email package itself can't write out
        raw = message.as_string().encode("utf-8", "surrogateescape")
    data = bytearray(raw)
    for _ in range(draw(st.integers(0, 3)) if draw(st.integers(0, 3)) == 0 else 0):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.integers(0, 5)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


def parse_within_bounds(raw: bytes) -> None:
    """Everything receive_mail asks of the parser, without the database."""
    tracemalloc.start()
    try:
        msg = headers.read_message(raw)
        headers.source_key(msg, raw)
        headers.sender(msg), headers.header_text(msg, "Subject"), headers.sent_at(msg)
        if not why_ignored(msg):
            parse_mail(msg, raw, LIMITS)
    except MalformedMail:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"{peak / 1e6:.0f} MB of Python memory for a {len(raw)}-byte message"


@pytest.mark.django_db  # why_ignored looks for the desk's own messages
@FUZZ
@given(raw_mail())
def test_any_message_is_read_or_refused_and_nothing_else(raw):
    parse_within_bounds(raw)


@settings(FUZZ, max_examples=EXTRA or 200)
@given(raw=raw_mail())
def test_receive_mail_records_every_message_for_a_reason_of_ours(raw, campaign, caplog):
    caplog.clear()
    result = receive_mail(RawMail(raw, "fuzz"), campaign=campaign, actor=Actor.system())  # the desk's limits
    assert result.outcome in ("processed", "ignored", "failed")
    # receive_mail logs a traceback only for a failure that is not the message's fault: a crash of ours.
    assert not [record for record in caplog.records if record.exc_info], result.detail


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.eml")), ids=lambda p: p.name)
def test_every_crasher_found_before_is_read_or_refused(path, campaign):
    parse_within_bounds(path.read_bytes())
    # …and recorded: on PostgreSQL too, which refuses a NUL that SQLite would store.
    result = receive_mail(RawMail(path.read_bytes(), f"eml:{path.name}"), campaign=campaign, actor=Actor.system())
    assert result.outcome in ("processed", "ignored", "failed"), result
