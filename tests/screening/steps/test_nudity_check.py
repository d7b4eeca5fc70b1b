"""nudity_check: safe photos pass; exposed nudity classes fail; one detector run serves both steps."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from storydesk.screening.ml import detector
from storydesk.screening.ml.detector import Detection
from storydesk.screening.steps import nudity_check, person_check
from storydesk.screening.steps.nudity_check import NUDITY_THRESHOLD, UNSAFE_CLASSES
from tests.screening.steps import context_for
from tests.screening.stored import stored
from tests.support.samples.photos import person_with_sign


@pytest.mark.parametrize("base", ["camera", "astronaut", "coffee", "chelsea", "rocket"])
@pytest.mark.parametrize("font_index", [0, 2])
def test_safe_photos_pass(base, font_index):
    result = stored(nudity_check.check(context_for(person_with_sign(base, font_index=font_index))))
    assert result.outcome == "pass", result.evidence
    assert result.evidence["unsafe"] == [] and result.score > 1 - NUDITY_THRESHOLD
    assert json.loads(json.dumps(result.evidence)) == result.evidence


@pytest.mark.parametrize("label", UNSAFE_CLASSES)
def test_each_unsafe_class_at_the_threshold_fails(label):
    result = stored(nudity_check.judge([Detection("FACE_FEMALE", 0.8, (0, 0, 10, 10)),
                                        Detection(label, NUDITY_THRESHOLD, (5, 20, 60, 90))]))
    assert result.outcome == "fail"
    assert result.evidence["unsafe"] == [{"class": label, "score": NUDITY_THRESHOLD, "box": [5, 20, 60, 90]}]
    assert label in result.evidence["problem"] and result.score == pytest.approx(1 - NUDITY_THRESHOLD)


def test_the_highest_unsafe_scores_are_listed_first():
    result = stored(nudity_check.judge([Detection("BUTTOCKS_EXPOSED", 0.55, (0, 0, 1, 1)),
                                        Detection("FEMALE_BREAST_EXPOSED", 0.91, (0, 0, 2, 2))]))
    assert [u["class"] for u in result.evidence["unsafe"]] == ["FEMALE_BREAST_EXPOSED", "BUTTOCKS_EXPOSED"]
    assert result.score == pytest.approx(0.09)


@pytest.mark.parametrize("label, score", [
    ("FEMALE_BREAST_EXPOSED", 0.49),  # below the threshold
    ("MALE_BREAST_EXPOSED", 0.95),  # a man's bare chest
    ("FEET_EXPOSED", 0.9), ("ARMPITS_EXPOSED", 0.9), ("BELLY_EXPOSED", 0.9),
    ("FEMALE_BREAST_COVERED", 0.9), ("BUTTOCKS_COVERED", 0.9), ("FEMALE_GENITALIA_COVERED", 0.9),
])
def test_covered_ordinary_and_weak_detections_pass_and_are_recorded(label, score):
    result = stored(nudity_check.judge([Detection(label, score, (1, 1, 9, 9)),
                                        Detection("FACE_MALE", 0.9, (0, 0, 5, 5))]))
    assert result.outcome == "pass" and result.evidence["unsafe"] == []
    assert result.evidence["recorded"] == [{"class": label, "score": score, "box": [1, 1, 9, 9]}]


def test_nothing_detected_passes_clean():
    result = stored(nudity_check.judge([]))
    assert result.outcome == "pass" and result.score == 1.0 and result.evidence["recorded"] == []


def test_person_and_nudity_checks_share_one_detector_run(monkeypatch):
    runs = []
    real = detector._detect
    monkeypatch.setattr(detector, "_detect", lambda image: runs.append(image) or real(image))
    ctx = context_for(person_with_sign("astronaut", size=(900, 1200)))
    assert person_check.check(ctx).outcome == "pass"
    assert nudity_check.check(ctx).outcome == "pass"
    assert len(runs) == 1
    other = context_for(person_with_sign("camera", size=(900, 1200)))  # another story: its own run
    assert person_check.check(other).outcome == "pass" and len(runs) == 2


@pytest.mark.parametrize("size", [(50, 50), (8, 8), (1, 1), (3, 900)])
def test_tiny_photos_do_not_crash(size):
    assert nudity_check.check(context_for(Image.new("RGB", size, "gray"))).outcome == "pass"


def test_no_photo_passes_with_a_note():
    result = stored(nudity_check.check(context_for(None)))
    assert result.outcome == "pass" and result.evidence["problem"] == "no photo"
