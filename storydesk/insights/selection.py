"""The report's selection of stories: a few, varied, and only those whose contributors said yes.

A story may appear only while it is approved and holds the website consent, given and not withdrawn
(publishing.eligibility.consent_given, the calendar's own test); those on the public gallery
(publishing.public_set.public_stories) come first. A selected story shows exactly what the gallery shows: the
public caption, the display name, the country and the photo's public copy, which carries no metadata. Never
the answer, the contributor's e-mail or full name, or the original photo or its file name."""
from __future__ import annotations

import base64
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch

from storydesk.gallery.cards import alt_text, country_name_of, shown_name
from storydesk.insights.queries import Filters
from storydesk.models import Consent, Photo, Status, Story
from storydesk.publishing.eligibility import consent_given
from storydesk.publishing.public_set import public_stories

MOST = 12
POOL = 400  # the newest candidates looked at for variety; the report reads no more, however many there are


@dataclass(frozen=True)
class SelectedStory:
    caption: str
    name: str
    country_name: str
    theme: str
    published: bool
    photo: str  # a data: URI of the public thumbnail, so the report is one self-contained file; "" if none
    photo_width: int
    photo_height: int
    alt: str


def selected_stories(campaign, filters: Filters, *, most: int = MOST) -> list[SelectedStory]:
    start, end = filters.window
    candidates = (
        Story.objects.filter(campaign=campaign, status=Status.APPROVED, created_at__gte=start, created_at__lt=end)
        .filter(consent_given(Consent.Scope.WEBSITE)).exclude(public_caption="")
        .annotate(published=Exists(public_stories(campaign).filter(pk=OuterRef("pk"))))
        .order_by("-published", "-created_at", "-id")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("position", "id")))
    )
    sign_tag = campaign.spec.sign_tag
    return [_shown(story, sign_tag) for story in varied(list(candidates[:POOL]), most)]


def varied(stories: list[Story], most: int) -> list[Story]:
    """Up to `most` stories, in their order, preferring first those from a country and of a theme not yet
    chosen, then those new in either, then any: a dozen stories from one country would tell less."""
    chosen: list[Story] = []
    countries: set[str] = set()
    themes: set[str] = set()
    for wanted_new in (2, 1, 0):
        for story in stories:
            if len(chosen) == most:
                return _in_order(chosen, stories)
            if story in chosen:
                continue
            theme = lead_theme(story)
            if (story.country not in countries) + (theme not in themes) >= wanted_new:
                chosen.append(story)
                countries.add(story.country)
                themes.add(theme)
    return _in_order(chosen, stories)


def lead_theme(story: Story) -> str:
    named = [t for t in story.themes or () if isinstance(t, dict) and t.get("name")]
    return max(named, key=lambda t: t.get("score") or 0)["name"] if named else ""


def _in_order(chosen: list[Story], stories: list[Story]) -> list[Story]:
    # Published first, then newest: the order the candidates came in, not the order they were picked.
    rank = {story.pk: i for i, story in enumerate(stories)}
    return sorted(chosen, key=lambda story: rank[story.pk])


def _shown(story: Story, sign_tag: str) -> SelectedStory:
    country_name = country_name_of(story.country.upper())
    name = shown_name(story.display_name.strip(), story.country.upper())
    photo, width, height = _thumbnail(next(iter(story.photos.all()), None))
    return SelectedStory(caption=story.public_caption.strip(), name=name, country_name=country_name,
                         theme=lead_theme(story), published=story.published, photo=photo, photo_width=width,
                         photo_height=height, alt=alt_text(name, country_name, sign_tag))


def _thumbnail(photo: Photo | None) -> tuple[str, int, int]:
    """The public thumbnail (metadata-free, like every public copy) as a data URI; never the original."""
    if photo is None or not photo.thumbnail:
        return "", 0, 0
    try:
        with photo.thumbnail.open("rb") as f:
            data = f.read()
    except OSError:  # a copy missing from storage: the story is shown in words alone
        return "", 0, 0
    return f"data:image/jpeg;base64,{base64.b64encode(data).decode('ascii')}", photo.thumb_width, photo.thumb_height
