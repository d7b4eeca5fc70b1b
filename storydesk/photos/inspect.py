"""Is this upload a photo we can use? Sniff by content, check what the header declares (`check_header`, no
decoding), then decode to prove the pixels are there (`inspect_photo`) — a JPEG at an eighth of its size, which
proves the same at a sixty-fourth of the memory; other formats in full, one large picture at a time.

Every refusal is a PhotoRejected with a stable code and a short, kind message for the participant.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import math
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from storydesk.photos.decode_budget import one_large_decode_at_a_time
from storydesk.photos.display import orientation, phash_of_decoded

RejectionCode = Literal["empty", "too_large", "not_an_image", "unsupported_type", "animated",
                        "damaged", "too_many_pixels", "too_small", "implausible"]

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heic"}
_HEVC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
_HEIF_BRANDS = {b"mif1", b"msf1"}  # generic image-file brands, shared with AVIF
_AVIF_BRANDS = {b"avif", b"avis"}
_RAW_BRANDS = {b"crx "}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
_PHASH_SHORT_SIDE = 256  # a JPEG is read at reduced scale, never below this many pixels on its short side


def _(message: str) -> str:
    """gettext when Django is set up; the message itself otherwise (scripts, plain tests)."""
    try:  # imported here: this module also runs without Django (scripts, plain tests)
        from django.conf import settings
        from django.utils.translation import gettext
        return gettext(message) if settings.configured else message
    except Exception:  # Django missing, or apps not ready yet: untranslated beats crashing
        return message


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 50_000_000
    min_short_side: int = 400
    # A camera's photo never packs a megapixel into fewer bytes than this; a bomb (one colour, 49 MP in 200 KB) does.
    min_bytes_per_megapixel: int = 10_000
    plausibility_from_pixels: int = 4_000_000  # smaller pictures cost little to decode, whatever their bytes


@dataclass(frozen=True)
class InspectedPhoto:
    format: str  # 'JPEG' | 'PNG' | 'WEBP' | 'HEIF'
    mime: str
    width: int  # as displayed, after EXIF orientation
    height: int
    sha256: str
    phash: str = ""  # from the decoded pixels: "" when only the header was checked (check_header)


class PhotoRejected(Exception):
    def __init__(self, code: RejectionCode, message: str, filename: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.filename = filename

    def __str__(self) -> str:
        return self.message


def register_heif() -> None:
    """Teach Pillow to open iPhone HEIC photos (idempotent)."""
    import pillow_heif  # here: loading the HEIF library costs time only once a HEIC photo needs it

    pillow_heif.register_heif_opener()


def check_header(data: bytes, filename: str | None = None, limits: PhotoLimits = PhotoLimits()) -> InspectedPhoto:
    """Everything inspect_photo checks that the header can tell, without decoding a pixel: cheap enough to run
    on every upload before the rest of a form is known to be right."""
    try:
        return _describe(*_header(data, limits), data, limits)
    except PhotoRejected as rejected:
        rejected.filename = filename
        raise


def inspect_photo(data: bytes, filename: str | None = None, limits: PhotoLimits = PhotoLimits()) -> InspectedPhoto:
    """Accept a JPEG, PNG, WebP or HEIC photo, or raise PhotoRejected saying what is wrong and what to do.

    The filename is only carried on the exception; the bytes alone decide.
    """
    try:
        image, fmt = _header(data, limits)
        described = _describe(image, fmt, data, limits)
        return dataclasses.replace(described, phash=_decoded_phash(image))
    except PhotoRejected as rejected:
        rejected.filename = filename
        raise


def is_checked_file(data: bytes, sha256: str) -> bool:
    """Are these the very bytes whose check recorded this SHA-256? Then that check's results hold for them, and
    nothing needs decoding again to know it."""
    return hashlib.sha256(data).hexdigest() == sha256


def _header(data: bytes, limits: PhotoLimits) -> tuple[Image.Image, str]:
    """The opened (not decoded) picture and its accepted format, once its declared size is acceptable."""
    if not data:
        raise PhotoRejected("empty", _("This file is empty. Please choose your photo again."))
    if len(data) > limits.max_bytes:
        raise PhotoRejected("too_large", _(
            "This photo is %(size)s MB, which is more than our %(limit)s MB limit. Please send a smaller "
            "copy — most phones can share a 'medium' size.") % {"size": _megabytes(len(data)),
                                                                "limit": _megabytes(limits.max_bytes)})
    fmt = _sniff_format(data)
    image = _open(data, fmt, limits)
    if fmt in ("PNG", "WEBP") and getattr(image, "is_animated", False):
        raise PhotoRejected("animated", _(
            "This is an animated picture. Please send a single still photo of you holding your sign."))
    width, height = image.size
    if width * height > limits.max_pixels:
        raise too_many_pixels(limits, width, height)
    if (width * height >= limits.plausibility_from_pixels
            and len(data) * 1_000_000 < width * height * limits.min_bytes_per_megapixel):
        raise PhotoRejected("implausible", _(
            "This file is far smaller than a photo of %(width)s × %(height)s pixels can be, so it may be "
            "damaged. Please send the photo again, straight from your phone or camera.") % {
                "width": width, "height": height})
    return image, fmt


def _describe(image: Image.Image, fmt: str, data: bytes, limits: PhotoLimits) -> InspectedPhoto:
    width, height = image.size
    if orientation(image) in (5, 6, 7, 8):
        width, height = height, width
    if min(width, height) < limits.min_short_side:
        raise PhotoRejected("too_small", _(
            "This photo is only %(width)s × %(height)s pixels, too small to show well. Please send the "
            "original photo, at least %(min)s pixels on each side.") % {
                "width": width, "height": height, "min": limits.min_short_side})
    return InspectedPhoto(format=fmt, mime=_mime(fmt, data), width=width, height=height,
                          sha256=hashlib.sha256(data).hexdigest())


def _decoded_phash(image: Image.Image) -> str:
    """Decode every pixel, so a photo that is cut short or garbled is refused now, while its sender is here;
    and take its perceptual hash from them on the way."""
    if image.format in ("JPEG", "MPO"):
        # libjpeg scales in the DCT: the whole stream is read and checked, at most an eighth of each side is
        # built, and never less than the pHash needs.
        scale = max(1 / 8, min(1.0, _PHASH_SHORT_SIDE / min(image.size)))
        image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    try:
        with one_large_decode_at_a_time(image.width * image.height):
            image.load()
            return phash_of_decoded(image)
    except Exception:  # decoders raise many types on hostile bytes; all mean the same to the sender
        raise damaged() from None


def _open(data: bytes, fmt: str, limits: PhotoLimits) -> Image.Image:
    if fmt == "HEIF":
        register_heif()
    try:
        # Image.open reads the header only; pixels are decoded later by load().
        image = Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError:
        raise too_many_pixels(limits, 0, 0) from None
    except Exception:  # the bytes start like a photo but the header does not parse
        raise damaged() from None
    if image.format not in (fmt, "MPO"):  # phones' multi-picture JPEGs open as MPO: still a JPEG
        raise damaged()
    return image


def too_many_pixels(limits: PhotoLimits, width: int, height: int) -> PhotoRejected:
    """The refusal for a picture over the pixel limit (width 0: size unknown, Pillow refused it first)."""
    limit = {"limit": round(limits.max_pixels / 1_000_000)}
    if not width:
        return PhotoRejected("too_many_pixels", _(
            "This picture has far more pixels than our limit of %(limit)s megapixels. Please send a "
            "smaller copy — most phones can share a 'medium' size.") % limit)
    return PhotoRejected("too_many_pixels", _(
        "This photo is %(width)s × %(height)s pixels (%(mp)s megapixels), more than our limit of %(limit)s "
        "megapixels. Please send a smaller copy — most phones can share a 'medium' size.") % {
            **limit, "width": width, "height": height, "mp": round(width * height / 1_000_000)})


def damaged() -> PhotoRejected:
    """The refusal for bytes that start like a photo but do not decode."""
    return PhotoRejected("damaged", _(
        "This file seems to be damaged or only partly uploaded. Please try choosing the photo again."))


def _megabytes(size: int) -> str:
    # Round up to a tenth, so 20.01 MB never reads as "20 MB, more than our 20 MB limit".
    value = math.ceil(size / (1024 * 1024) * 10) / 10
    return f"{value:g}"


def _mime(fmt: str, data: bytes) -> str:
    if fmt == "HEIF" and not {b"heic", b"heix"} & _ftyp_brands(data):
        return "image/heif"
    return MIME_TYPES[fmt]


def _ftyp_brands(data: bytes) -> set[bytes]:
    if data[4:8] != b"ftyp":
        return set()
    box_size = min(int.from_bytes(data[0:4], "big"), 256)
    brands = {data[8:12]}
    brands.update(data[i:i + 4] for i in range(16, box_size - 3, 4))
    return brands


def _sniff_format(data: bytes) -> str:
    """The accepted format these bytes start as, or PhotoRejected naming what they are instead."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    brands = _ftyp_brands(data)
    if brands & _HEVC_BRANDS or (brands & _HEIF_BRANDS and not brands & _AVIF_BRANDS):
        return "HEIF"
    if head.startswith((b"GIF87a", b"GIF89a")):
        raise PhotoRejected("unsupported_type", _(
            "GIF isn't supported. Please send your photo as a JPEG, PNG, WebP or iPhone (HEIC) photo."))
    if _is_video(data, brands):
        raise PhotoRejected("unsupported_type", _(
            "This looks like a video, not a photo. Please send a still photo: JPEG, PNG, WebP or iPhone (HEIC)."))
    kind = _other_kind(data, brands)
    if kind is None:
        raise PhotoRejected("not_an_image", _(
            "We couldn't recognise this file as a photo. Please send a JPEG, PNG, WebP or iPhone (HEIC) photo."))
    raise PhotoRejected("unsupported_type", _(
        "This looks like %(kind)s, not a photo we can use. Please send a JPEG, PNG, WebP or iPhone (HEIC) "
        "photo.") % {"kind": kind})


