"""An Instagram media object (the Graph API's JSON) as a Post: a photo, a video, or a carousel whose children
are photos and videos. Media found by hashtag carry no username, so their author is unknown until staff
open the post."""
from __future__ import annotations

import datetime as dt

from storydesk.channels.social.post import Media, Post, web_url

KINDS = {"IMAGE": "image", "VIDEO": "video", "REELS": "video"}
# Where a media object was found decides whether we may comment under it (see the connector).
TAGS, HASHTAG = "tags", "hashtag"


class BadMedia(ValueError):
    """A media object without the fields every one has."""


def post_from_media(media: dict, *, found_via: str) -> Post:
    if not isinstance(media, dict) or not isinstance(media.get("id"), str) or not media["id"]:
        raise BadMedia(f"media {media.get('id') if isinstance(media, dict) else media!r} has no id")
    username = _text(media.get("username"))
    return Post(
        channel="instagram",
        key=media["id"],
        url=web_url(media.get("permalink")),
        text=_text(media.get("caption")),
        author_handle=f"@{username}" if username else "",
        profile_url=f"https://www.instagram.com/{username}/" if username else "",
        created_at=media_time(media),
        media=tuple(_media(media)),
        # Kept beside the platform's JSON, which stays whole under "media".
        raw={"media": media, "found_via": found_via},
    )


def media_time(media: dict) -> dt.datetime | None:
    """Instagram's timestamps look like 2020-03-02T09:14:31+0000."""
    try:
        parsed = dt.datetime.fromisoformat(str(media.get("timestamp")).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _media(media: dict) -> list[Media]:
    if media.get("media_type") == "CAROUSEL_ALBUM":
        children = media.get("children")
        items = children.get("data") if isinstance(children, dict) else None
        return [_one(child) for child in items or () if isinstance(child, dict)]
    return [_one(media)]


def _one(item: dict) -> Media:
    # media_url is left out of media with copyrighted music or a copyright flag: nothing to download then.
    return Media(KINDS.get(_text(item.get("media_type")), "other"), _text(item.get("media_url")))


def _text(value) -> str:
    return value if isinstance(value, str) else ""
