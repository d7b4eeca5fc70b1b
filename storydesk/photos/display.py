"""A photo as people see it (upright, alpha on white, sRGB), and its perceptual hash, which is taken from
that view: both the photo check and the public copies start here."""
from __future__ import annotations

import io

import imagehash
import numpy as np
from PIL import ExifTags, Image, ImageCms, ImageOps

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# The pHash squeezes the picture to 32 × 32: a copy this size holds everything it looks at.
_PHASH_FROM_SIDE = 512


def to_display_rgb(image: Image.Image) -> Image.Image:
    """The photo as people see it: EXIF orientation applied, alpha on white, colours in sRGB."""
    # pillow-heif has already rotated HEIC and reset its orientation to 1, so this cannot rotate twice.
    # exif_transpose copies even an upright picture (megabytes, for nothing): only a turned one is handed to it.
    upright = ImageOps.exif_transpose(image) if orientation(image) != 1 else image
    icc = image.info.get("icc_profile")
    flat = _without_alpha(_to_8bit(upright))
    if icc:
        try:
            return ImageCms.profileToProfile(flat, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB,
                                             outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or mismatched profile: showing unconverted colours beats refusing the photo
    return flat if flat.mode == "RGB" else flat.convert("RGB")  # may be `image` itself: callers never change it


def phash_of_decoded(image: Image.Image) -> str:
    """The 64-bit perceptual hash (16 hex characters) of a decoded picture, from a small upright copy."""
    if max(image.size) > _PHASH_FROM_SIDE:
        scale = _PHASH_FROM_SIDE / max(image.size)
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.Resampling.BILINEAR, reducing_gap=2.0)  # keeps info, so EXIF orientation
    return str(imagehash.phash(to_display_rgb(image)))


def orientation(image: Image.Image) -> int:
    """The EXIF orientation exif_transpose applies, 2-8; 1 for none (also for a broken EXIF block, which must not
    cost the participant their photo)."""
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # a broken EXIF block: exif_transpose would not turn the picture either
        return 1
    return value if value in (2, 3, 4, 5, 6, 7, 8) else 1


def _to_8bit(image: Image.Image) -> Image.Image:
    # Pillow's I;16 -> L conversion clips at 255 instead of scaling, which would wash out 16-bit PNGs.
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        pixels = np.asarray(image).astype(np.uint32) >> 8
        return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    return image


def _without_alpha(image: Image.Image) -> Image.Image:
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("1", "L") and "transparency" in image.info:
        image = image.convert("LA")
    if image.mode not in ("RGBA", "LA", "PA", "RGBa", "La"):
        return image
    opaque_mode = "L" if image.mode.startswith("L") else "RGB"
    background = Image.new(opaque_mode, image.size, "white")
    background.paste(image.convert(opaque_mode), mask=image.getchannel("A"))
    return background
