"""make_public_copies: upright, sRGB, bounded, metadata-free JPEGs, and a perceptual hash that holds."""
from __future__ import annotations

import io

import numpy as np
import pillow_heif
import pytest
from PIL import ExifTags, Image, ImageDraw, ImageFile

from storydesk.photos.derive import PublicCopies, hamming, make_public_copies
from storydesk.photos.inspect import PhotoRejected
from tests.support.samples import photos as fx

RED, GREEN = (230, 20, 20), (20, 200, 40)


@pytest.fixture(scope="module")
def person() -> Image.Image:
    return fx.person_with_sign()


@pytest.fixture(scope="module")
def marked() -> Image.Image:
    """Red top-left corner, green bottom-right, as the photo should be seen."""
    img = fx.person_with_sign(size=(600, 800))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 119, 119), fill=RED)
    draw.rectangle((480, 680, 599, 799), fill=GREEN)
    return img


def _open(jpeg: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(jpeg))
    img.load()
    return img


def _near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def _header_segments(jpeg: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment before the image data starts."""
    assert jpeg[:2] == b"\xff\xd8"
    segments, at = [], 2
    while at < len(jpeg):
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2:at + 4], "big")
        segments.append((marker, jpeg[at + 4:at + 2 + length]))
        if marker == 0xDA:
            break
        at += 2 + length
    return segments


@pytest.mark.parametrize("encode", [
    lambda img, o: fx.jpeg_bytes(img, orientation=o),
    lambda img, o: fx.heic_bytes(img, orientation=o),
], ids=["jpeg", "heic"])
@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_public_copy_is_upright(marked, encode, orientation):
    copies = make_public_copies(encode(marked, orientation))
    public = _open(copies.public_jpeg).convert("RGB")
    assert public.size == (600, 800) == (copies.width, copies.height)
    assert _near(public.getpixel((30, 30)), RED)
    assert _near(public.getpixel((570, 770)), GREEN)
    thumb = _open(copies.thumb_jpeg).convert("RGB")
    assert thumb.size == (300, 400) == (copies.thumb_width, copies.thumb_height)
    assert _near(thumb.getpixel((10, 10)), RED)


@pytest.mark.parametrize("source", ["jpeg", "png", "webp", "heic"])
def test_public_copies_carry_no_metadata(person, source):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "storydesk-fixture"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (40.0, 44.0, 54.36)}
    data = {
        "jpeg": lambda: fx.jpeg_bytes(person, orientation=6, gps=True, icc=True),
        "png": lambda: _saved(person, "PNG", exif=exif.tobytes(), icc_profile=fx.display_p3_icc()),
        "webp": lambda: _saved(person, "WEBP", exif=exif.tobytes(), xmp=b"<x:xmpmeta/>"),
        "heic": lambda: _saved(person, "HEIF", exif=exif.tobytes(), quality=60, enc_params={"preset": "ultrafast"}),
    }[source]()
    copies = make_public_copies(data)
    for jpeg in (copies.public_jpeg, copies.thumb_jpeg):
        img = _open(jpeg)
        assert len(img.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "comment", "dpi"} & set(img.info)
        markers = [marker for marker, _ in _header_segments(jpeg)]
        assert not [m for m in markers if 0xE1 <= m <= 0xEF or m == 0xFE]  # only APP0 (JFIF): no APP1-15, COM
        header = b"".join(payload for _, payload in _header_segments(jpeg))
        for needle in (b"Exif", b"GPS", b"xmp", b"ICC_PROFILE", b"storydesk-fixture", b"Taken at home"):
            assert needle not in header
        assert jpeg.endswith(b"\xff\xd9")  # nothing hidden after the image either


def _saved(img: Image.Image, fmt: str, **params) -> bytes:
    if fmt == "HEIF":
        pillow_heif.register_heif_opener()
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def test_fixture_really_carries_the_metadata(person):
    # Guards the test above: the input must have what the output must not.
    data = fx.jpeg_bytes(person, orientation=6, gps=True, icc=True)
    img = Image.open(io.BytesIO(data))
    assert img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "xmp", "icc_profile", "comment"} <= set(img.info)
    assert b"GPS" in data and b"ICC_PROFILE" in data


@pytest.mark.parametrize(("size", "public", "thumb"), [
    # Half scale serves 2048 within DCT_SHORTFALL: no full decode and resampling for 1-2 % more pixels a side.
    ((3000, 4000), (1500, 2000), (300, 400)),
    ((4000, 3000), (2000, 1500), (400, 300)),
    ((4032, 3024), (2016, 1512), (400, 300)),  # a 12 MP phone photo
    ((5000, 3750), (2048, 1536), (400, 300)),  # half scale is larger still: resampled down to 2048
    ((2100, 1400), (2048, 1365), (400, 267)),  # half scale would be far short: decoded in full
    ((600, 800), (600, 800), (300, 400)),  # never upscaled
    ((400, 400), (400, 400), (400, 400)),
])
def test_sizes_are_bounded(size, public, thumb):
    copies = make_public_copies(fx.jpeg_bytes(fx.scene("astronaut", size), quality=80))
    assert (copies.width, copies.height) == public == _open(copies.public_jpeg).size
    assert (copies.thumb_width, copies.thumb_height) == thumb == _open(copies.thumb_jpeg).size


def test_sizes_follow_arguments(person):
    copies = make_public_copies(fx.jpeg_bytes(person), long_side=1000, thumb_side=200)
    assert (copies.width, copies.height, copies.thumb_width, copies.thumb_height) == (750, 1000, 150, 200)


def test_output_is_baseline_jpeg_and_deterministic(person):
    data = fx.png_bytes(person)
    first, second = make_public_copies(data), make_public_copies(data)
    assert first == second
    img = _open(first.public_jpeg)
    # Baseline (optimized tables), not progressive: a quarter of the encoding time for 4 % more bytes (derive.py).
    assert img.format == "JPEG" and img.mode == "RGB" and not img.info.get("progressive")


def test_wide_gamut_colours_are_converted_to_srgb():
    patch = Image.new("RGB", (600, 800), (200, 30, 30))
    converted = _open(make_public_copies(fx.jpeg_bytes(patch, icc=True)).public_jpeg).getpixel((300, 400))
    untagged = _open(make_public_copies(fx.jpeg_bytes(patch)).public_jpeg).getpixel((300, 400))
    assert _near(untagged, (200, 30, 30), 4)
    # Display P3 red is more saturated than sRGB can show: red rises, green falls towards 0.
    assert converted[0] >= untagged[0] + 12 and converted[1] <= untagged[1] - 20


def test_transparency_is_flattened_on_white():
    img = fx.scene("chelsea", (600, 800)).convert("RGBA")
    img.paste((0, 0, 0, 0), (0, 0, 300, 800))
    public = _open(make_public_copies(fx.png_bytes(img)).public_jpeg)
    assert _near(public.getpixel((100, 400)), (255, 255, 255), 3)


def test_16_bit_grey_is_scaled_not_clipped():
    ramp = np.tile(np.linspace(0, 65535, 600).astype(np.uint16), (800, 1))
    public = _open(make_public_copies(fx.png_bytes(Image.fromarray(ramp))).public_jpeg).convert("L")
    assert 110 <= public.getpixel((300, 400)) <= 145  # clipping would make the middle white


def test_refuses_a_bomb_without_decoding(monkeypatch):
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("pixels were decoded"))
    for data in (fx.bomb_png_bytes(), fx.bomb_png_bytes(9000, 9000)):
        with pytest.raises(PhotoRejected) as caught:
            make_public_copies(data)
        assert caught.value.code == "too_many_pixels"


def test_damaged_bytes_are_a_refusal_not_a_crash():
    with pytest.raises(PhotoRejected) as caught:
        make_public_copies(fx.corrupt_jpeg_bytes())
    assert caught.value.code == "damaged"


def test_hamming_counts_differing_bits():
    assert hamming("0000000000000000", "0000000000000000") == 0
    assert hamming("0000000000000000", "ffffffffffffffff") == 64
    assert hamming("8000000000000001", "0000000000000000") == 2


def test_public_copies_type(person):
    assert isinstance(make_public_copies(fx.webp_bytes(person)), PublicCopies)


# --- one decode at the scale the copies need ---------------------------------------------------------------

BLUE = (30, 40, 220)


@pytest.fixture(scope="module")
def marked_large() -> Image.Image:
    """Red top-left, blue top-right, green bottom-right, at a size the DCT halves for an 800 px copy."""
    img = fx.person_with_sign(size=(1200, 1600))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 239, 239), fill=RED)
    draw.rectangle((960, 0, 1199, 239), fill=BLUE)
    draw.rectangle((960, 1360, 1199, 1599), fill=GREEN)
    return img


@pytest.mark.parametrize("orientation", [1, 2, 3, 4, 5, 6, 7, 8])
def test_every_orientation_is_upright_when_read_at_reduced_scale(marked_large, orientation):
    copies = make_public_copies(fx.jpeg_bytes(marked_large, orientation=orientation), long_side=800,
                                thumb_side=200)
    public = _open(copies.public_jpeg).convert("RGB")
    assert public.size == (600, 800) == (copies.width, copies.height)  # half scale, no resampling
    assert _near(public.getpixel((40, 40)), RED)
    assert _near(public.getpixel((560, 40)), BLUE)
    assert _near(public.getpixel((560, 760)), GREEN)
    thumb = _open(copies.thumb_jpeg).convert("RGB")
    assert thumb.size == (150, 200)
    assert _near(thumb.getpixel((8, 8)), RED) and _near(thumb.getpixel((142, 192)), GREEN)


def test_reading_at_reduced_scale_decodes_a_quarter_of_the_pixels(marked_large, monkeypatch):
    loaded = []
    real = ImageFile.ImageFile.load
    # load() is called again and again on a decoded picture; only a pending tile means pixels get decoded.
    monkeypatch.setattr(ImageFile.ImageFile, "load",
                        lambda self: (self.tile and loaded.append(self.size)) or real(self))
    make_public_copies(fx.jpeg_bytes(marked_large), long_side=800)
    assert loaded == [(600, 800)]  # one decode, at half scale: the thumbnail comes from the public copy


def test_wide_gamut_colours_are_converted_at_reduced_scale():
    patch = Image.new("RGB", (1200, 1600), (200, 30, 30))
    converted = _open(make_public_copies(fx.jpeg_bytes(patch, icc=True), long_side=800).public_jpeg)
    untagged = _open(make_public_copies(fx.jpeg_bytes(patch), long_side=800).public_jpeg)
    assert converted.size == untagged.size == (600, 800)
    red, tagged = untagged.getpixel((300, 400)), converted.getpixel((300, 400))
    assert _near(red, (200, 30, 30), 4)
    assert tagged[0] >= red[0] + 12 and tagged[1] <= red[1] - 20


def test_no_metadata_survives_reduced_scale(person):
    data = fx.jpeg_bytes(person, orientation=6, gps=True, icc=True)
    copies = make_public_copies(data, long_side=800)
    assert (copies.width, copies.height) == (600, 800)  # stored turned, 1600 × 1200; read at half scale, upright
    for jpeg in (copies.public_jpeg, copies.thumb_jpeg):
        img = _open(jpeg)
        assert len(img.getexif()) == 0 and not {"exif", "xmp", "icc_profile", "comment", "dpi"} & set(img.info)
        assert [marker for marker, _ in _header_segments(jpeg)][0] == 0xE0  # JFIF, then tables: no APP1-15, COM
        assert not [m for m, _ in _header_segments(jpeg) if 0xE1 <= m <= 0xEF or m == 0xFE]
        for needle in (b"Exif", b"GPS", b"xmp", b"ICC_PROFILE", b"storydesk-fixture", b"Taken at home"):
            assert needle not in jpeg


@pytest.mark.parametrize(("size", "public", "factor"), [
    ((7679, 4000), (1920, 1000), 4),  # draft()'s own rounding (7679 // 1920 = 3) would read it at half scale
    ((12000, 4000), (2048, 683), 4),  # reduced by 4 (3000 px), then LANCZOS; a box reduction by 6 gave 2000
    ((4032, 3024), (2016, 1512), 2),
    ((2100, 1500), (2048, 1463), 1),  # 1050 px at half scale is far short: decoded in full, then LANCZOS
])
def test_jpeg_and_png_get_the_same_size_from_the_same_reduction(size, public, factor, monkeypatch):
    loaded = []
    real = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load",
                        lambda self: (self.tile and loaded.append(self.size)) or real(self))
    img = Image.new("RGB", size, (90, 120, 150))
    jpeg, png = make_public_copies(fx.jpeg_bytes(img, quality=50)), make_public_copies(fx.png_bytes(img))
    # The JPEG read at 1/factor in the DCT; the PNG decoded in full (then box-reduced by the same factor).
    assert loaded == [(-(-size[0] // factor), -(-size[1] // factor)), size]
    assert (jpeg.width, jpeg.height) == (png.width, png.height) == public == _open(png.public_jpeg).size


@pytest.mark.parametrize("source", ["png", "webp", "heic"])
def test_other_formats_get_the_size_a_jpeg_gets(source):
    img = fx.scene("astronaut", (1600, 1200))
    data = {"png": fx.png_bytes, "webp": fx.webp_bytes, "heic": lambda i: fx.heic_bytes(i, quality=50)}[source](img)
    copies = make_public_copies(data, long_side=800, thumb_side=200)
    jpeg = make_public_copies(fx.jpeg_bytes(img), long_side=800, thumb_side=200)
    assert (copies.width, copies.height) == (jpeg.width, jpeg.height) == (800, 600) == _open(copies.public_jpeg).size
    assert (copies.thumb_width, copies.thumb_height) == (200, 150)


def test_transparency_and_16_bit_are_handled_before_the_reduction():
    img = fx.scene("chelsea", (1200, 1600)).convert("RGBA")
    img.paste((0, 0, 0, 0), (0, 0, 600, 1600))
    public = _open(make_public_copies(fx.png_bytes(img), long_side=800).public_jpeg)
    assert public.size == (600, 800) and _near(public.getpixel((100, 400)), (255, 255, 255), 3)
    ramp = np.tile(np.linspace(0, 65535, 1200).astype(np.uint16), (1600, 1))
    grey = _open(make_public_copies(fx.png_bytes(Image.fromarray(ramp)), long_side=800).public_jpeg).convert("L")
    assert grey.size == (600, 800) and 110 <= grey.getpixel((300, 400)) <= 145


@pytest.mark.parametrize("damage", ["truncated", "garbage_scan", "png_cut"])
def test_damage_found_by_the_reduced_decode_is_a_refusal(marked_large, damage):
    data = {
        "truncated": lambda: fx.truncated_jpeg(marked_large, keep=0.5),
        "garbage_scan": fx.corrupt_jpeg_bytes,
        "png_cut": lambda: fx.png_bytes(marked_large)[:-5000],
    }[damage]()
    with pytest.raises(PhotoRejected) as caught:
        make_public_copies(data, long_side=800)
    assert caught.value.code == "damaged"
