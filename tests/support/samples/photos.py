"""Deterministic test photos: scikit-image's bundled photographs with a hand-lettered #HeForShe sign,
encoded every way participants send them, plus the broken and hostile files they also send.

Nothing here is committed as a binary; everything is generated, seeded, and the costly bytes cached.
"""
from __future__ import annotations

import io
import random
import struct
import zlib
from functools import lru_cache
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFont, ImageOps

# Looked up where the Debian packages install them; the value is the package to install if missing.
FONT_PACKAGES: dict[Path, str] = {
    Path("/usr/share/fonts/opentype/comic-neue/ComicNeue-Bold.otf"): "fonts-comic-neue",
    Path("/usr/share/fonts/truetype/fifthhorseman/dkg.ttf"): "fonts-dkg-handwriting",
    Path("/usr/share/fonts/truetype/breip/Breip.ttf"): "fonts-breip",
}
FONTS: list[Path] = list(FONT_PACKAGES)  # most legible first: index 0 is the default sign

BASES = ("camera", "astronaut", "coffee", "chelsea", "rocket")
INK = (22, 22, 32)
CARD = (250, 250, 245)
SIZE = (1200, 1600)

# What exif_transpose applies for each orientation, inverted: how a camera stores the pixels.
_STORED_AS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


# --- scenes and signs -------------------------------------------------------------------------

def font(index: int = 0, size: int = 100) -> ImageFont.FreeTypeFont:
    path = FONTS[index % len(FONTS)]
    if not path.exists():
        raise FileNotFoundError(f"handwriting font {path} is missing: apt-get install {FONT_PACKAGES[path]}")
    return ImageFont.truetype(str(path), size)


def scene(base: str = "camera", size: tuple[int, int] = SIZE) -> Image.Image:
    """One of scikit-image's bundled photos (camera: a man with a camera; chelsea: a cat), cropped to size."""
    return Image.frombytes("RGB", size, _scene_pixels(base, size))


@lru_cache(maxsize=32)
def _scene_pixels(base: str, size: tuple[int, int]) -> bytes:
    if base not in BASES:
        raise ValueError(f"unknown base photo {base!r}; choose one of {BASES}")
    import skimage.data  # slow import, only when a scene is first needed
    photo = Image.fromarray(getattr(skimage.data, base)()).convert("RGB")
    return ImageOps.fit(photo, size, Image.Resampling.LANCZOS).tobytes()


