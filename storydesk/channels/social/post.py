"""A public post as every platform connector hands it over, and what of it becomes a story's answer."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from storydesk.text import clean_text

PHOTO_KINDS = ("image",)


@dataclass(frozen=True)
class Media:
    kind: str  # "image", "video", "gifv", "audio", "other"
    url: str
    description: str = ""  # the author's alt text


@dataclass(frozen=True)
class Post:
    channel: str  # "mastodon", "bluesky"
    key: str  # the post's id across the whole platform (a Mastodon status URI, an at:// URI)
    url: str  # where a person reads it
    text: str  # the caption as plain text, hashtags and mentions still in
    author_handle: str  # "@alice@mastodon.social", "@alice.bsky.social"
    author_name: str = ""
    profile_url: str = ""
    created_at: dt.datetime | None = None
    media: tuple[Media, ...] = ()
    language: str = ""
    is_reply: bool = False
    raw: dict = field(default_factory=dict, compare=False, repr=False)  # the platform's own JSON

    @property
    def source_key(self) -> str:
        return f"{self.channel}:{self.key}"

    @property
    def photos(self) -> tuple[Media, ...]:
        return tuple(m for m in self.media if m.kind in PHOTO_KINDS)

    @property
    def hashtags(self) -> list[str]:
        return _TAG.findall(self.text)

    @property
    def mentions(self) -> list[str]:
        return _MENTION.findall(self.text)


# A hashtag, and a mention with or without its server (@alice, @alice@mastodon.social, @alice.bsky.social).
_TAG = re.compile(r"(?<![\w#])#(\w+)", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@])@[\w.-]+(?:@[\w.-]+)?", re.UNICODE)
_TOKEN = re.compile(r"(?<![\w#@])(?:#\w+|@[\w.-]+(?:@[\w.-]+)?)", re.UNICODE)


def answer_text(text: str) -> str:
    """The caption as a story's answer: runs of hashtags and mentions at the start or end of a line go;
    one inside a sentence keeps its word without the # or @ (and a mention loses its server), so the
    sentence still reads. The raw post keeps them all."""
    lines = []
    for line in clean_text(text).split("\n"):
        tokens = list(_TOKEN.finditer(line))
        start, end = 0, len(line)
        for match in tokens:  # leading run
            if line[start:match.start()].strip(" \t,;:·|-–—"):
                break
            start = match.end()
        for match in reversed(tokens):  # trailing run
            if match.end() <= start or line[match.end():end].strip(" \t,;:·|-–—.!"):
                break
            end = match.start()
        core = line[start:end] if start < end else ""
        core = _TOKEN.sub(lambda m: _bare(m.group(0)), core)
        lines.append(re.sub(r"[ \t]{2,}", " ", core).strip(" \t,;:·|-–—"))
    return clean_text("\n".join(lines))


def _bare(token: str) -> str:
    if token.startswith("#"):
        return token[1:]
    return token[1:].split("@", 1)[0]  # "@alice@mastodon.social" → "alice"


def web_url(value) -> str:
    """The address if it is an http(s) one, else "": a post's links end up as links on the desk, and a
    `javascript:` address from a hostile server must never be one."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value if value.lower().startswith(("https://", "http://")) and len(value) <= 500 else ""


def mentions_keyword(text: str, keyword: str) -> bool:
    """Does this reply carry the campaign's keyword (e.g. #YesHeForShe), in any case, as a whole tag?"""
    keyword = keyword.strip()
    if not keyword.lstrip("#"):
        return False
    return re.search(rf"(?<![\w#]){re.escape(keyword)}(?!\w)", text, re.IGNORECASE) is not None
