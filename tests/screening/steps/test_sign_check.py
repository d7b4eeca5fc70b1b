"""sign_check: the tag is found in every handwriting and at a tilt, decoys and blank cards never count."""
from __future__ import annotations

import json
import math

import pytest
from PIL import Image

from storydesk.screening.ml.ocr import TextBox
from storydesk.screening.steps import sign_check
from storydesk.screening.steps.sign_check import decoys_for, edit_distance, match_token, normalise, token_box
from tests.screening.steps import context_for
from tests.screening.stored import stored
from tests.support.samples.photos import SIZE, person_with_sign, scene, with_sign
from tests.support.samples.signs import labelled_sign_photos, with_blank_card

DECOYS = decoys_for("#HeForShe")


# --- the token matcher, no OCR ---------------------------------------------------------------------

@pytest.mark.parametrize("a, b, distance", [
    ("", "", 0), ("abc", "", 3), ("heforshe", "heforshe", 0), ("hefurshe", "heforshe", 1),
    ("heforhe", "heforshe", 1), ("sheforshe", "heforshe", 1), ("sheforhe", "heforshe", 2),
    ("heforhim", "heforshe", 3), ("kitten", "sitting", 3),
])
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance == edit_distance(b, a)


def test_normalise_drops_case_hash_and_edge_punctuation():
    assert normalise("#HeForShe") == normalise("heforshe") == normalise('"#HEFORSHE!"') == "heforshe"


def test_the_reversed_tag_is_a_decoy():
    assert DECOYS == ("sheforhe",)
    assert decoys_for("#HeForShe", ["#HeForHim"]) == ("sheforhe", "heforhim")
    assert decoys_for("#Solidarity") == ()


@pytest.mark.parametrize("token, confidence, edits", [
    ("#HeForShe", 0.6, 0),
    ("heforshe", 0.99, 0),
    ("#HEFORSHE.", 0.99, 0),
    ("#HeFurShe", 0.95, 1),  # a slip of the pen (or of the OCR) still counts
    ("HeFarShe", 0.93, 1),
    ("#HeForSh", 0.95, 1),  # a letter missed
])
def test_the_tag_and_one_slip_match(token, confidence, edits):
    assert match_token(token, "#HeForShe", confidence, DECOYS) == edits


@pytest.mark.parametrize("token, confidence", [
    ("#SheForHe", 1.0),  # the decoy itself
    ("#HeForHim", 1.0),
    ("#LoveWins", 1.0),
    ("#HeForHe", 0.99),  # "#SheForHe" with its S lost: one edit from the tag and from the decoy
    ("#SheForShe", 0.99),  # one edit from both as well
    ("#HeFurShe", 0.6),  # one edit, but read too unsure to give it the benefit of the doubt
    ("#HeForShee", 1.0),  # the tag and a letter more: a longer word, a decoy, however surely read
    ("#HeForShes", 1.0),
    ("I#HeForSheToo", 1.0),  # no substring matching
    ("#HeForShe#HeForShe", 1.0),
    ("#", 1.0),
    ("", 1.0),
])
def test_decoys_slips_on_decoys_and_substrings_do_not_match(token, confidence):
    assert match_token(token, "#HeForShe", confidence, DECOYS) is None


def test_a_token_box_is_its_share_of_the_line():
    line = TextBox("I am #HeForShe", 0.9, ((100.0, 50.0), (240.0, 50.0), (240.0, 70.0), (100.0, 70.0)))
    assert token_box(line, 5, 14) == (150, 50, 240, 70)


# --- reading photos (one OCR run per photo, shared by the module) -----------------------------------

def _card(size=SIZE, angle=0.0) -> tuple[float, float, float, float]:
    """Where photos.with_sign puts its default card, grown by the tilt."""
    width, height = size
    left, top, right, bottom = width * 0.04, height * 0.6, width * 0.96, height * 0.8
    cx, cy, w, h = (left + right) / 2, (top + bottom) / 2, right - left, bottom - top
    a = math.radians(abs(angle))
    w, h = w * math.cos(a) + h * math.sin(a), w * math.sin(a) + h * math.cos(a)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


