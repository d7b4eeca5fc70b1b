"""The gallery in the reader's language: one cached page per language (a French page never reaches an
English reader), links that stay in the language, Arabic right to left, participants' words dir=auto,
feeds that name their language, and a static copy in the default language only."""
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from storydesk.gallery.static_site import export_site

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME
ARABIC_ANSWER = "لأن ابنتي تستحق نفس الفرص"


def lang_of(response) -> tuple[str, str]:
    return re.search(r'<html lang="([^"]+)" dir="([^"]+)"', response.content.decode()).groups()


def test_each_language_has_its_own_cached_page_and_the_same_address_serves_each_reader_theirs(client, publish):
    publish(country="FR")
    for _ in range(2):  # the second round comes from the cache
        assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == ("fr", "ltr")
        assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == ("en", "ltr")
        assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="ar")) == ("ar", "rtl")
        assert lang_of(client.get("/")) == ("en", "ltr")


def test_the_etag_of_one_language_is_not_a_match_for_another(client, publish):
    publish()
    french = client.get("/fr/take-part/")
    english = client.get("/take-part/", HTTP_IF_NONE_MATCH=french["ETag"])
    assert english.status_code == 200 and english["ETag"] != french["ETag"]
    assert client.get("/fr/take-part/", HTTP_IF_NONE_MATCH=french["ETag"]).status_code == 304
    assert "Accept-Language" in english["Vary"] and "Cookie" in english["Vary"]


def test_a_prefixed_story_page_links_within_its_language(client, publish):
    story = publish(country="GH")
    page = client.get(f"/zh-hans/stories/{story.pk}/")
    assert page.status_code == 200 and lang_of(page) == ("zh-hans", "ltr")
    html = page.content.decode()
    assert 'href="/zh-hans/take-part/"' in html and 'href="/zh-hans/"' in html
    assert "加纳" in html  # the country's name in the page's language
    wall = client.get("/zh-hans/").content.decode()
    assert f'href="/zh-hans/stories/{story.pk}/"' in wall


def test_a_readers_choice_beats_the_link_on_cached_pages_too(client, publish):
    story = publish()
    client.get(f"/fr/stories/{story.pk}/")
    client.cookies[COOKIE] = "es"
    page = client.get(f"/fr/stories/{story.pk}/")
    assert lang_of(page) == ("es", "ltr")
    assert 'href="/es/take-part/"' in page.content.decode()


def test_participants_words_keep_their_own_direction_on_every_page(client, publish):
    story = publish(caption=ARABIC_ANSWER, display_name="Karim")
    story_page = client.get(reverse("gallery:story", kwargs={"story_id": story.pk})).content.decode()
    assert f'<blockquote class="answer" dir="auto">{ARABIC_ANSWER}' in story_page
    assert "<bdi>Karim</bdi>" in story_page
    wall = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f'<p class="caption" dir="auto">{ARABIC_ANSWER}</p>' in wall
    widget = client.get(reverse("gallery:widget")).content.decode()
    assert f'<span class="caption" dir="auto">{ARABIC_ANSWER}</span>' in widget


def test_the_switcher_on_a_filtered_wall_comes_back_to_the_same_stories(client, publish):
    publish(country="GH")
    html = client.get("/fr/?country=gh&utm_source=x").content.decode()
    assert 'href="/language/?to=ar&amp;next=%2F%3Fcountry%3DGH"' in html


def test_feeds_name_the_readers_language(client, publish):
    publish()
    assert json.loads(client.get("/pt/feed.json").content)["language"] == "pt"
    assert b"<language>fr</language>" in client.get("/feed.rss", HTTP_ACCEPT_LANGUAGE="fr").content
    assert json.loads(client.get("/feed.json").content)["language"] == "en"


def test_the_static_copy_is_the_default_language_without_a_switcher(tmp_path, publish):
    story = publish()
    with translation.override("fr"):  # whatever language the caller happens to be in
        export_site(tmp_path)
    html = (tmp_path / "stories" / str(story.pk) / "index.html").read_text()
    assert '<html lang="en" dir="ltr">' in html
    assert 'class="languages"' not in html and "/fr/" not in html
