"""A Bluesky post view (app.bsky.feed.defs#postView) as a Post: the photos are in its embed view, either
app.bsky.embed.images#view or the media half of app.bsky.embed.recordWithMedia#view (a quote with photos)."""
from __future__ import annotations

import datetime as dt

from storydesk.channels.social.post import Media, Post

APP = "https://bsky.app"


class BadPostView(ValueError):
    """A post view without the fields every post view has."""


def post_from_view(view: dict) -> Post:
    if not isinstance(view, dict):
        raise BadPostView("not an object")
    uri, author, record = view.get("uri"), view.get("author"), view.get("record")
    if not (isinstance(uri, str) and uri.startswith("at://") and isinstance(author, dict)
            and isinstance(author.get("did"), str) and isinstance(author.get("handle"), str)
            and isinstance(record, dict)):
        raise BadPostView(f"post {uri!r} has no at:// uri, author or record")
    handle = author["handle"]
    langs = record.get("langs")
    return Post(
        channel="bluesky",
        key=uri,
        url=f"{APP}/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}",
        text=_text(record.get("text")),
        author_handle="@" + handle,
        author_name=_text(author.get("displayName")),
        profile_url=f"{APP}/profile/{handle}",
        created_at=_time(record.get("createdAt")) or _time(view.get("indexedAt")),
        media=embedded_media(view.get("embed")),
        language=langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else "",
        is_reply=isinstance(record.get("reply"), dict),
        raw=view,
    )


def embedded_media(embed) -> tuple[Media, ...]:
    if not isinstance(embed, dict):
        return ()
    kind = _text(embed.get("$type"))
    if kind == "app.bsky.embed.images#view":
        return tuple(Media("image", _text(image.get("fullsize")), _text(image.get("alt")))
                     for image in embed.get("images") or () if isinstance(image, dict) and image.get("fullsize"))
    if kind == "app.bsky.embed.video#view":
        return (Media("video", _text(embed.get("playlist")), _text(embed.get("alt"))),)
    if kind == "app.bsky.embed.recordWithMedia#view":
        return embedded_media(embed.get("media"))
    return ()  # a link card or a quoted post alone: no media of the author's


def indexed_at(view: dict) -> str:
    return _text(view.get("indexedAt")) if isinstance(view, dict) else ""


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _time(value) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
