"""person_check: a face scoring ≥ 0.5 means a person, or one NudeNet finds looking closer, or one OpenCV's
cascades find, when NudeNet counts none on the whole photo; a cup or a cat is no person."""
from __future__ import annotations

import json
from functools import cache

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageOps

from storydesk.screening.ml import detector
from storydesk.screening.ml.detector import Detection
from storydesk.screening.steps import person_check
from tests.screening.steps import context_for
from tests.screening.stored import stored
from tests.support.samples.photos import person_with_sign, scene, with_sign

FACE_AT = (500, 300, 650, 450)  # where small_face_photo pastes the face


@cache
def _small_face_photo() -> Image.Image:
    """A 150 px face (scikit-image's lfw_subset) in a kitchen over the sign: NudeNet sees no face in it at all."""
    import skimage.data

    face = Image.fromarray((skimage.data.lfw_subset()[0] * 255).astype(np.uint8)).convert("RGB")
    photo = scene("coffee").copy()
    photo.paste(face.resize((FACE_AT[2] - FACE_AT[0], FACE_AT[3] - FACE_AT[1])), FACE_AT[:2])
    return with_sign(photo)


def small_face_photo() -> Image.Image:
    return _small_face_photo().copy()


MAN_AT = (200, 135)  # where wide_photo_with_a_man pastes the man in `camera` (765 px tall, 3:4)


@cache
def _wide_photo_with_a_man() -> Image.Image:
    """The man in `camera` filling most of the height of a wide kitchen photo, beside the sign: on the whole
    photo, shrunk to NudeNet's 512 px, his face scores just under 0.5."""
    import skimage.data

    photo = scene("coffee", (1600, 900)).copy()
    man = ImageOps.fit(Image.fromarray(skimage.data.camera()).convert("RGB"), (574, 765))
    photo.paste(man, MAN_AT)
    return with_sign(photo, box=(900, 500, 1560, 700))


def wide_photo_with_a_man() -> Image.Image:
    return _wide_photo_with_a_man().copy()


@pytest.mark.parametrize("base", ["camera", "astronaut"])  # a man, a woman
@pytest.mark.parametrize("size", [(1200, 1600), (1600, 1200)])
def test_a_person_holding_the_sign_is_found(base, size):
    image = person_with_sign(base, size=size)
    result = stored(person_check.check(context_for(image)))
    assert result.outcome == "pass", result.evidence
    best = result.evidence["faces"][0]
    # NudeNet guesses a gender (it calls the man in `camera` female): a face is stored as a face.
    assert best["class"] == "face" and best["score"] == result.score >= 0.5
    x0, y0, x1, y1 = best["box"]
    assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 < image.height * 0.6  # above the sign
    assert json.loads(json.dumps(result.evidence)) == result.evidence


def test_a_face_found_by_nudenet_says_so():
    result = stored(person_check.check(context_for(person_with_sign("astronaut"))))
    assert result.outcome == "pass" and result.evidence["found_by"] == "nudenet"


def test_a_face_only_the_second_look_finds_passes_and_says_which_found_it():
    image = small_face_photo()
    assert not [d for d in detector.detect(image) if d.label in person_check.FACE_CLASSES]
    result = stored(person_check.check(context_for(image)))
    assert result.outcome == "pass" and result.score == person_check.THRESHOLD
    assert result.evidence["found_by"] == "opencv-frontal" and "below_threshold" not in result.evidence
    face = result.evidence["faces"][0]
    assert face["class"] == "face" and face["score"] is None
    x0, y0, x1, y1 = face["box"]
    assert FACE_AT[0] - 30 <= x0 < x1 <= FACE_AT[2] + 30 and FACE_AT[1] - 30 <= y0 < y1 <= FACE_AT[3] + 30


def test_a_person_small_in_a_wide_photo_is_found_looking_closer_and_says_so():
    image = wide_photo_with_a_man()
    assert not [d for d in detector.detect(image) if d.label in person_check.FACE_CLASSES and d.score >= 0.5]
    result = stored(person_check.check(context_for(image)))
    assert result.outcome == "pass" and result.evidence["found_by"] == "nudenet-closer"
    face = result.evidence["faces"][0]
    assert face["class"] == "face" and face["score"] == result.score >= 0.5
    x0, y0, x1, y1 = face["box"]
    assert MAN_AT[0] <= x0 < x1 <= MAN_AT[0] + 574 and MAN_AT[1] <= y0 < y1 <= MAN_AT[1] + 765 // 2


