"""Training-time augmentation without framework code: the course's ImageDataGenerator knobs
(rotation, shift, zoom, shear) plus random stroke width, on uint8 NHWC batches.

Each image gets its own affine warp about the image centre (cv2.warpAffine: for 128 images of 28×28 a
per-image call measured faster than one vectorised remap over a mosaic). For single-channel (digit)
images the warp is adjusted so the ink stays inside the frame: the scale is lowered when the turned,
zoomed digit would not fit, and the shift is clamped to the room left.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from core.data.dataset import DataError
from core.config import AugmentConfig

INK_LEVEL = 64                 # a pixel at least this bright is part of a stroke
MIN_INK_KEPT = 0.3             # erosion never leaves less than this share of a digit's ink
MIN_SCALE = 0.05               # a zoom range of 1 or more must not shrink a picture to nothing


@dataclass
class _Draws:
    """One random draw per image, always taken in this order (the same seed gives the same batch)."""
    angle: np.ndarray          # radians
    shear: np.ndarray          # radians
    scale: np.ndarray
    shift_x: np.ndarray        # pixels
    shift_y: np.ndarray
    stroke: np.ndarray         # pixels: > 0 thicker, < 0 thinner


def augment_batch(images: np.ndarray, config: AugmentConfig, rng: np.random.Generator) -> np.ndarray:
    """A new uint8 (N, H, W, C) batch, each image randomly changed within `config`'s ranges.
    Stroke width changes apply to single-channel (digit) images only."""
    _check_batch(images)
    _check_config(config)
    if not config.enabled or len(images) == 0:
        return images.copy()
    count, height, width, channels = images.shape
    draws = _draw(config, count, height, width, rng)
    matrices = _affine_matrices(draws, height, width)
    if channels == 1:
        matrices = _keep_ink_inside(matrices, draws, images[..., 0])
    result = _warp(images, matrices)
    if channels == 1 and config.stroke_range:
        result[..., 0] = _change_strokes(result[..., 0], draws.stroke)
    return result


def augment_examples(image: np.ndarray, config: AugmentConfig, count: int, seed: int = 0) -> np.ndarray:
    """`count` augmented versions of one image, for a preview grid; same layout and dtype as given
    ((H, W) → (count, H, W); (H, W, C) → (count, H, W, C)). Floats 0..1 come back as floats."""
    image = np.asarray(image)
    as_float = image.dtype.kind == "f"
    pixels = np.rint(np.clip(image, 0, 1) * 255).astype(np.uint8) if as_float else image.astype(np.uint8)
    batch = np.repeat((pixels[..., np.newaxis] if image.ndim == 2 else pixels)[np.newaxis], count, axis=0)
    result = augment_batch(batch, config, np.random.default_rng(seed))
    if image.ndim == 2:
        result = result[..., 0]
    return result.astype(np.float32) / 255.0 if as_float else result


def _check_batch(images: np.ndarray) -> None:
    if not isinstance(images, np.ndarray) or images.dtype != np.uint8 or images.ndim != 4:
        shape = getattr(images, "shape", None)
        raise DataError(f"augmentation needs uint8 images of shape (count, height, width, channels), "
                        f"not {getattr(images, 'dtype', type(images).__name__)} {shape}")


def _check_config(config: AugmentConfig) -> None:
    ranges = (config.rotation_range, config.width_shift_range, config.height_shift_range, config.zoom_range,
              config.shear_range, config.stroke_range)
    if min(ranges) < 0:
        raise DataError("augmentation ranges cannot be negative")


def _draw(config: AugmentConfig, count: int, height: int, width: int, rng: np.random.Generator) -> _Draws:
    def symmetric(limit: float) -> np.ndarray:
        return rng.uniform(-limit, limit, count)

    return _Draws(
        angle=np.deg2rad(symmetric(config.rotation_range)),
        shear=np.deg2rad(symmetric(config.shear_range)),
        scale=np.maximum(1.0 + symmetric(config.zoom_range), MIN_SCALE),
        shift_x=symmetric(config.width_shift_range) * width,
        shift_y=symmetric(config.height_shift_range) * height,
        stroke=rng.integers(-config.stroke_range, config.stroke_range, count, endpoint=True),
    )


def _affine_matrices(draws: _Draws, height: int, width: int) -> np.ndarray:
    """(N, 2, 3) source→destination maps: slant, turn and scale about the centre, then shift."""
    cos, sin, slant = np.cos(draws.angle), np.sin(draws.angle), np.tan(draws.shear)
    # rotation @ shear, where the shear moves the top of a digit right (x' = x - slant * y, y down).
    linear = np.empty((len(cos), 2, 2))
    linear[:, 0, 0] = cos
    linear[:, 0, 1] = -cos * slant + sin
    linear[:, 1, 0] = -sin
    linear[:, 1, 1] = sin * slant + cos
    linear *= draws.scale[:, None, None]
    centre = np.array([(width - 1) / 2.0, (height - 1) / 2.0])
    matrices = np.empty((len(cos), 2, 3))
    matrices[:, :, :2] = linear
    matrices[:, :, 2] = centre - linear @ centre + np.stack([draws.shift_x, draws.shift_y], axis=1)
    return matrices


def _keep_ink_inside(matrices: np.ndarray, draws: _Draws, images: np.ndarray) -> np.ndarray:
    """Shrink (only ever shrink) and clamp the shift so each digit's ink box lands inside the frame."""
    count, height, width = images.shape
    ink = images >= INK_LEVEL
    rows, cols = ink.any(axis=2), ink.any(axis=1)
    has_ink = rows.any(axis=1)
    top, bottom = rows.argmax(axis=1), height - 1 - rows[:, ::-1].argmax(axis=1)
    left, right = cols.argmax(axis=1), width - 1 - cols[:, ::-1].argmax(axis=1)
    corners = np.stack([np.stack([left, top], 1), np.stack([right, top], 1),
                        np.stack([left, bottom], 1), np.stack([right, bottom], 1)], axis=1).astype(float)
    centre = np.array([(width - 1) / 2.0, (height - 1) / 2.0])
    linear = matrices[:, :, :2]
    # Where the corners go before any shift, relative to the centre.
    moved = np.einsum("nij,nkj->nki", linear, corners - centre)
    low, high = moved.min(axis=1), moved.max(axis=1)
    room = np.array([width - 1, height - 1], float)
    extent = np.maximum(high - low, 1e-6)
    fit = np.minimum(1.0, (room / extent).min(axis=1))
    fit = np.where(has_ink, fit, 1.0)
    low, high = low * fit[:, None], high * fit[:, None]
    shift = np.stack([draws.shift_x, draws.shift_y], axis=1)
    # The box spans centre + shift + [low, high]; keep that within [0, room].
    lowest, highest = -centre - low, room - centre - high
    clamped = np.minimum(np.maximum(shift, lowest), highest)
    shift = np.where(has_ink[:, None], clamped, shift)
    adjusted = matrices.copy()
    adjusted[:, :, :2] = linear * fit[:, None, None]
    adjusted[:, :, 2] = centre - adjusted[:, :, :2] @ centre + shift
    return adjusted


