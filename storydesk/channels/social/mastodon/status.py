"""A Mastodon status (the API's JSON) as a Post."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from storydesk.channels.email.html_text import html_to_text
from storydesk.channels.social.post import Media, Post, web_url

MEDIA_KINDS = {"image": "image", "gifv": "gifv", "video": "video", "audio": "audio"}


class BadStatus(ValueError):
    """A status without the fields every status has."""


def post_from_status(status: dict, server: str) -> Post:
    """`server` is the base URL it was read from: a local account's `acct` has no server part."""
    if not isinstance(status, dict):
        raise BadStatus("not an object")
    if isinstance(status.get("reblog"), dict):
        status = status["reblog"]  # a boost: the story is the boosted post
    uri, account = status.get("uri"), status.get("account")
    if not isinstance(uri, str) or not uri or not isinstance(account, dict) or not isinstance(account.get("acct"), str):
        raise BadStatus(f"status {status.get('id')!r} has no uri or account")
    acct = account["acct"]
    if "@" not in acct:
        acct = f"{acct}@{urlsplit(server).hostname}"
    return Post(
        channel="mastodon",
        key=uri,
        url=web_url(status.get("url")) or web_url(uri),
        text=html_to_text(_text(status.get("content"))).text,
        author_handle="@" + acct,
        author_name=_text(account.get("display_name")),
        profile_url=web_url(account.get("url")),
        created_at=_time(status.get("created_at")),
        media=tuple(_media(item) for item in status.get("media_attachments") or () if isinstance(item, dict)),
        language=_text(status.get("language")),
        is_reply=status.get("in_reply_to_id") is not None,
        raw=status,
    )


def id_order(status_id: str) -> tuple[int, str]:
    """Mastodon ids are strings of digits that grow with time; longer is newer."""
    return len(status_id), status_id


def _media(item: dict) -> Media:
    kind = MEDIA_KINDS.get(_text(item.get("type")), "other")
    # `url` is the server's own copy; a remote post not cached yet only has `remote_url`.
    return Media(kind=kind, url=_text(item.get("url")) or _text(item.get("remote_url")),
                 description=_text(item.get("description")))


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _time(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
