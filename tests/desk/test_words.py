"""Every label a person reads on the desk is words: no key, code or gendered guess where a person reads it; the
codes stay only where a machine reads them (values, titles, the CSV's code columns)."""
import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from storydesk.campaigns.spec import read_campaign_file
from storydesk.plural import counted, plural
from storydesk.templatetags.desk_words import ago, from_now
from tests.desk.conftest import NO_SIGN, open_story

NOW = dt.datetime(2027, 6, 16, 13, 0, tzinfo=dt.UTC)


@pytest.fixture
def moderator(client, login):
    login("moderator", "mo")
    return client


def visible(page: str) -> str:
    """What a person reads: the page's text, without tags, attributes or the recorded evidence."""
    page = re.sub(r"<details>.*?</details>|<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_needs_info_menu_says_what_is_asked_not_its_key(moderator, in_review):
    page = open_story(moderator, in_review().pk)
    menu = re.search(r'<select name="request" id="info-request".*?</select>', page, re.S).group(0)
    options = dict(re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', menu))
    spec, _ = read_campaign_file()
    assert list(options) == ["", *spec.info_requests]  # the keys are what the form sends
    assert options["consent"] == "Consent and age (18 or older)"
    assert options["sign"] == "A photo with a readable sign"
    for key, words in options.items():
        assert words != key and words.lower() != key.replace("_", " ")


def test_a_campaigns_own_request_without_words_reads_as_words():
    spec, _ = read_campaign_file()
    mine = spec.from_dict({**spec.raw, "needs_info_requests": {**spec.info_requests, "more_photos": "More?"}})
    assert mine.info_menu["more_photos"] == "More photos"
    assert mine.info_menu["person"] == "A photo of them with their sign"


def test_the_verdicts_and_the_queue_name_steps_and_outcomes_in_words(moderator, in_review):
    story = in_review(results={"sign_check": NO_SIGN})
    page = open_story(moderator, story.pk)
    verdicts = re.search(r'<table class="verdicts">.*?</table>', page, re.S).group(0)
    assert '<th scope="row" title="sign_check">Sign check</th>' in verdicts
    assert '<span class="verdict verdict-flag">flagged</span>' in verdicts
    assert '<span class="verdict verdict-pass">passed</span>' in verdicts
    for code in ("image_integrity", "sign_check", "person_check", "nudity_check", "text_check", "theme_tagging"):
        assert code not in visible(verdicts)
    queue = moderator.get(reverse("desk:stories"), {"status": "all"}).content.decode()
    assert "Sign check flagged" in queue and "sign_check" not in visible(queue)
    step_menu = re.search(r'<select name="step" id="f-step">.*?</select>', queue, re.S).group(0)
    assert '<option value="sign_check">Sign check (1)</option>' in step_menu


def test_a_face_is_a_face_even_in_evidence_stored_with_a_gender(moderator, in_review):
    # The desk's fixtures store faces as screening did before: with NudeNet's FACE_MALE.
    story = in_review()
    assert story.verdicts.get(step="person_check").evidence["faces"][0]["class"] == "FACE_MALE"
    page = open_story(moderator, story.pk)
    assert "FACE_" not in page and "MALE" not in page
    assert "1 face found (best 81 %; counted from 50 %)." in html.unescape(page)
    assert "&#x27;class&#x27;: &#x27;face&#x27;" in page  # the evidence as recorded, read as a face


def test_exports_say_face_too(in_review):
    from storydesk.exports.stories import story_record

    record = story_record(in_review())
    person = next(v for v in record["verdicts"] if v["step"] == "person_check")
    assert person["evidence"]["faces"][0]["class"] == "face"


def test_countries_languages_channels_and_consents_by_name(moderator, in_review):
    story = in_review(country="EG", channel="email", participant_language="ar")
    page = open_story(moderator, story.pk)
    facts = visible(re.search(r'<section aria-labelledby="facts-title">.*?</section>', page, re.S).group(0))
    assert "Country · language Egypt · Language: Arabic (wrote in English) Channels e-mail" in facts
    assert '<span title="EG">Egypt</span>' in page
    assert "not given" in facts and "notgiven" not in facts
    queue = moderator.get(reverse("desk:stories"), {"status": "all"}).content.decode()
    assert "(Arabic, wrote in English)" in queue and ">email<" not in queue
    menus = {name: dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<(]*)', menu)) for name, menu in
             re.findall(r'<select name="(\w+)" id="f-\w+">(.*?)</select>', queue, re.S)}
    assert menus["country"]["EG"].strip() == "Egypt"
    assert menus["language"]["en"].strip() == "English"  # the language the answer is written in
    assert menus["channel"]["email"].strip() == "e-mail"


def test_the_history_and_the_trail_say_what_happened(moderator, in_review):
    story = in_review()
    page = html.unescape(open_story(moderator, story.pk))
    history = re.search(r'<ul class="history">(.*?)</ul>', page, re.S).group(1)
    assert "Screening finished by storydesk (Screening → In Review)" in history
    assert "in_review" not in history and "screening.finished" not in history
    trail = visible(moderator.get(reverse("desk:audit")).content.decode())
    assert "Story received" in trail and "story.received" not in trail.replace('placeholder="story.reject"', "")


def test_received_just_now_then_minutes_ago(moderator, in_review, clock):
    in_review()
    queue = moderator.get(reverse("desk:stories"), {"status": "all"}).content.decode()
    assert ">just now</time>" in queue and "0 minutes" not in queue
    clock.shift(dt.timedelta(minutes=5))
    queue = moderator.get(reverse("desk:stories"), {"status": "all"}).content.decode()
    assert ">5\xa0minutes ago</time>" in queue


def test_relative_times():
    assert ago(NOW, NOW) == "just now"
    assert ago(NOW - dt.timedelta(seconds=59), NOW) == "just now"
    assert ago(NOW - dt.timedelta(minutes=1), NOW) == "1\xa0minute ago"
    assert ago(NOW - dt.timedelta(days=2, hours=3), NOW) == "2\xa0days, 3\xa0hours ago"
    assert ago(None, NOW) == ""
    assert from_now(NOW + dt.timedelta(seconds=20), NOW) == "in a moment"
    assert from_now(NOW + dt.timedelta(minutes=5), NOW) == "in 5\xa0minutes"


@pytest.mark.parametrize("n,noun,said", [
    (1, "slot", "1 slot"), (3, "slot", "3 slots"), (0, "face", "0 faces"), (1, "story", "1 story"),
    (2, "story", "2 stories"), (2, "new story", "2 new stories"), (2, "day", "2 days"), (2, "box", "2 boxes"),
    (1_200, "photo", "1,200 photos"), (2, "person", "2 people"),
])
def test_counted_nouns(n, noun, said):
    assert counted(n, noun) == said


def test_plural_verbs():
    assert (plural("was", 1), plural("was", 2)) == ("was", "were")


def test_planning_says_how_many_slots_in_words(client, login, campaign):
    login("manager")
    response = client.post(reverse("desk:calendar-plan"), {"days": "3", "target": "gallery"}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said and all("(s)" not in m for m in said)
    assert re.search(r"\d+ slots? filled", said[0])
