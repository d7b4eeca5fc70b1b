"""The .eml fixtures: real mail programs' shapes, written small. Photo bodies are generated at test time
(nothing binary is committed): a placeholder such as {{jpeg:camera}} becomes that photo in base64."""
from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from pathlib import Path

from PIL import Image

from tests.support.samples import photos

FIXTURES = Path(__file__).with_name("fixtures")
AUTHSERV_ID = "mx.heforshe.example"  # the desk's inbox server in these tests (STORYDESK_MAIL_AUTHSERV_ID)
_PLACEHOLDER = re.compile(rb"\{\{(\w+)(?::(\w+))?\}\}")


def load(name: str, **values: str) -> bytes:
    """A fixture's bytes with its placeholders filled (photos, and values such as in_reply_to=…)."""
    raw = (FIXTURES / name).read_bytes()
    return _PLACEHOLDER.sub(lambda m: _fill(m.group(1).decode(), (m.group(2) or b"").decode(), values), raw)


def proven(raw: bytes, domain: str, *, by: str = AUTHSERV_ID, dmarc: str = "pass") -> bytes:
    """The message as an inbox server adds its verdict on top: DKIM and DMARC for the From domain."""
    return (f"Authentication-Results: {by};\n\tdkim={dmarc} (2048-bit key) header.d={domain} header.s=s1;\n"
            f"\tspf=pass smtp.mailfrom={domain};\n\tdmarc={dmarc} (p=NONE) header.from={domain}\n").encode() + raw


def _fill(kind: str, arg: str, values: dict) -> bytes:
    if kind in values:
        return values[kind].encode()
    return base64_lines(attachment_bytes(kind, arg))


@lru_cache(maxsize=32)
def attachment_bytes(kind: str, base: str = "") -> bytes:
    if kind == "jpeg":
        return photos.jpeg_bytes(photos.person_with_sign(base, size=(600, 800)))
    if kind == "png":
        return photos.png_bytes(photos.person_with_sign(base, size=(600, 800)))
    if kind == "webp":
        return photos.webp_bytes(photos.person_with_sign(base, size=(600, 800)))
    if kind == "heic":
        return photos.heic_bytes(photos.person_with_sign(base, size=(600, 800)))
    if kind == "pdf":
        return photos.pdf_bytes()
    if kind == "oversized":
        return photos.oversized_jpeg_bytes()
    if kind == "logo":  # a signature logo: a tiny picture that is not the participant's photo
        out = io.BytesIO()
        Image.new("RGB", (32, 32), (106, 44, 145)).save(out, "PNG")
        return out.getvalue()
    raise KeyError(f"no placeholder {kind!r}")


def base64_lines(data: bytes) -> bytes:
    return base64.encodebytes(data).rstrip(b"\n")
