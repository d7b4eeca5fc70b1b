"""The story page's screening panel says the same as before the evidence had types: the words below were
taken from the desk as it was, for evidence in the shapes the steps store."""
import pytest

from storydesk.desk.evidence import explain, photo_boxes
from storydesk.models import Verdict
from tests.screening.stored_shapes import STORED, STORED_OTHER_ORDER

SAID = {
    "image_integrity/pass": ["Photo 1: JPEG 600×800 px, 40 kB, decodes completely.",
                             "Photo 2: HEIF 3024×4032 px, 1800 kB, decodes completely."],
    "image_integrity/pass by SHA-256": ["Photo 1: JPEG 4032×3024 px, 2900 kB, the same bytes that were checked at "
                                        "intake (SHA-256); decoded at intake and by the worker for its copies."],
    "image_integrity/fail": ["Photo 1: PNG 640×480 px, 30 kB, decodes completely.",
                             "Problem: photo 2: original file is missing (No such file or directory)."],
    "sign_check/pass": ["Read “#HeFurShe” on the sign (one letter off — a handwriting or reading slip), 88 % sure."],
    "sign_check/flag": ["No #HeForShe sign read; the text read was “HELLO”."],
    "sign_check/flag after a second look": ["No #HeForShe sign read; the text read was “#SheForHe”."],
    "sign_check/no photo": ["No #HeForShe sign read: no text was read at all."],
    "person_check/pass": ["2 faces found (best 81 %; counted from 50 %)."],
    "person_check/pass by nudenet": ["1 face found by NudeNet (best 81 %; counted from 50 %)."],
    "person_check/pass on a second look": ["1 face found by OpenCV's profile-face cascade on a second look "
                                           "(NudeNet half saw 1 face, best 41 %, too unsure to count)."],
    "person_check/flag": ["No person found. The detector half saw 1 face, best 45 %, too unsure to count."],
    "nudity_check/pass": ["Nothing unsafe found."],
    "nudity_check/fail": ["Exposed nudity: buttocks exposed 91 %."],
    "text_check/flag": ["92 characters (the campaign asks for 20–1,200).", "Language: English (97 % sure).",
                        "Contains a phone number.", "Contains an e-mail address."],
    "text_check/offensive words": ["52 characters (the campaign asks for 20–1,200).", "Language: French (95 % sure).",
                                   "Offensive words: “connasses” (swearing, fr), “kukutomba” (campaign's word, sw)."],
    "text_check/pass": ["80 characters (the campaign asks for 20–1,200).", "Language: German (88 % sure).",
                        "No offensive words, personal data or spam signals found."],
    "duplicate_check/flag": ["The same photo as story 7 (3 of 64 bits differ).",
                             "The same words as story 7 (100 % alike).",
                             "Words very like those of story 9 (96 % alike)."],
    "duplicate_check/pass": ["Not a repeat of any earlier story."],
    "theme_tagging/pass": ["Speaks to educating oneself (0.41); sharing the load (0.39)."],
    "theme_tagging/flag": ["Speaks to sharing the load (0.12).", "The answer matches none of the themes."],
    "theme_tagging/no themes": [],
    "crashed": ["The step crashed: RuntimeError: model missing"],
    "image_integrity/no photo": ["Problem: no photo."],
    "text_check/no answer": ["0 characters (the campaign asks for 20–1,200).", "No answer text."],
    "theme_tagging/no answer": ["The answer is empty."],
}
SHAPES = {**STORED, **STORED_OTHER_ORDER}


def test_every_stored_shape_is_said():
    assert set(SAID) == set(SHAPES)


@pytest.mark.parametrize("name", SAID)
def test_the_panel_says_what_it_said_before(name):
    step, evidence = SHAPES[name]
    assert explain(Verdict(step=step, outcome="flag", evidence=evidence)) == SAID[name]


def test_the_photo_shows_the_same_boxes():
    verdicts = [Verdict(step=step, evidence=evidence) for step, evidence in SHAPES.values()]
    assert [(b.kind, b.label, b.x, b.y, b.width, b.height) for b in photo_boxes(verdicts)] == [
        ("sign", "sign: #HeFurShe", 120, 400, 300, 80),
        ("face", "face 81 %", 200, 100, 180, 200), ("face", "face 64 %", 400, 120, 120, 140),
        ("face", "face 81 %", 200, 100, 180, 200), ("face", "face", 500, 300, 150, 150)]


@pytest.mark.parametrize("step,evidence,said", [
    ("duplicate_check", {"photo_matches": [{"story": 7}]}, ["photo matches: [{'story': 7}]"]),
    ("nudity_check", {"unsafe": [{"box": [1, 1, 9, 9]}]}, ["unsafe: [{'box': [1, 1, 9, 9]}]"]),
    ("theme_tagging", {"themes": [{"name": "a"}]}, ["themes: [{'name': 'a'}]"]),
    ("sign_check", {"read": [{"confidence": 0.3}]}, ["read: [{'confidence': 0.3}]"]),
])
def test_an_older_shape_without_what_the_words_need_is_shown_as_recorded(step, evidence, said):
    assert explain(Verdict(step=step, outcome="flag", evidence=evidence)) == said
