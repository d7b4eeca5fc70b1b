"""bare_jpeg: the pixels and nothing else, whatever the picture object carries, without changing the picture."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from storydesk.photos.bare_jpeg import bare_jpeg
from tests.support.samples import photos as fx


def _carrying_everything() -> Image.Image:
    # A picture as a decoded photo hands it over: metadata in its info, which Pillow's writer may read.
    img = Image.open(io.BytesIO(fx.jpeg_bytes(fx.person_with_sign(size=(300, 400)), orientation=6, gps=True,
                                              icc=True)))
    img.load()
    assert {"exif", "xmp", "icc_profile", "comment"} <= set(img.info)
    return img


@pytest.mark.parametrize("progressive", [False, True])
def test_no_metadata_leaves_with_the_pixels(progressive):
    img = _carrying_everything()
    info = dict(img.info)
    data = bare_jpeg(img, quality=85, progressive=progressive)
    out = Image.open(io.BytesIO(data))
    assert out.size == img.size and out.mode == "RGB" and bool(out.info.get("progressive")) == progressive
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(out.info) and len(out.getexif()) == 0
    for needle in (b"Exif", b"GPS", b"ICC_PROFILE", b"xmpmeta", b"Taken at home"):
        assert needle not in data
    assert img.info == info  # the caller's picture is left as it was


def test_other_modes_are_written_as_rgb():
    out = Image.open(io.BytesIO(bare_jpeg(Image.new("L", (40, 30), 128), quality=85)))
    assert out.mode == "RGB" and out.size == (40, 30)


def test_a_writer_that_adds_metadata_is_caught(monkeypatch):
    # Were a later Pillow to copy something of the picture's into the file, the header check would stop it.
    img, real = _carrying_everything(), Image.Image.save
    monkeypatch.setattr(Image.Image, "save", lambda self, fp, fmt, **params: real(
        self, fp, fmt, **params | {"exif": self.info["exif"]}))
    with pytest.raises(RuntimeError, match="metadata"):
        bare_jpeg(img, quality=85)
