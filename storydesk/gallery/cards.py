"""A public story as pages, feeds and the widget show it, built from its gallery row alone."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django_countries import countries

from storydesk.models import GalleryStory

SHORT_CAPTION_CHARS = 140


@dataclass(frozen=True)
class StoryCard:
    id: int
    caption: str
    name: str
    country: str  # ISO code
    country_name: str
    themes: tuple[str, ...]
    published_at: dt.datetime
    photo_path: str  # "/photos/<key>.jpg": the public copy, metadata-free
    thumb_path: str
    photo_width: int
    photo_height: int
    thumb_width: int
    thumb_height: int
    alt: str
    path: str  # "/stories/<id>/"
    short_caption: str
    title: str  # "Kofi · Ghana"

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.path

    @property
    def photo_url(self) -> str:
        return settings.SITE_URL + self.photo_path if self.photo_path else ""


def card(entry: GalleryStory, sign_tag: str) -> StoryCard:
    country_name = country_name_of(entry.country)
    name = shown_name(entry.display_name, entry.country)
    photo = thumb = ""
    if entry.photo_key:
        photo = _path("photo-public", key=entry.photo_key)
        thumb = _path("photo-public-size", key=entry.photo_key, size="thumb")
    return StoryCard(
        id=entry.story_id, caption=entry.caption, name=name, country=entry.country, country_name=country_name,
        themes=tuple(entry.themes), published_at=entry.published_at, photo_path=photo, thumb_path=thumb,
        photo_width=entry.photo_width, photo_height=entry.photo_height, thumb_width=entry.thumb_width,
        thumb_height=entry.thumb_height, alt=alt_text(name, country_name, sign_tag),
        path=_path("gallery:story", story_id=entry.story_id),
        short_caption=Truncator(entry.caption).chars(SHORT_CAPTION_CHARS),
        title=" · ".join(p for p in (name, country_name) if p),
    )


def cards(entries, sign_tag: str) -> list[StoryCard]:
    return [card(e, sign_tag) for e in entries]


def card_html(story: StoryCard, static: bool) -> SafeString:
    """One card of the wall or an archive page. Written here rather than as a template: rewriting a busy
    month's archive renders thousands of cards, and the template engine made that take seconds."""
    image = format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        story.thumb_path, story.thumb_width, story.thumb_height, story.alt) if story.thumb_path else ""
    # The participant's words keep their own direction inside a page in any language.
    caption = format_html('<p class="caption" dir="auto">{}</p>', story.short_caption) if story.caption else ""
    country = story.country_name
    if country and not static:  # the static copy has no filters to link to
        country = format_html('<a href="{}?country={}">{}</a>', _path("gallery:wall"), story.country, country)
    name = format_html("<bdi>{}</bdi>", story.name) if story.name else ""
    who = format_html("{}{}{}", name, " · " if story.name and country else "", country)
    return format_html('<article class="story-card">\n  <a href="{}">{}{}</a>\n  <p class="who">{}</p>\n</article>\n',
                       story.path, image, caption, who)


def country_name_of(code: str) -> str:
    """The country's name in the page's language."""
    return _country_name(code, get_language()) if code else ""


@lru_cache(maxsize=2048)
def _country_name(code: str, language: str) -> str:
    return str(countries.name(code))


def _path(name: str, **kwargs) -> str:
    """reverse(), resolved once per route: a card needs three paths, and pages hold up to thousands of cards."""
    fixed = {k: v for k, v in kwargs.items() if k == "size"}
    template = _route_template(name, tuple(sorted(fixed.items())), tuple(sorted(set(kwargs) - set(fixed))),
                               get_language())
    return template.format(**{k: v for k, v in kwargs.items() if k not in fixed})


@lru_cache(maxsize=128)
def _route_template(name: str, fixed: tuple, variable: tuple, language: str) -> str:
    """Per language: the gallery's addresses carry its prefix ("/fr/stories/3/")."""
    sentinels = {key: f"SENTINEL{i}X" if key != "story_id" else 900000000 + i for i, key in enumerate(variable)}
    path = reverse(name, kwargs={**dict(fixed), **sentinels})
    for key, sentinel in sentinels.items():
        path = path.replace(str(sentinel), f"{{{key}}}")
    return path


def shown_name(display_name: str, country: str) -> str:
    """The display name without the ", GH" the desk adds by default: the card shows the country in full."""
    suffix = f", {country}"
    if country and display_name.upper().endswith(suffix.upper()) and len(display_name) > len(suffix):
        return display_name[:-len(suffix)].rstrip()
    return display_name


def alt_text(name: str, country_name: str, sign_tag: str) -> str:
    words = {"name": name, "country": country_name, "tag": sign_tag}
    if name and country_name:
        return gettext("%(name)s from %(country)s with a %(tag)s sign") % words
    if name:
        return gettext("%(name)s with a %(tag)s sign") % words
    if country_name:
        return gettext("A supporter from %(country)s with a %(tag)s sign") % words
    return gettext("A supporter with a %(tag)s sign") % words
