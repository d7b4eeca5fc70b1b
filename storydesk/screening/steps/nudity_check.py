"""No exposed nudity in the photo: NudeNet's exposed-body classes at NUDITY_THRESHOLD or above fail.

Only the classes in UNSAFE_CLASSES fail a story. A bare chest on a man, bare feet, armpits or belly
are ordinary in photos of men holding a sign, so they are recorded, never held against it; so are
the covered classes. Outcome: fail with the classes, scores and boxes found; pass otherwise.
Score: 1 − the highest unsafe class score (1.0 = nothing unsafe seen).
"""
from __future__ import annotations

from storydesk.screening.evidence import Detected, NudityEvidence
from storydesk.screening.ml import detector
from storydesk.screening.result import StepResult

name = "nudity_check"

UNSAFE_CLASSES = (
    "FEMALE_BREAST_EXPOSED",
    "FEMALE_GENITALIA_EXPOSED",
    "MALE_GENITALIA_EXPOSED",
    "BUTTOCKS_EXPOSED",
    "ANUS_EXPOSED",
)
# Safe generated photos scored under 0.3 on every unsafe class at the detector's 512 px.
NUDITY_THRESHOLD = 0.5
# Below this NudeNet's detections are noise not worth a moderator's glance.
RECORD_THRESHOLD = 0.3
MAX_RECORDED = 20


def load() -> None:
    """Load the detector (a worker calls this once at start-up)."""
    detector.detector()


def check(ctx) -> StepResult:
    image = ctx.image_array if ctx.image_array is not None else ctx.public_image
    if image is None:
        return StepResult("pass", None, NudityEvidence(threshold=NUDITY_THRESHOLD, classes=UNSAFE_CLASSES,
                                                       problem="no photo"))
    return judge(detector.detect(image))


def judge(detections: list[detector.Detection]) -> StepResult:
    """The step's verdict on one photo's detections."""
    detections = sorted(detections, key=lambda d: -d.score)
    unsafe = [_entry(d) for d in detections if d.label in UNSAFE_CLASSES and d.score >= NUDITY_THRESHOLD]
    recorded = [_entry(d) for d in detections
                if not d.label.startswith("FACE_") and RECORD_THRESHOLD <= d.score
                and not (d.label in UNSAFE_CLASSES and d.score >= NUDITY_THRESHOLD)]
    worst = max((d.score for d in detections if d.label in UNSAFE_CLASSES), default=0.0)
    score = round(1.0 - worst, 4)
    shown = ", ".join(f"{item.label} {item.score:.2f}" for item in unsafe[:3])
    evidence = NudityEvidence(tuple(unsafe[:MAX_RECORDED]), tuple(recorded[:MAX_RECORDED]), NUDITY_THRESHOLD,
                              UNSAFE_CLASSES, f"exposed nudity: {shown}" if unsafe else "")
    return StepResult("fail" if unsafe else "pass", score, evidence)


def _entry(detection: detector.Detection) -> Detected:
    return Detected(detection.label, round(detection.score, 4), tuple(detection.box))
