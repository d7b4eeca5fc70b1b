"""The field photo set: labelled photos like the ones participants really send, made to measure the sign
check and the person check on photos no setting was ever tuned on.

Unlike signs.py (three handwritings, the card always lower middle, the photo always lit), these photos vary
what a phone and a real participant vary: seven handwritings (Debian's fonts), marker inks and card colours,
people large and small in frame, people turned (mirrored, head tilted), in shade, behind their own sign
(the card over their chin, fingers over its edge), signs turned away from the camera (tilt and perspective),
a second line of writing on some cards, 800–4000 px photos in phone aspect ratios, and JPEG re-encoding.
Next to the right sign (#HeForShe) are the signs that must never count: decoys a letter or a word away
(#SheForHe, #HeForHim, #HeForShee), blank cards, other hashtags, and photos with no sign at all.

People are real photographs that ship offline: scikit-image's `camera` (a man) and `astronaut` (a woman),
its `lfw_subset` faces (25 × 25 px: only ever small, distant people) and matplotlib's `grace_hopper.jpg`.
Scenes without anyone are scikit-image's coffee, chelsea (a cat), rocket and textures, and scikit-learn's
china.jpg and flower.jpg (scikit-learn comes with alt-profanity-check).

Each photo is a `FieldRecipe`: every random choice is drawn once, from a fixed seed, when the set is made,
so the name and recipe of a photo never change; the pixels are drawn when `image` is read (the last two are
cached). Every photo belongs to one half of split.py's split, stratified by kind, person and hardness.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from tests.support.samples.split import split

# Handwriting and marker lettering, looked up where the Debian packages install them (value: the package).
FIELD_FONT_PACKAGES: dict[Path, str] = {
    Path("/usr/share/fonts/opentype/comic-neue/ComicNeue-Bold.otf"): "fonts-comic-neue",
    Path("/usr/share/fonts/truetype/fifthhorseman/dkg.ttf"): "fonts-dkg-handwriting",
    Path("/usr/share/fonts/truetype/breip/Breip.ttf"): "fonts-breip",
    Path("/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf"): "fonts-humor-sans",  # xkcd-style capitals
    Path("/usr/share/fonts/truetype/sjfonts/SteveHand.ttf"): "fonts-sjfonts",  # loose felt-tip
    Path("/usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf"): "fonts-bwht",  # thick marker capitals
    Path("/usr/share/fonts/truetype/rufscript/Rufscript010.ttf"): "fonts-rufscript",  # pen script
}
FIELD_FONTS: list[Path] = list(FIELD_FONT_PACKAGES)

TAG = "#HeForShe"
DECOYS = ("#SheForHe", "#HeForHim", "#HeForShee")  # a word, a letter, a word order away from the tag
OTHER_TAGS = ("#LoveWins", "#MeToo", "#TimesUp", "#GirlsCan", "#Equality")
KINDS = ("tag", "decoy", "blank", "other_tag", "no_sign")
HARD = ("small", "angled", "low_light", "turned", "covered")

PEOPLE = ("camera", "astronaut", "grace_hopper")  # people that can fill the frame
FACES = 100  # lfw_subset's first 100 images are faces (the other 100 are not): small people only
NOBODY = ("coffee", "chelsea", "rocket", "china", "flower", "brick", "grass", "gravel")
# Where each portrait's chin is, as a share of its height after ImageOps.fit to 3:4 (read off the photos).
CHIN = {"camera": 0.33, "astronaut": 0.38, "grace_hopper": 0.5, "lfw": 0.33}

# Width:height of phone photos, portrait first (most stories are portraits).
ASPECTS = ((3, 4), (9, 16), (4, 5), (3, 4), (1, 1), (4, 3), (16, 9))
LONG_SIDES = (800, 4000)
# Lettering height as a share of the photo's long side: a sign held at arm's length, and one far away.
LETTER_ORDINARY = (0.028, 0.07)
LETTER_SMALL = (0.011, 0.02)
ORDINARY_ANGLE = 8.0
ANGLED = (12.0, 30.0)
INKS = ((22, 22, 32), (20, 40, 140), (170, 25, 30), (20, 100, 45), (90, 30, 120))  # black, blue, red, green, purple
CARDS = ((250, 250, 245), (245, 238, 215), (250, 235, 120), (250, 205, 215), (200, 225, 245), (200, 165, 120))
SECOND_LINES = ("for my daughters", "equality now", "Tomas, 34", "because she matters", "I am")

# How many photos of each sort: (kind, has_person, hard conditions or () for an ordinary photo), count.
PLAN: tuple[tuple[tuple[str, bool, tuple[str, ...]], int], ...] = (
    (("tag", True, ()), 40),
    (("tag", True, ("small",)), 10), (("tag", True, ("angled",)), 10), (("tag", True, ("low_light",)), 10),
    (("tag", True, ("turned",)), 8), (("tag", True, ("covered",)), 8),
    (("tag", True, ("small", "low_light")), 2), (("tag", True, ("angled", "covered")), 2),
    (("tag", False, ()), 10), (("tag", False, ("angled",)), 2), (("tag", False, ("low_light",)), 2),
    (("decoy", True, ()), 18), (("decoy", True, ("angled",)), 2), (("decoy", True, ("low_light",)), 2),
    (("decoy", True, ("small",)), 2),
    (("decoy", False, ()), 6),
    (("blank", True, ()), 6), (("blank", True, ("covered",)), 2), (("blank", False, ()), 4),
    (("other_tag", True, ()), 10), (("other_tag", True, ("angled",)), 2), (("other_tag", False, ()), 4),
    (("no_sign", True, ()), 6), (("no_sign", True, ("turned",)), 2), (("no_sign", False, ()), 8),
)
SEED = 20261207
# A fresh batch by the same recipe, for measuring on photos never seen: field_photos' held-out half was seen
# on 2026-12-07 (person_check's first measurement), so from then on all of field_photos is tuning material.
FRESH_SEED = 20261208


@dataclass(frozen=True)
class FieldRecipe:
    """Every choice behind one photo; drawing it is deterministic."""

    size: tuple[int, int]
    backdrop: str  # the scene behind everything (a NOBODY scene, or the person's own photo)
    person: str  # "" for nobody; a PEOPLE name, or "lfw:<index>"
    person_height: float  # share of the photo's height the person layer fills (1.0: the whole photo)
    person_x: float  # the person layer's centre, as a share of the width
    mirror: bool
    head_tilt: float  # degrees the person layer is turned (the head leans)
    text: str  # "" with a card: a blank card
    card: bool
    second_line: str
    font_index: int
    letter_height: int  # px
    ink: tuple[int, int, int]
    card_colour: tuple[int, int, int]
    card_centre: tuple[float, float]  # shares of width and height (over the chin: the chin's height)
    angle: float  # degrees in the picture plane
    perspective: float  # 0: facing the camera; 0.3: the far edge 30 % shorter
    over_chin: bool  # the card held up over the chin, fingers over its edges
    light: float  # 1.0 daylight; 0.25 deep shade
    noise: float  # sensor noise (grey levels, sd) that comes with shade
    jpeg_quality: int
    seed: int


@dataclass(frozen=True)
class FieldPhoto:
    name: str  # stable unique key, e.g. "017-astronaut-tag-small-f3"
    kind: str  # "tag" | "decoy" | "blank" | "other_tag" | "no_sign"
    sign_text: str  # "" for a blank card or no sign
    has_tag: bool  # the right sign (#HeForShe) is in the photo
    has_person: bool
    hard: frozenset[str]  # subset of HARD; empty: an ordinary photo
    half: str  # "tune" | "held_out"
    recipe: FieldRecipe

    @property
    def image(self) -> Image.Image:
        """The photo (RGB), drawn on first use; the last two drawn are kept."""
        return _draw(self.recipe).copy()


def field_photos(half: str | None = None) -> list[FieldPhoto]:
    """The field set (or one half of it: "tune" or "held_out"); always the same photos in the same order."""
    photos = _all()
    return list(photos) if half is None else [p for p in photos if p.half == half]


def fresh_field_photos() -> list[FieldPhoto]:
    """A fresh batch by the same recipe and plan (another seed): all held out, keys prefixed "fresh-"."""
    return [replace(p, name=f"fresh-{p.name}", half="held_out") for p in _all(FRESH_SEED)]


@cache
def _all(seed: int = SEED) -> tuple[FieldPhoto, ...]:
    rng = random.Random(seed)
    sorts = [sort for sort, count in PLAN for _ in range(count)]
    rng.shuffle(sorts)
    turns: dict[str, int] = {}
    drafts = []
    for i, (kind, has_person, hard) in enumerate(sorts):
        turn = turns[kind] = turns.get(kind, -1) + 1
        text = {"tag": TAG, "decoy": DECOYS[turn % len(DECOYS)], "other_tag": OTHER_TAGS[turn % len(OTHER_TAGS)],
                "blank": "", "no_sign": ""}[kind]
        recipe = _recipe(rng, i, kind, text, has_person, frozenset(hard), font_index=i % len(FIELD_FONTS), seed=seed)
        who = (recipe.person.split(":")[0] or recipe.backdrop) if has_person else recipe.backdrop
        name = "-".join([f"{i:03d}", who, kind, *sorted(hard), f"f{recipe.font_index}"])
        drafts.append((name, kind, text, has_person, frozenset(hard), recipe))
    halves = split(drafts, key=lambda d: d[0], stratum=lambda d: f"{d[1]}/{d[3]}/{bool(d[4])}")
    return tuple(FieldPhoto(name=name, kind=kind, sign_text=text, has_tag=text == TAG, has_person=has_person,
                            hard=hard, half=halves[name], recipe=recipe)
                 for name, kind, text, has_person, hard, recipe in drafts)


# --- recipes: every random choice, made once ------------------------------------------------------

def _recipe(rng: random.Random, i: int, kind: str, text: str, has_person: bool, hard: frozenset[str],
            font_index: int, seed: int = SEED) -> FieldRecipe:
    aspect_w, aspect_h = rng.choice(ASPECTS)
    long_side = rng.randint(*LONG_SIDES)
    size = ((long_side, round(long_side * aspect_h / aspect_w)) if aspect_w >= aspect_h
            else (round(long_side * aspect_w / aspect_h), long_side))
    width, height = size
    small = "small" in hard
    if has_person:
        # Small people stand in a scene (a backdrop); large ones are their own photo, unless the frame is wider
        # than a portrait, when they stand in a scene too (cropping a portrait to landscape cuts the head off).
        person = f"lfw:{rng.randrange(FACES)}" if small and rng.random() < 0.5 else rng.choice(PEOPLE)
        if small:
            person_height = rng.uniform(0.3, 0.5)
        elif person.startswith("lfw") or width > height:
            person_height = rng.uniform(0.75, 0.95)
        else:
            person_height = 1.0
        backdrop = rng.choice(NOBODY) if person_height < 1.0 else person
    else:
        person, person_height, backdrop = "", 0.0, rng.choice(NOBODY)
    layer_w = min(width, person_height * height * 0.75)  # person layers are 3:4
    person_x = rng.uniform(layer_w / 2 / width, 1 - layer_w / 2 / width) if person_height < 1.0 else 0.5
    turned = "turned" in hard
    card = kind != "no_sign"
    letters = LETTER_SMALL if small else LETTER_ORDINARY
    letter_height = round(long_side * rng.uniform(*letters))
    over_chin = "covered" in hard
    if has_person:
        # Held in front of the chest, or over the chin; a little off the person's centre.
        top = 1 - person_height
        # Over the chin: the card's top edge sits a little above the chin (see _with_card).
        rise = CHIN["lfw" if person.startswith("lfw") else person] if over_chin else rng.uniform(0.6, 0.75)
        centre = (person_x + rng.uniform(-0.04, 0.04), top + person_height * rise)
    else:
        centre = (rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.75))  # on a table, a wall, a lap
    if "angled" in hard:
        angle = rng.choice((-1, 1)) * rng.uniform(*ANGLED)
        perspective = rng.choice((0.0, rng.uniform(0.15, 0.3)))
    else:
        angle, perspective = rng.uniform(-ORDINARY_ANGLE, ORDINARY_ANGLE), 0.0
    low_light = "low_light" in hard
    return FieldRecipe(
        size=size, backdrop=backdrop, person=person, person_height=person_height, person_x=person_x,
        mirror=turned or rng.random() < 0.2, head_tilt=rng.choice((-1, 1)) * rng.uniform(10, 25) if turned else 0.0,
        text=text, card=card, second_line=rng.choice(SECOND_LINES) if card and text and rng.random() < 0.25 else "",
        font_index=font_index, letter_height=letter_height, ink=rng.choice(INKS), card_colour=rng.choice(CARDS),
        card_centre=centre, angle=round(angle, 1), perspective=round(perspective, 2), over_chin=over_chin,
        light=round(rng.uniform(0.22, 0.38), 2) if low_light else 1.0, noise=rng.uniform(4, 9) if low_light else 0.0,
        jpeg_quality=rng.choice((70, 80, 88, 94)), seed=seed + i)


# --- drawing ---------------------------------------------------------------------------------------

def field_font(index: int, size: int) -> ImageFont.FreeTypeFont:
    path = FIELD_FONTS[index % len(FIELD_FONTS)]
    if not path.exists():
        raise FileNotFoundError(f"handwriting font {path} is missing: apt-get install {FIELD_FONT_PACKAGES[path]}")
    return ImageFont.truetype(str(path), size)


@lru_cache(maxsize=2)
def _draw(recipe: FieldRecipe) -> Image.Image:
    width, height = recipe.size
    photo = ImageOps.fit(_source(recipe.backdrop), recipe.size, Image.Resampling.LANCZOS)
    if recipe.person and recipe.person_height < 1.0:
        layer = _person_layer(recipe.person, round(height * recipe.person_height))
        layer = _turned(layer, recipe)
        x = round(recipe.person_x * width - layer.width / 2)
        photo.paste(layer, (x, height - layer.height), layer)
    elif recipe.person:
        photo = _turned(photo.convert("RGBA"), recipe).convert("RGB")
    if recipe.card:
        photo = _with_card(photo, recipe)
    if recipe.light < 1.0:
        photo = _in_shade(photo, recipe)
    # Through a phone's JPEG encoder, as every real photo has been.
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=recipe.jpeg_quality)
    out.seek(0)
    return Image.open(out).convert("RGB")


@cache
def _source(name: str) -> Image.Image:
    """A bundled photograph, RGB; "lfw:<i>" is one 25 × 25 face."""
    if name == "grace_hopper":
        from matplotlib import cbook
        return Image.open(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)).convert("RGB")
    if name in ("china", "flower"):
        from sklearn.datasets import load_sample_image
        return Image.fromarray(load_sample_image(f"{name}.jpg")).convert("RGB")
    import skimage.data  # slow import, only when a photo is first drawn
    if name.startswith("lfw:"):
        face = skimage.data.lfw_subset()[int(name.split(":")[1])]
        return Image.fromarray((face * 255).astype(np.uint8)).convert("RGB")
    return Image.fromarray(getattr(skimage.data, name)()).convert("RGB")


def _person_layer(person: str, height: int) -> Image.Image:
    """The person on a transparent layer (3:4), edges feathered so they stand in the scene, not on a stamp."""
    width = round(height * 0.75)
    if person.startswith("lfw:"):
        # A face alone is a head: give it shoulders in a shirt so the card has something to be held against.
        layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        face_side = round(width * 0.42)
        shirt = (60 + int(person.split(":")[1]) % 3 * 50, 70, 90, 255)
        margin = round(width * 0.08)
        ImageDraw.Draw(layer).rounded_rectangle((margin, round(face_side * 0.95), width - margin, height + face_side),
                                                radius=face_side // 2, fill=shirt)
        face = _source(person).resize((face_side, round(face_side * 1.05)), Image.Resampling.BICUBIC)
        layer.paste(face, ((width - face_side) // 2, round(face_side * 0.05)))
        return layer
    portrait = ImageOps.fit(_source(person), (width, height), Image.Resampling.LANCZOS).convert("RGBA")
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width, height), radius=width // 6, fill=255)
    portrait.putalpha(mask.filter(ImageFilter.GaussianBlur(max(1, width // 40))))
    return portrait


def _turned(layer: Image.Image, recipe: FieldRecipe) -> Image.Image:
    """Mirrored (the person faces the other way) and leaning: turned, then zoomed so no corner is empty."""
    if recipe.mirror:
        layer = ImageOps.mirror(layer)
    if not recipe.head_tilt:
        return layer
    turned = layer.rotate(recipe.head_tilt, resample=Image.Resampling.BICUBIC, expand=False)
    if recipe.person_height < 1.0:
        return turned  # a layer: the empty corners are transparent
    zoom = 1 + abs(np.sin(np.radians(recipe.head_tilt))) * 1.1
    w, h = layer.size
    crop = turned.crop((round(w / 2 - w / zoom / 2), round(h / 2 - h / zoom / 2),
                        round(w / 2 + w / zoom / 2), round(h / 2 + h / zoom / 2)))
    return crop.resize((w, h), Image.Resampling.BICUBIC)


def _with_card(photo: Image.Image, recipe: FieldRecipe) -> Image.Image:
    card = _card(recipe)
    if recipe.perspective:
        card = _facing_away(card, recipe.perspective)
    if recipe.angle:
        card = card.rotate(recipe.angle, resample=Image.Resampling.BICUBIC, expand=True)
    width, height = photo.size
    cx, cy = recipe.card_centre
    # Kept inside the frame (a sign cut by the frame's edge is another problem than these photos measure).
    x = min(max(round(cx * width - card.width / 2), 0), max(width - card.width, 0))
    # A card over the chin hangs from it (its top a third of the card above the chin); others are centred.
    y = round(cy * height - card.height * (0.3 if recipe.over_chin else 0.5))
    y = min(max(y, 0), max(height - card.height, 0))
    out = photo.convert("RGB").copy()
    out.paste(card, (x, y), card)
    if recipe.over_chin:
        _fingers(out, (x, y, x + card.width, y + card.height), recipe)
    return out


def _card(recipe: FieldRecipe) -> Image.Image:
    """The card, lettered in marker (or blank), sized around its lettering with a margin."""
    lettering = field_font(recipe.font_index, 100)
    probe = recipe.text or TAG  # a blank card is as big as a lettered one
    x0, y0, x1, y1 = lettering.getbbox(probe)
    size = max(8, round(100 * recipe.letter_height / (y1 - y0)))
    lettering = field_font(recipe.font_index, size)
    x0, y0, x1, y1 = lettering.getbbox(probe)
    text_w, text_h = x1 - x0, y1 - y0
    pad = round(text_h * 0.6)
    second = field_font(recipe.font_index, max(8, size // 2)) if recipe.second_line else None
    second_h = round(text_h * 0.75) if second else 0
    card_w = max(text_w, second.getbbox(recipe.second_line)[2] if second else 0) + 2 * pad
    card_h = text_h + second_h + 2 * pad
    card = Image.new("RGBA", (card_w, card_h), recipe.card_colour + (255,))
    draw = ImageDraw.Draw(card)
    edge = tuple(round(c * 0.82) for c in recipe.card_colour) + (255,)
    draw.rectangle((0, 0, card_w - 1, card_h - 1), outline=edge, width=max(2, card_w // 200))
    if recipe.text:
        stroke = max(1, size // 45)  # a touch of stroke reads as felt-tip marker
        draw.text((card_w / 2, pad + text_h / 2), recipe.text, font=lettering, fill=recipe.ink + (255,),
                  anchor="mm", stroke_width=stroke, stroke_fill=recipe.ink + (255,))
    if second:
        draw.text((card_w / 2, pad + text_h + second_h / 2 + pad * 0.3), recipe.second_line, font=second,
                  fill=recipe.ink + (255,), anchor="mm")
    return card


def _facing_away(card: Image.Image, shrink: float) -> Image.Image:
    """The card turned about its vertical axis: its right edge shorter by `shrink` (a perspective warp)."""
    w, h = card.size
    drop = h * shrink / 2
    # Where each corner of the card lands; PIL wants the inverse map (output → input) as 8 coefficients.
    target = [(0, 0), (w * (1 - shrink / 2), drop), (w * (1 - shrink / 2), h - drop), (0, h)]
    source = [(0, 0), (w, 0), (w, h), (0, h)]
    rows, rhs = [], []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    coefficients = np.linalg.solve(np.array(rows, float), np.array(rhs, float))
    return card.transform((w, h), Image.Transform.PERSPECTIVE, tuple(coefficients), Image.Resampling.BICUBIC)


def _fingers(photo: Image.Image, box: tuple[int, int, int, int], recipe: FieldRecipe) -> None:
    """Two hands holding the card up: skin-coloured fingers over its left and right edges."""
    draw = ImageDraw.Draw(photo)
    x0, y0, x1, y1 = box
    h = y1 - y0
    finger = max(4, round(h * 0.16))
    skin = random.Random(recipe.seed).choice(((224, 172, 140), (190, 130, 95), (120, 80, 55)))
    for edge, reach in ((x0, 1), (x1, -1)):
        for k in range(3):
            fy = y0 + round(h * (0.25 + 0.2 * k))
            draw.rounded_rectangle((min(edge, edge + reach * finger * 2), fy, max(edge, edge + reach * finger * 2),
                                    fy + finger), radius=finger // 2, fill=skin)


def _in_shade(photo: Image.Image, recipe: FieldRecipe) -> Image.Image:
    """Dim light: darker towards one corner, with the noise a phone's sensor adds when it lifts the shadows."""
    pixels = np.asarray(photo, dtype=np.float32)
    height, width = pixels.shape[:2]
    rng = np.random.default_rng(recipe.seed)
    ramp = np.linspace(1.0, 0.55, width, dtype=np.float32)[None, :] * np.linspace(1.0, 0.8, height,
                                                                                  dtype=np.float32)[:, None]
    if rng.random() < 0.5:
        ramp = ramp[:, ::-1]
    pixels = pixels * (recipe.light * ramp)[:, :, None]
    pixels += rng.normal(0, recipe.noise, (height, width, 1)).astype(np.float32)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
