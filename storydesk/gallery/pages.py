"""The gallery's pages rendered to bytes, for the web views and the static export alike.

Pages are rendered without a request (no cookies, no CSRF token, nothing per visitor), so one render serves
everyone and can be cached or written to a file as it is. `static` leaves out what needs the app behind
it (the filter and search form, "older stories" by cursor); the month archives reach every story in both."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django_countries import countries

from storydesk import language_choice
from storydesk.campaigns.spec import CampaignSpec
from storydesk.gallery import listing
from storydesk.gallery.cards import card, card_html, cards
from storydesk.gallery.pagecache import Page
from storydesk.models import Campaign, GalleryStory

HTML = "text/html; charset=utf-8"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}|[a-z]+|(rgb|hsl)a?\([0-9.,%\s]+\)")
WIDGET_MAX = 10
MONTH_PAGE_SIZE = 60


@dataclass(frozen=True)
class Site:
    campaign: Campaign
    spec: CampaignSpec
    static: bool = False
    here: str = "/"  # the page's address without a language prefix, for the language switcher

    @classmethod
    def of(cls, campaign: Campaign, static: bool = False, here: str = "/") -> Site:
        return cls(campaign, campaign.spec, static, here)

    def cards_html(self, entries) -> list:
        return [card_html(c, self.static) for c in cards(entries, self.spec.sign_tag)]

    def context(self, **more) -> dict:
        # Rendered in the active language (the reader's, or the default one for the static copy); the page
        # cache keys each page by it.
        language = get_language()
        return {"campaign": self.spec.in_language(language), "static": self.static, "site_url": settings.SITE_URL,
                "submit_url": settings.SITE_URL + reverse("web:submit"),
                "languages": [] if self.static else language_choice.switcher(self.here, language), **more}


def _html(template: str, context: dict) -> Page:
    return Page.of(render_to_string(template, context).encode(), HTML)


def wall(site: Site, filters: listing.Filters, after: listing.Cursor | None, query: str = "") -> Page:
    page = listing.wall_page(site.campaign.pk, filters, after, settings.STORYDESK_GALLERY_PAGE_SIZE)
    menus: dict[str, list] = {"country": [], "theme": [], "month": []}
    for facet in listing.facets(site.campaign.pk):
        menus[facet.kind].append(facet)
    return _html("storydesk/gallery/wall.html", site.context(
        cards=site.cards_html(page.stories), older=page.older.token() if page.older else "",
        filters=filters, query=query, first_page=after is None,
        countries=_country_choices(menus["country"]), themes=menus["theme"],
        months=[(f.value, month_label(f.value), f.count) for f in reversed(menus["month"])],
    ))


def story(site: Site, story_id: int) -> Page | None:
    entry = GalleryStory.objects.filter(pk=story_id, campaign=site.campaign).first()
    if entry is None:
        return None
    return _html("storydesk/gallery/story.html", site.context(story=card(entry, site.spec.sign_tag)))


def month(site: Site, month: str, number: int) -> Page | None:
    entries, pages = listing.month_page(site.campaign.pk, month, number, MONTH_PAGE_SIZE)
    return month_of(site, month, number, pages, entries) if entries else None


def month_of(site: Site, month: str, number: int, pages: int, entries: list[GalleryStory]) -> Page:
    """Page `number` of `pages` of a month's archive, holding these stories."""
    return _html("storydesk/gallery/month.html", site.context(
        month=month, label=month_label(month), cards=site.cards_html(entries), number=number, pages=pages,
        newer=number - 1 if number > 1 else None, older=number + 1 if number < pages else None))


def take_part(site: Site) -> Page:
    return _html("storydesk/gallery/take_part.html", site.context())


def widget(site: Site, n: int) -> Page:
    n = min(max(n, 1), WIDGET_MAX)
    page = _html("storydesk/gallery/widget.html", site.context(
        cards=cards(listing.latest(site.campaign.pk, n), site.spec.sign_tag), n=n))
    # Only the widget may be framed, by any site: it is made to be pasted elsewhere.
    return Page(page.content, page.content_type, (("Content-Security-Policy", "frame-ancestors *"),), page.etag)


def not_found(site: Site) -> Page:
    page = _html("storydesk/gallery/not_found.html", site.context())
    return Page(page.content, page.content_type, etag=page.etag, status=404)


def widget_script(site: Site) -> Page:
    script = render_to_string("storydesk/gallery/widget.js", site.context(widget_path=reverse("gallery:widget")))
    return Page.of(script.encode(), "text/javascript; charset=utf-8")


def campaign_css(site: Site) -> Page:
    # A stylesheet, not an inline <style>: the Content-Security-Policy allows styles from this site only.
    colour = site.spec.colour if _COLOUR.fullmatch(site.spec.colour or "") else "#333333"
    return Page.of(f":root {{ --campaign: {colour}; }}\n".encode(), "text/css; charset=utf-8")


def embed(site: Site) -> Page:
    return _html("storydesk/gallery/embed.html", site.context(
        widget_url=settings.SITE_URL + reverse("gallery:widget"),
        script_url=settings.SITE_URL + reverse("gallery:widget_script")))


def month_label(month: str) -> str:
    """ "2020-03" → "March 2020", in the page's language ("mars 2020", "2020年3月")."""
    return date_format(dt.date.fromisoformat(f"{month}-01"), "YEAR_MONTH_FORMAT")


def _country_choices(facets) -> list[tuple[str, str, int]]:
    rows = [(f.value, str(countries.name(f.value)) or f.value, f.count) for f in facets]
    return sorted(rows, key=lambda row: row[1])
