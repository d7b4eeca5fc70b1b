"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest public stories, with absolute links."""
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from storydesk.gallery import feeds

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def two_stories(publish):
    older = publish(caption="Older story & <friends>", display_name="Ravi, IN", country="IN")
    newer = publish(caption="Newer story", display_name="Minh, VN", country="VN", themes=["sharing care work"])
    return older, newer


def test_rss(client, two_stories, settings):
    older, newer = two_stories
    response = client.get(reverse("gallery:feed_rss"))
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("link") for i in items] == [f"{settings.SITE_URL}/stories/{s.pk}/" for s in (newer, older)]
    assert items[0].findtext("title") == "Minh · Vietnam" and items[0].findtext("category") == "sharing care work"
    assert "Older story &amp; &lt;friends&gt;" in items[1].findtext("description")
    assert f'{settings.SITE_URL}/photos/' in items[0].findtext("description")


def test_atom(client, two_stories, settings):
    older, newer = two_stories
    response = client.get(reverse("gallery:feed_atom"))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"{settings.SITE_URL}/stories/{s.pk}/" for s in (newer, older)]
    assert entries[0].findtext(f"{ATOM}published").startswith(str(newer.publications.get().published_at.year))


def test_json_feed(client, two_stories, settings):
    older, newer = two_stories
    response = client.get(reverse("gallery:feed_json"))
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{settings.SITE_URL}/feed.json"
    first, second = feed["items"]
    assert first["url"] == f"{settings.SITE_URL}/stories/{newer.pk}/"
    assert second["content_text"] == "Older story & <friends>"
    assert first["authors"] == [{"name": "Minh"}] and first["tags"] == ["sharing care work"]
    assert first["image"] == f"{settings.SITE_URL}/photos/{newer.photos.get().public_key}.jpg"


def test_feeds_hold_only_the_newest(client, publish, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    stories = [publish(caption=f"story {i}") for i in range(5)]
    items = json.loads(client.get(reverse("gallery:feed_json")).content)["items"]
    assert [i["content_text"] for i in items] == ["story 4", "story 3", "story 2"]
    assert len(stories) == 5


def test_an_empty_gallery_has_valid_empty_feeds(client, campaign):
    assert ET.fromstring(client.get(reverse("gallery:feed_rss")).content).find("channel").findall("item") == []
    assert ET.fromstring(client.get(reverse("gallery:feed_atom")).content).findall(f"{ATOM}entry") == []
    assert json.loads(client.get(reverse("gallery:feed_json")).content)["items"] == []
