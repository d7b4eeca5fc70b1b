"""One message → what a story needs: the sender, their answer, the photos, and the attachments we can't use.

Photos are attachments and inline (cid:) images in JPEG, PNG, WebP or HEIC, in the order the message
carries them, including those inside a forwarded message/rfc822. Every attachment is checked the same way
the web form checks an upload; the refusals are kept to tell the sender what went wrong.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parseaddr

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from storydesk.channels.email import authentication, headers
from storydesk.channels.email.answer import clean_answer, says_nothing, unwrap_plain
from storydesk.channels.email.html_text import html_to_text
from storydesk.channels.email.language import mail_language
from storydesk.incoming import AttachmentProblem, IncomingPhoto, IncomingStory
from storydesk.photos.inspect import (
    ACCEPTED_FORMATS,
    InspectedPhoto,
    PhotoLimits,
    PhotoRejected,
    inspect_photo,
    register_heif,
)

MAX_PHOTOS = 10
# Pixels one message may have decoded, in photos' worth of the pixel limit: the rest of its attachments wait.
PIXEL_BUDGET = 2
MAX_ANSWER_CHARS = 10_000
MAX_KEPT_TEXT = 20_000  # the body as it arrived, kept on the Submission so staff can see what was cut
# Parts that ride along with mail and are never meant as the photo: signatures, contact cards, invites.
_NOT_ATTACHMENTS = {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
                    "application/pgp-keys", "text/vcard", "text/x-vcard", "text/directory", "text/calendar",
                    "application/ics", "message/delivery-status", "message/disposition-notification"}
# Multipart defects that leave the parts unreadable (a missing or unmatched boundary).
_BROKEN_STRUCTURE = ("NoBoundaryInMultipartDefect", "StartBoundaryNotFoundDefect",
                     "MultipartInvariantViolationDefect")
# Refusals of a picture shown inside the text (logos, icons, emoji) that the sender doesn't need to hear about.
_QUIET_INLINE_CODES = {"too_small", "unsupported_type", "animated", "not_an_image"}


class MalformedMail(Exception):
    """A message we cannot read at all; the text says why, for the staff list of failed mail."""


@dataclass(frozen=True)
class ParsedMail:
    source_key: str
    message_id: str
    sender_name: str
    sender_address: str
    subject: str
    sent_at: dt.datetime | None
    answer: str
    photos: tuple[IncomingPhoto, ...]
    checked: tuple[InspectedPhoto, ...]  # inspect_photo's result for each photo, passed on to intake
    problems: tuple[AttachmentProblem, ...]
    references: tuple[str, ...]
    size_bytes: int
    sender_verified: bool = False  # our mail server proved the From address (authentication.py)
    language: str = ""  # the sender's, if one of ours (language.py)
    raw_summary: dict = field(default_factory=dict, compare=False)

    @property
    def reportable_problems(self) -> tuple[AttachmentProblem, ...]:
        return tuple(p for p in self.problems if p.tell_sender)

    def incoming_story(self, origin: str = "") -> IncomingStory:
        return IncomingStory(
            channel="email", source_key=self.source_key, answer=self.answer, photos=self.photos,
            first_name=first_name(self.sender_name), full_name=self.sender_name[:200], email=self.sender_address,
            received_at=self.sent_at, raw={**self.raw_summary, "origin": origin}, sender_verified=self.sender_verified,
            answer_expected=True,  # the reply asks for it
            participant_language=self.language,
        )


@dataclass
class _Part:
    part: Message
    filename: str
    content_type: str
    inline: bool


def parse_mail(msg: Message, raw: bytes, limits: PhotoLimits = PhotoLimits()) -> ParsedMail:
    """Raises MalformedMail when the message has no sender or its MIME structure can't be separated."""
    _check_structure(msg)
    name, address = headers.sender(msg)
    if not address:
        raise MalformedMail("no sender address in From, so there is nobody to reply to")
    text, kept_text, html_cids = _answer(msg)
    photos, checked, problems, listed = _photos(msg, html_cids, limits)
    inner = _forwarded_message(msg)
    summary = {
        "message_id": headers.message_id(msg), "from": address, "from_name": name,
        "to": headers.header_text(msg, "To")[:300], "subject": headers.header_text(msg, "Subject")[:300],
        "date": headers.header_text(msg, "Date")[:100], "size_bytes": len(raw), "attachments": listed,
        "text": kept_text[:MAX_KEPT_TEXT], "mailer": headers.header_text(msg, "X-Mailer")[:100]
        or headers.header_text(msg, "User-Agent")[:100],
    }
    summary["sender_verified"] = authentication.sender_verified(msg, address, settings.STORYDESK_MAIL_AUTHSERV_ID)
    if inner is not None:
        summary["forwarded_from"] = headers.sender(inner)[1]
    if says_nothing(text, name):  # a signature or a greeting is no answer: the reply asks for it
        text = ""
    if len(text) > MAX_ANSWER_CHARS:
        text, summary["answer_truncated"] = text[:MAX_ANSWER_CHARS], True
    return ParsedMail(
        source_key=headers.source_key(msg, raw), message_id=headers.message_id(msg), sender_name=name,
        sender_address=address, subject=summary["subject"], sent_at=headers.sent_at(msg), answer=text,
        photos=tuple(photos), checked=tuple(checked), problems=tuple(problems),
        references=headers.referenced_ids(msg),
        size_bytes=len(raw), raw_summary=summary,
        sender_verified=summary["sender_verified"],
        language=mail_language(msg, text, summary["subject"]),
    )


