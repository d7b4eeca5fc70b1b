"""A Mastodon hashtag timeline as a server pages it: min_id/max_id/limit, newest first, with Link headers."""
from __future__ import annotations

from tests.channels.social.platform_server import Answer, Seen


def order(status_id: str) -> tuple[int, str]:
    return len(status_id), status_id


class Timeline:
    def __init__(self, base: str, path: str, statuses: list[dict] | None = None):
        self.base, self.path, self.statuses = base, path, list(statuses or [])

    def add(self, *statuses: dict) -> None:
        self.statuses.extend(statuses)

    def __call__(self, seen: Seen) -> Answer:
        limit = min(int(seen.arg("limit") or 20), 40)
        ordered = sorted(self.statuses, key=lambda s: order(s["id"]))
        if seen.arg("min_id") is not None:  # forward from min_id: the statuses immediately newer
            floor = order(seen.arg("min_id"))
            page = [s for s in ordered if order(s["id"]) > floor][:limit]
        else:
            ceiling = order(seen.arg("max_id")) if seen.arg("max_id") else None
            page = [s for s in ordered if ceiling is None or order(s["id"]) < ceiling][-limit:]
        page = list(reversed(page))  # newest first, as Mastodon sends them
        headers = {}
        if page:
            url = f"{self.base}{self.path}?limit={limit}"
            headers["Link"] = (f'<{url}&max_id={page[-1]["id"]}>; rel="next", '
                               f'<{url}&min_id={page[0]["id"]}>; rel="prev"')
        return Answer(json=page, headers=headers)