PHOTOS = {
    "camera-font0": lambda: person_with_sign("camera", font_index=0),
    "astronaut-font1": lambda: person_with_sign("astronaut", font_index=1),
    "camera-font2": lambda: person_with_sign("camera", font_index=2),
    "astronaut-tilt+8": lambda: with_sign(scene("astronaut"), "#HeForShe", font_index=0, angle=8),
    "camera-tilt-8-font1": lambda: with_sign(scene("camera"), "#HeForShe", font_index=1, angle=-8),
    "slip-hefurshe": lambda: person_with_sign("astronaut", "#HeFurShe", font_index=0),
    "decoy-sheforhe-font0": lambda: person_with_sign("camera", "#SheForHe", font_index=0),
    "decoy-sheforhe-font2": lambda: person_with_sign("astronaut", "#SheForHe", font_index=2),
    "decoy-heforhim": lambda: person_with_sign("camera", "#HeForHim", font_index=1),
    "decoy-lovewins": lambda: person_with_sign("astronaut", "#LoveWins", font_index=0),
    "blank-card": lambda: with_blank_card(scene("camera")),
    "no-sign": lambda: scene("coffee"),
}
ANGLES = {"astronaut-tilt+8": 8, "camera-tilt-8-font1": -8}


@pytest.fixture(scope="module")
def results():
    return {key: stored(sign_check.check(context_for(make()))) for key, make in PHOTOS.items()}


@pytest.mark.parametrize("key", ["camera-font0", "astronaut-font1", "camera-font2", "astronaut-tilt+8",
                                 "camera-tilt-8-font1"])
def test_the_sign_is_found_on_the_card(results, key):
    result = results[key]
    assert result.outcome == "pass", result.evidence
    assert result.evidence["found"] and result.evidence["tag"] == "#HeForShe"
    assert result.score == result.evidence["confidence"] >= 0.8
    x0, y0, x1, y1 = result.evidence["box"]
    left, top, right, bottom = _card(angle=ANGLES.get(key, 0))
    assert left - 4 <= x0 < x1 <= right + 4 and top - 4 <= y0 < y1 <= bottom + 4
    assert (x1 - x0) > 0.3 * (right - left)  # the lettering, not a speck on the card


def test_a_one_letter_slip_on_the_sign_matches(results):
    result = results["slip-hefurshe"]
    assert result.outcome == "pass", result.evidence
    assert result.evidence["edits"] == 1 and normalise(result.evidence["text"]) != "heforshe"


@pytest.mark.parametrize("key", ["decoy-sheforhe-font0", "decoy-sheforhe-font2", "decoy-heforhim",
                                 "decoy-lovewins", "blank-card", "no-sign"])
def test_decoys_and_blank_cards_are_flagged(results, key):
    result = results[key]
    assert result.outcome == "flag" and result.score == 0.0
    assert result.evidence["found"] is False and result.evidence["box"] is None
    assert result.evidence["problem"]


def test_the_decoys_were_read_so_a_moderator_sees_why(results):
    read = {normalise(t["text"]) for key in ("decoy-sheforhe-font0", "decoy-heforhim")
            for t in results[key].evidence["read"]}
    assert {"sheforhe", "heforhim"} <= read


def test_evidence_is_plain_json(results):
    for result in results.values():
        assert json.loads(json.dumps(result.evidence)) == result.evidence


def test_another_campaign_tag_is_looked_for(results):
    result = stored(sign_check.check(context_for(person_with_sign("camera", "#LoveWins"), sign_tag="#LoveWins")))
    assert result.outcome == "pass" and normalise(result.evidence["text"]) == "lovewins"


# --- the second, closer look -------------------------------------------------------------------------

FAR = (3000, 4000)
FAR_CARD = (1300, 2600, 1600, 2690)  # a card 10 % of the photo wide: lettering of ~1.5 % of its height


def _far_sign(text: str, font_index: int = 2) -> Image.Image:
    return with_sign(scene("astronaut", FAR), text, font_index=font_index, box=FAR_CARD)


