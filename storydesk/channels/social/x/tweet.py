"""A page of X's recent search (tweets, with their authors and media in `includes`) as Posts."""
from __future__ import annotations

import datetime as dt
import re

from storydesk.channels.social.connector import Skipped
from storydesk.channels.social.post import Media, Post, web_url

SITE = "https://x.com"
KINDS = {"photo": "image", "video": "video", "animated_gif": "gifv"}
# X appends a t.co link to the media to a tweet's text; with the media kept, it is noise in the answer.
_TRAILING_LINKS = re.compile(r"(?:\s*https://t\.co/\w+)+\s*$")


def posts_from_search(data: dict) -> tuple[list[Post], list[Skipped]]:
    includes = data.get("includes") if isinstance(data.get("includes"), dict) else {}
    users = {u["id"]: u for u in includes.get("users") or () if isinstance(u, dict) and isinstance(u.get("id"), str)}
    media = {m["media_key"]: m for m in includes.get("media") or ()
             if isinstance(m, dict) and isinstance(m.get("media_key"), str)}
    posts, skipped = [], []
    for tweet in data.get("data") or ():
        author = users.get(tweet.get("author_id")) if isinstance(tweet, dict) else None
        if not (isinstance(tweet, dict) and isinstance(tweet.get("id"), str) and isinstance(tweet.get("text"), str)
                and author and isinstance(author.get("username"), str)):
            skipped.append(Skipped("X sent a post we couldn't read", f"no id, text or author: {str(tweet)[:300]}"))
            continue
        posts.append(_post(tweet, author, media))
    return posts, skipped


def _post(tweet: dict, author: dict, media: dict[str, dict]) -> Post:
    username = author["username"]
    keys = (tweet.get("attachments") or {}).get("media_keys") or ()
    attached = tuple(_media(media[key]) for key in keys if key in media)
    text = _TRAILING_LINKS.sub("", tweet["text"]) if attached else tweet["text"]
    return Post(
        channel="x",
        key=tweet["id"],
        url=f"{SITE}/{username}/status/{tweet['id']}",
        text=text,
        author_handle=f"@{username}",
        author_name=author.get("name") if isinstance(author.get("name"), str) else "",
        profile_url=f"{SITE}/{username}",
        created_at=_time(tweet.get("created_at")),
        media=attached,
        language=tweet.get("lang") if isinstance(tweet.get("lang"), str) else "",
        is_reply=bool(tweet.get("in_reply_to_user_id")),
        raw={"tweet": tweet, "author": author, "media": [media[key] for key in keys if key in media]},
    )


def _media(item: dict) -> Media:
    kind = KINDS.get(item.get("type"), "other")
    # A photo has its `url`; a video only a preview image, which is not the author's photo.
    url = item.get("url") if kind == "image" else item.get("preview_image_url")
    return Media(kind, web_url(url), item.get("alt_text") if isinstance(item.get("alt_text"), str) else "")


def _time(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
