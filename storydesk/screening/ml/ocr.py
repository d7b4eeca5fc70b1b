"""Text in photos: RapidOCR (PP-OCR detection + recognition, the default models bundled in its wheel).

Only the default model choice works offline: any other choice fetches weights from a model hub at run
time and fails. Photos are scaled down to OCR_LONG_SIDE first, and the detector runs at that size too
(its default would scale the short side up to 736 px, so a panorama would be detected at 3000 px).

A second, closer look (`read_closer`) is for a caller that did not find what it looked for: each region the
first look's detector saw text in, however unsure its reading, is cut from the full-size photo with a margin,
scaled so its lettering is CLOSER_TEXT_PX high, its contrast stretched, and read again. Small, distant and
shaded signs, which the first look saw but misread, read there; a photo without text costs nothing more.
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
# RapidOCR's own cut (its default text_score): a line read less surely is a guess, not text read. The first
# look keeps such lines only as regions for the second.
MIN_CONFIDENCE = 0.5
# The second look, chosen on the tune half of the field photos (tests/support/samples/field_photos.py), each
# also put at 40 % of its size into a blurred copy of itself, which the first look then missed 15 of 49 signs
# on. Lettering scaled to 32 px read 6 of those, 40 px 9, 48 px 9, 64 px 10; with the contrast stretched too,
# 48 px 11 and 64 px 10. Re-reading the whole photo at 1280 px read 7, at 190 ms CPU median against 40 ms
# for the crops (p95 230 ms with stretching); crops, then 1280 px when they fail, 10. Margins of 0.6 and 1.0
# line height read the same. No decoy matched in any of them (with sign_check's longer-word rule).
CLOSER_TEXT_PX = 48
# Lettering under 12 px is enlarged 4× at most (to 32 px and up, which still read 6 of the 15 above): a 1 px line
# would otherwise be 48× a crop of the photo, a large image (and its float32 stretched copy) of blur.
MAX_ENLARGE = 4.0
CLOSER_MARGIN = 0.6  # of the line's height, on every side
CLOSER_REGIONS = 6  # the largest regions only: a photo full of small print costs at most this many reads


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
    """Every line of text in an RGB image, top to bottom, with corners in the image's own pixels.

    Lines read below MIN_CONFIDENCE are included: a caller keeps them only as places to look closer at.
    """
    pixels = rgb_pixels(image)
    if min(pixels.shape[:2]) < MIN_SIDE:
        return []
    small, scale = shrink(pixels, OCR_LONG_SIDE)
    return _in_order(_read(small, scale=scale, offset=(0, 0), within=pixels.shape[:2]))


def read_closer(image: Image.Image | np.ndarray, regions: list[TextBox]) -> list[TextBox]:
    """The second look: each of the largest regions the first look saw text in, cut from the full-size image
    with a margin, scaled to CLOSER_TEXT_PX lettering, contrast stretched, read again."""
    pixels = rgb_pixels(image)
    height, width = pixels.shape[:2]
    lines = []
    for region in sorted(regions, key=_area, reverse=True)[:CLOSER_REGIONS]:
        line_height = max(_line_height(region), 1.0)
        margin = CLOSER_MARGIN * line_height
        x0, y0, x1, y1 = region.box
        left, top = max(0, round(x0 - margin)), max(0, round(y0 - margin))
        right, bottom = min(width, round(x1 + margin)), min(height, round(y1 + margin))
        if min(right - left, bottom - top) < 2:
            continue
        crop, scale = _scaled(pixels[top:bottom, left:right], min(MAX_ENLARGE, CLOSER_TEXT_PX / line_height))
        lines += _read(_stretched(crop), scale=scale, offset=(left, top), within=(height, width))
    return _in_order(lines)


def _read(pixels: np.ndarray, *, scale: float, offset: tuple[int, int], within: tuple[int, int]) -> list[TextBox]:
    """RapidOCR on pixels that are `scale` times a part of the image starting at `offset`; corners mapped back."""
    # Every option is passed on every call: RapidOCR keeps the options of its last call for the next.
    # RapidOCR takes numpy arrays as BGR, like cv2.imread gives them.
    result = reader()(np.ascontiguousarray(pixels[:, :, 2::-1]), use_det=True, use_cls=True, use_rec=True,
                      text_score=0.0)
    if not result.txts:
        return []
    height, width = within
    left, top = offset
    lines = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores):
        corners = tuple((float(min(max(left + x / scale, 0), width)), float(min(max(top + y / scale, 0), height)))
                        for x, y in quad)
        lines.append(TextBox(text=str(text), confidence=float(score), quad=corners))
    return lines


def _in_order(lines: list[TextBox]) -> list[TextBox]:
    return sorted(lines, key=lambda line: (line.box[1], line.box[0]))


def _line_height(line: TextBox) -> float:
    """The lettering's height: the shorter side of the (possibly turned) box around the line."""
    (x0, y0), (x1, y1), _, (x3, y3) = line.quad[:4]
    return min(float(np.hypot(x1 - x0, y1 - y0)), float(np.hypot(x3 - x0, y3 - y0)))


def _area(line: TextBox) -> float:
    x0, y0, x1, y1 = line.box
    return float((x1 - x0) * (y1 - y0))


def _stretched(pixels: np.ndarray) -> np.ndarray:
    """Contrast stretched from the 1st to the 99th percentile: a sign in shade becomes ink on a light card."""
    low, high = np.percentile(pixels, (1, 99))
    if high - low < 1:
        return pixels
    return np.clip((pixels.astype(np.float32) - low) * (255 / (high - low)), 0, 255).astype(np.uint8)


def _scaled(pixels: np.ndarray, factor: float) -> tuple[np.ndarray, float]:
    import cv2  # loaded with the OCR models already (ml.pixels)

    height, width = pixels.shape[:2]
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(pixels, size, interpolation=interpolation), factor