def first_name(display_name: str) -> str:
    """'Kofi Mensah' → 'Kofi'; Outlook's 'Mensah, Kofi' → 'Kofi'; an address or nothing → ''."""
    name = display_name.strip().strip('"\'')
    if not name or "@" in name:
        return ""
    if "," in name:
        name = name.split(",", 1)[1]
    words = name.split()
    return words[0][:100] if words else ""


def _check_structure(msg: Message) -> None:
    for part in msg.walk():
        broken = [type(d).__name__ for d in getattr(part, "defects", ()) if type(d).__name__ in _BROKEN_STRUCTURE]
        if broken or (part.get_content_maintype() == "multipart" and not part.is_multipart()):
            raise MalformedMail(
                f"malformed MIME: the {part.get_content_type()} part's boundary is missing or never appears "
                f"({', '.join(broken) or 'no parts'}), so its text and attachments can't be separated")


# --- the answer ---------------------------------------------------------------------------------

def _answer(msg: Message) -> tuple[str, str, tuple[str, ...]]:
    """(cleaned answer, the body text as it arrived, cids the HTML shows).

    The sender's words come first; the words of a message they forwarded (inline or attached as
    message/rfc822) follow, unless that message is the desk's own reply coming back.
    """
    ours = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    bodies, cids = _body_texts(msg)
    text = "\n".join(bodies)
    answers = [clean_answer(text, skip_forwards_from=ours)]
    inner = _forwarded_message(msg)
    if inner is not None and not (ours and headers.sender(inner)[1] == ours):
        inner_bodies, inner_cids = _body_texts(inner)
        cids += inner_cids
        inner_text = "\n".join(inner_bodies)
        answers.append(clean_answer(inner_text, skip_forwards_from=ours))
        text = f"{text}\n\n{inner_text}"
    return "\n\n".join(a for a in answers if a), text, cids


def _body_texts(part: Message) -> tuple[list[str], tuple[str, ...]]:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        return [], ()  # a forwarded message's words are used only when the sender wrote none (see _answer)
    if part.is_multipart():
        children = part.get_payload()
        if ctype == "multipart/alternative" and children:
            plain = [c for c in children if _has_plain_text(c)]
            children = [plain[0] if plain else children[-1]]
        texts, cids = [], ()
        for child in children:
            child_texts, child_cids = _body_texts(child)
            texts += child_texts
            cids += child_cids
        # The HTML alternative may be the one that shows the cid: images even when plain text was chosen.
        if ctype == "multipart/alternative":
            for child in part.get_payload():
                cids += _html_cids(child)
        return texts, cids
    if _is_attachment(part) or ctype not in ("text/plain", "text/html"):
        return [], ()
    text = _part_text(part)
    if ctype == "text/html":
        body = html_to_text(text)
        return [body.text], body.cids
    return [unwrap_plain(text)], ()


def _has_plain_text(part: Message) -> bool:
    if part.get_content_type() == "message/rfc822":
        return False
    if part.is_multipart():
        return any(_has_plain_text(child) for child in part.get_payload())
    return part.get_content_type() == "text/plain" and not _is_attachment(part)


def _html_cids(part: Message) -> tuple[str, ...]:
    if part.get_content_type() == "message/rfc822":
        return ()
    if part.is_multipart():
        return tuple(cid for child in part.get_payload() for cid in _html_cids(child))
    if part.get_content_type() == "text/html" and not _is_attachment(part):
        return html_to_text(_part_text(part)).cids
    return ()


