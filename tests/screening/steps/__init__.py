"""Tests of the screening steps on generated photos, with the real offline models."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np


def context_for(image, sign_tag: str = "#HeForShe", answer: str = ""):
    """What a step may read from a screening context, for one public image (or None)."""
    return SimpleNamespace(public_image=image, image_array=None if image is None else np.asarray(image),
                           campaign=SimpleNamespace(sign_tag=sign_tag), answer=answer, story=None)
