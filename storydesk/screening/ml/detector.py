"""Bodies and faces in photos: NudeNet's detector (320n.onnx, shipped in its wheel), one run per photo.

person_check and nudity_check both read the same run: the last photo's detections are kept, keyed by
the identity of the image object (the screening context decodes a story's photo once).
"""
from __future__ import annotations

import functools
import inspect
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from storydesk.screening.ml import model_threads
from storydesk.screening.ml.pixels import rgb_pixels, shrink

# The model is fully convolutional; on 136 photos of people and 48 without (tests/support/samples/signs.py):
#   320 px (native): 93/136 people's faces >= 0.5 (the man in `camera` scores 0.33-0.65); 1 cat.
#   512 px: 136/136 (lowest 0.63); a cat's face reached 0.58 on 2/48; no exposed class >= 0.3.
#   640 px: 136/136 and no cat, but a coffee cup read as BUTTOCKS_EXPOSED 0.51: a false reject.
INFERENCE_SIDE = 512
# A photo smaller than this holds no recognisable face or body; not worth a run.
MIN_SIDE = 32
# A closer look (detect_closer) runs on squares of the photo this share of its long side at most (or its short
# side, if less), overlapping to cover it: each reaches the model 1.5-1.8 times larger than the whole photo did.
# On field_photos() (all 178), 16 of the 28 people NudeNet counted no face for on the whole photo had one at
# >= 0.5 on these squares (mostly the man in `camera` in a wide scene, 0.0-0.44 on the whole); of the 35
# photos of no one it looked at (a cat passed on the whole photo), none did.
CLOSER_SHARE = 2 / 3
# A photo more than twice as long as it is high would need ceil(long/short) squares (a 2048×32 panorama 64 runs):
# along an axis there are at most this many pieces, longer than high for such a photo; still twice the whole
# photo's size to the model, and never more than 4 runs.
MAX_PER_AXIS = 2


@dataclass(frozen=True)
class Detection:
    label: str  # one of NudeNet's classes, e.g. FACE_MALE, FEMALE_BREAST_EXPOSED
    score: float
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the input image's pixels


@functools.cache
def detector():
    """The NudeNet detector: loaded once per process (~0.2 s), then shared by every story."""
    from nudenet import NudeDetector  # with onnxruntime ~100 MB and ~0.7 s: only a process that screens loads it

    found = NudeDetector(inference_resolution=INFERENCE_SIDE)
    if threads := model_threads():  # NudeDetector takes no session options: rebuild its session
        import onnxruntime  # loaded only with the model (above)

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        model = Path(inspect.getfile(NudeDetector)).with_name("320n.onnx")
        found.onnx_session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    return found


_last_lock = threading.Lock()
_last: tuple[weakref.ref, tuple[Detection, ...]] | None = None


def detect(image: Image.Image | np.ndarray) -> list[Detection]:
    """Every detection in an RGB image; asking again about the same image object reuses the run."""
    global _last
    with _last_lock:
        if _last is not None and _last[0]() is image:
            return list(_last[1])
    found = tuple(_detect(image))
    with _last_lock:
        _last = (weakref.ref(image), found)
    return list(found)


def detect_closer(image: Image.Image | np.ndarray) -> list[Detection]:
    """Every detection on overlapping pieces of the photo (2-4 runs), in the photo's pixels, best first.

    The model sees the whole photo at INFERENCE_SIDE, so a person who fills a third of a wide photo has a face
    of a few dozen px there; a square of it is looked at half as large again, or more. A panorama's pieces are
    longer than high (MAX_PER_AXIS).
    """
    pixels = rgb_pixels(image)
    height, width = pixels.shape[:2]
    side = min(height, width, round(max(height, width) * CLOSER_SHARE))
    if side < MIN_SIDE:
        return []
    tall, wide = (max(side, -(-length // MAX_PER_AXIS)) for length in (height, width))
    found = []
    for top in _starts(height, tall):
        for left in _starts(width, wide):
            for d in _detect(pixels[top:top + tall, left:left + wide]):
                x0, y0, x1, y1 = d.box
                found.append(Detection(d.label, d.score, (x0 + left, y0 + top, x1 + left, y1 + top)))
    return sorted(found, key=lambda d: -d.score)


def _starts(length: int, side: int) -> list[int]:
    """Where pieces `side` long start along `length`: as few as cover it, evenly spread, the last at the end."""
    count = -(-length // side)
    return [round(i * (length - side) / (count - 1)) for i in range(count)] if count > 1 else [0]


def _detect(image: Image.Image | np.ndarray) -> list[Detection]:
    pixels = rgb_pixels(image)
    height, width = pixels.shape[:2]
    if min(height, width) < MIN_SIDE:
        return []
    # Area averaging here, so the detector's own (aliasing) resize has nothing left to do.
    pixels, scale = shrink(pixels, INFERENCE_SIDE)
    # NudeNet swaps the channels twice for arrays, so an RGB array reaches the model as RGB.
    raw = detector().detect(np.ascontiguousarray(pixels))
    detections = []
    for item in raw:
        x, y, w, h = item["box"]
        box = (round(x / scale), round(y / scale), round((x + w) / scale), round((y + h) / scale))
        box = (max(0, min(box[0], width)), max(0, min(box[1], height)),
               max(0, min(box[2], width)), max(0, min(box[3], height)))
        detections.append(Detection(label=str(item["class"]), score=float(item["score"]), box=box))
    return sorted(detections, key=lambda d: -d.score)
