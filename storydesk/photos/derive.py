"""Public copies of an accepted photo: upright, sRGB, downscaled JPEGs carrying no metadata at all."""
from __future__ import annotations

import io
from dataclasses import dataclass

import imagehash
import numpy as np
from PIL import Image, ImageCms, ImageOps

from storydesk.photos.inspect import ACCEPTED_FORMATS, PhotoLimits, damaged, register_heif, too_many_pixels

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class PublicCopies:
    public_jpeg: bytes
    width: int
    height: int
    thumb_jpeg: bytes
    thumb_width: int
    thumb_height: int
    phash: str  # 64-bit perceptual hash as 16 hex characters


def make_public_copies(data: bytes, *, long_side: int = 2048, thumb_side: int = 400, quality: int = 85,
                       max_pixels: int = PhotoLimits().max_pixels) -> PublicCopies:
    """Decode once and write the public and thumbnail JPEGs. Call only after inspect_photo accepted data."""
    upright = to_display_rgb(_decode(data, max_pixels))
    public = _fit(upright, long_side)
    thumb = _fit(public, thumb_side)
    return PublicCopies(
        public_jpeg=_clean_jpeg(public, quality), width=public.width, height=public.height,
        thumb_jpeg=_clean_jpeg(thumb, quality), thumb_width=thumb.width, thumb_height=thumb.height,
        phash=phash_of(public),
    )


def to_display_rgb(image: Image.Image) -> Image.Image:
    """The photo as people see it: EXIF orientation applied, alpha on white, colours in sRGB."""
    # pillow-heif has already rotated HEIC and reset its orientation to 1, so this cannot rotate twice.
    upright = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    flat = _without_alpha(_to_8bit(upright))
    if icc:
        try:
            return ImageCms.profileToProfile(flat, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB,
                                             outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or mismatched profile: showing unconverted colours beats refusing the photo
    return flat.convert("RGB")


def phash_of(image: Image.Image) -> str:
    return str(imagehash.phash(image))


def hamming(a_hex: str, b_hex: str) -> int:
    """How many of the 64 bits differ between two perceptual hashes (0 = same picture)."""
    return (int(a_hex, 16) ^ int(b_hex, 16)).bit_count()


def _decode(data: bytes, max_pixels: int) -> Image.Image:
    register_heif()
    limits = PhotoLimits(max_pixels=max_pixels)
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:
        raise too_many_pixels(limits, 0, 0) from None
    # Guard again: this decode must never be the one that allocates a bomb.
    if image.width * image.height > max_pixels:
        raise too_many_pixels(limits, image.width, image.height)
    try:
        image.load()
    except Exception:  # same boundary as inspect_photo: hostile bytes become a refusal, not a crash
        raise damaged() from None
    return image


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


def _fit(image: Image.Image, long_side: int) -> Image.Image:
    scale = long_side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _clean_jpeg(image: Image.Image, quality: int) -> bytes:
    # Rebuilt from raw pixels, so no EXIF, GPS, XMP, comment or ICC profile can ride along.
    bare = Image.frombytes("RGB", image.size, image.convert("RGB").tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
