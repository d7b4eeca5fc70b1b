"""The post image: the lead photo cropped to the campaign's size (1080×1350 by default) around the sign and
the faces screening found, so neither is cut; where both can't fit in a crop, the photo is shown whole
along that side and padded with the campaign colour. JPEG, no metadata, under Instagram's size limit."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageColor

from storydesk.models import AuditEvent, Story, Verdict
from storydesk.photos.bare_jpeg import bare_jpeg
from storydesk.screening.evidence import PersonEvidence, Screening, SignEvidence

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in the public copy's pixels
MARGIN = 0.12  # room kept around the sign and faces, as a share of their joint box, when the crop allows it


class RenderError(Exception):
    pass


@dataclass(frozen=True)
class Rendered:
    jpeg: bytes
    width: int
    height: int
    region: tuple[float, float, float, float]  # the part of the photo shown (may reach outside it: padding)
    padded: bool


def subject_boxes(story: Story) -> list[Box]:
    """The sign's and faces' boxes from screening, if they still belong to the lead photo."""
    verdicts = list(Verdict.objects.filter(story=story, step__in=(SignEvidence.step, PersonEvidence.step)))
    if not verdicts:
        return []
    screened_at = min(v.created_at for v in verdicts)
    # Screening looked at the lead photo of its day; a lead chosen since then has boxes nobody measured.
    if AuditEvent.objects.filter(story=story, verb="story.lead_photo_chosen", created_at__gt=screened_at).exists():
        return []
    return [box.corners for box in Screening.of(verdicts).boxes()]


def choose_region(size: tuple[int, int], boxes: list[Box], aspect: float) -> tuple[float, float, float, float]:
    """The part of the photo to show, of the given aspect (width / height); it reaches outside the photo
    (to be padded) only when the boxes can't all fit in a crop."""
    width, height = size
    crop_w, crop_h = (height * aspect, height) if width / height > aspect else (width, width / aspect)
    inside = [_clip(b, width, height) for b in boxes]
    inside = [b for b in inside if b is not None]
    if not inside:  # nothing found to keep in view: the middle of the photo
        return _place(crop_w, crop_h, (width / 2, height / 2, width / 2, height / 2), width, height)
    union = (min(b[0] for b in inside), min(b[1] for b in inside), max(b[2] for b in inside), max(b[3] for b in inside))
    for margin in (MARGIN, 0.0):
        wanted = _clip(_grow(union, margin), width, height)
        if wanted[2] - wanted[0] <= crop_w + 1e-6 and wanted[3] - wanted[1] <= crop_h + 1e-6:
            return _place(crop_w, crop_h, wanted, width, height)
    # Too wide or too tall for any crop: show all of it, at the aspect, padding the side that runs out.
    union_w, union_h = union[2] - union[0], union[3] - union[1]
    region_w = max(union_w, union_h * aspect)
    region_h = region_w / aspect
    return _place(region_w, region_h, union, width, height)


def _grow(box, share: float):
    dx, dy = (box[2] - box[0]) * share, (box[3] - box[1]) * share
    return (box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy)


def _clip(box, width, height):
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(width, box[2]), min(height, box[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _place(region_w, region_h, keep, width, height):
    """A region of this size containing `keep`, centred on it, kept inside the photo wherever it fits."""
    def axis(size, lo, hi, limit):
        if size >= limit:
            return (limit - size) / 2  # larger than the photo: centred, padded on both sides
        start = (lo + hi) / 2 - size / 2
        return min(max(start, 0, hi - size), limit - size, lo)

    left, top = axis(region_w, keep[0], keep[2], width), axis(region_h, keep[1], keep[3], height)
    return (left, top, left + region_w, top + region_h)


def render_post(photo_bytes: bytes, boxes: list[Box], *, width: int, height: int, colour: str,
                frame: Path | None = None) -> Rendered:
    try:
        with Image.open(io.BytesIO(photo_bytes)) as opened:
            photo = opened.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as bad:
        raise RenderError(f"the story's photo can't be read: {bad}") from None
    region = choose_region(photo.size, boxes, width / height)
    padded = region[0] < -0.5 or region[1] < -0.5 or region[2] > photo.width + 0.5 or region[3] > photo.height + 0.5
    try:
        fill = ImageColor.getrgb(colour)
    except ValueError:
        fill = (0, 0, 0)
    post = photo.resize((width, height), Image.Resampling.LANCZOS, box=region) if not padded else _padded(
        photo, region, width, height, fill)
    if frame is not None:
        post = _framed(post, frame)
    return Rendered(_jpeg(post), width, height, region, padded)


def _padded(photo: Image.Image, region, width: int, height: int, fill) -> Image.Image:
    scale = width / (region[2] - region[0])
    canvas = Image.new("RGB", (width, height), fill)
    x0, y0 = max(0.0, region[0]), max(0.0, region[1])
    x1, y1 = min(float(photo.width), region[2]), min(float(photo.height), region[3])
    size = (max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale)))
    part = photo.resize(size, Image.Resampling.LANCZOS, box=(x0, y0, x1, y1))
    canvas.paste(part, (round((x0 - region[0]) * scale), round((y0 - region[1]) * scale)))
    return canvas


def _framed(post: Image.Image, frame: Path) -> Image.Image:
    try:
        with Image.open(frame) as opened:
            overlay = opened.convert("RGBA").resize(post.size, Image.Resampling.LANCZOS)
    except OSError as bad:
        raise RenderError(f"the campaign frame {frame} can't be read: {bad}") from None
    return Image.alpha_composite(post.convert("RGBA"), overlay).convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    limit = settings.STORYDESK_INSTAGRAM_MAX_IMAGE_BYTES
    for quality in (90, 82, 74, 66, 58, 50):
        # Nothing from the original file (EXIF, GPS, ICC) rides along; progressive, as Instagram's posts were.
        data = bare_jpeg(image, quality=quality, progressive=True)
        if len(data) <= limit:
            return data
    raise RenderError(f"the post image stays above {limit / 1024 / 1024:.0f} MB even at JPEG quality 50")
