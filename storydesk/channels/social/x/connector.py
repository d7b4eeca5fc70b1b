"""X (API v2): the campaign hashtag through recent search, read with the app's bearer token, under a daily
cap because X bills every post read. Off unless STORYDESK_X_BEARER_TOKEN is set.

Polling follows X's own pattern: each walk asks for posts after `since_id`, newest first, paging with
`next_token` (the same since_id on every page); the walk's newest id becomes the next since_id only once the
walk is done, so an interrupted walk goes on below the oldest post it read and nothing between is skipped.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from storydesk.channels.social.api import ApiClient, host_of
from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.connector import Asked, Misconfigured, NotConfigured, Page, Reply, cursor_state
from storydesk.channels.social.errors import CONFIG, PlatformError
from storydesk.channels.social.ratelimit import RequestBudget
from storydesk.channels.social.x.cap import DailyCap
from storydesk.channels.social.x.tweet import posts_from_search
from storydesk.models import Campaign, PermissionRequest

SEARCH = "/2/tweets/search/recent"
PAGE_SIZE = 100  # the most max_results allows
REQUESTS_PER_15_MIN = 450  # recent search's app limit
RECENT = dt.timedelta(days=7) - dt.timedelta(minutes=5)  # recent search reaches 7 days back, not a second more
X_EPOCH_MS = 1288834974657  # X ids are snowflakes: milliseconds since this, shifted left 22 bits
NO_REPLY = ("storydesk reads X with the app's bearer token, and replying on X needs the campaign account's own "
            "sign-in (OAuth user context), which storydesk doesn't have, so it can't ask here. Ask the author on "
            "X yourself; when they say yes, record the consent on this story.")


class XConnector:
    channel = "x"
    label = "X"

    def __init__(self, *, base: str, token: str, hashtag: str, account: str, start: dt.date | None, daily_cap: int):
        self.hashtag, self.account, self.start = hashtag, account.lstrip("@"), start
        self.cap = DailyCap(self.channel, daily_cap)
        self.client = ApiClient(
            base, label=f"X ({host_of(base)})",
            auth_hint="Make a new bearer token for the app in the X developer portal and set STORYDESK_X_BEARER_TOKEN.",
            budget=RequestBudget(f"social-x:{host_of(base)}", REQUESTS_PER_15_MIN, label="X", window=15 * 60),
            headers={"Authorization": f"Bearer {token}"})

    @classmethod
    def build(cls, campaign: Campaign, config: SocialConfig) -> XConnector:
        if not settings.STORYDESK_X_BEARER_TOKEN:
            raise NotConfigured("X intake needs STORYDESK_X_BEARER_TOKEN (the app's bearer token); it stays off "
                                "without it because X bills every post read")
        if settings.STORYDESK_X_DAILY_READ_CAP < 10:
            raise Misconfigured(f"STORYDESK_X_DAILY_READ_CAP is {settings.STORYDESK_X_DAILY_READ_CAP}: X intake "
                                "needs at least 10 (the smallest page X returns)")
        section = config.platform("x")
        return cls(base=settings.STORYDESK_X_API_BASE, token=settings.STORYDESK_X_BEARER_TOKEN, hashtag=config.hashtag,
                   account=str(section.get("account", config.account)), start=campaign.spec.start,
                   daily_cap=settings.STORYDESK_X_DAILY_READ_CAP)

    def summary(self) -> str:
        return (f"#{self.hashtag} by recent search; {self.cap.read_today()} of {self.cap.cap} posts read today (UTC); "
                "permission can't be asked on X")

    # --- reading the hashtag -------------------------------------------------------------------------

    def feeds(self) -> list[str]:
        return [f"#{self.hashtag}"]

    def fetch(self, feed: str, cursor: str, limit: int) -> Iterator[Page]:
        state = cursor_state(cursor)
        since_id = state.get("since_id") if _recent(state.get("since_id")) else ""
        progress = state.get("walk") or {}
        top = progress.get("top") or ""
        # One query for the whole poll, its pages chained by next_token; a walk the poll leaves unfinished
        # goes on next time below the oldest post it read (until_id), as a new query: a next_token is only
        # good for the very query it came from, and a start_time of days ago may be out of reach by then.
        query = self._query(since_id, progress.get("until_id") or "")
        next_token, taken = "", 0
        while taken < limit:
            params = {**query, "max_results": min(PAGE_SIZE, self.cap.allowance())}
            if next_token:
                params["next_token"] = next_token
            response = self.client.get(SEARCH, params=params, expect=_is_search)
            tweets = [t for t in response.data.get("data") or () if isinstance(t, dict)]
            self.cap.read(len(tweets))  # billed when returned, whether or not it becomes a story
            posts, skipped = posts_from_search(response.data)
            meta = response.data["meta"]
            top = top or str(meta.get("newest_id") or "")
            taken += len(tweets)
            next_token = meta.get("next_token") if isinstance(meta.get("next_token"), str) else ""
            if tweets and next_token:
                oldest = str(meta.get("oldest_id") or min((str(t.get("id")) for t in tweets), key=_id_order))
                yield Page(posts, json.dumps({"since_id": since_id, "walk": {"until_id": oldest, "top": top}}), skipped)
                continue
            yield Page(posts, json.dumps({"since_id": top or since_id, "walk": None}), skipped)
            return

    def _query(self, since_id: str, until_id: str) -> dict:
        query = {
            # Retweets repeat someone's post; the campaign's own posts are never stories: neither is worth paying for.
            "query": f"#{self.hashtag} -is:retweet" + (f" -from:{self.account}" if self.account else ""),
            "expansions": "attachments.media_keys,author_id",
            "media.fields": "url,type,preview_image_url,alt_text",
            "user.fields": "username,name",
            "tweet.fields": "created_at,lang,author_id,attachments,in_reply_to_user_id",
        }
        if since_id:
            query["since_id"] = since_id
        else:
            query["start_time"] = self._start_time()
        if until_id:
            query["until_id"] = until_id
        return query

    def _start_time(self) -> str:
        earliest = timezone.now() - RECENT
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC) if self.start else earliest
        return max(start, earliest).strftime("%Y-%m-%dT%H:%M:%SZ")

    # --- asking for permission -----------------------------------------------------------------------

    def why_cannot_ask(self, raw: dict) -> str:
        return NO_REPLY

    def target(self, raw: dict) -> dict:
        return {"tweet_id": (raw.get("tweet") or {}).get("id", "")}

    def ask(self, request: PermissionRequest) -> Asked:
        raise PlatformError(CONFIG, NO_REPLY)

    def find_reply(self, request: PermissionRequest) -> Reply | None:
        return None  # no request is ever sent on X (see NO_REPLY)

    def close(self) -> None:
        self.client.close()


def _recent(since_id) -> bool:
    """Is this post id inside recent search's 7 days? An older since_id is refused by X, so after a long pause
    the next walk starts from 7 days back instead (and the source keys recognise what was read)."""
    if not isinstance(since_id, str) or not since_id.isdigit():
        return False
    posted = dt.datetime.fromtimestamp(((int(since_id) >> 22) + X_EPOCH_MS) / 1000, dt.UTC)
    return posted > timezone.now() - RECENT


def _id_order(post_id: str) -> tuple[int, str]:
    return len(post_id), post_id


def _is_search(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("meta"), dict) and isinstance(data.get("data", []), list)