def test_a_sign_too_small_for_the_first_look_is_read_on_the_second():
    result = stored(sign_check.check(context_for(_far_sign("#HeForShe"))))
    assert result.outcome == "pass", result.evidence
    assert result.evidence["look"] == "second" and normalise(result.evidence["text"]) == "heforshe"
    x0, y0, x1, y1 = result.evidence["box"]  # in the full photo's pixels, not the crop's
    left, top, right, bottom = FAR_CARD
    slack = 20  # the detector's box reaches a little past the lettering: here about a third of its height
    assert left - slack <= x0 < x1 <= right + slack and top - slack <= y0 < y1 <= bottom + slack
    assert (x1 - x0) > 0.5 * (right - left)
    # What the first look misread is shown too.
    assert len(result.evidence["read"]) >= 2


def test_a_sign_the_first_look_reads_takes_no_second_look(results):
    assert results["camera-font0"].evidence["look"] == "first"


@pytest.mark.parametrize("text", ["#SheForHe", "#HeForHim", "#HeForShee"])
def test_decoys_never_match_after_the_second_look(text):
    result = stored(sign_check.check(context_for(_far_sign(text))))
    assert result.outcome == "flag" and result.evidence["look"] == "second", result.evidence
    assert not result.evidence["found"] and result.evidence["read"]


def test_a_photo_without_text_takes_no_second_look(results):
    assert results["no-sign"].evidence["look"] == "first"
    assert results["no-sign"].evidence["problem"] == "no sign text read"


@pytest.mark.parametrize("size", [(50, 50), (8, 8), (3, 900)])
def test_tiny_photos_do_not_crash(size):
    result = stored(sign_check.check(context_for(Image.new("RGB", size, "white"))))
    assert result.outcome == "flag" and not result.evidence["found"]


def test_no_photo_is_flagged():
    result = stored(sign_check.check(context_for(None)))
    assert result.outcome == "flag" and result.evidence["problem"] == "no photo to read"


def test_the_labelled_set_is_deterministic_and_mixed():
    photos = labelled_sign_photos(48, seed=3)
    assert photos == labelled_sign_photos(48, seed=3) != labelled_sign_photos(48, seed=4)
    assert len({p.name for p in photos}) == 48
    assert sum(p.has_tag for p in photos) == 28 and sum(p.has_person for p in photos) == 40
    assert {p.sign_text for p in photos} == {"#HeForShe", "#SheForHe", "#HeForHim", "#LoveWins", ""}
    assert {p.recipe.font_index for p in photos} == {0, 1, 2}
    assert all(800 <= max(p.recipe.size) <= 4000 and abs(p.recipe.angle) <= 8 for p in photos)


def test_the_second_look_enlarges_tiny_lettering_at_most_four_times(monkeypatch):
    import numpy as np

    from storydesk.screening.ml import ocr

    factors = []
    monkeypatch.setattr(ocr, "_scaled", lambda pixels, factor: factors.append(factor) or (pixels, factor))
    monkeypatch.setattr(ocr, "_read", lambda *args, **kwargs: [])
    tiny = TextBox("he", 0.3, ((100.0, 50.0), (110.0, 50.0), (110.0, 51.0), (100.0, 51.0)))  # 1 px high
    ocr.read_closer(np.zeros((200, 300, 3), dtype=np.uint8), [tiny])
    assert factors == [ocr.MAX_ENLARGE]


def test_a_word_both_looks_read_is_listed_once_at_its_surest(monkeypatch):
    from storydesk.screening.ml import ocr

    first = [TextBox("hello world", 0.6, ((0.0, 0.0), (90.0, 0.0), (90.0, 20.0), (0.0, 20.0)))]
    closer = [TextBox("hello world", 0.8, ((0.0, 0.0), (90.0, 0.0), (90.0, 20.0), (0.0, 20.0)))]
    monkeypatch.setattr(ocr, "read_text", lambda image: first)
    monkeypatch.setattr(ocr, "read_closer", lambda image, regions: closer)
    evidence = sign_check.check(context_for(Image.new("RGB", (300, 200)))).evidence
    assert evidence.look == "second" and [(r.text, r.confidence) for r in evidence.read] == [("hello", 0.8),
                                                                                            ("world", 0.8)]
