"""The wall, story pages, filters, search, archives and the take-part page, as a visitor gets them."""
import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from storydesk.gallery import pages
from tests.gallery.html import page, story_paths

pytestmark = pytest.mark.django_db


def path(story):
    return reverse("gallery:story", kwargs={"story_id": story.pk})


def test_the_wall_shows_the_newest_stories_first_with_caption_name_and_country(client, publish):
    older = publish(caption="My mother worked twice as hard", display_name="Kofi, GH", country="GH")
    newer = publish(caption="I share the housework", display_name="Lucas, BR", country="BR")
    response = client.get("/")
    assert response.status_code == 200
    assert story_paths(response) == [path(newer), path(older)]
    html = response.content.decode()
    for text in ("My mother worked twice as hard", "I share the housework", "Kofi", "Ghana", "Brazil"):
        assert text in html
    assert "Kofi, GH" not in html  # the country is shown in full beside the name, not twice


@override_settings(STORYDESK_GALLERY_PAGE_SIZE=2)
def test_older_pages_continue_where_the_last_ended(client, publish):
    stories = [publish() for _ in range(5)]
    newest_first = [path(s) for s in reversed(stories)]
    seen, url = [], "/"
    for _ in range(5):
        response = client.get(url)
        seen += story_paths(response)
        older = [href for href in page(response).links if "older=" in href]
        if not older:
            break
        url = "/" + older[0].replace("&amp;", "&")
    assert seen == newest_first


def test_every_image_has_alt_text_size_and_lazy_loading(client, publish):
    story = publish(display_name="Amir, JO", country="JO")
    for url in ("/", path(story), reverse("gallery:widget"),
                reverse("gallery:month", kwargs={"month": story.gallery_entry.month})):
        images = page(client.get(url)).images
        assert images, url
        for img in images:
            assert img["alt"].strip() and img["width"].isdigit() and img["height"].isdigit(), (url, img)
            assert img["loading"] == "lazy", (url, img)
    assert "Amir from Jordan with a #HeForShe sign" in [i["alt"] for i in page(client.get(path(story))).images]


def test_pages_work_without_javascript(client, publish):
    story = publish()
    for url in ("/", path(story), reverse("gallery:take_part"), "/?q=stand&country=GH"):
        parsed = page(client.get(url))
        assert parsed.scripts == 0, url
    wall = page(client.get("/"))
    assert wall.forms == [{"class": "filters", "method": "get", "action": "/", "role": "search"}]


def test_a_story_page_has_open_graph_and_twitter_card_tags(client, publish, settings):
    story = publish(caption="Equal pay is simple fairness", display_name="Hiro, JP", country="JP")
    lead = story.photos.get(position=0)
    meta = page(client.get(path(story))).meta
    image = f"{settings.SITE_URL}/photos/{lead.public_key}.jpg"
    assert meta["og:type"] == "article"
    assert meta["og:title"] == meta["twitter:title"] == "Hiro · Japan"
    assert meta["og:description"] == meta["twitter:description"] == "Equal pay is simple fairness"
    assert meta["og:url"] == f"{settings.SITE_URL}{path(story)}"
    assert meta["og:image"] == meta["twitter:image"] == image
    assert (meta["og:image:width"], meta["og:image:height"]) == (str(lead.public_width), str(lead.public_height))
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "Hiro from Japan with a #HeForShe sign"


def test_filters_by_country_and_theme(client, publish):
    ghana_care = publish(country="GH", themes=["sharing care work"])
    ghana = publish(country="GH", themes=["educating oneself"])
    brazil_care = publish(country="BR", themes=["sharing care work"])
    assert story_paths(client.get("/?country=GH")) == [path(ghana), path(ghana_care)]
    assert story_paths(client.get("/?country=gh")) == [path(ghana), path(ghana_care)]
    assert story_paths(client.get("/?theme=sharing care work")) == [path(brazil_care), path(ghana_care)]
    assert story_paths(client.get("/?theme=sharing care work&country=GH")) == [path(ghana_care)]
    assert story_paths(client.get("/?country=IS")) == []
    menu = client.get("/").content.decode()
    assert ">Ghana (2)</option>" in menu and ">Brazil (1)</option>" in menu
    assert ">Sharing care work (2)</option>" in menu


def test_search_matches_every_word_without_accents_or_case(client, publish):
    egalite = publish(caption="L'Égalité commence à la maison")
    mother = publish(caption="My mother worked twice as hard for half the credit")
    mothers = publish(caption="Mothers and daughters deserve the same chances")
    assert story_paths(client.get("/?q=egalite")) == [path(egalite)]
    assert story_paths(client.get("/?q=MAISON+égalité")) == [path(egalite)]
    assert story_paths(client.get("/?q=mother")) == [path(mother)]
    assert story_paths(client.get("/?q=mother+credit")) == [path(mother)]
    assert story_paths(client.get("/?q=mother+daughters")) == []
    assert story_paths(client.get("/?q=ghana")) == [path(mothers), path(mother), path(egalite)]  # the country
    empty = client.get("/?q=zzzzunseen").content.decode()
    assert "No stories match that yet" in empty


