"""X's recent search as the API answers it: newest first, since_id and start_time, max_results 10–100, an
opaque next_token per page, authors and media in `includes`, and only for our bearer token."""
from __future__ import annotations

import datetime as dt

from tests.channels.social.conftest import fixture
from tests.channels.social.platform_server import Answer, Seen

TOKEN = "x-bearer"
X_EPOCH_MS = 1288834974657


def snowflake(when: dt.datetime, sequence: int = 0) -> str:
    return str(((int(when.timestamp() * 1000) - X_EPOCH_MS) << 22) + sequence)


def tweet(path: str, base: str, minutes_ago: float, sequence: int = 0, **fields) -> dict:
    """A recorded tweet, posted `minutes_ago` (recent search only reaches 7 days back), with its own id."""
    when = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago)
    data = fixture(f"x/{path}", base, **fields)
    data["id"] = snowflake(when, sequence)
    data["created_at"] = when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return data


class RecentSearch:
    def __init__(self, base: str, tweets: list[dict] | None = None):
        includes = fixture("x/includes.json", base)
        self.media = {m["media_key"]: m for m in includes["media"]}
        self.users = {u["id"]: u for u in includes["users"]}
        self.tweets = list(tweets or [])

    def add(self, *tweets: dict) -> None:
        self.tweets.extend(tweets)

    def __call__(self, seen: Seen) -> Answer:
        if seen.headers.get("authorization") != f"Bearer {TOKEN}":
            return Answer(401, fixture("x/error_unauthorized.json"))
        size = int(seen.arg("max_results") or 10)
        if not 10 <= size <= 100:
            message = "The `max_results` query parameter value is not between 10 and 100"
            return Answer(400, {"errors": [{"parameters": {"max_results": [str(size)]}, "message": message}],
                                "title": "Invalid Request",
                                "detail": "One or more parameters to your request was invalid.",
                                "type": "https://api.twitter.com/2/problems/invalid-request"})
        hits = sorted(self.tweets, key=lambda t: int(t["id"]), reverse=True)
        if seen.arg("since_id"):
            hits = [t for t in hits if int(t["id"]) > int(seen.arg("since_id"))]
        if seen.arg("until_id"):
            hits = [t for t in hits if int(t["id"]) < int(seen.arg("until_id"))]
        if seen.arg("start_time"):
            hits = [t for t in hits if t["created_at"] >= seen.arg("start_time").replace("Z", ".000Z")]
        start = int(seen.arg("next_token").removeprefix("b26v89c19zqg8o3f") or 0) if seen.arg("next_token") else 0
        page = hits[start:start + size]
        meta = {"result_count": len(page)}
        if page:
            meta.update(newest_id=page[0]["id"], oldest_id=page[-1]["id"])
        if start + size < len(hits):
            meta["next_token"] = f"b26v89c19zqg8o3f{start + size}"
        if not page:
            return Answer(json={"meta": meta})
        keys = [k for t in page for k in (t.get("attachments") or {}).get("media_keys", [])]
        # X leaves out an author it can't show (suspended, say): the tweet arrives without its user.
        includes = {"users": list({t["author_id"]: self.users[t["author_id"]] for t in page
                                   if t["author_id"] in self.users}.values())}
        if keys:
            includes["media"] = [self.media[k] for k in keys if k in self.media]
        return Answer(json={"data": page, "includes": includes, "meta": meta})
