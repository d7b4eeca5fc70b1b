"""A labelled set of sign photos for measuring screening accuracy: the right sign in every handwriting,
tilted and at every size participants send (800–4000 px on the long side), next to the signs that must
never count (#SheForHe, #HeForHim, #LoveWins, a blank card) and scenes with nobody in them.

Deterministic for a seed. Each photo is drawn when its `image` is read, not when the set is made, so
a set of hundreds of 12-megapixel photos never sits in memory at once.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from tests.support.samples.photos import CARD, FONTS, scene, with_sign

TAG = "#HeForShe"
DECOYS = ("#SheForHe", "#HeForHim", "#LoveWins", "")  # "" is a blank card
PEOPLE = ("camera", "astronaut")  # a man, a woman
NOBODY = ("coffee", "chelsea")  # a cup, a cat
# Width:height of phone photos; landscape narrower than 4:3 crops the faces out of the 512 px bases.
ASPECTS = ((3, 4), (4, 5), (1, 1), (4, 3), (9, 16))
LONG_SIDES = (800, 4000)
MAX_ANGLE = 8.0

# One block of twelve: half the right sign held by a person, a third decoys held by a person,
# and two scenes with nobody in them (one with the right sign on the table, one with a decoy).
_BLOCK = (("tag", True),) * 6 + (("decoy", True),) * 4 + (("tag", False), ("decoy", False))


@dataclass(frozen=True)
class SignRecipe:
    base: str
    size: tuple[int, int]
    text: str  # "" draws a blank card
    font_index: int
    angle: float
    card: tuple[int, int, int, int]  # left, top, right, bottom of the card before it is tilted
    jpeg_quality: int


@dataclass(frozen=True)
class LabelledPhoto:
    name: str
    recipe: SignRecipe
    has_tag: bool
    has_person: bool

    @property
    def image(self) -> Image.Image:
        """The photo (RGB), drawn on first use; the last few drawn are kept."""
        return _draw(self.recipe).copy()

    @property
    def sign_text(self) -> str:
        return self.recipe.text


def labelled_sign_photos(n: int, seed: int = 0) -> list[LabelledPhoto]:
    """n labelled photos; the same n and seed always give the same photos."""
    rng = random.Random(seed)
    kinds = [_BLOCK[i % len(_BLOCK)] for i in range(n)]
    rng.shuffle(kinds)
    decoy_turn = {True: 0, False: 0}
    photos = []
    for i, (kind, has_person) in enumerate(kinds):
        if kind == "tag":
            text = TAG
        else:
            text = DECOYS[decoy_turn[has_person] % len(DECOYS)]
            decoy_turn[has_person] += 1
        base = rng.choice(PEOPLE if has_person else NOBODY)
        recipe = _recipe(rng, base, text, font_index=i % len(FONTS))
        label = (text.lstrip("#") or "blank").lower()
        width, height = recipe.size
        photos.append(LabelledPhoto(name=f"{i:03d}-{base}-{label}-f{recipe.font_index}-{width}x{height}",
                                    recipe=recipe, has_tag=text == TAG, has_person=has_person))
    return photos


def _recipe(rng: random.Random, base: str, text: str, font_index: int) -> SignRecipe:
    aspect_w, aspect_h = rng.choice(ASPECTS)
    long_side = rng.randint(*LONG_SIDES)
    if aspect_w >= aspect_h:
        size = (long_side, round(long_side * aspect_h / aspect_w))
    else:
        size = (round(long_side * aspect_w / aspect_h), long_side)
    width, height = size
    # Cards are held lower middle, 60–92 % of the width, a little left or right of centre.
    card_w = round(width * rng.uniform(0.6, 0.92))
    left = rng.randint(round(width * 0.04), width - round(width * 0.04) - card_w)
    top = round(height * rng.uniform(0.55, 0.65))
    card = (left, top, left + card_w, top + round(height * 0.2))
    return SignRecipe(base=base, size=size, text=text, font_index=font_index,
                      angle=round(rng.uniform(-MAX_ANGLE, MAX_ANGLE), 1), card=card,
                      jpeg_quality=rng.choice((75, 85, 92)))


@lru_cache(maxsize=2)
def _draw(recipe: SignRecipe) -> Image.Image:
    photo = scene(recipe.base, recipe.size)
    if recipe.text:
        photo = with_sign(photo, recipe.text, recipe.font_index, recipe.angle, box=recipe.card)
    else:
        photo = with_blank_card(photo, recipe.angle, recipe.card)
    # Through a phone's JPEG encoder, as every real photo has been.
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=recipe.jpeg_quality)
    out.seek(0)
    return Image.open(out).convert("RGB")


def with_blank_card(photo: Image.Image, angle: float = 0.0,
                    box: tuple[int, int, int, int] | None = None) -> Image.Image:
    """The card of photos.with_sign with nothing written on it."""
    width, height = photo.size
    left, top, right, bottom = box or (round(width * 0.04), round(height * 0.6),
                                       round(width * 0.96), round(height * 0.8))
    card = Image.new("RGBA", (right - left, bottom - top), CARD + (255,))
    ImageDraw.Draw(card).rectangle((0, 0, card.width - 1, card.height - 1), outline=(205, 205, 200, 255),
                                   width=max(2, card.width // 200))
    if angle:
        card = card.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    out = photo.convert("RGB").copy()
    out.paste(card, (left + (right - left - card.width) // 2, top + (bottom - top - card.height) // 2), card)
    return out
