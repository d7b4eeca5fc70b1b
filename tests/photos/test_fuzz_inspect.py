"""Fuzzing inspect_photo, the parser every stranger's photo meets first: small valid JPEG, PNG, WebP and HEIC
files, then mutated (bytes flipped, cut short, declared dimensions changed). Only PhotoRejected may come
out, and each example's Python memory stays bounded. What the fuzzer found is rebuilt here as a named test
(photos are made in code, never committed). FUZZ_EXAMPLES=N explores more (and at random) than make test's
fixed examples."""
from __future__ import annotations

import functools
import io
import os
import struct
import tracemalloc
import zlib

import pillow_heif
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from storydesk.photos.inspect import PhotoLimits, PhotoRejected, inspect_photo

EXTRA = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXTRA or 1000, deadline=2000, derandomize=not EXTRA,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# Small limits, so a mutated header that claims a huge picture is refused or decoded within them.
LIMITS = PhotoLimits(max_bytes=2 * 1024 * 1024, max_pixels=4_000_000, min_short_side=16)
PEAK_BYTES = 48 * 1024 * 1024  # Python allocations per example; a 4-megapixel decode is ~12 MB of pixels
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")


@functools.cache
def sample(fmt: str, size: tuple[int, int] = (48, 40)) -> bytes:
    image = Image.new("RGB", size, (200, 40, 90))
    image.paste((20, 120, 220), (10, 10, 30, 30))
    out = io.BytesIO()
    if fmt == "HEIF":
        pillow_heif.from_pillow(image).save(out, quality=50)
    else:
        exif = Image.Exif()
        exif[0x0112] = 6  # orientation: rotated, so the EXIF path is exercised too
        image.save(out, fmt, exif=exif.tobytes()) if fmt in ("JPEG", "WEBP") else image.save(out, fmt)
    return out.getvalue()


def _with_png_size(data: bytes, width: int, height: int) -> bytes:
    """The PNG with its IHDR's width and height replaced (and its checksum fixed, so the lie is believed)."""
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    return data[:16] + bytes(ihdr) + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + data[33:]


def _with_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """The JPEG with its first frame header's (SOF0/SOF2) dimensions replaced."""
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0:
            return data[:at + 5] + struct.pack(">HH", height & 0xFFFF, width & 0xFFFF) + data[at + 9:]
    return data


@st.composite
def mutated_photos(draw) -> bytes:
    fmt = draw(st.sampled_from(FORMATS))
    data = bytearray(sample(fmt))
    if draw(st.booleans()):
        width, height = draw(st.integers(0, 70_000)), draw(st.integers(0, 70_000))
        data = bytearray(_with_png_size(bytes(data), width, height) if fmt == "PNG"
                         else _with_jpeg_size(bytes(data), width, height) if fmt == "JPEG" else data)
    for _ in range(draw(st.integers(0, 8))):  # flip bytes, mostly in the header where the parsers look
        at = draw(st.integers(0, min(len(data) - 1, draw(st.sampled_from([64, 512, len(data) - 1])))))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    if draw(st.integers(0, 9)) == 0:
        data += draw(st.binary(max_size=256))
    return bytes(data)


def inspect_within_bounds(data: bytes) -> None:
    tracemalloc.start()
    try:
        inspect_photo(data, "fuzz.bin", LIMITS)
    except PhotoRejected:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"{peak / 1e6:.0f} MB of Python memory for {len(data)} bytes"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_unmutated_samples_are_accepted(fmt):
    assert inspect_photo(sample(fmt), None, LIMITS).format == fmt


@FUZZ
@given(mutated_photos())
def test_mutated_photos_are_accepted_or_refused_and_nothing_else(data):
    inspect_within_bounds(data)


def test_found_a_small_jpeg_declaring_7000_by_7000_is_refused_from_its_header():
    # Found by the fuzzer: 847 bytes whose frame header claims 49 megapixels were decoded (190 MB).
    data = sample("JPEG")
    sof = data.index(b"\xff\xc0")
    declaring = data[:sof + 5] + struct.pack(">HH", 7000, 7000) + data[sof + 9:]
    with pytest.raises(PhotoRejected) as caught:
        inspect_photo(declaring, None, PhotoLimits())
    assert caught.value.code == "implausible"
