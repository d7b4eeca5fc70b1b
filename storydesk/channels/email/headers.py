"""Reading a message's headers safely: any charset, encoded words, broken dates, missing Message-IDs."""
from __future__ import annotations

import codecs
import datetime as dt
import email
import email.parser
import email.policy
import hashlib
import re
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from storydesk.text import clean_text

_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_SPACE = re.compile(r"\s+")
MAX_KEY_LENGTH = 250

# What mail programs write versus what they mean (WHATWG: ISO-8859-1 and ASCII labels mean windows-1252).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-8-i": "iso-8859-8", "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "shift_jis": "cp932", "x-sjis": "cp932",
    "windows-874": "cp874", "x-mac-roman": "mac_roman", "macintosh": "mac_roman", "utf8": "utf-8",
}


def read_message(raw: bytes) -> Message:
    """Parse leniently (compat32): defects are recorded on the message instead of raised."""
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text in the declared charset; if that is unknown or wrong, UTF-8, then windows-1252; never fails."""
    name = (charset or "").strip().strip('"').lower()
    tried = []
    if name and name not in ("us-ascii", "ascii"):
        tried.append(_CHARSET_ALIASES.get(name, name))
    tried += ["utf-8", "cp1252"]  # undeclared or "ASCII" text is most often UTF-8 from a phone
    for encoding in tried:
        try:
            codecs.lookup(encoding)
            return data.decode(encoding)
        except (LookupError, ValueError):  # ValueError: any UnicodeError ("undefined"), a NUL in the name
            continue
    return data.decode("latin-1")  # maps every byte: the last resort cannot fail


def header_text(msg: Message, name: str) -> str:
    """A header as readable text on one line ('' when absent): RFC 2047 words and raw 8-bit decoded."""
    return decode_words(raw_header(msg, name))


def raw_header(msg: Message, name: str) -> str:
    """The header as it arrived (raw 8-bit bytes decoded, encoded words not), '' when absent.

    Read through raw_items(): the policy's own access replaces raw 8-bit bytes with U+FFFD.
    """
    wanted = name.lower()
    value = next((str(v) for k, v in msg.raw_items() if k.lower() == wanted), None)
    if value is None:
        return ""
    value = value.replace("\x00", "")  # never stored (PostgreSQL refuses NUL), never meaningful in a header
    if any("\udc80" <= ch <= "\udcff" for ch in value):  # raw 8-bit bytes, kept as surrogates by the parser
        value = decode_bytes(value.encode("ascii", "surrogateescape"), "utf-8")
    return value


def decode_words(value: str) -> str:
    try:
        chunks = decode_header(value)
    except Exception:  # a malformed encoded word: the undecoded text beats losing the header
        chunks = [(value, None)]
    text = "".join(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk for chunk, charset in chunks)
    # No control characters: an encoded word can hide a NUL, which PostgreSQL refuses to store.
    return clean_text(_SPACE.sub(" ", text))


def sender(msg: Message) -> tuple[str, str]:
    """(display name, address in lower case) from From; ('', '') when there is no usable address."""
    raw = raw_header(msg, "From")
    for name, address in getaddresses([raw]) if raw else ():
        address = address.strip().lower()
        if "@" in address and " " not in address and len(address) <= 254:
            return decode_words(name).strip(' "\''), address
    return "", ""


def message_id(msg: Message) -> str:
    """The Message-ID without its angle brackets, or '' when there is none."""
    value = raw_header(msg, "Message-ID").strip()
    found = _MESSAGE_ID.search(value)
    if found:
        return found.group(1)
    return value if value and " " not in value else ""


def referenced_ids(msg: Message) -> tuple[str, ...]:
    """The Message-IDs this message answers (In-Reply-To, then References), newest first."""
    ids = _MESSAGE_ID.findall(raw_header(msg, "In-Reply-To"))
    ids += reversed(_MESSAGE_ID.findall(raw_header(msg, "References")))
    return tuple(dict.fromkeys(ids))


def source_key(msg: Message, raw: bytes) -> str:
    """The Message-ID (or a hash of it when very long), else a hash of the raw bytes."""
    mid = message_id(msg)
    if mid and len(mid) <= MAX_KEY_LENGTH:
        return mid
    return "sha256:" + hashlib.sha256(mid.encode("utf-8", "surrogateescape") if mid else raw).hexdigest()


def sent_at(msg: Message) -> dt.datetime | None:
    """The Date header as an aware datetime, or None when missing, unreadable or implausible."""
    value = raw_header(msg, "Date")
    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = dt.datetime.now(dt.UTC)
    if when > now + dt.timedelta(days=1) or when.year < 2000:
        return None
    return when


def read_header(raw: bytes) -> Message:
    """The header alone, as read_message would read it (the body is left unparsed): enough for the source key,
    the facts recorded of a message and telling machine mail, at a fraction of the cost."""
    end = _header_end(raw, 64 * 1024)
    if end < 0:
        end = _header_end(raw, len(raw))  # a very long header (or none at all): look on
    head = raw[:end + 4] if end >= 0 else raw  # to the blank line and no further: the body is never copied
    return email.parser.BytesParser(policy=email.policy.compat32).parsebytes(head, headersonly=True)


def _header_end(raw: bytes, within: int) -> int:
    ends = [at for at in (raw.find(b"\n\n", 0, within), raw.find(b"\r\n\r\n", 0, within)) if at >= 0]
    return min(ends) if ends else -1
