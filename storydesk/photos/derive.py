"""Public copies of an accepted photo: upright, sRGB, downscaled JPEGs carrying no metadata at all.
(Its pHash is the photo check's: inspect_photo.)

Both copies come from one decode, made no bigger than the public copy needs: a JPEG is scaled in libjpeg's DCT
(by halves down to an eighth), the thumbnail is taken from the public copy. Pillow's draft() was measured on
the same 12 MP photos against pyvips (libvips' shrink-on-load: slower on one core) and simplejpeg (as fast only
by skipping optimized Huffman tables, and no help with orientation, ICC or the other formats):
`storydesk bench photos --libraries`, docs/benchmarks.md."""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image

from storydesk.photos.bare_jpeg import bare_jpeg
from storydesk.photos.decode_budget import one_large_decode_at_a_time
from storydesk.photos.display import to_display_rgb
from storydesk.photos.inspect import ACCEPTED_FORMATS, PhotoLimits, damaged, register_heif, too_many_pixels

# A photo that a reduction by 2, 4 or 8 (a JPEG's DCT scale, a box reduction for the other formats) leaves at
# most this much short of long_side is kept at that size, whatever its format: a 12 MP phone photo (4032 px
# long) gives 2016 px at half scale, 1.6 % short of 2048, with no resampling at all (44.8 dB PSNR against a
# full decode LANCZOS'd to the same size), where reaching 2048 means decoding all 12 MP and resampling them:
# four times the pixels, about four times the time.
DCT_SHORTFALL = 1 / 16
# Box-reduce by a whole factor first, then LANCZOS over the last factor of 1.5 at most (Pillow's thumbnail()
# uses 2): only the thumbnail goes that far (2016 -> 400 px: reduce by 3, then LANCZOS 672 -> 400). It is
# 48 dB PSNR from a LANCZOS over the whole range (half a grey level on average), which takes seven times as long.
_REDUCING_GAP = 1.5


@dataclass(frozen=True)
class PublicCopies:
    public_jpeg: bytes
    width: int
    height: int
    thumb_jpeg: bytes
    thumb_width: int
    thumb_height: int


def make_public_copies(data: bytes, *, long_side: int = 2048, thumb_side: int = 400, quality: int = 85,
                       max_pixels: int = PhotoLimits().max_pixels) -> PublicCopies:
    """Decode once and write the public and thumbnail JPEGs. Call only after inspect_photo accepted data.

    The public copy's long side is at most long_side, and may be up to DCT_SHORTFALL less (see there); the same
    for every format."""
    image = _open(data, max_pixels)
    full_side = max(image.size)
    factor = _reduction(image.size, long_side)
    if factor > 1 and image.format in ("JPEG", "MPO"):
        # Decode no bigger than the public copy needs: libjpeg scales in the DCT, by halves down to an eighth.
        # draft() takes the largest of 8, 4, 2, 1 not above min(width // w, height // h) for the (w, h) asked:
        # asking for the floor sizes gets exactly factor (the ceiling sizes would not: 7679 // 1920 is 3), and it
        # gives ceil(width / factor) × ceil(height / factor), what reduce(factor) gives the other formats.
        image.draft(None, (image.width // factor, image.height // factor))
    with one_large_decode_at_a_time(image.width * image.height):
        upright = to_display_rgb(_load(image))
        # The same factor as a box reduction where draft() did not apply it (other formats, or a JPEG it cannot
        # scale): a photo's public size does not depend on its format.
        if factor > 1 and max(upright.size) == full_side:
            upright = upright.reduce(factor)
        public = _fit(upright, long_side)
        # Let the decode go before the encodes, while this process still holds the budget: upright may be image
        # itself (to_display_rgb leaves an upright sRGB picture as it is), so both names must go. When public is
        # that same picture (a JPEG read at reduced scale and kept at that size), it stays, as it must.
        del upright, image
    thumb = _fit(public, thumb_side)
    # Baseline: progressive made a 12 MP photo's copy 4 % smaller (318 against 331 KB) for 2.4 times the encoding
    # (30 against 12 ms), a fifth of all the work on the photo; the thumbnail is what a gallery shows first, so
    # progressive rendering of the large copy bought little.
    return PublicCopies(
        public_jpeg=bare_jpeg(public, quality=quality), width=public.width, height=public.height,
        thumb_jpeg=bare_jpeg(thumb, quality=quality), thumb_width=thumb.width, thumb_height=thumb.height,
    )


def hamming(a_hex: str, b_hex: str) -> int:
    """How many of the 64 bits differ between two perceptual hashes (0 = same picture)."""
    return (int(a_hex, 16) ^ int(b_hex, 16)).bit_count()


def _open(data: bytes, max_pixels: int) -> Image.Image:
    register_heif()
    limits = PhotoLimits(max_pixels=max_pixels)
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:
        raise too_many_pixels(limits, 0, 0) from None
    # Guard again: this decode must never be the one that allocates a bomb.
    if image.width * image.height > max_pixels:
        raise too_many_pixels(limits, image.width, image.height)
    return image


def _load(image: Image.Image) -> Image.Image:
    try:
        image.load()
    except Exception:  # same boundary as inspect_photo: hostile bytes become a refusal, not a crash
        raise damaged() from None
    return image


def _reduction(size: tuple[int, int], long_side: int) -> int:
    """The largest of 8, 4, 2, 1 that leaves the long side (ceil(side / factor), as libjpeg's DCT scaling and
    reduce() both round) at most DCT_SHORTFALL short of long_side: the resampler that follows, if any, works on a
    quarter of the pixels or fewer. Never more than the short side, which must keep a pixel."""
    for factor in (8, 4, 2):
        if math.ceil(max(size) / factor) >= long_side * (1 - DCT_SHORTFALL) and min(size) >= factor:
            return factor
    return 1


def _fit(image: Image.Image, long_side: int) -> Image.Image:
    scale = long_side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP)
