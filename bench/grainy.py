"""Photos for benchmarks that weigh what phones' photos weigh: tests' person-with-a-sign scenes with sensor-like
grain (a plain rendering compresses far smaller than any camera's picture), encoded to a byte target."""
from __future__ import annotations

import io


def grainy_photo(variant: int, size: tuple[int, int], grain: float):
    """A person with a sign, one of the test scenes by variant, with Gaussian grain of this many grey levels."""
    import numpy as np
    from PIL import Image

    from tests.support.samples import photos

    img = photos.person_with_sign(photos.BASES[variant % len(photos.BASES)], size=size)
    noise = np.random.default_rng(variant).normal(0, grain, (img.height, img.width, 3))
    return Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))


def jpeg_at_most(img, max_bytes: float, low: int, high: int) -> bytes:
    """The JPEG, of a quality between low and high, whose size is closest to max_bytes from below."""
    best = b""
    while low <= high:
        quality = (low + high) // 2
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality)
        if out.tell() <= max_bytes:
            best, low = out.getvalue(), quality + 1
        else:
            high = quality - 1
    return best