def _warp(images: np.ndarray, matrices: np.ndarray) -> np.ndarray:
    count, height, width, channels = images.shape
    result = np.empty_like(images)
    # Digits sit on black; pictures (colour) are extended with their own edge, like Keras' "nearest".
    border = cv2.BORDER_CONSTANT if channels == 1 else cv2.BORDER_REPLICATE
    # OpenCV sees one channel as (H, W); it writes straight into the result's memory.
    sources, targets = (images[..., 0], result[..., 0]) if channels == 1 else (images, result)
    for source, matrix, target in zip(sources, matrices, targets):
        cv2.warpAffine(source, matrix, (width, height), target, cv2.INTER_LINEAR, border, 0)
    return result


def _change_strokes(images: np.ndarray, stroke: np.ndarray) -> np.ndarray:
    """Thicken (dilate) or thin (erode) each (N, H, W) image by its own number of pixels."""
    result = images.copy()
    for pixels in np.unique(stroke):
        if pixels == 0:
            continue
        chosen = np.flatnonzero(stroke == pixels)
        result[chosen] = _morph(images[chosen], int(pixels))
    thinned = np.flatnonzero(stroke < 0)
    if thinned.size:
        result[thinned] = _never_erase(images[thinned], result[thinned], stroke[thinned])
    return result


def _morph(images: np.ndarray, pixels: int) -> np.ndarray:
    """Dilate (pixels > 0) or erode (< 0) a group of images in one OpenCV call: the images become
    the channels of one picture (OpenCV filters each channel alone, up to 512 of them)."""
    size = 2 * abs(pixels) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    operation = cv2.dilate if pixels > 0 else cv2.erode
    out = np.empty_like(images)
    for start in range(0, len(images), 512):
        stack = np.ascontiguousarray(images[start:start + 512].transpose(1, 2, 0))
        changed = operation(stack, kernel)
        out[start:start + 512] = changed.reshape(stack.shape).transpose(2, 0, 1)
    return out


def _never_erase(originals: np.ndarray, eroded: np.ndarray, stroke: np.ndarray) -> np.ndarray:
    """Step thinning back, one pixel at a time, for digits it would wipe out (thin strokes)."""
    ink_before = (originals >= INK_LEVEL).sum(axis=(1, 2))
    result, pixels = eroded.copy(), stroke.copy()
    while True:
        lost = ((result >= INK_LEVEL).sum(axis=(1, 2)) < MIN_INK_KEPT * ink_before) & (pixels < 0)
        if not lost.any():
            return result
        pixels[lost] += 1
        for level in np.unique(pixels[lost]):
            chosen = np.flatnonzero(lost & (pixels == level))
            result[chosen] = originals[chosen] if level == 0 else _morph(originals[chosen], int(level))
