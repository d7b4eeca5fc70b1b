"""A person is in the photo: NudeNet finds a face (FACE_MALE or FACE_FEMALE) scoring at least 0.5.

Measured on generated photos: people's faces scored 0.63-0.85 at the detector's 512 px; a close-up of a
cat's face (no person) reached 0.58 on 2 of 48 photos without people, so a pass is no proof.
Outcome: pass with the face boxes (public-image pixels) and scores; flag "no person found" otherwise.
Score: the best face's score (0.0 when there is no photo).
"""
from __future__ import annotations

from storydesk.screening.evidence import Detected, PersonEvidence
from storydesk.screening.ml import detector
from storydesk.screening.result import StepResult

name = "person_check"

FACE_CLASSES = ("FACE_MALE", "FACE_FEMALE")
THRESHOLD = 0.5
MAX_FACES = 20  # a crowd says no more than twenty faces do


def load() -> None:
    """Load the detector (a worker calls this once at start-up)."""
    detector.detector()


def check(ctx) -> StepResult:
    image = ctx.image_array if ctx.image_array is not None else ctx.public_image
    if image is None:
        return StepResult("flag", 0.0, PersonEvidence(threshold=THRESHOLD, problem="no photo"))
    return judge(detector.detect(image))


def judge(detections: list[detector.Detection]) -> StepResult:
    """The step's verdict on one photo's detections."""
    faces = sorted((d for d in detections if d.label in FACE_CLASSES), key=lambda d: -d.score)
    found = tuple(_face(d) for d in faces if d.score >= THRESHOLD)[:MAX_FACES]
    if found:
        return StepResult("pass", found[0].score, PersonEvidence(found, THRESHOLD))
    # Faces the detector half saw: shown to the moderator, never counted.
    half_seen = tuple(_face(d) for d in faces[:5])
    best = faces[0].score if faces else 0.0
    return StepResult("flag", round(best, 4), PersonEvidence((), THRESHOLD, half_seen, "no person found"))


def _face(detection: detector.Detection) -> Detected:
    return Detected(detection.label, round(detection.score, 4), tuple(detection.box))
