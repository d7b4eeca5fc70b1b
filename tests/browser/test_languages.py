"""Every participant page in each of our languages, in Chromium at a phone's width (390×844): nothing runs
off the side, <html lang dir> is the page's language, and Arabic is laid out right to left (labels sit on the
right). The screenshots go to STORYDESK_SCREENSHOT_DIR when set (e.g. bench/out/languages, never committed),
else to the test's own temporary folder, for a person to look at."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from storydesk.contributor_access import status_path
from storydesk.languages import LANGUAGES, RIGHT_TO_LEFT
from tests.gallery.conftest import fresh_gallery_cache, publish  # noqa: F401  (fixtures)

PHONE = {"width": 390, "height": 844}
ARABIC_ANSWER = "لأن ابنتي تستحق نفس الفرص التي يحصل عليها ابني، وفي البيت نتقاسم كل شيء."
ENGLISH_ANSWER = "Because my daughter deserves every chance my son gets, and I say so out loud at work."

# Where the text of an element sits inside its box: -1 against the left edge, 1 against the right.
TEXT_SIDE = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect(), box = element.getBoundingClientRect();
  if (text.width > box.width - 20) return 0;  // fills the line: says nothing
  return Math.abs(text.right - box.right) < 2 ? 1 : Math.abs(text.left - box.left) < 2 ? -1 : 0;
}"""


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("STORYDESK_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def stories(publish):  # noqa: F811
    english = publish(caption=ENGLISH_ANSWER, display_name="Kofi", country="GH")
    arabic = publish(caption=ARABIC_ANSWER, display_name="كريم", country="JO")
    return english, arabic


@pytest.mark.parametrize("language", [code for code, _ in LANGUAGES])
def test_every_participant_page_fits_a_phone_and_reads_in_its_direction(browser, live_server, stories, shots,
                                                                      language):
    english, arabic = stories
    prefix = "" if language == "en" else f"/{language}"
    pages = {
        "submit": f"{prefix}/submit/",
        "thanks": f"{prefix}/submit/thanks/{status_path.sign(english)}/",
        "take-part": f"{prefix}/take-part/",
        "wall": f"{prefix}/",
        "story": f"{prefix}/stories/{arabic.pk}/",
    }
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, device_scale_factor=1)
    try:
        tab = context.new_page()
        for name, address in pages.items():
            response = tab.goto(address)
            assert response.status == 200, address
            tab.screenshot(path=str(shots / f"{language}-{name}.png"), full_page=True)
            assert tab.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
                language, direction], address
            overflow = tab.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{address} is {overflow}px wider than the phone"
            if name == "submit":
                side = tab.locator("label[for=id_answer]").evaluate(TEXT_SIDE)
                assert side == (1 if direction == "rtl" else -1), "the form's labels sit at the start of the line"
                # The answer box takes the direction of what is typed in it, whatever the page's.
                assert tab.locator("#id_answer").get_attribute("dir") == "auto"
            if name == "story":
                answer = tab.locator("blockquote.answer")
                assert answer.get_attribute("dir") == "auto"
                assert answer.evaluate("(e) => getComputedStyle(e).direction") == "rtl"  # Arabic words
    finally:
        context.close()
