"""A person is in the photo: NudeNet finds a face (either of its FACE_CLASSES) scoring at least 0.5; or, when it
counts none, a second look finds one: NudeNet again, closer, on squares of the photo (detector.detect_closer),
then OpenCV's Haar cascades (storydesk/screening/ml/face_cascades.py) around the faces either run half saw,
then over the whole photo. The second look runs only when NudeNet counted no face, so most photos never pay for it.

Measured on generated photos: people's faces scored 0.63-0.85 at the detector's 512 px; a close-up of a
cat's face (no person) reached 0.58 on 2 of 48 photos without people, so a pass is no proof.
Tuned on all of field_photos() (142 people, 36 photos of no one; its held-out half was seen on 2026-12-07):
  NudeNet on the whole photo found 114; closer up 16 more (the man in `camera` standing in a wide scene,
  Grace Hopper behind her card); the cascades 8 (small and shaded faces): 138/142 (97.2 %); small 13/14,
  angled 14/16, low light 14/14, turned 10/10, covered 9/12. Missed: the man in `camera` with his face behind
  his camera and the card, or tiny in a kitchen. One cat of 36 photos of no one passed, on NudeNet's own face
  score (0.54) on the whole photo.
  A cue without a face was measured and left out, because nothing told those four men from photos of no one
  (at 640 px): the upper-body cascade drew 0-2 neighbours on them, up to 5 on photos of no one (a cup, a
  palace); HOG's people detector 0 on them, up to 0.74 on china.jpg; the profile cascade 0-7, and 17 on the
  cat; NudeNet's body classes read coffee cups as BUTTOCKS (0.36-0.58) and the cat as a breast (0.35-0.38).
  The frontal cascade on the photo turned ±20° or with CLAHE found none of them either (no one: up to 9).
Fresh batch (fresh_field_photos(), another seed; measured once, after the settings were fixed): 137/142
  (96.5 %, short of the 97 % aimed for): NudeNet 112, closer up 14, the cascades 11; small 13/14, angled 16/16,
  low light 12/14, turned 10/10, covered 9/12. Missed: the man in `camera` behind his card (3) or in shade, and a
  tiny shaded face. No photo of no one of 36 passed.
Cost (bench/accuracy_people.py, 2 cores): the step median 107-114 ms, p95 ~0.7 s; the second look alone on a
  2 MP photo median ~0.3 s, p95 ~0.54 s (2-4 NudeNet runs, then the cascades), paid only without a face.
Outcome: pass with the face boxes (public-image pixels), their scores (NudeNet's; none for a cascade's) and
which detector found them; flag "no person found" otherwise. Each is stored as a "face", never the detector's
guess at a gender.
Score: the best face's score; the threshold when a cascade found the face (it gives no probability);
0.0 when there is no photo.
"""
from __future__ import annotations

from storydesk.screening.evidence import FACE, Detected, PersonEvidence
from storydesk.screening.ml import detector, face_cascades
from storydesk.screening.result import StepResult

name = "person_check"

FACE_CLASSES = ("FACE_MALE", "FACE_FEMALE")  # NudeNet's classes for a face; both count the same
THRESHOLD = 0.5
# NudeNet faces from here on (on the whole photo or closer up) get the cascades' look around them. Tuned on all
# of field_photos() (above): the people NudeNet missed had faces at 0.36-0.4999; of the photos of no one, a cat
# scored 0.54 on NudeNet's own run (and passed on it).
SECOND_LOOK_FROM = 0.3
MAX_FACES = 20  # a crowd says no more than twenty faces do


def load() -> None:
    """Load the detectors (a worker calls this once at start-up)."""
    detector.detector()
    face_cascades.cascades()


def check(ctx) -> StepResult:
    image = ctx.image_array if ctx.image_array is not None else ctx.public_image
    if image is None:
        return StepResult("flag", 0.0, PersonEvidence(threshold=THRESHOLD, problem="no photo"))
    return judge(detector.detect(image), image)


def judge(detections: list[detector.Detection], image=None) -> StepResult:
    """The step's verdict on one photo's detections; with the image, a second look when NudeNet counted none."""
    faces = sorted((d for d in detections if d.label in FACE_CLASSES), key=lambda d: -d.score)
    found = tuple(_face(d) for d in faces if d.score >= THRESHOLD)[:MAX_FACES]
    if found:
        return StepResult("pass", found[0].score, PersonEvidence(found, THRESHOLD, found_by="nudenet"))
    # Faces the detector half saw: shown to the moderator, never counted on their own.
    half_seen = tuple(_face(d) for d in faces[:5])
    if image is not None:
        closer = [d for d in detector.detect_closer(image) if d.label in FACE_CLASSES]
        if found := tuple(_face(d) for d in closer if d.score >= THRESHOLD)[:MAX_FACES]:
            return StepResult("pass", found[0].score, PersonEvidence(found, THRESHOLD, half_seen or None,
                                                                     found_by="nudenet-closer"))
        hints = [d.box for d in sorted(faces[:5] + closer[:5], key=lambda d: -d.score) if d.score >= SECOND_LOOK_FROM]
        if second := face_cascades.look(image, hints)[:MAX_FACES]:
            counted = tuple(Detected(FACE, None, f.box) for f in second)
            return StepResult("pass", THRESHOLD, PersonEvidence(counted, THRESHOLD, half_seen or None,
                                                                found_by=f"opencv-{second[0].cascade}"))
    best = faces[0].score if faces else 0.0
    return StepResult("flag", round(best, 4), PersonEvidence((), THRESHOLD, half_seen, "no person found"))


def _face(detection: detector.Detection) -> Detected:
    # Stored as a face, not the detector's gendered class (evidence/photo.py FACE).
    return Detected(FACE, round(detection.score, 4), tuple(detection.box))
