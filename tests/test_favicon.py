"""One small hand-written SVG icon, linked from the desk's, the participant pages' and the gallery's base."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import storydesk

ICON = Path(storydesk.__file__).parent / "static" / "storydesk" / "favicon.svg"
LINK = '<link rel="icon" href="/static/storydesk/favicon.svg" type="image/svg+xml">'


def test_the_icon_is_a_small_svg():
    assert ICON.stat().st_size < 2_000
    assert ET.parse(ICON).getroot().tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/accounts/login/", "/submit/", "/"])
def test_every_base_links_it(client, campaign, address):
    assert LINK in client.get(address).content.decode()
