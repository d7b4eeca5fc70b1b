"""What the steps of one screening run share: the story, its campaign and its decoded photos."""
from __future__ import annotations

from functools import cached_property

import numpy as np
from PIL import Image

from storydesk.models import Photo, Story
from storydesk.photos.inspect import register_heif


class ScreeningContext:
    def __init__(self, story: Story):
        self.story = story
        self.campaign = story.campaign.spec

    @cached_property
    def photos(self) -> list[Photo]:
        return list(self.story.photos.all())

    @cached_property
    def public_image(self) -> Image.Image | None:
        """The lead photo's public copy, decoded once for every step that looks at pixels."""
        lead = self.photos[0] if self.photos else None
        if lead is None or not lead.public:  # no copy: its original is gone or broken (the image check says so)
            return None
        with lead.public.open("rb") as f:
            image = Image.open(f)
            image.load()
        return image.convert("RGB")

    @cached_property
    def image_array(self):
        """The lead public copy as an RGB uint8 numpy array (coordinates = public-image pixels)."""
        return None if self.public_image is None else np.asarray(self.public_image)

    @property
    def answer(self) -> str:
        return self.story.answer

    def open_original(self, photo: Photo) -> Image.Image:
        register_heif()
        with photo.original.open("rb") as f:
            image = Image.open(f)
            image.load()
        return image
