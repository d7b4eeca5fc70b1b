"""Deployment headers: a strict Content-Security-Policy on every page (the widget may be framed anywhere), no
inline script or style for it to break, and `check --deploy` clean once the https settings are set."""
import re

import pytest
from django.urls import reverse

from storydesk.config import load_all
from tests.test_settings import run_storydesk

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split(None, 1)[1] for part in header.split("; ")}


@pytest.fixture
def pages(client, campaign, staff_user):
    client.force_login(staff_user("moderator", username="mo"))
    return {name: client.get(url) for name, url in (
        ("gallery", reverse("gallery:wall")), ("submit", reverse("web:submit")),
        ("desk", reverse("desk:stories")), ("login", reverse("login")), ("widget", reverse("gallery:widget")))}


@pytest.mark.parametrize("name", ["gallery", "submit", "desk", "login", "widget"])
def test_every_page_has_a_strict_policy_and_nothing_inline_it_would_refuse(pages, name):
    response = pages[name]
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    page = response.content.decode()
    assert not INLINE_SCRIPT.search(page), INLINE_SCRIPT.search(page).group(0)
    assert not INLINE_STYLE.search(page), INLINE_STYLE.search(page).group(0)


def test_only_the_widget_may_be_framed(pages):
    assert directives(pages["widget"])["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in pages["widget"]
    for name in ("gallery", "submit", "desk", "login"):
        assert directives(pages[name])["frame-ancestors"] == "'none'"


def test_the_campaign_colour_is_a_stylesheet(client, campaign):
    response = client.get(reverse("gallery:campaign_css"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert response.content.decode().strip() == f":root {{ --campaign: {campaign.spec.colour}; }}"


def test_the_proxy_ssl_header_is_read_as_django_wants_it(monkeypatch):
    monkeypatch.setenv("STORYDESK_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    assert load_all().web.proxy_ssl_header_pair() == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("STORYDESK_PROXY_SSL_HEADER", "")
    assert load_all().web.proxy_ssl_header_pair() is None


def test_check_deploy_is_clean_with_https_settings(tmp_path):
    done = run_storydesk(tmp_path, "manage", "check", "--deploy", "--fail-level", "WARNING",
                         STORYDESK_SITE_URL="https://stories.example.org", STORYDESK_HSTS_SECONDS="31536000",
                         STORYDESK_HSTS_PRELOAD="1", STORYDESK_SSL_REDIRECT="1",
                         STORYDESK_PROXY_SSL_HEADER="X-Forwarded-Proto: https")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr
