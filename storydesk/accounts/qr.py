"""The authenticator app's set-up as a QR code: inline SVG made in pure Python (segno), so no image file is ever
written and the page's strict Content-Security-Policy needs no exception."""
from __future__ import annotations

import io
from base64 import b32encode

import segno
from django.utils.safestring import SafeString, mark_safe

LABEL = "QR code for your authenticator app"


def qr_svg(config_url: str) -> SafeString:
    buffer = io.BytesIO()
    # Dark on white whatever the page's colours, with the quiet zone scanners need.
    segno.make(config_url, error="m").save(buffer, kind="svg", xmldecl=False, svgns=True, scale=5, border=4,
                                           dark="#000", light="#fff", svgclass="qr", lineclass=None,
                                           omitsize=True)  # a viewBox: the page sizes it
    svg = buffer.getvalue().decode()
    # segno escapes nothing it is not given: the SVG holds only its own path data and these fixed words.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{LABEL}" ', 1))


def secret_for_typing(bin_key: bytes) -> str:
    """The secret as an app asks for it when typed: base32, in groups of four."""
    text = b32encode(bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
