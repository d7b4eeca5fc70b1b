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
