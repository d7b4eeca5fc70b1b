"""A JPEG of a picture's pixels and nothing else: no EXIF, GPS, XMP, comment or ICC profile, whatever the picture
object carries. Used for every image the public sees (the public copies, Instagram posts)."""
from __future__ import annotations

import io

from PIL import Image

# Between the start of the file and its first scan, a JPEG with nothing but pixels has only the JFIF header
# (APP0), quantisation and Huffman tables (DQT, DHT), the frame header (SOF0 baseline, SOF2 progressive) and,
# if asked for, a restart interval (DRI).
_PIXELS_ONLY = {0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD}
_SOS = 0xDA


def bare_jpeg(image: Image.Image, *, quality: int, progressive: bool = False) -> bytes:
    """The picture as an RGB JPEG with optimized Huffman tables, baseline unless progressive is asked for."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    out = io.BytesIO()
    # Encoded straight from the picture given (no copy, and the caller's picture is not changed): the writer takes
    # EXIF, ICC and XMP only when save() is given them, and takes the picture's own comment unless it is given one,
    # so it is given an empty one. That is how Pillow behaves, not a promise of it: the header is checked below.
    rgb.save(out, "JPEG", quality=quality, optimize=True, progressive=progressive, comment=b"", exif=b"")
    data = out.getvalue()
    if extra := _markers_before_scan(data) - _PIXELS_ONLY:
        raise RuntimeError(f"the JPEG writer added metadata segments {sorted(hex(m) for m in extra)}")
    return data


def _markers_before_scan(data: bytes) -> set[int]:
    """The segment markers from the start of the JPEG to its first scan (lengths as the format gives them)."""
    markers, at = set(), 2  # after SOI
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == _SOS:
            return markers
        markers.add(marker)
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    raise RuntimeError("the JPEG writer wrote no scan")
