"""The language a participant reads in: their switcher choice (a cookie) beats the link they followed
(/fr/…, ?lang=), which beats their browser's Accept-Language, which beats the campaign's own; staff pages
stay in the default language. The switcher keeps the choice and goes back to the same page, on this site."""
import re

import pytest
from django.conf import settings
from django.test import RequestFactory

from storydesk.language_choice import address_in, chosen, from_browser

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> tuple[str, str]:
    match = re.search(rb'<html lang="([^"]+)" dir="([^"]+)"', response.content)
    assert match, response.content[:300]
    return match.group(1).decode(), match.group(2).decode()


@pytest.mark.parametrize(("header", "language"), [
    ("fr-CA,fr;q=0.9,en;q=0.8", "fr"),
    ("de-DE,de;q=0.9,es;q=0.5,en;q=0.4", "es"),  # the first one we speak, by weight
    ("en;q=0.2,ar;q=0.9", "ar"),
    ("zh-CN,zh;q=0.9", "zh-hans"),
    ("pt-BR", "pt"),
    ("de,ja;q=0.5", ""),
    ("fr;q=0,es", "es"),  # q=0 means "not this one"
    ("fr;q=nonsense,es;q=0.5", "es"),
    ("", ""),
])
def test_the_browsers_languages_are_read_by_weight(header, language):
    assert from_browser(header) == language


def request(path="/submit/", cookie=None, header="", **query):
    factory = RequestFactory(HTTP_ACCEPT_LANGUAGE=header)
    made = factory.get(path, query)
    if cookie:
        made.COOKIES[COOKIE] = cookie
    return made


def test_the_order_is_choice_then_link_then_browser_then_the_campaign():
    assert chosen(request("/fr/submit/", cookie="es", header="ar")) == "es"
    assert chosen(request("/fr/submit/", header="ar")) == "fr"
    assert chosen(request("/submit/", header="ar", lang="pt")) == "pt"
    assert chosen(request("/submit/", header="ar")) == "ar"
    assert chosen(request("/submit/")) == "en"


def test_unknown_languages_anywhere_fall_through_to_the_next():
    assert chosen(request("/submit/", cookie="klingon", header="ar", lang="xx")) == "ar"
    assert chosen(request("/submit/", cookie="", header="tlh")) == "en"


@pytest.mark.django_db
def test_a_prefixed_link_is_that_language_and_arabic_is_right_to_left(client, campaign):
    assert html_lang(client.get("/submit/")) == ("en", "ltr")
    for language in ("fr", "es", "pt", "zh-hans"):
        response = client.get(f"/{language}/submit/")
        assert response.status_code == 200
        assert html_lang(response) == (language, "ltr")
    arabic = client.get("/ar/submit/")
    assert html_lang(arabic) == ("ar", "rtl")
    # Links on the page stay in the language: the form posts back to the Arabic address.
    assert b'action="/ar/submit/"' in arabic.content


@pytest.mark.django_db
def test_the_cookie_beats_the_link_and_the_link_beats_the_browser(client, campaign):
    assert html_lang(client.get("/fr/submit/", HTTP_ACCEPT_LANGUAGE="es")) == ("fr", "ltr")
    assert html_lang(client.get("/submit/", HTTP_ACCEPT_LANGUAGE="es")) == ("es", "ltr")
    assert html_lang(client.get("/submit/?lang=ar", HTTP_ACCEPT_LANGUAGE="es")) == ("ar", "rtl")
    client.cookies[COOKIE] = "pt"
    response = client.get("/fr/submit/?lang=ar", HTTP_ACCEPT_LANGUAGE="es")
    assert html_lang(response) == ("pt", "ltr")
    assert b'action="/pt/submit/"' in response.content


@pytest.mark.django_db
def test_a_public_page_varies_by_cookie_and_browser_language(client, campaign):
    response = client.get("/submit/", HTTP_ACCEPT_LANGUAGE="fr")
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary
    assert response["Content-Language"] == "fr"


@pytest.mark.django_db
def test_staff_pages_stay_in_the_default_language(client, campaign):
    client.cookies[COOKIE] = "ar"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert "Content-Language" not in response
    assert b'dir="rtl"' not in response.content


@pytest.mark.django_db
def test_every_public_page_has_the_switcher_pointing_back_to_itself(client, campaign):
    response = client.get("/fr/submit/?lang=fr&x=1")
    assert b'class="languages"' in response.content
    assert b'href="/language/?to=ar&amp;next=%2Fsubmit%2F%3Fx%3D1"' in response.content
    assert b'hreflang="fr" rel="nofollow" aria-current="true"' in response.content


@pytest.mark.django_db
def test_the_switcher_keeps_the_choice_and_goes_back_to_the_page_in_it(client, campaign):
    response = client.get("/language/", {"to": "fr", "next": "/stories/3/?country=GH"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/stories/3/?country=GH"
    assert response.cookies[COOKIE].value == "fr"
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    back = client.get("/language/", {"to": "en", "next": "/fr/submit/"})
    assert back["Location"] == "/submit/" and back.cookies[COOKIE].value == "en"
    assert client.get("/language/", {"to": "zh-hans", "next": "/ar/"})["Location"] == "/zh-hans/"
    # Then every public page follows the choice, whatever the link or the browser say.
    assert html_lang(client.get("/ar/submit/", HTTP_ACCEPT_LANGUAGE="es")) == ("zh-hans", "ltr")


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)", "http://testserver@evil.example/", ""])
def test_the_switcher_never_leaves_the_site(client, campaign, target):
    response = client.get("/language/", {"to": "fr", "next": target})
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_the_switcher_leaves_staff_pages_and_unknown_languages_alone(client, campaign):
    assert client.get("/language/", {"to": "fr", "next": "/desk/?q=1"})["Location"] == "/desk/?q=1"
    unknown = client.get("/language/", {"to": "tlh", "next": "/fr/submit/"})
    assert unknown["Location"] == "/submit/" and COOKIE not in unknown.cookies


@pytest.mark.django_db
def test_addresses_translate_between_languages(campaign):
    assert address_in("/s/abc/", "ar") == "/ar/s/abc/"
    assert address_in("/pt/submit/thanks/tok/", "en") == "/submit/thanks/tok/"
    assert address_in("/?lang=fr&q=x", "es") == "/es/?q=x"
    assert address_in("/healthz", "fr") == "/healthz"


@pytest.mark.django_db
def test_an_address_nobody_has_is_a_not_found_page_in_the_readers_language(client, campaign):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert html_lang(response) == ("ar", "rtl")
    assert b'class="languages"' in response.content
    assert "Accept-Language" in response["Vary"]
    assert html_lang(client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="pt")) == ("pt", "ltr")
    assert b'class="languages"' not in client.get("/desk/no-such-page/").content
