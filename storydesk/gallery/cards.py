"""A public story as pages, feeds and the widget show it, built from its gallery row alone."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator
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
    country_name = str(countries.name(entry.country)) if entry.country else ""
    name = shown_name(entry.display_name, entry.country)
    photo = thumb = ""
    if entry.photo_key:
        photo = reverse("photo-public", kwargs={"key": entry.photo_key})
        thumb = reverse("photo-public-size", kwargs={"key": entry.photo_key, "size": "thumb"})
    return StoryCard(
        id=entry.story_id, caption=entry.caption, name=name, country=entry.country, country_name=country_name,
        themes=tuple(entry.themes), published_at=entry.published_at, photo_path=photo, thumb_path=thumb,
        photo_width=entry.photo_width, photo_height=entry.photo_height, thumb_width=entry.thumb_width,
        thumb_height=entry.thumb_height, alt=alt_text(name, country_name, sign_tag),
        path=reverse("gallery:story", kwargs={"story_id": entry.story_id}),
        short_caption=Truncator(entry.caption).chars(SHORT_CAPTION_CHARS),
        title=" · ".join(p for p in (name, country_name) if p),
    )


def cards(entries, sign_tag: str) -> list[StoryCard]:
    return [card(e, sign_tag) for e in entries]


def shown_name(display_name: str, country: str) -> str:
    """The display name without the ", GH" the desk adds by default: the card shows the country in full."""
    suffix = f", {country}"
    if country and display_name.upper().endswith(suffix.upper()) and len(display_name) > len(suffix):
        return display_name[:-len(suffix)].rstrip()
    return display_name


def alt_text(name: str, country_name: str, sign_tag: str) -> str:
    who = name or "A supporter"
    where = f" from {country_name}" if country_name else ""
    return f"{who}{where} with a {sign_tag} sign"
