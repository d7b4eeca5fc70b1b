"""An Instagram Graph edge as Meta pages it (a hashtag's recent_media, the account's tags): newest first,
`limit` per page, opaque `after` cursors, a `next` link until the last page, and only for our token."""
from __future__ import annotations

import base64

from tests.channels.social.conftest import fixture
from tests.channels.social.platform_server import Answer, Seen

TOKEN = "ig-token"


def cursor_at(offset: int) -> str:
    """The opaque `after` cursor of the page that starts at this offset."""
    return base64.b64encode(f"offset:{offset}".encode()).decode()


class Edge:
    def __init__(self, base: str, path: str, media: list[dict] | None = None):
        self.base, self.path, self.media = base, path, list(media or [])

    def add(self, *media: dict) -> None:
        self.media.extend(media)

    def __call__(self, seen: Seen) -> Answer:
        if seen.headers.get("authorization") != f"Bearer {TOKEN}" or "access_token" in seen.query:
            return Answer(400, fixture("instagram/error_token_expired.json"))
        limit = min(int(seen.arg("limit") or 25), 50)
        start = int(base64.b64decode(seen.arg("after")).decode().split(":")[1]) if seen.arg("after") else 0
        ordered = sorted(self.media, key=lambda m: m["timestamp"], reverse=True)
        page = ordered[start:start + limit]
        cursors = {"before": cursor_at(start), "after": cursor_at(start + len(page))}
        body = {"data": page, "paging": {"cursors": cursors}}
        if start + limit < len(ordered):
            # Meta's own next link carries the token in its query: we must never follow it as it is.
            body["paging"]["next"] = (f"{self.base}{self.path}?access_token={TOKEN}&limit={limit}"
                                      f"&after={cursor_at(start + len(page))}")
        return Answer(json=body)