def _part_text(part: Message) -> str:
    data = part.get_payload(decode=True) or b""
    return headers.decode_bytes(data, part.get_content_charset())


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", "")).split(";", 1)[0].strip().lower()
    return disposition == "attachment" or bool(part.get_filename())


def _forwarded_message(msg: Message) -> Message | None:
    for part in msg.walk():
        if part is not msg and part.get_content_type() == "message/rfc822" and part.is_multipart():
            payload = part.get_payload()
            if payload:
                return payload[0]
    return None


# --- the photos ---------------------------------------------------------------------------------

def _photos(msg: Message, html_cids: tuple[str, ...], limits: PhotoLimits):
    """Cheap checks come before any decoding: a repeat (by hash), one past the cap, or one past the message's
    pixel budget (read from its header) is never decoded; past the cap or the budget, nothing more is."""
    photos: list[IncomingPhoto] = []
    checked: list[InspectedPhoto] = []
    problems: list[AttachmentProblem] = []
    listed: list[dict] = []
    seen: set[bytes] = set()
    pixels_left = PIXEL_BUDGET * limits.max_pixels
    stopped, told = "", False  # why the rest is not read; whether the sender has been told
    for candidate in _candidates(msg, set(html_cids)):
        data = candidate.part.get_payload(decode=True) or b""
        entry = {"filename": candidate.filename, "content_type": candidate.content_type, "bytes": len(data),
                 "inline": candidate.inline}
        listed.append(entry)
        digest = hashlib.sha256(data).digest()
        if digest in seen:
            entry["problem"] = "repeated"  # the same picture attached twice (inline and as attachment)
            continue
        seen.add(digest)
        if not stopped and len(photos) >= MAX_PHOTOS:
            stopped = "too_many"
        pixels = 0 if stopped else _pixels_to_decode(data, limits)
        if not stopped and pixels > pixels_left:
            stopped = "pixel_budget"
        if stopped:
            entry["problem"] = stopped
            if not told and not candidate.inline:  # said once, for the first attachment left unread
                problems.append(AttachmentProblem(candidate.filename, stopped, _not_read(stopped)))
                told = True
            continue
        pixels_left -= pixels
        try:
            checked.append(inspect_photo(data, candidate.filename, limits))
        except PhotoRejected as rejected:
            quiet = candidate.inline and rejected.code in _QUIET_INLINE_CODES
            problems.append(AttachmentProblem(candidate.filename, rejected.code, rejected.message, not quiet))
            entry["problem"] = rejected.code
            continue
        photos.append(IncomingPhoto(data, candidate.filename))
        entry["used"] = True
    return photos, checked, problems, listed


def _pixels_to_decode(data: bytes, limits: PhotoLimits) -> int:
    """The pixels inspect_photo would decode, from the header alone; 0 when it would refuse without decoding."""
    if data[4:8] == b"ftyp":
        register_heif()  # only for HEIC-like files: loading the HEIF library costs time once
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            readable = image.format in ACCEPTED_FORMATS or image.format == "MPO"
    except Exception:  # not a picture Pillow can open (or a pixel bomb): inspect_photo refuses it unread
        return 0
    pixels = width * height
    return pixels if readable and pixels <= limits.max_pixels else 0


def _not_read(code: str) -> str:
    if code == "too_many":
        return _("We take up to %(max)s photos from one email, so we didn't open this file or any after it. "
                 "If your campaign photo is among them, please send it in a new email.") % {"max": MAX_PHOTOS}
    return _("Together these photos are larger than we can open from one email, so we didn't open this file "
             "or any after it. If your campaign photo is among them, please send it in a new email.")


def _candidates(msg: Message, html_cids: set[str]):
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype in _NOT_ATTACHMENTS:
            continue
        if ctype in ("text/plain", "text/html") and not _is_attachment(part):
            continue  # body text
        content_id = str(part.get("Content-ID", "") or "").strip().strip("<>")
        disposition = str(part.get("Content-Disposition", "")).split(";", 1)[0].strip().lower()
        inline = content_id in html_cids or (disposition != "attachment" and bool(content_id))
        filename = headers.decode_words(part.get_filename() or "") or _default_name(ctype, content_id)
        yield _Part(part, filename[:200], ctype, inline)


def _default_name(content_type: str, content_id: str) -> str:
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic",
                 "image/heif": "heif"}.get(content_type, "bin")
    return f"{(content_id.split('@')[0] or 'attachment')[:60]}.{extension}"
