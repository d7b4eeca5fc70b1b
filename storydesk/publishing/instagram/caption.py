"""The post's caption and alt text, from the campaign's templates ([publishing.instagram]).

Instagram's limits (settings, as Instagram documents them): at most 5 hashtags and 2,200 characters. The campaign's
own tags always stay; hashtags inside the contributor's caption lose their "#" from the last one back until
the post is within the limit, and a too-long caption is shortened — never the name, credit or tags."""
from __future__ import annotations

import re

from django.conf import settings
from django_countries import countries

from storydesk.models import Story

HASHTAG = re.compile(r"(?<![\w#&])#(\w+)", re.UNICODE)
# Handles from these channels are credited; the platform name follows any handle that isn't Instagram's own.
SOCIAL_PLATFORMS = {"instagram": "Instagram", "mastodon": "Mastodon", "bluesky": "Bluesky", "x": "X",
                    "twitter": "X", "threads": "Threads", "facebook": "Facebook", "tiktok": "TikTok"}
FALLBACK_NAME = "A #HeForShe ally"


def utf16_length(text: str) -> int:
    # Meta counts characters as UTF-16 units (an emoji counts twice); counting that way never runs over.
    return len(text.encode("utf-16-le")) // 2


def story_channel(story: Story) -> str:
    first = story.submissions.order_by("received_at", "id").values_list("channel", flat=True).first()
    return first or ""


def credit_handle(story: Story) -> str:
    """The author's handle as the caption should name it, or "" for stories that didn't come from social media."""
    channel = story_channel(story)
    handle = (story.contributor.social_handle or "").strip()
    if channel not in SOCIAL_PLATFORMS or not handle:
        return ""
    if channel == "instagram":
        return "@" + handle.lstrip("@")  # a real @-tag: the author is an Instagram account
    # Any "@" would make Instagram tag whichever Instagram account has that name, a stranger: leave them out.
    bare = handle.lstrip("@").replace("@", " on ")
    return f"{bare} on {SOCIAL_PLATFORMS[channel]}" if " on " not in bare else bare


def public_name(story: Story, fallback: str) -> str:
    """The display name without the ", GH" intake adds by default: the caption names the country itself."""
    name = story.display_name.strip()
    if story.country and name.upper().endswith(f", {story.country.upper()}"):
        name = name[: -len(story.country) - 2].rstrip()
    return name or fallback


def build_caption(story: Story, *, template: str, credit_template: str, post_tags: tuple[str, ...]) -> str:
    max_tags = settings.STORYDESK_INSTAGRAM_MAX_HASHTAGS
    handle = credit_handle(story)
    body = (story.public_caption or story.answer).strip()
    tags = _campaign_tags(post_tags, max_tags)
    tag_line = " ".join(tags)
    body = _plain_extra_hashtags(body, max(0, max_tags - len(tags)))
    fields = {
        "name": public_name(story, FALLBACK_NAME),
        "country": countries.name(story.country) if story.country else "",
        "credit": credit_template.format_map({"handle": handle}) if handle else "",
        "tags": tag_line,
    }
    caption = _fill(template, {**fields, "caption": body})
    over = utf16_length(caption) - settings.STORYDESK_INSTAGRAM_MAX_CAPTION
    if over > 0:
        caption = _fill(template, {**fields, "caption": _shorten(body, utf16_length(body) - over - 1)})
    return caption


def build_alt_text(story: Story, *, template: str, sign_tag: str) -> str:
    text = _fill(template, {
        "name": public_name(story, "A man"),
        "sign_tag": sign_tag,
        "answer": " ".join(story.answer.split()),
        "country": countries.name(story.country) if story.country else "",
    })
    limit = settings.STORYDESK_INSTAGRAM_MAX_ALT_TEXT
    return text if utf16_length(text) <= limit else _shorten(text, limit - 1)


def _campaign_tags(post_tags: tuple[str, ...], max_tags: int) -> list[str]:
    seen, tags = set(), []
    for tag in post_tags:
        tag = "#" + tag.strip().lstrip("#")
        if len(tag) > 1 and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags[:max_tags]


def _plain_extra_hashtags(text: str, keep: int) -> str:
    """Keep the first `keep` hashtags of the text; the later ones become plain words."""
    found = list(HASHTAG.finditer(text))
    for match in reversed(found[keep:]):
        text = text[:match.start()] + match.group(1) + text[match.end():]
    return text


def _fill(template: str, fields: dict) -> str:
    text = template.format_map(fields)
    # An empty field (no country, no credit) must not leave a dangling ", " or blank-line pile behind.
    lines = [re.sub(r"(,\s+|\s+)$", "", line) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _shorten(text: str, units: int) -> str:
    """At most `units` UTF-16 units plus an ellipsis, cut at a word boundary where one is near."""
    cut = text[:max(0, units)]
    while utf16_length(cut) > units:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"
