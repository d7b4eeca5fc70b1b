"""Mastodon: the campaign hashtag's timeline on each configured server, and permission requests sent as
replies (or direct messages) from the campaign's own account.

A server only knows the posts that reached it, so several are read; a post has its own id on each server
but one URI everywhere, and the URI is its source key, so the same post read twice is one story.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

from django.conf import settings

from storydesk.channels.social.api import ApiClient, ApiResponse, host_of
from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.connector import Asked, Misconfigured, NotConfigured, Page, Reply, Skipped
from storydesk.channels.social.errors import CONFIG, MALFORMED, PlatformError
from storydesk.channels.social.mastodon.status import BadStatus, id_order, post_from_status
from storydesk.channels.social.post import mentions_keyword, web_url
from storydesk.channels.social.ratelimit import RequestBudget
from storydesk.models import Campaign, PermissionRequest

PAGE_SIZE = 40  # the most a timeline page holds
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?([\w-]+)"?')


class MastodonConnector:
    channel = "mastodon"
    label = "Mastodon"

    def __init__(self, *, account_server: str, token: str, servers: list[str], hashtag: str,
                 start: dt.date | None, ask_by: str, requests_per_window: int):
        self.account_server, self.token, self.hashtag = account_server, token, hashtag
        self.servers = list(dict.fromkeys([account_server, *servers]))  # the account's server first
        self.start, self.ask_by = start, ask_by
        self.requests_per_window = requests_per_window
        self._clients: dict[str, ApiClient] = {}

    @classmethod
    def build(cls, campaign: Campaign, config: SocialConfig) -> MastodonConnector:
        section = config.platform("mastodon")
        base = settings.STORYDESK_MASTODON_API_BASE
        if not base and settings.STORYDESK_MASTODON_ACCESS_TOKEN:
            raise Misconfigured("STORYDESK_MASTODON_ACCESS_TOKEN is set but STORYDESK_MASTODON_API_BASE isn't: set it "
                                "to the address of the server where that token's account lives")
        if not base:
            raise NotConfigured("Mastodon intake needs STORYDESK_MASTODON_API_BASE: the address of the server "
                                "where the campaign's account lives, e.g. https://mastodon.social")
        servers = [str(s).rstrip("/") for s in section.get("servers", ())]
        bad = [s for s in [base, *servers] if urlsplit(s).scheme not in ("http", "https") or not urlsplit(s).netloc]
        if bad:
            raise Misconfigured(f"Mastodon servers must be full addresses like https://mastodon.social, not {bad[0]!r}")
        ask_by = section.get("ask_by", "reply")
        if ask_by not in ("reply", "direct"):
            raise Misconfigured('[social.mastodon] ask_by must be "reply" or "direct"')
        return cls(account_server=base, token=settings.STORYDESK_MASTODON_ACCESS_TOKEN, servers=servers,
                   hashtag=config.hashtag, start=campaign.spec.start, ask_by=ask_by,
                   requests_per_window=settings.STORYDESK_MASTODON_REQUESTS_PER_5_MIN)

    def summary(self) -> str:
        asking = "asks by " + self.ask_by if self.token else "can't ask (no STORYDESK_MASTODON_ACCESS_TOKEN)"
        return f"#{self.hashtag} on {', '.join(host_of(s) for s in self.servers)}; {asking}"

    # --- reading the hashtag -------------------------------------------------------------------------

    def feeds(self) -> list[str]:
        return [f"{server} #{self.hashtag}" for server in self.servers]

    def fetch(self, feed: str, cursor: str, limit: int) -> Iterator[Page]:
        server = feed.rsplit(" #", 1)[0]
        client = self._client(server)
        path = f"/api/v1/timelines/tag/{quote(self.hashtag, safe='')}"
        # With min_id the server pages forward from the cursor: each page is the posts right after it.
        min_id = cursor or self._first_id()
        url, params = path, {"limit": PAGE_SIZE, "min_id": min_id}
        taken = 0
        while taken < limit:
            response = client.get(url, params=params, expect=_is_list)
            statuses = [s for s in response.data if isinstance(s, dict) and isinstance(s.get("id"), str)]
            if not statuses:
                return
            posts, skipped = [], []
            for status in sorted(statuses, key=lambda s: id_order(s["id"])):
                try:
                    posts.append(post_from_status(status, server))
                except BadStatus as bad:
                    skipped.append(Skipped(f"{self.label} at {host_of(server)} sent a post we couldn't read",
                                           f"{bad}: {str(status)[:300]}"))
            newest = max((s["id"] for s in statuses), key=id_order)
            taken += len(statuses)
            yield Page(posts, newest, skipped)
            if len(response.data) < PAGE_SIZE:
                return  # a short page: nothing newer yet
            newer = _link(response, "prev")  # Mastodon's "prev" link is the next page forward (min_id)
            if newer and client.same_server(newer):
                url, params = newer, None
            else:
                url, params = path, {"limit": PAGE_SIZE, "min_id": newest}

    def _first_id(self) -> str:
        """Mastodon ids are snowflakes (milliseconds << 16), so the campaign's first day is an id: the first
        poll starts there instead of at the start of time."""
        if self.start is None:
            return "0"
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)
        return str(int(start.timestamp() * 1000) << 16)

    # --- asking for permission -----------------------------------------------------------------------

    def why_cannot_ask(self, raw: dict) -> str:
        if not self.token:
            return ("Asking on Mastodon needs the campaign's account: set STORYDESK_MASTODON_ACCESS_TOKEN "
                    "(a token with write:statuses and read:statuses from the account's Development settings)")
        if not isinstance(raw.get("uri"), str):
            return "We kept no address for this post, so we can't reply to it"
        return ""

    def target(self, raw: dict) -> dict:
        return {"uri": raw.get("uri", "")}

    def ask(self, request: PermissionRequest) -> Asked:
        client = self._client(self.account_server)
        local = self._local_status(client, request.target.get("uri", ""))
        author = local["account"]["acct"]
        # The campaign's words usually name the author ("Hello @kofi@mastodon.social"), which is the mention
        # that notifies them; otherwise the mention goes in front.
        text = request.message if request.author_handle in request.message else f"@{author} {request.message}"
        body = {"status": text, "in_reply_to_id": local["id"],
                "visibility": "direct" if self.ask_by == "direct" else "public"}
        # The same key makes a retried send (a lost answer) return the first post instead of posting twice.
        headers = {"Idempotency-Key": f"storydesk-permission-{request.pk}"}
        response = client.post("/api/v1/statuses", json_body=body, headers=headers, expect=_is_status)
        return Asked(ref={"status_id": response.data["id"], "post_id": local["id"], "author_acct": author},
                     url=web_url(response.data.get("url")))

    def find_reply(self, request: PermissionRequest) -> Reply | None:
        client = self._client(self.account_server)
        post_id = request.request_ref.get("post_id")
        if not post_id:
            return None
        path = f"/api/v1/statuses/{quote(str(post_id), safe='')}/context"
        context = client.get(path, expect=lambda d: isinstance(d, dict) and isinstance(d.get("descendants"), list))
        author = str(request.request_ref.get("author_acct", "")).casefold()
        since = request.sent_at - dt.timedelta(minutes=5) if request.sent_at else None
        for status in context.data["descendants"]:
            try:
                post = post_from_status(status, self.account_server)
            except BadStatus:
                continue
            by_author = status["account"]["acct"].casefold() == author
            if by_author and mentions_keyword(post.text, request.keyword) and (
                    since is None or post.created_at is None or post.created_at >= since):
                return Reply(url=post.url, text=post.text, at=post.created_at)
        return None

    def _local_status(self, client: ApiClient, uri: str) -> dict:
        """The post as the account's own server knows it (its local id is what a reply points at)."""
        if not uri:
            raise PlatformError(CONFIG, "We kept no address for this post, so we can't reply to it")
        found = client.get("/api/v2/search", params={"q": uri, "type": "statuses", "resolve": "true", "limit": 1},
                           expect=lambda d: isinstance(d, dict) and isinstance(d.get("statuses"), list))
        statuses = [s for s in found.data["statuses"] if _is_status(s) and isinstance(s.get("account"), dict)
                    and isinstance(s["account"].get("acct"), str)]
        if not statuses:
            raise PlatformError(MALFORMED, f"{self.label} at {host_of(self.account_server)} couldn't find the post "
                                "(deleted, or its server blocks ours?), so we can't reply to it", detail=uri)
        return statuses[0]

    # --- plumbing ------------------------------------------------------------------------------------

    def _client(self, server: str) -> ApiClient:
        if server not in self._clients:
            own = server == self.account_server and self.token
            self._clients[server] = ApiClient(
                server, label=f"{self.label} at {host_of(server)}",
                auth_hint=("Make a new access token for the campaign's account and set "
                           "STORYDESK_MASTODON_ACCESS_TOKEN." if own else
                           "This server may only show its hashtag timelines to its own users: "
                           "remove it from [social.mastodon] servers."),
                budget=RequestBudget(f"social-mastodon:{host_of(server)}", self.requests_per_window,
                                     label=f"{self.label} at {host_of(server)}"),
                # Our token belongs to our own server only: another server would refuse it.
                headers={"Authorization": f"Bearer {self.token}"} if own else None,
            )
        return self._clients[server]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()


def _link(response: ApiResponse, rel: str) -> str:
    for url, name in _LINK.findall(response.headers.get("link", "")):
        if name == rel:
            return url
    return ""


def _is_list(data) -> bool:
    return isinstance(data, list)


def _is_status(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("id"), str)
