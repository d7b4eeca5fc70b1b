"""Every page a participant reads is in their language: no English left on the form, the status page or the
gallery in any of the languages storydesk ships.

The pages' visible text (and the words in alt, title, placeholder, aria-label and button values) is compared
with the English it was translated from: every sentence of the English catalogue whose translation differs,
and the campaign's own English words. A string left unmarked, untranslated or fuzzy shows up here.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from storydesk import languages
from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.contributor_access import status_path
from storydesk.models import Status
from tests.stories import make_story, reviewed

OTHER_LANGUAGES = sorted(languages.CODES - {"en"})
VISIBLE_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
# Participants' own words in the test stories: in no language's catalogue, so they never match.
ANSWER = "Zyx qwv 12345 — ñ ü ç 不 ب"


class VisibleText(HTMLParser):
    """What a reader sees or hears of a page: text outside scripts and styles, and the visible attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        a = dict(attrs)
        self.parts += [a[name] for name in VISIBLE_ATTRIBUTES if a.get(name)]
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " | ".join(" ".join(part.split()) for part in self.parts)


def english_left(text: str, code: str, campaign) -> list[str]:
    """The English sentences of our catalogue and campaign that still show in `text`."""
    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / translation.to_locale(code) / "LC_MESSAGES" / "django.po"))
    english = {entry.msgid for entry in catalogue if entry.msgstr and entry.msgstr != entry.msgid}
    spec = campaign.spec
    own = spec.in_language(code)
    english |= {words for words, theirs in [(spec.question, own.question),
                                            *zip(spec.how_to_take_part, own.how_to_take_part)] if words != theirs}
    found = []
    for sentence in english:
        # Placeholders and markup aside, a sentence of three words or more is English showing through.
        plain = " ".join(re.sub(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>", " ", sentence).split())
        if len(plain.split()) >= 3 and plain in text:
            found.append(sentence)
    return sorted(found)


@pytest.fixture
def pages(client, campaign, publish):
    """The participant's pages, each as the path to ask for: the form (empty and with its errors), a status
    page in each state a participant meets, and the gallery's pages."""
    published = publish(answer=ANSWER, caption=ANSWER, display_name="Zyx, GH")
    in_review = reviewed(make_story(campaign, n=101, answer=ANSWER))
    needs_info = reviewed(make_story(campaign, n=102, answer=ANSWER))
    decide(needs_info.pk, "needs_info", actor=Actor.system(), seen_version=None, request="sign")
    rejected = reviewed(make_story(campaign, n=103, answer=ANSWER))
    decide(rejected.pk, "reject", actor=Actor.system(), seen_version=None, reason="no_sign")
    for story in (needs_info, rejected):
        story.refresh_from_db()
    assert (needs_info.status, rejected.status) == (Status.NEEDS_INFO, Status.REJECTED)
    month = published.publications.get().published_at.strftime("%Y-%m")
    return {
        "form": reverse("web:submit"),
        "status in review": status_path.url(in_review),
        "status needs info": status_path.url(needs_info),
        "status rejected": status_path.url(rejected),
        "gallery": "/",
        "story": reverse("gallery:story", kwargs={"story_id": published.pk}),
        "month": reverse("gallery:month", kwargs={"month": month}),
        "take part": reverse("gallery:take_part"),
        "privacy": reverse("gallery:privacy"),
    }


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_no_english_is_left_on_any_participant_page(client, campaign, pages, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    shown = {name: client.get(path) for name, path in pages.items()}
    shown["form with its errors"] = client.post(reverse("web:submit"), {"answer": "short"})
    for name, response in shown.items():
        assert response.status_code == (400 if name == "form with its errors" else 200), name
        html = response.content.decode()
        assert f'lang="{code}"' in html, name
        assert ('dir="rtl"' in html) == (code in languages.RIGHT_TO_LEFT), name
        left = english_left(VisibleText(html).text, code, campaign)
        assert not left, f"{code} {name} still shows English: {left}"


def test_the_check_finds_english_when_it_is_there(client, campaign, pages):
    """The comparison itself can fail: the English pages are full of the catalogue's sentences."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(pages["form"]).content.decode()
    assert len(english_left(VisibleText(html).text, "fr", campaign)) >= 5
