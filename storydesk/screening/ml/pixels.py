"""Preparing an image for a model: RGB pixels, shrunk (never enlarged) to the size the model needs."""
import numpy as np
from PIL import Image


def rgb_pixels(image: Image.Image | np.ndarray) -> np.ndarray:
    """An H×W×3 uint8 RGB array from a PIL image or an array (grey is repeated, alpha dropped)."""
    pixels = np.asarray(image.convert("RGB") if isinstance(image, Image.Image) else image)
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    return pixels[:, :, :3]


def shrink(pixels: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """Area-average down so the long side is at most long_side; returns the pixels and the scale used."""
    import cv2  # OpenCV, ~70 MB and ~0.6 s to import: only a process that screens photos loads it

    height, width = pixels.shape[:2]
    scale = min(1.0, long_side / max(height, width))
    if scale < 1.0:
        pixels = cv2.resize(pixels, (max(1, round(width * scale)), max(1, round(height * scale))),
                            interpolation=cv2.INTER_AREA)
    return pixels, scale
