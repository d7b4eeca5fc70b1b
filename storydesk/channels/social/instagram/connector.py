"""Instagram (Graph API, a business account): media the campaign's account is tagged in, and the campaign
hashtag's recent media; permission requests as a reply under posts whose caption @mentions the account.

Instagram lets an app comment only under media that @mention its account (POST /{ig-user-id}/mentions), not
under media found by hashtag search nor photos it is merely tagged in. The tags feed is read first, so a post
that both tags the account and carries the hashtag is kept as found through the tags. Calls go through the one
Graph client (storydesk.platforms.instagram), whose usage budget publishing and the metrics poll share.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from django.conf import settings

from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.connector import Asked, Misconfigured, NotConfigured, Page, Reply
from storydesk.channels.social.errors import CONFIG, PlatformError
from storydesk.channels.social.instagram.hashtags import hashtag_id, week_usage
from storydesk.channels.social.instagram.media import HASHTAG, TAGS, media_time, post_from_media
from storydesk.channels.social.instagram.problems import LABEL, as_problems
from storydesk.channels.social.instagram.walk import walk
from storydesk.channels.social.post import mentions_keyword
from storydesk.models import Campaign, PermissionRequest
from storydesk.platforms.instagram.client import Graph

TAGS_FEED = "@tags"
MEDIA_FIELDS = "id,caption,media_type,media_url,permalink,timestamp,children{media_type,media_url}"
TAGS_FIELDS = MEDIA_FIELDS + ",username"  # hashtag results have no username; tagged media do
REPLY_FIELDS = "id,text,username,timestamp"
MAX_COMMENT = 2200  # Instagram's comment length


class InstagramConnector:
    channel = "instagram"
    label = LABEL

    def __init__(self, *, graph: Graph, account: str, hashtags: list[str], hashtags_per_week: int):
        self.account_id, self.hashtags, self.hashtags_per_week = graph.account_id, hashtags, hashtags_per_week
        self.account = account.lstrip("@")
        self.client = graph

    @classmethod
    def build(cls, campaign: Campaign, config: SocialConfig) -> InstagramConnector:
        token, account_id = settings.STORYDESK_INSTAGRAM_ACCESS_TOKEN, settings.STORYDESK_INSTAGRAM_ACCOUNT_ID
        if not (token and account_id):
            missing = " and ".join(name for name, value in (("STORYDESK_INSTAGRAM_ACCESS_TOKEN", token),
                                                           ("STORYDESK_INSTAGRAM_ACCOUNT_ID", account_id)) if not value)
            # One of the two set means someone meant to turn it on.
            off = Misconfigured if (token or account_id) else NotConfigured
            raise off(f"Instagram intake needs {missing}: the campaign's business account token and its "
                      "Instagram account id")
        if not account_id.isdigit():
            raise Misconfigured(f"STORYDESK_INSTAGRAM_ACCOUNT_ID must be the account's numeric Instagram id (from "
                                f"GET /me/accounts?fields=instagram_business_account), not {account_id!r}")
        section = config.platform("instagram")
        extra = [str(tag).lstrip("#").strip() for tag in section.get("hashtags", ())]
        hashtags = list(dict.fromkeys(tag for tag in [config.hashtag, *extra] if tag))
        return cls(graph=Graph.from_settings(), account=str(section.get("account", config.account)),
                   hashtags=hashtags, hashtags_per_week=settings.STORYDESK_INSTAGRAM_HASHTAGS_PER_WEEK)

    def summary(self) -> str:
        used = len(week_usage(self.account_id))
        return (f"account {self.account_id} (@{self.account}), tags and {', '.join('#' + t for t in self.hashtags)}; "
                f"{used} of {self.hashtags_per_week} hashtags used in the last 7 days")

    # --- reading -------------------------------------------------------------------------------------

    def feeds(self) -> list[str]:
        return [TAGS_FEED, *(f"#{tag}" for tag in self.hashtags)]

    def fetch(self, feed: str, cursor: str, limit: int) -> Iterator[Page]:
        with as_problems(self.client.label):
            if feed == TAGS_FEED:
                path, params, found_via = f"/{self.account_id}/tags", {"fields": TAGS_FIELDS}, TAGS
            else:
                tag_id = hashtag_id(self.client, self.account_id, feed.lstrip("#"), per_week=self.hashtags_per_week)
                path, found_via = f"/{tag_id}/recent_media", HASHTAG
                params = {"user_id": self.account_id, "fields": MEDIA_FIELDS}
            yield from walk(self.client, path, params, cursor, limit,
                            lambda media: post_from_media(media, found_via=found_via), self.client.label)

    # --- asking for permission -----------------------------------------------------------------------

    def why_cannot_ask(self, raw: dict) -> str:
        media = raw.get("media") if isinstance(raw.get("media"), dict) else {}
        if raw.get("found_via") == HASHTAG:
            return ("Instagram doesn't let apps comment on posts found by hashtag search, so we can't ask under "
                    "this one. Ask the author in a direct message on Instagram.")
        if not media.get("id") or not media.get("username"):
            return "We kept no reference to this Instagram post, so we can't reply to it"
        if not _mentions(str(media.get("caption") or ""), self.account):
            return (f"Instagram lets us reply only under posts whose caption @mentions @{self.account}; this one "
                    "only tags the account in the photo. Ask the author in a direct message on Instagram.")
        return ""

    def target(self, raw: dict) -> dict:
        media = raw["media"]
        return {"media_id": media["id"], "username": media["username"]}

    def ask(self, request: PermissionRequest) -> Asked:
        text = request.message
        if len(text) > MAX_COMMENT:
            raise PlatformError(CONFIG, f"The permission request is {len(text)} characters long and Instagram allows "
                                f"{MAX_COMMENT}: shorten [social] permission_request in the campaign file")
        # Graph has no idempotency key: a send whose answer is lost and is tried again may comment twice.
        with as_problems(self.client.label):
            posted = self.client.post(f"/{self.account_id}/mentions",
                                      params={"media_id": request.target["media_id"], "message": text},
                                      expect=lambda d: isinstance(d.get("id"), str))
        # A comment has no address of its own: it is seen under the post.
        return Asked(ref={"comment_id": posted["id"], "media_id": request.target["media_id"]},
                     url=request.post_url)

    def find_reply(self, request: PermissionRequest) -> Reply | None:
        comment_id = request.request_ref.get("comment_id")
        if not comment_id:
            return None
        with as_problems(self.client.label):
            replies = self.client.get(f"/{comment_id}/replies", params={"fields": REPLY_FIELDS},
                                      expect=lambda d: isinstance(d.get("data"), list))
        author = str(request.target.get("username", "")).casefold()
        since = request.sent_at - dt.timedelta(minutes=5) if request.sent_at else None
        for reply in replies["data"]:
            if not isinstance(reply, dict) or not isinstance(reply.get("text"), str):
                continue
            at = media_time(reply)
            if (str(reply.get("username", "")).casefold() == author and mentions_keyword(reply["text"], request.keyword)
                    and (since is None or at is None or at >= since)):
                return Reply(url=request.post_url, text=reply["text"], at=at)
        return None

    def close(self) -> None:
        self.client.close()


def _mentions(caption: str, account: str) -> bool:
    return re.search(rf"(?<![\w@])@{re.escape(account)}(?![\w.])", caption, re.IGNORECASE) is not None
