"""Instagram posts' likes, comments and reach on the dashboard, as the daily poll last read them.

Posts are chosen by when they went out (published_at in the date range). The channel filter does not apply:
a post is the campaign's own, whatever channel its story arrived on (the title says so)."""
from __future__ import annotations

from django.conf import settings
from django.db.models import F, Sum
from django.db.models.functions import Coalesce

from storydesk.insights.counts_from_stories import Filters
from storydesk.insights.table import Table
from storydesk.models import EngagementPoll, Publication, Target

COLUMNS = ("Post", "Likes", "Comments", "Reach", "Read at (UTC)")


class PostLink(str):
    """A cell that is plain text to the CSV, the chart and the report, and a link to the post on the desk."""

    url: str

    def __new__(cls, text: str, url: str) -> PostLink:
        cell = super().__new__(cls, text)
        cell.url = url
        return cell


def engagement(campaign, filters: Filters) -> Table:
    start, end = filters.window
    posts = Publication.objects.filter(story__campaign=campaign, target=Target.INSTAGRAM,
                                       published_at__gte=start, published_at__lt=end)
    found = list(posts.order_by("published_at", "pk").values(
        "pk", "published_at", "permalink", "story_id", name=F("story__display_name"), likes=F("engagement__likes"),
        comments=F("engagement__comments"), reach=F("engagement__reach"), read_at=F("engagement__read_at"),
        gone_at=F("engagement__gone_at"), problem=F("engagement__problem")))
    rows = [(_post(p), _n(p["likes"]), _n(p["comments"]), _n(p["reach"]), _read_at(p)) for p in found]
    if rows:
        # Reach adds up per post: someone who saw two posts counts twice in the total.
        totals = posts.aggregate(likes=Coalesce(Sum("engagement__likes"), 0),
                                 comments=Coalesce(Sum("engagement__comments"), 0),
                                 reach=Coalesce(Sum("engagement__reach"), 0))
        posts_read = f"{len(rows)} post{'s' if len(rows) != 1 else ''}"
        rows.append((f"Total ({posts_read})", totals["likes"], totals["comments"], totals["reach"], ""))
    return Table("engagement", "Instagram posts: likes, comments and reach (every channel)", COLUMNS, rows,
                 note=_note(bool(rows)))


def _post(p: dict) -> str:
    text = f"{p['name'] or 'Story ' + str(p['story_id'])}, {p['published_at']:%Y-%m-%d}"
    # Only an https address becomes a link: the permalink is what the platform answered, not ours.
    return PostLink(text, p["permalink"]) if p["permalink"].startswith("https://") else text


def _n(value) -> int | str:
    return "" if value is None else value  # not read yet: blank, not a made-up zero


def _read_at(p: dict) -> str:
    read = f"{p['read_at']:%Y-%m-%d %H:%M}" if p["read_at"] else ""
    if p["gone_at"]:
        return f"{read} (post deleted on Instagram)".strip()
    # The poll's words are on the post's PostEngagement row; here only that the numbers may be stale.
    return f"{read} (last try failed)".strip() if p["problem"] else read


def _note(any_posts: bool) -> str:
    last = EngagementPoll.objects.first()
    if last is None:
        return (f"Not read yet: the numbers are read daily at {settings.STORYDESK_INSTAGRAM_METRICS_HOUR:02d}:23 UTC "
                "(or now with `storydesk insights poll-instagram`)." if any_posts else "")
    if last.outcome in (EngagementPoll.Outcome.DONE, EngagementPoll.Outcome.RUNNING):
        return ""
    return f"The last poll, {last.started_at:%Y-%m-%d %H:%M} UTC, stopped early. {last.message}"
