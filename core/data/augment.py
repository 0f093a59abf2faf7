"""Training-time augmentation without framework code: the course's ImageDataGenerator knobs
(rotation, shift, zoom, shear) plus what the course's knobs do not cover of how digits reach a reader:
random stroke width, an even pen, and a cut between touching digits a little off; on uint8 NHWC
batches.

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
from core.framing import in_mnist_frame

INK_LEVEL = 64                 # a pixel at least this bright is part of a stroke
MIN_INK_KEPT = 0.3             # erosion never leaves less than this share of a digit's ink
MIN_SCALE = 0.05               # a zoom range of 1 or more must not shrink a picture to nothing
PEN_LEVEL = 96                 # the ink whose centre lines an even pen draws again
PEN_WIDTHS = (1.6, 3.4)        # px at 28×28: thin to MNIST's thicker pens (its median stroke is ~2.9 px)
_CHANNELS_PER_CALL = 128       # OpenCV 5 filters at most 128 channels in one call (CV_CN_MAX; 4.x: 512)
CUT_OFF = (0.05, 0.3)          # a cut is off by this share of the digit's width
_NEIGHBOURS_CLOCKWISE = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))


@dataclass
class _Draws:
    """One random draw per image, always taken in this order (the same seed gives the same batch)."""
    angle: np.ndarray          # radians
    shear: np.ndarray          # radians
    scale: np.ndarray
    shift_x: np.ndarray        # pixels
    shift_y: np.ndarray
    stroke: np.ndarray         # pixels: > 0 thicker, < 0 thinner
    even_pen: np.ndarray       # pen width in pixels; 0 = the digit keeps its own strokes
    cut_off: np.ndarray        # share of the digit's width the cut is off by: > 0 into the neighbour, < 0
                               # into the digit itself; 0 = not cut


def augment_batch(images: np.ndarray, config: AugmentConfig, rng: np.random.Generator) -> np.ndarray:
    """A new uint8 (N, H, W, C) batch, each image randomly changed within `config`'s ranges.
    Stroke width, the even pen and the cut apply to single-channel (digit) images only."""
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
    if channels == 1 and config.even_pen_share:
        result[..., 0] = _redraw_with_even_pen(result[..., 0], draws.even_pen)
    if channels == 1 and config.cut_share:
        result[..., 0] = _cut_a_little_off(result[..., 0], draws.cut_off)
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
    if not (0 <= config.even_pen_share <= 1 and 0 <= config.cut_share <= 1):
        raise DataError("the shares of digits redrawn or cut must be between 0 and 1")


def _draw(config: AugmentConfig, count: int, height: int, width: int, rng: np.random.Generator) -> _Draws:
    def symmetric(limit: float) -> np.ndarray:
        return rng.uniform(-limit, limit, count)

    def some(share: float, values: np.ndarray) -> np.ndarray:
        return np.where(rng.random(count) < share, values, 0)

    # Draws the course's knobs do not use come last and only when asked for, so older settings keep
    # their batches.
    return _Draws(
        angle=np.deg2rad(symmetric(config.rotation_range)),
        shear=np.deg2rad(symmetric(config.shear_range)),
        scale=np.maximum(1.0 + symmetric(config.zoom_range), MIN_SCALE),
        shift_x=symmetric(config.width_shift_range) * width,
        shift_y=symmetric(config.height_shift_range) * height,
        stroke=rng.integers(-config.stroke_range, config.stroke_range, count, endpoint=True),
        even_pen=some(config.even_pen_share, rng.uniform(*PEN_WIDTHS, count)) if config.even_pen_share
        else np.zeros(count),
        cut_off=some(config.cut_share, rng.uniform(*CUT_OFF, count) * rng.choice((-1, 1), count))
        if config.cut_share else np.zeros(count),
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
    the channels of one picture (OpenCV filters each channel alone, up to _CHANNELS_PER_CALL of them)."""
    size = 2 * abs(pixels) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    operation = cv2.dilate if pixels > 0 else cv2.erode
    out = np.empty_like(images)
    for start in range(0, len(images), _CHANNELS_PER_CALL):
        stop = start + _CHANNELS_PER_CALL
        stack = np.ascontiguousarray(images[start:stop].transpose(1, 2, 0))
        changed = operation(stack, kernel)
        out[start:stop] = changed.reshape(stack.shape).transpose(2, 0, 1)
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


