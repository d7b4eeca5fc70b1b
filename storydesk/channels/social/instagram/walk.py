"""Reading an Instagram edge that lists media newest first and pages only forward, by `after` cursor
(a hashtag's recent_media, the account's tags).

There is no "since" to ask for, so the mark is the newest media of the last finished walk: each poll reads
from the top and stops where it reaches the mark. A walk longer than one poll keeps its `after` cursor and
its top in the feed's cursor and goes on from there next time; the mark moves to the top only once the
walk has reached the old mark, so no media between them is ever skipped.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator

from storydesk.channels.social.connector import Page, Skipped, cursor_state
from storydesk.channels.social.instagram.media import BadMedia, media_time
from storydesk.channels.social.post import Post
from storydesk.platforms.instagram.client import Graph

PAGE_SIZE = 50  # the most recent_media returns in one page


def walk(client: Graph, path: str, params: dict, cursor: str, limit: int,
         to_post: Callable[[dict], Post], label: str) -> Iterator[Page]:
    state = cursor_state(cursor)
    mark = _Mark.of(state.get("mark"))
    progress = state.get("walk") or {"after": "", "top": None}
    top = _Mark.of(progress.get("top"))
    taken = 0
    while taken < limit:
        query = {**params, "limit": PAGE_SIZE}
        if progress.get("after"):
            query["after"] = progress["after"]
        answer = client.get(path, params=query, expect=_is_page)
        items = [item for item in answer["data"] if isinstance(item, dict)]
        posts, skipped, reached = [], [], False
        for item in items:
            if mark.covers(item):
                reached = True  # the rest is older: read by an earlier walk
                continue
            try:
                posts.append(to_post(item))
            except BadMedia as bad:
                skipped.append(Skipped(f"{label} sent a media object we couldn't read", f"{bad}: {str(item)[:300]}"))
        top = top if top.at else _Mark.newest(items)
        taken += len(items)
        after = _after(answer)
        if items and after and not reached:
            progress = {"after": after, "top": top.dump()}
            yield Page(posts, json.dumps({"mark": mark.dump(), "walk": progress}), skipped)
            continue
        # The walk reached the old mark (or the end): next time, only what is newer than this walk's top.
        yield Page(posts, json.dumps({"mark": (top if top.at else mark).dump(), "walk": None}), skipped)
        return


class _Mark:
    """The newest media of a walk: its time, and the ids at that very second (several can share one)."""

    def __init__(self, at: dt.datetime | None, ids: tuple[str, ...] = ()):
        self.at, self.ids = at, ids

    @classmethod
    def of(cls, data) -> _Mark:
        if not isinstance(data, dict):
            return cls(None)
        try:
            at = dt.datetime.fromisoformat(str(data.get("at")))
        except ValueError:
            return cls(None)
        return cls(at, tuple(str(i) for i in data.get("ids") or ()))

    @classmethod
    def newest(cls, items: list[dict]) -> _Mark:
        timed = [(media_time(item), item.get("id")) for item in items]
        times = [at for at, _ in timed if at is not None]
        if not times:
            return cls(None)
        newest = max(times)
        return cls(newest, tuple(str(i) for at, i in timed if at == newest))

    def covers(self, item: dict) -> bool:
        at = media_time(item)
        if self.at is None or at is None:
            return False
        return at < self.at or (at == self.at and str(item.get("id")) in self.ids)

    def dump(self) -> dict | None:
        return {"at": self.at.isoformat(), "ids": list(self.ids)} if self.at else None


def _after(data: dict) -> str:
    """The next page's cursor; a page without a `next` link is the last one."""
    paging = data.get("paging")
    if not isinstance(paging, dict) or not paging.get("next"):
        return ""
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, dict) else None
    return after if isinstance(after, str) else ""


def _is_page(data: dict) -> bool:
    return isinstance(data.get("data"), list)
