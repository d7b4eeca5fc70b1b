"""The field photo set: deterministic, big enough, in seven handwritings, every kind in both halves."""
from __future__ import annotations

from collections import Counter

import numpy as np

from tests.support.samples.field_photos import FIELD_FONTS, HARD, KINDS, TAG, field_photos


def test_the_set_is_deterministic_and_split_in_two():
    photos = field_photos()
    assert [(p.name, p.recipe, p.half) for p in photos] == [(p.name, p.recipe, p.half) for p in field_photos()]
    assert len(photos) >= 160 and len({p.name for p in photos}) == len(photos)
    tune, held_out = field_photos("tune"), field_photos("held_out")
    assert len(tune) + len(held_out) == len(photos) and len(held_out) >= len(tune)
    assert {p.name for p in tune}.isdisjoint(p.name for p in held_out)


def test_a_photo_is_drawn_the_same_every_time():
    photo = field_photos()[3]
    first, second = photo.image, photo.image
    assert first.mode == "RGB" and first.size == photo.recipe.size
    assert np.array_equal(np.asarray(first), np.asarray(second))


def test_seven_handwritings_and_every_size():
    photos = field_photos()
    signs = [p for p in photos if p.sign_text]
    assert len(FIELD_FONTS) >= 6 and {p.recipe.font_index for p in signs} == set(range(len(FIELD_FONTS)))
    assert all(800 <= max(p.recipe.size) <= 4000 for p in photos)
    assert all(abs(p.recipe.angle) <= 8 for p in photos if "angled" not in p.hard)
    assert all(12 <= abs(p.recipe.angle) <= 30 for p in photos if "angled" in p.hard)


def test_labels_agree_with_recipes():
    for p in field_photos():
        assert p.has_tag == (p.sign_text == TAG) == (p.kind == "tag")
        assert p.has_person == bool(p.recipe.person) and p.hard <= set(HARD)
        assert p.recipe.card == (p.kind != "no_sign") and (p.sign_text == "") == (p.kind in ("blank", "no_sign"))


def test_both_halves_hold_every_kind_with_and_without_people_and_every_hard_condition():
    for half in ("tune", "held_out"):
        photos = field_photos(half)
        assert {(p.kind, p.has_person) for p in photos} == {(k, person) for k in KINDS for person in (True, False)}
        assert set().union(*(p.hard for p in photos if p.kind == "tag")) == set(HARD)
        assert {p.sign_text for p in photos if p.kind == "decoy"} == {"#SheForHe", "#HeForHim", "#HeForShee"}
    counts = Counter(p.kind for p in field_photos())
    assert counts["tag"] >= 100 and counts["decoy"] >= 24
