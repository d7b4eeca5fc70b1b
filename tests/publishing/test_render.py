"""The post image: cropped around the sign and faces without cutting either, padded only when it must be."""
from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from storydesk.publishing.instagram.render import RenderError, choose_region, render_post

ASPECT = 1080 / 1350


def contains(region, box, slack=0.51) -> bool:
    return (region[0] <= box[0] + slack and region[1] <= box[1] + slack
            and region[2] >= box[2] - slack and region[3] >= box[3] - slack)


@st.composite
def photos_with_boxes(draw):
    width, height = draw(st.integers(200, 4000)), draw(st.integers(200, 4000))
    boxes = []
    for _ in range(draw(st.integers(0, 4))):
        x0, y0 = draw(st.integers(0, width - 2)), draw(st.integers(0, height - 2))
        boxes.append((x0, y0, draw(st.integers(x0 + 1, width)), draw(st.integers(y0 + 1, height))))
    return (width, height), boxes


@settings(max_examples=400, deadline=None)
@given(photos_with_boxes())
def test_the_region_has_the_posts_shape_and_cuts_no_box(photo):
    size, boxes = photo
    region = choose_region(size, boxes, ASPECT)
    width, height = region[2] - region[0], region[3] - region[1]
    assert width / height == pytest.approx(ASPECT, rel=1e-6)
    assert all(contains(region, box) for box in boxes)
    inside = region[0] >= -0.5 and region[1] >= -0.5 and region[2] <= size[0] + 0.5 and region[3] <= size[1] + 0.5
    if not inside:
        # Padding only when the boxes together can't fit the largest crop of that shape.
        crop_w = min(size[0], size[1] * ASPECT)
        union_w = max(b[2] for b in boxes) - min(b[0] for b in boxes)
        union_h = max(b[3] for b in boxes) - min(b[1] for b in boxes)
        assert union_w > crop_w + 1e-6 or union_h > crop_w / ASPECT + 1e-6


def test_without_boxes_the_middle_is_kept():
    assert choose_region((2000, 1000), [], ASPECT) == pytest.approx((600, 0, 1400, 1000))


def test_a_sign_at_the_edge_moves_the_crop_toward_it():
    region = choose_region((2000, 1000), [(1800, 400, 1990, 600)], ASPECT)
    assert region == pytest.approx((1200, 0, 2000, 1000))


def marked_photo(size, marks) -> bytes:
    image = Image.new("RGB", size, (128, 128, 128))
    for box, colour in marks:
        image.paste(colour, box)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def count(image, colour, tolerance=40) -> int:
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(colour, dtype=np.int16)) <= tolerance).all(axis=2).sum())


def test_face_and_sign_far_apart_are_both_shown_with_campaign_colour_padding():
    face, sign = (50, 300, 250, 500), (1750, 400, 1950, 700)  # across a wide landscape photo
    data = marked_photo((2000, 1000), [(face, (255, 0, 0)), (sign, (0, 0, 255))])
    rendered = render_post(data, [face, sign], width=1080, height=1350, colour="#6a2c91")
    image = Image.open(io.BytesIO(rendered.jpeg))
    assert (image.format, image.size, rendered.padded) == ("JPEG", (1080, 1350), True)
    scale = 1080 / 1900  # the region is as wide as the two boxes together
    assert count(image, (255, 0, 0)) == pytest.approx(200 * 200 * scale * scale, rel=0.15)
    assert count(image, (0, 0, 255)) == pytest.approx(200 * 300 * scale * scale, rel=0.15)
    assert all(abs(a - b) < 12 for a, b in zip(image.getpixel((540, 5)), (0x6A, 0x2C, 0x91)))


def test_a_photo_that_fits_is_cropped_not_padded():
    face, sign = (300, 200, 500, 420), (260, 600, 560, 760)
    data = marked_photo((1200, 900), [(face, (255, 0, 0)), (sign, (0, 0, 255))])
    rendered = render_post(data, [face, sign], width=1080, height=1350, colour="#6a2c91")
    image = Image.open(io.BytesIO(rendered.jpeg))
    assert not rendered.padded and count(image, (0x6A, 0x2C, 0x91), tolerance=10) == 0
    scale = 1350 / 900
    assert count(image, (255, 0, 0)) == pytest.approx(200 * 220 * scale * scale, rel=0.15)


def test_the_campaign_frame_is_drawn_over_the_post(tmp_path):
    frame = Image.new("RGBA", (100, 125), (0, 0, 0, 0))
    frame.paste((255, 255, 0, 255), (0, 0, 100, 10))  # a yellow band along the top
    frame.save(tmp_path / "frame.png")
    rendered = render_post(marked_photo((800, 1000), []), [], width=1080, height=1350, colour="#000000",
                           frame=tmp_path / "frame.png")
    image = Image.open(io.BytesIO(rendered.jpeg))
    assert all(abs(a - b) < 20 for a, b in zip(image.getpixel((540, 20)), (255, 255, 0)))
    assert all(abs(a - 128) < 20 for a in image.getpixel((540, 700)))


def test_the_image_stays_under_the_size_limit_or_says_why(settings):
    noisy = Image.effect_noise((1080, 1350), 120).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "JPEG", quality=100)
    settings.STORYDESK_INSTAGRAM_MAX_IMAGE_BYTES = 700_000
    rendered = render_post(out.getvalue(), [], width=1080, height=1350, colour="#000000")
    assert len(rendered.jpeg) <= 700_000
    settings.STORYDESK_INSTAGRAM_MAX_IMAGE_BYTES = 10_000
    with pytest.raises(RenderError, match="stays above"):
        render_post(out.getvalue(), [], width=1080, height=1350, colour="#000000")


def test_an_unreadable_photo_is_a_clear_error():
    with pytest.raises(RenderError, match="the story's photo can't be read"):
        render_post(b"not a photo", [], width=1080, height=1350, colour="#000000")
