"""Text in photos: RapidOCR (PP-OCR detection + recognition, the default models bundled in its wheel).

Only the default model choice works offline: any other choice fetches weights from a model hub at run
time and fails. Photos are scaled down to OCR_LONG_SIDE first, and the detector runs at that size too
(its default would scale the short side up to 736 px, so a panorama would be detected at 3000 px).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from PIL import Image

from storydesk.screening.ml import model_threads
from storydesk.screening.ml.pixels import rgb_pixels, shrink

# Measured on 240 labelled photos (800-4000 px, 3 handwritings, ±8°): 640 px read every sign, as
# did 704-896 px, while 960 and 1024 px each missed 1-2 (the detector splits large, widely spaced
# handwriting). Lettering of 3-5 % of the photo's height and 3:1 panoramas still read at 640 px.
# CPU per photo on one core: 300 ms at 640 px, 440 at 768, 580 at 896, 730 at 1024.
OCR_LONG_SIDE = 640
# No sign can be read below this; RapidOCR would first scale such a sliver up to 30 px.
MIN_SIDE = 16


@dataclass(frozen=True)
class TextBox:
    """One line of text read from an image."""

    text: str
    confidence: float  # the recogniser's score for the whole line, 0..1
    quad: tuple[tuple[float, float], ...]  # 4 corners (clockwise from top left) in input-image pixels

    @property
    def box(self) -> tuple[int, int, int, int]:
        xs = [x for x, _ in self.quad]
        ys = [y for _, y in self.quad]
        return round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))


@functools.cache
def reader():
    """The RapidOCR engine: built once per process (~2 s), then shared by every story."""
    from rapidocr import RapidOCR  # the OCR models' runtime: only a process that screens loads it

    # "error": a photo without text is ordinary here, not worth RapidOCR's warning in the worker's log.
    params = {"Global.log_level": "error", "Det.limit_type": "max", "Det.limit_side_len": OCR_LONG_SIDE}
    if threads := model_threads():
        params.update({"EngineConfig.onnxruntime.intra_op_num_threads": threads,
                       "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    return RapidOCR(params=params)


def read_text(image: Image.Image | np.ndarray) -> list[TextBox]:
    """Every line of text in an RGB image, top to bottom, with corners in the image's own pixels."""
    pixels = rgb_pixels(image)
    height, width = pixels.shape[:2]
    if min(height, width) < MIN_SIDE:
        return []
    pixels, scale = shrink(pixels, OCR_LONG_SIDE)
    # RapidOCR takes numpy arrays as BGR, like cv2.imread gives them.
    result = reader()(np.ascontiguousarray(pixels[:, :, 2::-1]))
    if not result.txts:
        return []
    lines = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores):
        corners = tuple((float(min(max(x / scale, 0), width)), float(min(max(y / scale, 0), height)))
                        for x, y in quad)
        lines.append(TextBox(text=str(text), confidence=float(score), quad=corners))
    return sorted(lines, key=lambda line: (line.box[1], line.box[0]))
