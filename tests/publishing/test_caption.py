"""Captions and alt text from the campaign's templates, within Instagram's limits."""
from __future__ import annotations

import pytest

from storydesk.campaigns.spec import CampaignFileError
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.instagram.caption import HASHTAG, build_alt_text, build_caption, utf16_length
from tests.publishing.factories import bare_story

pytestmark = pytest.mark.django_db


def caption_of(story):
    look = PublishingSpec.of(story.campaign).instagram
    return build_caption(story, template=look.caption, credit_template=look.credit,
                         post_tags=story.campaign.spec.post_tags)


def with_fields(story, **fields):
    for name, value in fields.items():
        setattr(story, name, value)
    story.save()
    return story


def test_the_default_caption(campaign):
    story = with_fields(bare_story(campaign, country="GH"), public_caption="Equality starts at home.",
                        display_name="Kofi, GH")
    assert caption_of(story) == "Equality starts at home.\n\n— Kofi, Ghana\n\n#HeForShe #YearOfMaleAllyship"


def test_no_country_leaves_no_dangling_comma(campaign):
    story = with_fields(bare_story(campaign, country=""), public_caption="Yes.", display_name="Sam")
    assert "— Sam\n" in caption_of(story)


def test_an_instagram_author_is_tagged_others_are_named_without_an_at(campaign):
    story = bare_story(campaign, channel="instagram")
    story.contributor.social_handle = "kofi.allies"
    story.contributor.save()
    assert "\n📷 @kofi.allies\n" in caption_of(story)

    story = bare_story(campaign, channel="mastodon")
    story.contributor.social_handle = "@kofi@mastodon.social"
    story.contributor.save()
    caption = caption_of(story)
    assert "📷 kofi on mastodon.social" in caption and "@" not in caption

    story = bare_story(campaign, channel="email")
    story.contributor.social_handle = "kofi"
    story.contributor.save()
    assert "📷" not in caption_of(story)  # not from social media: no credit line


def test_at_most_five_hashtags_keeping_the_campaigns(campaign):
    words = "Equality #one #two #three #four matters #five."
    caption = caption_of(with_fields(bare_story(campaign), public_caption=words))
    tags = HASHTAG.findall(caption)
    assert len(tags) == 5
    assert caption.endswith("#HeForShe #YearOfMaleAllyship")
    assert "#one #two #three four matters five." in caption


def test_a_long_caption_is_shortened_never_the_credit_or_tags(campaign, settings):
    story = bare_story(campaign, channel="instagram")
    story.contributor.social_handle = "kofi"
    story.contributor.save()
    with_fields(story, public_caption="Equality 🙌 " * 400)  # emoji count twice toward Meta's limit
    caption = caption_of(story)
    assert utf16_length(caption) <= 2200
    assert "…\n\n— " in caption and caption.endswith("📷 @kofi\n\n#HeForShe #YearOfMaleAllyship")


def test_alt_text_describes_the_photo_from_the_answer(campaign):
    story = with_fields(bare_story(campaign), answer="Because my  daughters\ndeserve the same.",
                        display_name="Kofi, GH")
    look = PublishingSpec.of(campaign).instagram
    assert build_alt_text(story, template=look.alt_text, sign_tag="#HeForShe") == (
        "Kofi holds a sign that reads #HeForShe. In their words: Because my daughters deserve the same.")


def test_a_template_naming_an_unknown_field_fails_when_the_campaign_is_read(campaign):
    with pytest.raises(CampaignFileError, match=r"caption: \{likes\} is not a field it can use"):
        PublishingSpec.from_dict({"instagram": {"caption": "{caption} {likes}"}})
    with pytest.raises(CampaignFileError, match="outside Instagram's aspect ratios"):
        PublishingSpec.from_dict({"instagram": {"width": 1080, "height": 1920}})
