"""Any picture array → 8-bit grey or BGR: the one place that decides what 16-bit, float and transparent
pixels mean. Preprocessing, detection, the media sources and the dataset readers all go through it, so
a picture reads the same wherever it enters.

- uint8 stays as it is; bool is 0 or 255.
- uint16 is scaled (× 255/65535, i.e. ÷ 257), never clipped; data that never exceeds 4095 is 12-bit
  (what most scientific cameras store in 16 bits) and is stretched from 0..4095, or it would look black.
- floats are 0..1 by convention; larger values are read as 0..255, and beyond that scaled to the
  largest value (NaN counts as 0, negatives as 0). Other integer types are read as floats.
- Transparent pixels become paper: the picture is composited over a backdrop that contrasts with its
  opaque pixels (white behind dark ink, black behind light ink), so a drawing app's PNG of black strokes
  on transparent black reads as black on white.
"""
from __future__ import annotations

import cv2
import numpy as np

_TWELVE_BIT_TOP = 4095


def to_uint8(image: np.ndarray) -> np.ndarray:
    """The same picture with uint8 values 0..255 (channels untouched)."""
    image = np.asarray(image)
    if image.dtype == np.uint8:
        return image
    if image.dtype == np.bool_:
        return image.astype(np.uint8) * 255
    if image.dtype == np.uint16:
        top = int(image.max()) if image.size else 0
        scale = 255.0 / (_TWELVE_BIT_TOP if top <= _TWELVE_BIT_TOP else 65535.0)
        return np.clip(image * np.float32(scale) + 0.5, 0, 255).astype(np.uint8)
    values = np.nan_to_num(image.astype(np.float32))
    top = float(values.max()) if values.size else 0.0
    if top <= 1.0 and np.issubdtype(image.dtype, np.floating):
        scale = 255.0
    else:
        scale = 1.0 if top <= 255.0 else 255.0 / top
    return np.clip(values * scale + 0.5, 0, 255).astype(np.uint8)


def to_grey_uint8(image: np.ndarray) -> np.ndarray:
    """2-D uint8 grey from grey/BGR/BGRA (transparent = paper) in uint8/uint16/float/bool."""
    image = _checked(image)
    if image.ndim == 2:
        return to_uint8(image)
    image = to_uint8(image)
    if image.shape[2] == 4:
        image = flatten_alpha(image)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def to_bgr8(image: np.ndarray) -> np.ndarray:
    """BGR uint8 from grey/BGR/BGRA (transparent = paper) in uint8/uint16/float/bool."""
    image = to_uint8(_checked(image))
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return flatten_alpha(image)
    return image


def flatten_alpha(bgra: np.ndarray) -> np.ndarray:
    """uint8 BGRA → BGR composited over the backdrop that contrasts with its opaque pixels."""
    alpha = bgra[:, :, 3]
    colour = bgra[:, :, :3]
    if int(alpha.min()) == 255:
        return np.ascontiguousarray(colour)
    opaque = alpha >= 128
    grey = cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)
    backdrop = 255.0 if (not opaque.any() or float(grey[opaque].mean()) < 128) else 0.0
    weight = (alpha.astype(np.float32) * (1.0 / 255.0))[:, :, None]
    mixed = colour.astype(np.float32) * weight + backdrop * (1.0 - weight)
    return (mixed + 0.5).astype(np.uint8)


def _checked(image: np.ndarray) -> np.ndarray:
    """The picture as grey (H, W) or (H, W, 3|4); anything else is refused."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.size == 0 or image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise ValueError(f"expected a grey, BGR or BGRA picture, got an array of shape {image.shape}")
    return image
