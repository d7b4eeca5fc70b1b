"""Instagram hashtags and their weekly budget: an account may query 30 unique hashtags in a rolling 7 days.
A hashtag counts from its first query for 7 days (queries in between are free and don't restart its clock),
so every use is recorded, a use that would be the 31st is refused before any call is made, and the hashtag's
id — static and global — is looked up once and kept instead of spending a search on every poll."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from storydesk.actions.social import hashtag_looked_up, hashtag_used
from storydesk.channels.social.errors import MALFORMED, RATE_LIMIT, PlatformError
from storydesk.models import InstagramHashtag
from storydesk.platforms.instagram.client import Graph

WINDOW = dt.timedelta(days=7)


def hashtag_id(client: Graph, account_id: str, name: str, *, per_week: int) -> str:
    """The id to read this hashtag's media by, counted against the week's budget. Raises PlatformError
    (the week's budget is used up) or GraphError (from the call)."""
    name = name.lstrip("#").casefold()
    now = timezone.now()
    # One Instagram poll runs at a time (the poll lease), so counting then writing can't race another poll.
    row = InstagramHashtag.objects.filter(account_id=account_id, name=name).first()
    new_window = row is None or row.window_started_at <= now - WINDOW
    if new_window:
        _check_budget(account_id, name, per_week, now)
    row = hashtag_used(account_id, name, new_window=new_window)
    if not row.hashtag_id:
        found = client.get("/ig_hashtag_search", params={"user_id": account_id, "q": name}, expect=_is_search)
        ids = [item["id"] for item in found["data"] if isinstance(item, dict) and isinstance(item.get("id"), str)]
        if not ids:
            raise PlatformError(MALFORMED, f"Instagram found no hashtag #{name} (is it spelt right in the campaign "
                                "file, or one Instagram hides?)", detail=str(found)[:300])
        hashtag_looked_up(row, ids[0])
    return row.hashtag_id


def week_usage(account_id: str) -> list[InstagramHashtag]:
    """The hashtags counting against this account's budget now, oldest first."""
    return list(InstagramHashtag.objects.filter(account_id=account_id,
                                                window_started_at__gt=timezone.now() - WINDOW)
                .order_by("window_started_at"))


def _check_budget(account_id: str, name: str, per_week: int, now: dt.datetime) -> None:
    counting = week_usage(account_id)
    if len(counting) < per_week:
        return
    frees_at = counting[0].window_started_at + WINDOW
    names = ", ".join(f"#{row.name}" for row in counting[:5]) + (" …" if len(counting) > 5 else "")
    raise PlatformError(
        RATE_LIMIT,
        f"Instagram lets an account query {per_week} different hashtags in 7 days, and this account has queried "
        f"{len(counting)} since {timezone.localtime(counting[0].window_started_at):%Y-%m-%d %H:%M} ({names}); "
        f"#{name} would be one more, so we didn't ask. The first of them frees up at "
        f"{timezone.localtime(frees_at):%Y-%m-%d %H:%M}.",
        retry_at=max(frees_at, now))


def _is_search(data: dict) -> bool:
    return isinstance(data.get("data"), list)