@override_settings(STORYDESK_GALLERY_PAGE_SIZE=2)
def test_search_and_filters_page_through_their_results(client, publish):
    matching = [publish(caption=f"fathers matter {i}", country="KE") for i in range(5)]
    publish(caption="something else", country="KE")
    for url in ("/?q=fathers", "/?q=fathers&country=KE"):
        seen, next_url = [], url
        while next_url:
            response = client.get(next_url)
            seen += story_paths(response)
            older = [href for href in page(response).links if "older=" in href]
            next_url = ("/" + older[0].replace("&amp;", "&")) if older else None
        assert seen == [path(s) for s in reversed(matching)], url


def test_a_page_with_a_bad_cursor_starts_at_the_newest(client, publish):
    story = publish()
    assert story_paths(client.get("/?older=not-a-cursor")) == [path(story)]


def test_months_archive_every_story(client, publish):
    march = [publish(at=dt.datetime(2020, 3, d, 15, tzinfo=dt.UTC)) for d in (2, 9)]
    april = publish(at=dt.datetime(2020, 4, 1, 15, tzinfo=dt.UTC))
    wall = client.get("/").content.decode()
    assert '<a href="/archive/2020-03/">March 2020</a> (2)' in wall
    assert '<a href="/archive/2020-04/">April 2020</a> (1)' in wall
    assert story_paths(client.get("/archive/2020-03/")) == [path(march[1]), path(march[0])]
    assert story_paths(client.get("/archive/2020-04/")) == [path(april)]
    assert client.get("/archive/2020-05/").status_code == 404


def test_month_pages_split_a_busy_month(client, publish, monkeypatch):
    monkeypatch.setattr(pages, "MONTH_PAGE_SIZE", 2)
    stories = [publish(at=dt.datetime(2020, 6, d, 12, tzinfo=dt.UTC)) for d in range(1, 6)]
    first, second, third = (client.get(u) for u in ("/archive/2020-06/", "/archive/2020-06/2/", "/archive/2020-06/3/"))
    assert story_paths(first) + story_paths(second) + story_paths(third) == [path(s) for s in reversed(stories)]
    assert "/archive/2020-06/2/" in page(first).links and "/archive/2020-06/" in page(second).links
    assert client.get("/archive/2020-06/4/").status_code == 404


def test_an_unknown_story_is_a_friendly_404(client, publish):
    publish()
    response = client.get("/stories/999999/")
    assert response.status_code == 404
    assert "This story isn" in response.content.decode()


def test_take_part_links_the_form_and_says_how(client, settings):
    response = client.get(reverse("gallery:take_part"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{settings.SITE_URL}/submit/"' in html
    assert "Write #HeForShe on a sign." in html and "#YearOfMaleAllyship" in html and "@HeForShe" in html
    assert reverse("gallery:take_part") in page(client.get("/")).links


def test_gallery_pages_refuse_framing_except_the_widget(client, publish):
    story = publish()
    for url in ("/", path(story), reverse("gallery:take_part"), reverse("gallery:embed")):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
    widget = client.get(reverse("gallery:widget"))
    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *;" in widget["Content-Security-Policy"]  # the rest of the policy still holds


def test_the_widget_shows_the_latest_stories_and_its_script_and_snippet(client, publish, settings):
    stories = [publish(caption=f"story number {i}") for i in range(4)]
    widget = client.get(reverse("gallery:widget") + "?n=2").content.decode()
    assert "story number 3" in widget and "story number 2" in widget and "story number 1" not in widget
    assert f'href="{settings.SITE_URL}{path(stories[3])}"' in widget  # links open the campaign's site
    assert "story number 0" in client.get(reverse("gallery:widget") + "?n=99").content.decode()  # at most 10
    script = client.get(reverse("gallery:widget_script"))
    assert script["Content-Type"].startswith("text/javascript")
    assert f'"{settings.SITE_URL}"' in script.content.decode() and '"/widget/"' in script.content.decode()
    embed = client.get(reverse("gallery:embed")).content.decode()
    assert f"{settings.SITE_URL}/widget.js" in embed and "&lt;iframe src=" in embed


def test_head_works_and_writes_are_refused(client, publish):
    story = publish()
    assert client.head("/").status_code == 200
    assert client.head(path(story)).status_code == 200
    assert client.post("/").status_code == 405