@pytest.mark.parametrize("base", ["coffee", "chelsea", "rocket"])
@pytest.mark.parametrize("size", [(1600, 900), (900, 1600), (1200, 1200)])
def test_looking_closer_finds_no_one_in_a_cup_a_cat_or_a_rocket(base, size):
    result = stored(person_check.check(context_for(person_with_sign(base, size=size))))
    assert result.outcome == "flag" and result.evidence["faces"] == []


def test_a_face_nudenet_half_saw_is_counted_when_a_cascade_agrees_there():
    half_seen = Detection("FACE_FEMALE", 0.4, FACE_AT)
    result = stored(person_check.judge([half_seen], small_face_photo()))
    assert result.outcome == "pass" and result.evidence["found_by"].startswith("opencv-")
    assert result.evidence["below_threshold"] == [{"box": list(FACE_AT), "score": 0.4, "class": "face"}]


@pytest.mark.parametrize("base", ["coffee", "chelsea", "rocket"])
@pytest.mark.parametrize("light", [1.0, 0.3])
def test_no_person_in_a_cup_a_cat_or_a_rocket(base, light):
    image = ImageEnhance.Brightness(person_with_sign(base)).enhance(light)
    result = stored(person_check.check(context_for(image)))
    assert result.outcome == "flag" and result.evidence["problem"] == "no person found"
    assert result.evidence["faces"] == [] and result.score < 0.5
    assert "found_by" not in result.evidence


def test_a_half_seen_face_on_a_cup_is_not_counted_when_no_cascade_agrees():
    image = person_with_sign("coffee")
    result = stored(person_check.judge([Detection("FACE_MALE", 0.45, (400, 300, 800, 700))], image))
    assert result.outcome == "flag" and result.evidence["faces"] == []


def test_faces_below_the_threshold_are_shown_but_do_not_count():
    result = stored(person_check.judge([Detection("FACE_FEMALE", 0.45, (1, 2, 30, 40)),
                                        Detection("BELLY_COVERED", 0.9, (0, 50, 90, 120))]))
    assert result.outcome == "flag" and result.score == 0.45
    assert result.evidence["below_threshold"] == [{"box": [1, 2, 30, 40], "score": 0.45, "class": "face"}]


def test_every_face_at_the_threshold_is_listed_best_first():
    result = stored(person_check.judge([Detection("FACE_MALE", 0.5, (0, 0, 10, 10)),
                                        Detection("FACE_FEMALE", 0.8, (20, 0, 30, 10))]))
    assert result.outcome == "pass" and result.score == 0.8
    assert [(f["class"], f["score"]) for f in result.evidence["faces"]] == [("face", 0.8), ("face", 0.5)]


@pytest.mark.parametrize("label", person_check.FACE_CLASSES)
def test_a_face_counts_the_same_whichever_gender_the_detector_guesses(label):
    """What screening decides doesn't change with the class; what it stores never names a gender."""
    result = stored(person_check.judge([Detection(label, 0.7, (0, 0, 10, 10))]))
    assert (result.outcome, result.score) == ("pass", 0.7)
    assert result.evidence["faces"] == [{"box": [0, 0, 10, 10], "score": 0.7, "class": "face"}]
    flagged = stored(person_check.judge([Detection(label, 0.45, (0, 0, 10, 10))]))
    assert flagged.outcome == "flag" and flagged.evidence["below_threshold"][0]["class"] == "face"


@pytest.mark.parametrize("size", [(50, 50), (8, 8), (1, 1), (3, 900)])
def test_tiny_photos_do_not_crash(size):
    result = stored(person_check.check(context_for(Image.new("RGB", size, "gray"))))
    assert result.outcome == "flag"


def test_no_photo_is_flagged():
    assert person_check.check(context_for(None)).outcome == "flag"


@pytest.mark.parametrize("size", [(2048, 40), (40, 2048), (2048, 600), (600, 600)])
def test_looking_closer_runs_the_detector_at_most_four_times_and_covers_the_photo(monkeypatch, size):
    pieces = []
    monkeypatch.setattr(detector, "_detect", lambda pixels: pieces.append(pixels.shape[:2]) or [])
    image = np.zeros((size[1], size[0], 3), dtype=np.uint8)
    assert detector.detect_closer(image) == []
    assert 2 <= len(pieces) <= 4
    assert sum(h * w for h, w in pieces) >= size[0] * size[1]  # together at least the photo's area


def test_each_thread_looks_with_its_own_cascades():
    from concurrent.futures import ThreadPoolExecutor

    from storydesk.screening.ml import face_cascades

    mine = face_cascades.cascades()
    with ThreadPoolExecutor(1) as pool:
        theirs = pool.submit(face_cascades.cascades).result()
    assert face_cascades.cascades() is mine and theirs["frontal"] is not mine["frontal"]