def _redraw_with_even_pen(images: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """Digits with a width > 0 drawn again along their centre lines with an even, anti-aliased pen that
    wide, as a stylus or mouse draws (MNIST's pens vary with pressure)."""
    result = images.copy()
    chosen = np.flatnonzero(widths > 0)
    if chosen.size == 0:
        return result
    lines = thinned(images[chosen] >= PEN_LEVEL)
    for index, line in zip(chosen, lines):
        if line.any():
            # Distance to the nearest centre-line pixel: the ones where the source is zero.
            distance = cv2.distanceTransform(np.uint8(line == 0), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
            result[index] = np.clip(np.rint((widths[index] / 2 + 0.5 - distance) * 255), 0, 255)
    return result


def _cut_a_little_off(images: np.ndarray, offs: np.ndarray) -> np.ndarray:
    """Digits as a cut between touching digits leaves them when it is a little off: with a strip of the
    next digit in the batch (off > 0) or without a strip of their own (off < 0), on the right for even
    places in the (shuffled) batch and the left for odd ones, framed again as MNIST frames a digit. The
    label stays the digit's: the reader learns to read past the cut."""
    result = images.copy()
    for index in np.flatnonzero(offs != 0):
        digit = _ink_columns_cut(images[index], images[(index + 1) % len(images)], offs[index], index % 2 == 0)
        if digit is not None:
            result[index] = np.rint(in_mnist_frame(digit) * 255)
    return result


def _ink_columns_cut(digit: np.ndarray, neighbour: np.ndarray, off: float, on_the_right: bool):
    """The digit's ink crop (float 0..1) with a strip of `neighbour` joined on (off > 0) or a strip of its
    own taken away (off < 0) on one side; None when either has no ink or no ink would be left."""
    if not on_the_right:
        joined = _ink_columns_cut(digit[:, ::-1], neighbour[:, ::-1], off, True)
        return None if joined is None else joined[:, ::-1]
    columns, other = np.flatnonzero(digit.max(axis=0) >= INK_LEVEL), np.flatnonzero(neighbour.max(axis=0) >= INK_LEVEL)
    if columns.size == 0 or other.size == 0:
        return None
    left, right = columns[0], columns[-1] + 1
    strip = max(1, round(abs(off) * (right - left)))
    if off < 0 and strip >= right - left:
        return None                                        # a hairline "1" has no strip to lose
    if off < 0:
        kept = digit[:, left:right - strip]
    else:
        # The neighbour's left edge touches the digit's right edge: its first `strip` columns follow on.
        kept = np.concatenate([digit[:, left:right], neighbour[:, other[0]:other[0] + strip]], axis=1)
    rows = np.flatnonzero(kept.max(axis=1) >= INK_LEVEL)
    if rows.size == 0:
        return None
    return kept[rows[0]:rows[-1] + 1].astype(np.float32) / 255.0


def thinned(mask: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning of 0/1 masks ((H, W) or a stack (N, H, W)) to one-pixel centre lines that keep
    the ink's connections."""
    image = np.pad(mask.astype(np.uint8), [(0, 0)] * (mask.ndim - 2) + [(1, 1), (1, 1)])
    height, width = image.shape[-2:]

    def shifted(dy: int, dx: int) -> np.ndarray:
        return image[..., 1 + dy:height - 1 + dy, 1 + dx:width - 1 + dx]

    changed = True
    while changed:
        changed = False
        for step in (0, 1):
            p2, p3, p4, p5, p6, p7, p8, p9 = (shifted(dy, dx) for dy, dx in _NEIGHBOURS_CLOCKWISE)
            ring = [p2, p3, p4, p5, p6, p7, p8, p9, p2]
            count = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9
            turns = sum(((a == 0) & (b == 1)).astype(np.uint8) for a, b in zip(ring, ring[1:]))
            if step == 0:
                side = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                side = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            remove = (shifted(0, 0) == 1) & (count >= 2) & (count <= 6) & (turns == 1) & side
            if remove.any():
                image[..., 1:-1, 1:-1][remove] = 0
                changed = True
    return image[..., 1:-1, 1:-1]