def with_sign(img: Image.Image, text: str = "#HeForShe", font_index: int = 0, angle: float = 0.0,
              box: tuple[int, int, int, int] | None = None) -> Image.Image:
    """A white card with dark marker lettering over the lower middle; text ink ≥ ~8 % of the height."""
    width, height = img.size
    left, top, right, bottom = box or (round(width * 0.04), round(height * 0.6),
                                       round(width * 0.96), round(height * 0.8))
    card_w, card_h = right - left, bottom - top
    pad = round(min(card_w, card_h) * 0.1)
    lettering = _fitted_font(text, font_index, card_w - 2 * pad, card_h - 2 * pad, target=round(height * 0.1))
    card = Image.new("RGBA", (card_w, card_h), CARD + (255,))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, card_w - 1, card_h - 1), outline=(205, 205, 200, 255), width=max(2, card_w // 200))
    stroke = max(1, lettering.size // 45)  # a touch of stroke reads as felt-tip marker
    draw.text((card_w / 2, card_h / 2), text, font=lettering, fill=INK + (255,), anchor="mm",
              stroke_width=stroke, stroke_fill=INK + (255,))
    if angle:
        card = card.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    out = img.convert("RGB").copy()
    out.paste(card, (left + (card_w - card.width) // 2, top + (card_h - card.height) // 2), card)
    return out


def _fitted_font(text: str, font_index: int, max_w: int, max_h: int, target: int) -> ImageFont.FreeTypeFont:
    probe = font(font_index, 100)
    x0, y0, x1, y1 = probe.getbbox(text)
    scale = min(target / (y1 - y0), max_w / (x1 - x0), max_h / (y1 - y0))
    return font(font_index, max(8, int(100 * scale)))


def person_with_sign(base: str = "camera", text: str = "#HeForShe", size: tuple[int, int] = SIZE,
                     font_index: int = 0) -> Image.Image:
    return Image.frombytes("RGB", size, _person_pixels(base, text, size, font_index))


@lru_cache(maxsize=32)
def _person_pixels(base: str, text: str, size: tuple[int, int], font_index: int) -> bytes:
    return with_sign(scene(base, size), text, font_index).tobytes()


# --- encoders -------------------------------------------------------------------------------------

def jpeg_bytes(img: Image.Image, *, orientation: int | None = None, gps: bool = False, quality: int = 90,
               icc: bool = False) -> bytes:
    """A camera-style JPEG. With orientation, pixels are stored turned so only EXIF makes them upright;
    gps adds an EXIF GPS block, an XMP packet and a comment; icc embeds a Display P3-like profile."""
    stored = img.convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "storydesk-fixture"
    if orientation and orientation != 1:
        stored = stored.transpose(_STORED_AS[orientation])
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    extra: dict = {}
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (40.0, 44.0, 54.36),
            ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (73.0, 59.0, 8.5),
        }
        extra["xmp"] = _XMP
        extra["comment"] = b"Taken at home, 40.7484 N 73.9857 W"
    if icc:
        extra["icc_profile"] = display_p3_icc()
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=quality, exif=exif.tobytes(), **extra)
    return out.getvalue()


_XMP = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="40,44.906N" '
        b'exif:GPSLongitude="73,59.142W"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def png_bytes(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG", compress_level=1)
    return out.getvalue()


def webp_bytes(img: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    img.save(out, "WEBP", quality=quality)
    return out.getvalue()


def heic_bytes(img: Image.Image, quality: int = 70, orientation: int | None = None) -> bytes:
    """An iPhone-style HEIC; with orientation, pixels are stored turned and pillow-heif records the turn."""
    import pillow_heif
    pillow_heif.register_heif_opener()
    stored = img.convert("RGB")
    exif = Image.Exif()
    if orientation and orientation != 1:
        stored = stored.transpose(_STORED_AS[orientation])
        exif[ExifTags.Base.Orientation] = orientation
    out = io.BytesIO()
    # The ultrafast preset makes HEVC encoding ~6x quicker; the picture is the same for our tests.
    stored.save(out, "HEIF", quality=quality, exif=exif.tobytes(), enc_params={"preset": "ultrafast"})
    return out.getvalue()


def mpo_bytes(img: Image.Image) -> bytes:
    """A JPEG carrying a second picture (MPF), as some phones write for depth or gain maps."""
    out = io.BytesIO()
    img.convert("RGB").save(out, "MPO", save_all=True, append_images=[img.convert("RGB").reduce(4)])
    return out.getvalue()


def _frames(img: Image.Image, frames: int) -> list[Image.Image]:
    first = img.convert("RGB")
    return [first] + [ImageOps.mirror(first) if i % 2 else first.rotate(180) for i in range(1, frames)]


def gif_bytes(img: Image.Image, frames: int = 2) -> bytes:
    images = [frame.quantize(64) for frame in _frames(img, frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=frames > 1, append_images=images[1:], duration=300, loop=0)
    return out.getvalue()


def apng_bytes(img: Image.Image, frames: int = 2) -> bytes:
    images = _frames(img, frames)
    out = io.BytesIO()
    images[0].save(out, "PNG", save_all=True, append_images=images[1:], duration=300, loop=0,
                   compress_level=1)
    return out.getvalue()


def animated_webp_bytes(img: Image.Image, frames: int = 2) -> bytes:
    images = _frames(img, frames)
    out = io.BytesIO()
    images[0].save(out, "WEBP", save_all=True, append_images=images[1:], duration=300, loop=0, quality=70)
    return out.getvalue()


# --- colour profile -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def display_p3_icc() -> bytes:
    """A small ICC v2 matrix/TRC profile with Display P3 primaries and gamma 2.2.

    ImageCms.createProfile only makes sRGB, LAB and XYZ, so the wide-gamut profile is packed by hand.
    """
    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    name = b"storydesk Display P3 (fixture)"
    desc = (b"desc" + b"\0" * 4 + struct.pack(">I", len(name) + 1) + name + b"\0"
            + b"\0" * 8 + b"\0" * 3 + b"\0" * 67)
    tags = [
        (b"desc", desc),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright, test fixture\0"),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        # Display P3 primaries, Bradford-adapted to the D50 connection space.
        (b"rXYZ", xyz(0.5151, 0.2412, -0.0011)),
        (b"gXYZ", xyz(0.2920, 0.6922, 0.0419)),
        (b"bXYZ", xyz(0.1571, 0.0666, 0.7841)),
        (b"rTRC", b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"),
    ]
    tags += [(b"gTRC", tags[-1][1]), (b"bTRC", tags[-1][1])]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + bytes((2, 0x10, 0, 0)) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2020, 3, 1, 0, 0, 0) + b"acsp" + b"APPL" + b"\0" * 4
              + b"\0" * 8 + b"\0" * 8 + b"\0" * 4 + s15(0.9642) + s15(1.0) + s15(0.8249) + b"sdsk")
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + body


# --- bad inputs -----------------------------------------------------------------------------------

def truncated_jpeg(img: Image.Image, keep: float = 0.6) -> bytes:
    """The first part of a JPEG, as left by an interrupted upload."""
    data = jpeg_bytes(img)
    return data[: int(len(data) * keep)]


@lru_cache(maxsize=1)
def corrupt_jpeg_bytes() -> bytes:
    """Real JPEG headers (SOI … SOS) followed by a scan of seeded garbage and an EOI marker."""
    data = jpeg_bytes(scene("coffee", (600, 800)))
    sos = data.index(b"\xff\xda")
    scan_start = sos + 2 + int.from_bytes(data[sos + 2:sos + 4], "big")
    garbage = random.Random(7).randbytes(len(data) - scan_start - 2)
    return data[:scan_start] + garbage + b"\xff\xd9"


def svg_bytes() -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800">\n'
            b'  <rect width="600" height="800" fill="#f5f5f0"/>\n'
            b'  <text x="300" y="420" font-size="80" text-anchor="middle">#HeForShe</text>\n</svg>\n')


@lru_cache(maxsize=1)
def pdf_bytes() -> bytes:
    """A one-page PDF with a correct cross-reference table, like a scanned form sent by mistake."""
    stream = b"BT /F1 36 Tf 72 720 Td (#HeForShe - my story) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def html_bytes() -> bytes:
    return (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>My photo</title></head>\n"
            b"<body><img src=\"IMG_0042.jpg\" alt=\"me with my #HeForShe sign\"></body></html>\n")


def text_bytes() -> bytes:
    return ("Why does gender equality matter to you?\n"
            "Because my daughters deserve the same chances as my son. — Tomás\n").encode()


def video_bytes() -> bytes:
    """The start of an MP4 (ftyp isom + an empty mdat), like a phone's video sent instead of a photo."""
    ftyp = b"ftypisom" + b"\0\0\x02\0" + b"isomiso2avc1mp41"
    return struct.pack(">I", 8 + len(ftyp)) + ftyp + struct.pack(">I", 8 + 1024) + b"mdat" + bytes(1024)


def random_bytes(n: int = 4096, seed: int = 42) -> bytes:
    return random.Random(seed).randbytes(n)


@lru_cache(maxsize=8)
def bomb_png_bytes(width: int = 20000, height: int = 20000) -> bytes:
    """A valid 1-bit PNG declaring width × height pixels, all zero, compressed row by row into a few KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then packed bits; the image is never built
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@lru_cache(maxsize=2)
def oversized_jpeg_bytes(target_bytes: int = 21 * 1024 * 1024) -> bytes:
    """A decodable JPEG made larger than target_bytes by comment (COM) segments right after SOI."""
    photo = jpeg_bytes(person_with_sign())
    filler = (b"storydesk oversized fixture " * 2500)[:65533]
    segment = b"\xff\xfe" + struct.pack(">H", len(filler) + 2) + filler
    count = -(-(target_bytes - len(photo)) // len(segment))
    return photo[:2] + segment * max(count, 0) + photo[2:]


@lru_cache(maxsize=1)
def tiny_photo() -> bytes:
    """A real but too small JPEG (300 × 300)."""
    return jpeg_bytes(person_with_sign(size=(300, 300)))
