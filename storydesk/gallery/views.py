"""The gallery's web views: read the query, then serve the cached page (rendered on the first request
after each change). A cached request touches no database table."""
from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views import defaults
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from storydesk import language_choice
from storydesk.actions.campaign import current_campaign
from storydesk.gallery import feeds, listing, pages, terms
from storydesk.gallery.pagecache import Page, cached_page

_COUNTRY = re.compile(r"[A-Za-z]{2}")


def _site(request: HttpRequest, here: str = "") -> pages.Site:
    return pages.Site.of(current_campaign(), here=here or language_choice.without_prefix(request.path_info))


def _respond(request: HttpRequest, key: str, render: Callable[[], Page], *, made_up: bool = False) -> HttpResponse:
    # One page per language: the reader's (language_choice), which the page's words and links are in.
    page = cached_page(f"{settings.CAMPAIGN}|{get_language()}|{key}", render, made_up=made_up)
    if page.status == 200 and request.META.get("HTTP_IF_NONE_MATCH") == page.etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(page.content, content_type=page.content_type, status=page.status)
    for name, value in page.headers:
        response[name] = value
    response["ETag"] = page.etag
    # Stored but checked every time: a withdrawn story must not linger in a browser or a proxy.
    response["Cache-Control"] = "public, no-cache"
    return response


def _or_not_found(request: HttpRequest, render: Callable[[pages.Site], Page | None]) -> Callable[[], Page]:
    def rendered() -> Page:
        site = _site(request)
        return render(site) or pages.not_found(site)
    return rendered


def wall_params(query: QueryDict) -> tuple[listing.Filters, listing.Cursor | None, str]:
    country = query.get("country", "").strip()
    words = terms.query_words(query.get("q", ""))
    filters = listing.Filters(country=country.upper() if _COUNTRY.fullmatch(country) else "",
                              theme=query.get("theme", "").strip()[:200], words=tuple(words))
    return filters, listing.Cursor.parse(query.get("older", "")), " ".join(words)


_PLAIN_WALL = (listing.Filters(), None, "")


@require_safe
def wall(request: HttpRequest) -> HttpResponse:
    # The front page without a query is most of the traffic: skip parsing nothing.
    filters, after, query = wall_params(request.GET) if request.META.get("QUERY_STRING") else _PLAIN_WALL
    key = f"wall|{filters.country}|{filters.theme}|{query}|{after.token() if after else ''}"
    # Words, a theme and a cursor are whatever the visitor typed: endless distinct pages (countries are not).
    made_up = bool(filters.words or filters.theme or after)
    # The switcher comes back to the same choice of stories (the key holds all of it).
    shown = {"country": filters.country, "theme": filters.theme, "q": query,
             "older": after.token() if after else ""}
    here = language_choice.without_prefix(request.path_info)
    if any(shown.values()):
        here += "?" + urlencode({name: value for name, value in shown.items() if value})
    return _respond(request, key, lambda: pages.wall(_site(request, here), filters, after, query),
                    made_up=made_up)


@require_safe
def story(request: HttpRequest, story_id: int) -> HttpResponse:
    return _respond(request, f"story|{story_id}", _or_not_found(request, lambda site: pages.story(site, story_id)))


@require_safe
def month(request: HttpRequest, month: str, number: str = "1") -> HttpResponse:
    number = int(number)
    return _respond(request, f"month|{month}|{number}",
                    _or_not_found(request, lambda site: pages.month(site, month, number)))


@require_safe
def take_part(request: HttpRequest) -> HttpResponse:
    return _respond(request, "take-part", lambda: pages.take_part(_site(request)))


@require_safe
def feed(request: HttpRequest, kind: str) -> HttpResponse:
    return _respond(request, f"feed|{kind}", lambda: feeds.feed(_site(request), kind))


@require_safe
@xframe_options_exempt
def widget(request: HttpRequest) -> HttpResponse:
    n = request.GET.get("n", "")
    n = int(n) if n.isdigit() and len(n) < 4 else 3
    n = min(max(n, 1), pages.WIDGET_MAX)
    return _respond(request, f"widget|{n}", lambda: pages.widget(_site(request), n))


@require_safe
def widget_script(request: HttpRequest) -> HttpResponse:
    return _respond(request, "widget.js", lambda: pages.widget_script(_site(request)))


@require_safe
def campaign_css(request: HttpRequest) -> HttpResponse:
    return _respond(request, "campaign.css", lambda: pages.campaign_css(_site(request)))


@require_safe
def embed(request: HttpRequest) -> HttpResponse:
    return _respond(request, "embed", lambda: pages.embed(_site(request)))


STAFF_AREAS = ("/desk/", "/admin/", "/accounts/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an address nobody has, in the reader's language with the switcher; staff's stay plain."""
    if request.path_info.startswith(STAFF_AREAS):
        return defaults.page_not_found(request, exception)
    # No view was chosen, so the language wasn't (language_choice): choose it here.
    with translation.override(language_choice.chosen(request)):
        page = pages.not_found(_site(request))
    return HttpResponse(page.content, content_type=page.content_type, status=404)
