"""inspect_photo: every accepted format, every refusal with a message that names the problem."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import time

import numpy as np
import pytest
from PIL import Image, ImageFile, features

from storydesk.photos.derive import hamming
from storydesk.photos.inspect import InspectedPhoto, PhotoLimits, PhotoRejected, check_header, inspect_photo
from tests.support.samples import photos as fx


@pytest.fixture(scope="module")
def person() -> Image.Image:
    return fx.person_with_sign()


def _refusal(data: bytes, **kwargs) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        inspect_photo(data, **kwargs)
    return caught.value


def _saved(img: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(("encode", "fmt", "mime"), [
    (fx.jpeg_bytes, "JPEG", "image/jpeg"),
    (fx.png_bytes, "PNG", "image/png"),
    (fx.webp_bytes, "WEBP", "image/webp"),
    (fx.heic_bytes, "HEIF", "image/heic"),
    (fx.mpo_bytes, "JPEG", "image/jpeg"),  # phones' multi-picture JPEG is still a JPEG, not "animated"
])
def test_accepts_each_photo_format(person, encode, fmt, mime):
    data = encode(person)
    inspected = inspect_photo(data)
    assert inspected == InspectedPhoto(format=fmt, mime=mime, width=1200, height=1600,
                                       sha256=hashlib.sha256(data).hexdigest(), phash=inspected.phash)
    assert hamming(inspected.phash, inspect_photo(fx.png_bytes(person)).phash) <= 4  # read reduced or not
    assert check_header(data) == dataclasses.replace(inspected, phash="")  # the same, without decoding


def test_accepts_png_with_transparency_and_16_bit_grey():
    rgba = fx.scene("chelsea", (600, 800)).convert("RGBA")
    rgba.putalpha(128)
    assert inspect_photo(fx.png_bytes(rgba)).format == "PNG"
    ramp = np.tile(np.linspace(0, 65535, 600).astype(np.uint16), (800, 1))
    assert inspect_photo(fx.png_bytes(Image.fromarray(ramp))).width == 600


@pytest.mark.parametrize("orientation", [6, 8])
def test_sideways_camera_jpeg_reports_displayed_size(person, orientation):
    data = fx.jpeg_bytes(person, orientation=orientation)
    assert Image.open(io.BytesIO(data)).size == (1600, 1200)  # stored sideways
    inspected = inspect_photo(data)
    assert (inspected.width, inspected.height) == (1200, 1600)


def test_upside_down_jpeg_keeps_its_size(person):
    inspected = inspect_photo(fx.jpeg_bytes(person, orientation=3))
    assert (inspected.width, inspected.height) == (1200, 1600)


def test_sideways_heic_is_already_turned_by_pillow_heif(person):
    inspected = inspect_photo(fx.heic_bytes(person, orientation=6))
    assert (inspected.width, inspected.height) == (1200, 1600)


def test_content_decides_not_the_filename(person):
    assert inspect_photo(fx.jpeg_bytes(person), "scan.pdf").format == "JPEG"
    refusal = _refusal(fx.pdf_bytes(), filename="IMG_0042.jpg")
    assert (refusal.code, refusal.filename) == ("unsupported_type", "IMG_0042.jpg")


@pytest.mark.parametrize(("make", "code", "words"), [
    (lambda: b"", "empty", ["empty"]),
    (fx.oversized_jpeg_bytes, "too_large", ["21.1 MB", "20 MB limit", "smaller copy"]),
    (fx.random_bytes, "not_an_image", ["recognise", "JPEG, PNG, WebP"]),
    (fx.svg_bytes, "unsupported_type", ["SVG"]),
    (fx.pdf_bytes, "unsupported_type", ["PDF"]),
    (fx.html_bytes, "unsupported_type", ["web page (HTML)"]),
    (fx.text_bytes, "unsupported_type", ["text file"]),
    (fx.video_bytes, "unsupported_type", ["video", "still photo"]),
    (lambda: fx.gif_bytes(fx.scene(size=(400, 400))), "unsupported_type", ["GIF isn't supported"]),
    (lambda: fx.gif_bytes(fx.scene(size=(400, 400)), frames=1), "unsupported_type", ["GIF isn't supported"]),
    (lambda: fx.apng_bytes(fx.scene(size=(600, 800))), "animated", ["animated", "single still photo"]),
    (lambda: fx.animated_webp_bytes(fx.scene(size=(600, 800))), "animated", ["animated"]),
    (lambda: fx.truncated_jpeg(fx.person_with_sign()), "damaged", ["damaged or only partly uploaded"]),
    (fx.corrupt_jpeg_bytes, "damaged", ["damaged"]),
    (fx.bomb_png_bytes, "too_many_pixels", ["50 megapixels", "smaller copy"]),
    (lambda: fx.bomb_png_bytes(9000, 9000), "too_many_pixels", ["9000 × 9000", "81 megapixels", "50 megapixels"]),
    (fx.tiny_photo, "too_small", ["300 × 300", "at least 400 pixels"]),
], ids=["empty", "too_large", "random", "svg", "pdf", "html", "text", "video", "gif", "static_gif", "apng",
        "animated_webp", "truncated", "corrupt", "bomb", "bomb_below_pillow_warning", "tiny"])
def test_refuses_with_a_specific_message(make, code, words):
    refusal = _refusal(make())
    assert refusal.code == code
    assert str(refusal) == refusal.message
    for word in words:
        assert word in refusal.message
    assert refusal.message.rstrip().endswith(".")  # whole sentences, with what to do next


@pytest.mark.parametrize(("fmt", "named"), [("TIFF", "TIFF"), ("BMP", "BMP"), ("ICO", "icon")])
def test_names_other_picture_formats(fmt, named):
    refusal = _refusal(_saved(fx.scene(size=(400, 400)), fmt))
    assert refusal.code == "unsupported_type" and named in refusal.message


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow cannot write AVIF")
def test_avif_is_named_not_mistaken_for_heic():
    refusal = _refusal(_saved(fx.scene(size=(400, 400)), "AVIF"))
    assert refusal.code == "unsupported_type" and "AVIF" in refusal.message


def test_random_fixture_does_not_start_like_a_known_file():
    assert fx.random_bytes()[:4] not in (b"\xff\xd8\xff\xe0", b"\x89PNG", b"RIFF", b"GIF8", b"%PDF")


@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (9000, 9000)])
def test_bomb_is_refused_from_the_header_without_decoding(monkeypatch, width, height):
    data = fx.bomb_png_bytes(width, height)
    assert len(data) < 200_000

    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    started = time.perf_counter()
    assert _refusal(data).code == "too_many_pixels"
    assert time.perf_counter() - started < 0.5


def test_pixel_limit_counts_the_header_size_below_pillows_own_warning():
    # 81 MP is under Pillow's 89 MP warning, so only our own limit can catch it.
    assert 9000 * 9000 < Image.MAX_IMAGE_PIXELS
    assert _refusal(fx.bomb_png_bytes(9000, 9000)).code == "too_many_pixels"


def test_limits_are_configurable(person):
    data = fx.jpeg_bytes(person)
    assert _refusal(data, limits=PhotoLimits(max_bytes=len(data) - 1)).code == "too_large"
    assert _refusal(data, limits=PhotoLimits(max_pixels=1_000_000)).code == "too_many_pixels"
    assert _refusal(data, limits=PhotoLimits(min_short_side=1300)).code == "too_small"
    assert inspect_photo(fx.tiny_photo(), limits=PhotoLimits(min_short_side=300)).width == 300


def test_size_is_checked_before_content():
    refusal = _refusal(fx.random_bytes(2_000), limits=PhotoLimits(max_bytes=1_000))
    assert refusal.code == "too_large"


def test_too_small_uses_the_displayed_sides():
    sideways = fx.jpeg_bytes(fx.scene(size=(390, 600)), orientation=6)
    refusal = _refusal(sideways)
    assert refusal.code == "too_small" and "390 × 600" in refusal.message


def test_phash_survives_re_encoding_and_resizing(person):
    original = inspect_photo(fx.jpeg_bytes(person, quality=95)).phash
    assert len(original) == 16 and int(original, 16) >= 0
    for data in (fx.jpeg_bytes(person, quality=40), fx.webp_bytes(person, quality=50),
                 fx.jpeg_bytes(person.resize((600, 800))), fx.jpeg_bytes(person, orientation=6)):
        assert hamming(original, inspect_photo(data).phash) <= 8


def test_phash_tells_different_photos_apart():
    hashes = {base: inspect_photo(fx.jpeg_bytes(fx.person_with_sign(base))).phash
              for base in ("camera", "astronaut", "coffee", "chelsea")}
    pairs = [(a, b) for a in hashes for b in hashes if a < b]
    assert all(hamming(hashes[a], hashes[b]) > 8 for a, b in pairs), hashes
