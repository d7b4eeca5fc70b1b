"""The gallery's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest public stories."""
from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language

from storydesk.gallery import listing
from storydesk.gallery.cards import StoryCard, cards
from storydesk.gallery.pagecache import Page
from storydesk.gallery.pages import Site

FEED_SIZE = 50
KINDS = {"rss": "gallery:feed_rss", "atom": "gallery:feed_atom", "json": "gallery:feed_json"}


def feed(site: Site, kind: str) -> Page:
    stories = cards(listing.latest(site.campaign.pk, FEED_SIZE), site.spec.sign_tag)
    if kind == "json":
        return _json_feed(site, stories)
    generator = (Rss201rev2Feed if kind == "rss" else Atom1Feed)(
        title=site.spec.site_name,
        link=settings.SITE_URL + reverse("gallery:wall"),
        description=site.spec.in_language(get_language()).question,
        feed_url=settings.SITE_URL + reverse(KINDS[kind]),
        language=get_language(),  # the reader's: the feed's own words (alt texts, countries) are in it
    )
    for story in stories:
        generator.add_item(
            title=story.title, link=story.url, unique_id=story.url, unique_id_is_permalink=True,
            description=_item_html(story), pubdate=story.published_at, updateddate=story.published_at,
            categories=list(story.themes),
        )
    content_type = "application/rss+xml; charset=utf-8" if kind == "rss" else "application/atom+xml; charset=utf-8"
    return Page.of(generator.writeString("utf-8").encode(), content_type)


def _item_html(story: StoryCard) -> str:
    image = ""
    if story.photo_path:
        image = (f'<p><img src="{escape(story.photo_url)}" width="{story.photo_width}" '
                 f'height="{story.photo_height}" alt="{escape(story.alt)}"></p>')
    return f'{image}<p dir="auto">{escape(story.caption)}</p><p dir="auto">— {escape(story.title)}</p>'


def _json_feed(site: Site, stories: list[StoryCard]) -> Page:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.spec.site_name,
        "home_page_url": settings.SITE_URL + reverse("gallery:wall"),
        "feed_url": settings.SITE_URL + reverse("gallery:feed_json"),
        "description": site.spec.in_language(get_language()).question,
        "language": get_language(),
        "items": [{
            "id": story.url,
            "url": story.url,
            "title": story.title,
            "content_text": story.caption,
            "content_html": _item_html(story),
            "summary": story.short_caption,
            **({"image": story.photo_url} if story.photo_path else {}),
            "date_published": story.published_at.isoformat(),
            "authors": [{"name": story.name}] if story.name else [],
            "tags": list(story.themes),
        } for story in stories],
    }
    return Page.of(json.dumps(document, ensure_ascii=False, indent=1).encode(), "application/feed+json; charset=utf-8")