def _is_video(data: bytes, brands: set[bytes]) -> bool:
    if brands:
        return not (brands & (_AVIF_BRANDS | _RAW_BRANDS | _AUDIO_BRANDS))
    if data[4:8] in (b"moov", b"mdat", b"wide", b"free") and data[:4] != b"RIFF":
        return True  # old QuickTime .mov without an ftyp box
    if data[:4] == b"RIFF" and data[8:12] == b"AVI ":
        return True
    return data.startswith(b"\x1a\x45\xdf\xa3")  # Matroska / WebM


def _other_kind(data: bytes, brands: set[bytes]) -> str | None:
    """A plain name for a common file that is not a photo we take, or None if unrecognised."""
    head = data[:64]
    signatures = (
        (b"%PDF-", _("a PDF")),
        (b"II*\x00", _("a TIFF or camera RAW file")),
        (b"MM\x00*", _("a TIFF or camera RAW file")),
        (b"8BPS", _("a Photoshop file")),
        (b"\x00\x00\x01\x00", _("an icon file")),
        (b"\xff\x0a", _("a JPEG XL image")),
        (b"\x00\x00\x00\x0cJXL ", _("a JPEG XL image")),
        (b"PK\x03\x04", _("a ZIP archive or an Office document")),
        (b"\xd0\xcf\x11\xe0", _("an Office document")),
        (b"\x1f\x8b", _("a compressed (gzip) file")),
        (b"Rar!", _("a RAR archive")),
        (b"7z\xbc\xaf", _("a 7-Zip archive")),
        (b"ID3", _("an audio file")),
    )
    for magic, kind in signatures:
        if head.startswith(magic):
            return kind
    if brands & _AVIF_BRANDS:
        return _("an AVIF image")
    if brands & _RAW_BRANDS:
        return _("a TIFF or camera RAW file")
    if brands & _AUDIO_BRANDS:
        return _("an audio file")
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 108, 124):
        return _("a BMP image")
    text = _as_text(data[:4096])
    if text is None:
        return None
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if "<svg" in lowered[:1024] and lowered.startswith(("<?xml", "<svg", "<!doctype svg", "<!--")):
        return _("an SVG drawing")
    if lowered.startswith(("<!doctype html", "<html", "<head", "<body", "<!--")) or "<html" in lowered[:1024]:
        return _("a web page (HTML)")
    return _("a text file")


def _as_text(chunk: bytes) -> str | None:
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(chunk) - 3:  # only a character cut at the chunk's end is forgiven
            return None
        text = chunk[:error.start].decode("utf-8")
    if not text or any(ch < " " and ch not in "\t\r\n\f" for ch in text):
        return None
    return text
