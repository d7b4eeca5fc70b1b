"""A second look for faces NudeNet did not count: OpenCV's Haar cascades, bundled in opencv-python-headless.

NudeNet misses some small, turned and shaded faces, or half sees them (a face box scoring under 0.5).
Two looks, cheapest first:
  1. around each face NudeNet half saw: the frontal and profile cascades (the profile one on the mirror
     image too, it only knows faces turned one way) on that patch, enlarged so the face is cascade-sized;
     two detectors agreeing on the same place is the evidence, so the bar is low;
  2. the whole photo: the frontal cascade alone, with a high bar, because textures (gravel, brick, a cat's
     fur) make it fire with a few neighbours.
The profile cascade is never trusted alone: on scikit-image's logo it drew 13-14 neighbours and on its rocket
8-10, as many as real turned faces; the upper-body cascade fired on cats and coins as often as on people.
Cost (bench/accuracy_people.py, tune half, 2 cores): both looks on a 2 MP photo, median 185-325 ms, p95
271-541 ms (as busy as other processes kept the cores), paid only when NudeNet counted no face.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from storydesk.screening.ml.pixels import rgb_pixels, shrink

CASCADES = {"frontal": "haarcascade_frontalface_alt2.xml", "profile": "haarcascade_profileface.xml"}
SCALE_STEP = 1.1  # each cascade pass looks for faces 10 % larger than the last
WINDOW = 24  # px, the smallest face a cascade is asked to find (alt2 and profile are trained at 20)

# Look 1: a half-seen face's box, padded by this share of its size each side, scaled so the box is FACE_PX.
PATCH_PAD = 0.5
FACE_PX = 80
MAX_ENLARGE = 4.0  # a 25 px face at most to 100 px; further is only blur
# Tuned on all of field_photos() (person_check's docstring): the people NudeNet missed had best faces at
# 0.36-0.4999, and around them a cascade agreed with 2-41 neighbours (measured on the tune half). Photos of no
# one can reach this look too: a cat scored 0.54 on NudeNet's own run, and two detectors must still agree.
CONFIRM_NEIGHBOURS = 2
# Look 2: the whole photo shrunk to WHOLE_SIDE (faces from ~4 % of the long side are still WINDOW px).
WHOLE_SIDE = 640
# Tune: photos of no one drew at most 6 frontal neighbours (a flower; textures 2-3), small faces 27-42.
ALONE_NEIGHBOURS = 12


@dataclass(frozen=True)
class CascadeFace:
    cascade: str  # "frontal" | "profile"
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the input image's pixels
    neighbours: int  # overlapping windows that agreed: how sure the cascade is


_per_thread = threading.local()


def cascades() -> dict:
    """The cascades, loaded once per thread (~30 ms): detectMultiScale is not thread-safe, and workers may be
    threads (STORYDESK_WORKER_TYPE=thread)."""
    found = getattr(_per_thread, "cascades", None)
    if found is None:
        found = _per_thread.cascades = _load()
    return found


def _load() -> dict:
    import cv2  # OpenCV, ~70 MB: only a process that screens photos loads it

    # Never cv2.setNumThreads here: in a worker forked after its parent used OpenCV's thread pool it waits
    # forever on that pool's lock (seen in `storydesk screen`'s process pool). The bench measures 1.0 cores
    # busy per worker without it.
    return {name: cv2.CascadeClassifier(cv2.data.haarcascades + file) for name, file in CASCADES.items()}


def look(image: Image.Image | np.ndarray, half_seen: Sequence[tuple[int, int, int, int]] = ()) -> list[CascadeFace]:
    """Faces the cascades find: first around the boxes NudeNet half saw, else anywhere; the surest first."""
    grey = _grey(rgb_pixels(image))
    for box in half_seen:
        if found := _around(grey, box):
            return found
    return _anywhere(grey)


def _grey(pixels: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(np.ascontiguousarray(pixels), cv2.COLOR_RGB2GRAY)


def _around(grey: np.ndarray, box: tuple[int, int, int, int]) -> list[CascadeFace]:
    import cv2

    x0, y0, x1, y1 = box
    side = max(x1 - x0, y1 - y0)
    if side <= 0:
        return []
    pad = round(side * PATCH_PAD)
    left, top = max(0, x0 - pad), max(0, y0 - pad)
    patch = grey[top:min(grey.shape[0], y1 + pad), left:min(grey.shape[1], x1 + pad)]
    scale = min(MAX_ENLARGE, FACE_PX / side)
    patch = cv2.resize(patch, (max(1, round(patch.shape[1] * scale)), max(1, round(patch.shape[0] * scale))),
                       interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    found = [f for f in _faces(patch, ("frontal", "profile"), CONFIRM_NEIGHBOURS, scale, (left, top))
             if _centre_inside(f.box, box)]
    return sorted(found, key=lambda f: -f.neighbours)


def _anywhere(grey: np.ndarray) -> list[CascadeFace]:
    small, scale = shrink(grey, WHOLE_SIDE)
    return sorted(_faces(small, ("frontal",), ALONE_NEIGHBOURS, scale, (0, 0)), key=lambda f: -f.neighbours)


def _faces(grey: np.ndarray, names: tuple[str, ...], neighbours: int, scale: float,
           offset: tuple[int, int]) -> list[CascadeFace]:
    """Each cascade's faces with at least `neighbours`, in the input's pixels (grey was scaled, then offset)."""
    import cv2

    if min(grey.shape[:2]) < WINDOW:
        return []
    grey = cv2.equalizeHist(grey)  # shade and low contrast: the cascades were trained on even light
    found = []
    for name in names:
        for mirrored in (False, True) if name == "profile" else (False,):
            pixels = np.ascontiguousarray(grey[:, ::-1]) if mirrored else grey
            boxes, counts = cascades()[name].detectMultiScale2(pixels, scaleFactor=SCALE_STEP, minNeighbors=1,
                                                               minSize=(WINDOW, WINDOW))
            for (x, y, w, h), count in zip(boxes, counts):
                if count < neighbours:
                    continue
                if mirrored:
                    x = grey.shape[1] - x - w
                box = (offset[0] + round(x / scale), offset[1] + round(y / scale),
                       offset[0] + round((x + w) / scale), offset[1] + round((y + h) / scale))
                found.append(CascadeFace(name, box, int(count)))
    return found


def _centre_inside(box: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]
