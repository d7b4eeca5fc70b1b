"""Bluesky: posts with the campaign hashtag (app.bsky.feed.searchPosts with `tag`), read while logged in with
an app password (unauthenticated search is often refused), and permission requests sent as replies.

Search pages run newest first and a cursor only walks back in time, so "what is new since the last poll"
is a walk: from the newest post back to the high-water mark, one page per step, the walk's cursor saved
after each page. Only when the walk reaches the mark does the mark move up to where the walk began; a poll
cut short (a limit, an error) resumes the walk instead of skipping what lies below it.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from storydesk.channels.social.api import ApiClient, host_of
from storydesk.channels.social.bluesky.post_view import APP, BadPostView, indexed_at, post_from_view
from storydesk.channels.social.bluesky.session import BlueskySession
from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.connector import Asked, Misconfigured, NotConfigured, Page, Reply, Skipped, cursor_state
from storydesk.channels.social.errors import CONFIG, PlatformError
from storydesk.channels.social.post import mentions_keyword
from storydesk.channels.social.ratelimit import RequestBudget
from storydesk.models import Campaign, PermissionRequest

PAGE_SIZE = 100  # the most searchPosts returns
MAX_GRAPHEMES = 300  # a post's text limit
REQUESTS_PER_5_MIN = 3000  # Bluesky's general limit per client address
# `since` compares Bluesky's sort time, which can trail the time it indexed a post: start each walk a little
# below the mark, and let the source keys recognise what was already taken.
OVERLAP = dt.timedelta(minutes=10)
THREAD_DEPTH = 10


class BlueskyConnector:
    channel = "bluesky"
    label = "Bluesky"

    def __init__(self, *, base: str, identifier: str, app_password: str, hashtag: str, start: dt.date | None):
        self.hashtag, self.start = hashtag, start
        client = ApiClient(base, label=f"{self.label} ({host_of(base)})",
                           auth_hint="Check STORYDESK_BLUESKY_IDENTIFIER and STORYDESK_BLUESKY_APP_PASSWORD (an app "
                                     "password from Settings → Privacy and security → App passwords).",
                           budget=RequestBudget(f"social-bluesky:{host_of(base)}", REQUESTS_PER_5_MIN,
                                                label=self.label))
        self.session = BlueskySession(client, identifier, app_password)

    @classmethod
    def build(cls, campaign: Campaign, config: SocialConfig) -> BlueskyConnector:
        identifier, password = settings.STORYDESK_BLUESKY_IDENTIFIER, settings.STORYDESK_BLUESKY_APP_PASSWORD
        if bool(identifier) != bool(password):
            only = "the identifier" if identifier else "the app password"
            raise Misconfigured("Bluesky intake needs both STORYDESK_BLUESKY_IDENTIFIER and "
                                f"STORYDESK_BLUESKY_APP_PASSWORD; only {only} is set")
        if not (identifier and password):
            raise NotConfigured("Bluesky intake needs the campaign account's STORYDESK_BLUESKY_IDENTIFIER (its "
                                "handle) and STORYDESK_BLUESKY_APP_PASSWORD (an app password)")
        return cls(base=settings.STORYDESK_BLUESKY_API_BASE, identifier=settings.STORYDESK_BLUESKY_IDENTIFIER,
                   app_password=settings.STORYDESK_BLUESKY_APP_PASSWORD, hashtag=config.hashtag,
                   start=campaign.spec.start)

    def summary(self) -> str:
        return f"#{self.hashtag} on {self.session.client.label}, as {self.session.identifier}"

    # --- reading the hashtag -------------------------------------------------------------------------

    def feeds(self) -> list[str]:
        return [f"#{self.hashtag}"]

    def fetch(self, feed: str, cursor: str, limit: int) -> Iterator[Page]:
        state = cursor_state(cursor)
        since = state.get("since") or (self.start.isoformat() if self.start else "")
        walk = state.get("walk") or {"cursor": "", "top": ""}
        taken = 0
        while taken < limit:
            params = {"q": f"#{self.hashtag}", "tag": self.hashtag, "sort": "latest", "limit": PAGE_SIZE}
            if since:
                params["since"] = since
            if walk["cursor"]:
                params["cursor"] = walk["cursor"]
            response = self.session.call("GET", "app.bsky.feed.searchPosts", params=params, expect=_is_search)
            views = response.data["posts"]
            posts, skipped = [], []
            for view in views:
                try:
                    posts.append(post_from_view(view))
                except BadPostView as bad:
                    skipped.append(Skipped(f"{self.label} sent a post we couldn't read", f"{bad}: {str(view)[:300]}"))
            top = walk["top"] or max((indexed_at(v) for v in views), default="")
            taken += len(views)
            next_cursor = response.data.get("cursor")
            if views and isinstance(next_cursor, str) and next_cursor:
                walk = {"cursor": next_cursor, "top": top}
                yield Page(posts, json.dumps({"since": since, "walk": walk}), skipped)
                continue
            # The walk reached the mark: next time, only what came after the newest post of this walk.
            yield Page(posts, json.dumps({"since": _below(top) or since, "walk": None}), skipped)
            return

    # --- asking for permission -----------------------------------------------------------------------

    def why_cannot_ask(self, raw: dict) -> str:
        if not (isinstance(raw.get("uri"), str) and isinstance(raw.get("cid"), str)):
            return "We kept no reference to this post, so we can't reply to it"
        return ""

    def target(self, raw: dict) -> dict:
        post = {"uri": raw["uri"], "cid": raw["cid"]}
        reply = (raw.get("record") or {}).get("reply")
        # A reply must name its thread's first post as root; a post that is itself a reply has one already.
        root = reply.get("root") if isinstance(reply, dict) and isinstance(reply.get("root"), dict) else post
        return {**post, "root": {"uri": root.get("uri"), "cid": root.get("cid")},
                "did": (raw.get("author") or {}).get("did", "")}

    def ask(self, request: PermissionRequest) -> Asked:
        text = request.message
        if len(text) > MAX_GRAPHEMES:
            raise PlatformError(CONFIG, f"The permission request is {len(text)} characters long and Bluesky "
                                f"allows {MAX_GRAPHEMES}: shorten [social] permission_request in the campaign file")
        target = request.target
        record = {"$type": "app.bsky.feed.post", "text": text,
                  "createdAt": timezone.now().isoformat().replace("+00:00", "Z"),
                  "reply": {"root": target["root"], "parent": {"uri": target["uri"], "cid": target["cid"]}}}
        facets = _tag_facets(text, request.keyword)
        if facets:
            record["facets"] = facets
        response = self.session.call(
            "POST", "com.atproto.repo.createRecord",
            json_body={"repo": self.session.did, "collection": "app.bsky.feed.post", "record": record},
            expect=lambda d: isinstance(d, dict) and isinstance(d.get("uri"), str))
        uri = response.data["uri"]
        return Asked(ref={"uri": uri, "cid": response.data.get("cid", "")},
                     url=f"{APP}/profile/{self.session.handle}/post/{uri.rsplit('/', 1)[-1]}")

    def find_reply(self, request: PermissionRequest) -> Reply | None:
        target = request.target
        response = self.session.call(
            "GET", "app.bsky.feed.getPostThread",
            params={"uri": target["uri"], "depth": THREAD_DEPTH, "parentHeight": 0},
            expect=lambda d: isinstance(d, dict) and isinstance(d.get("thread"), dict))
        since = request.sent_at - dt.timedelta(minutes=5) if request.sent_at else None
        for view in _replies(response.data["thread"]):
            try:
                post = post_from_view(view)
            except BadPostView:
                continue
            if view["author"]["did"] == target.get("did") and mentions_keyword(post.text, request.keyword) and (
                    since is None or post.created_at is None or post.created_at >= since):
                return Reply(url=post.url, text=post.text, at=post.created_at)
        return None

    def close(self) -> None:
        self.session.client.close()


def _replies(thread: dict) -> Iterator[dict]:
    """Every post below this one in the thread, depth first."""
    for child in thread.get("replies") or ():
        if isinstance(child, dict) and isinstance(child.get("post"), dict):
            yield child["post"]
            yield from _replies(child)


def _tag_facets(text: str, keyword: str) -> list[dict]:
    """Make the keyword a real hashtag in the reply (facets count bytes of the UTF-8 text)."""
    if not keyword.startswith("#"):
        return []
    encoded, wanted = text.encode(), keyword.encode()
    start = encoded.find(wanted)
    if start < 0:
        return []
    return [{"index": {"byteStart": start, "byteEnd": start + len(wanted)},
             "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": keyword[1:]}]}]


def _below(top: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(top.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return (moment - OVERLAP).astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _is_search(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("posts"), list)
