"""Any picture of one digit → the 28×28 input the network was trained on (the MNIST recipe).

MNIST digits are white on black, their ink fits a 20×20 box (longer side 20, aspect kept) and their
centre of mass sits at (14, 14) of the 28×28 frame. `to_mnist` rebuilds exactly that from a drawing,
a photo crop, a scan or a detector's crop: any size, grey/BGR/BGRA, uint8/uint16/float, either polarity.
The draw tab, `predict` and the detection pipeline all call it, so every path sees the same input.
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from core.framing import DIGIT_BOX, MNIST_SIZE, in_mnist_frame, resize_longest
from core.images import to_grey_uint8

_MIN_CONTRAST = 24             # ink must differ from the paper by this much (0..255) to count
_MASK_LEVEL = 0.3              # share of the paper→ink contrast that counts as ink for the mask
_SPECKLE_SHARE = 0.1           # ink components under this share of the largest one's extent are speckle
_MIN_INK_PIXELS = 6
_MIN_INK_EXTENT = 4            # px: ink whose longer side is shorter than this is a dot, not a digit
_THIN_STROKE = 1.5             # px at 20×20 scale: thinner strokes are thickened first
_TARGET_STROKE = 2.5           # px at 20×20 scale: MNIST's pen
_THICKEN_SCALE = 4             # thin strokes are thickened at 4× the final size (80 px)
_THICK_STROKE = 5.0            # px at 20×20 scale: thicker strokes are thinned first (MNIST: median 2.9, 99% under 5.2)
_THINNED_STROKE = 4.5          # px at 20×20 scale: ... to about this width
_MAX_SIDE = 1024               # larger pictures are shrunk to this first (bounded time and memory)
_EXTREME_PIXELS = 3            # ink/paper extremes ignore this many hottest (darkest) pixels at most
_EXTREME_SHARE = 0.0005        # ... or this share of the picture when it is small


def to_mnist(image: np.ndarray) -> np.ndarray:
    """One digit picture → (28, 28) float32 in 0..1, white digit on black; all zeros when blank."""
    ink = _ink_crop(image)
    if ink is None:
        return np.zeros((MNIST_SIZE, MNIST_SIZE), np.float32)
    return in_mnist_frame(ink)


def to_mnist_batch(images: list[np.ndarray]) -> np.ndarray:
    """Several digit pictures → (N, 28, 28) float32 (N may be 0)."""
    batch = np.zeros((len(images), MNIST_SIZE, MNIST_SIZE), np.float32)
    for i, image in enumerate(images):
        batch[i] = to_mnist(image)
    return batch


def is_blank(image: np.ndarray) -> bool:
    """True when the picture holds no digit: empty, flat, too faint, or only a dot or speckle."""
    return _ink_crop(image) is None


def _ink_crop(image: np.ndarray) -> np.ndarray | None:
    """The digit cut to its ink's bounding box: float32, paper 0, ink up to 1; None when blank."""
    grey = _shrink_if_huge(to_grey_uint8(image))
    paper = _paper_level(grey)
    darkest, brightest = _extremes(grey)
    if paper - darkest > brightest - paper:          # dark ink on light paper: make the ink bright
        grey = cv2.bitwise_not(grey)
        paper, brightest = 255 - paper, 255 - darkest
    contrast = brightest - paper
    if contrast < _MIN_CONTRAST:
        return None
    _, mask = cv2.threshold(grey, paper + _MASK_LEVEL * contrast, 255, cv2.THRESH_BINARY)
    found = _without_speckle(mask)
    if found is None:
        return None
    kept, (x, y, w, h) = found
    # The mask's box grown by the one-pixel antialiased rim around its ink, as MNIST's 20×20 box holds it.
    x0, y0 = max(0, x - 1), max(0, y - 1)
    x1, y1 = min(grey.shape[1], x + w + 1), min(grey.shape[0], y + h + 1)
    crop = grey[y0:y1, x0:x1].astype(np.float32)
    crop = np.clip((crop - paper) * (1.0 / contrast), 0.0, 1.0)
    # Keep only the kept ink and its rim: speckle and noise further out become clean paper.
    kept = kept[y0:y1, x0:x1]
    crop[cv2.dilate(kept, np.ones((3, 3), np.uint8)) == 0] = 0.0
    x, y, w, h = cv2.boundingRect((crop > 0).view(np.uint8))
    return _normal_stroke(crop[y:y + h, x:x + w], kept[y:y + h, x:x + w])


def _shrink_if_huge(grey: np.ndarray) -> np.ndarray:
    longest = max(grey.shape)
    if longest <= _MAX_SIDE:
        return grey
    scale = _MAX_SIDE / longest
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA)


def _paper_level(grey: np.ndarray) -> int:
    """The paper's brightness: the median of the border pixels (a digit is surrounded by paper)."""
    border = np.sort(np.concatenate((grey[0], grey[-1], grey[1:-1, 0], grey[1:-1, -1])))
    middle = len(border) // 2                      # np.median, without its 20 µs of overhead
    return int(border[middle]) if len(border) % 2 else int((int(border[middle - 1]) + int(border[middle])) / 2)


def _extremes(grey: np.ndarray) -> tuple[int, int]:
    """Robust darkest and brightest levels (a few hot pixels do not count): the level below which
    `enough` pixels lie, and the one above which fewer than `enough` do (what the cumulative
    histogram says; walked level by level from the plain extremes, 5 µs for a detector's crop where
    the histogram took 14)."""
    enough = min(max(1.0, _EXTREME_SHARE * grey.size), _EXTREME_PIXELS)
    darkest, brightest, _, _ = cv2.minMaxLoc(grey)
    if enough == 1.0:                               # small pictures: the plain extremes
        return int(darkest), int(brightest)
    return _nth_darkest(grey, math.ceil(enough), int(darkest)), _nth_brightest(grey, math.floor(enough), int(brightest))


def _nth_darkest(grey: np.ndarray, n: int, level: int) -> int:
    """The n-th darkest pixel's level (n small), from the darkest `level` up."""
    while cv2.countNonZero(cv2.threshold(grey, level, 255, cv2.THRESH_BINARY_INV)[1]) < n:
        level = int(cv2.minMaxLoc(grey, cv2.threshold(grey, level, 255, cv2.THRESH_BINARY)[1])[0])
    return level


def _nth_brightest(grey: np.ndarray, n: int, level: int) -> int:
    """The n-th brightest pixel's level (n small), from the brightest `level` down."""
    while cv2.countNonZero(cv2.threshold(grey, level - 1, 255, cv2.THRESH_BINARY)[1]) < n:
        level = int(cv2.minMaxLoc(grey, cv2.threshold(grey, level - 1, 255, cv2.THRESH_BINARY_INV)[1])[1])
    return level


def _without_speckle(mask: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int]] | None:
    """The ink mask without speckle, and the kept ink's bounding box; None when there is too little.

    Speckle = components whose extent is under a tenth of the largest component's. (External
    contours rather than connectedComponentsWithStats: ~15× faster, this is the draw tab's hot path.)
    """
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    if len(contours) == 1:                          # one clean stroke (the page's crops): no speckle to sort out
        box = tuple(int(v) for v in cv2.boundingRect(contours[0]))
    else:
        mask, box = _speckle_removed(mask, contours)
    x, y, w, h = box
    if max(w, h) < _MIN_INK_EXTENT or cv2.countNonZero(mask[y:y + h, x:x + w]) < _MIN_INK_PIXELS:
        return None
    return mask, box


def _speckle_removed(mask: np.ndarray, contours) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The mask without the speckle among its components, and the kept ink's bounding box."""
    boxes = np.array([cv2.boundingRect(contour) for contour in contours])
    extents = boxes[:, 2:].max(axis=1)
    is_speckle = extents < _SPECKLE_SHARE * extents.max()
    kept = boxes[~is_speckle]
    x0, y0 = kept[:, 0].min(), kept[:, 1].min()
    x1, y1 = (kept[:, 0] + kept[:, 2]).max(), (kept[:, 1] + kept[:, 3]).max()
    if is_speckle.any():
        mask = mask.copy()
        cv2.drawContours(mask, [c for c, s in zip(contours, is_speckle) if s], -1, 0, thickness=cv2.FILLED)
    return mask, (int(x0), int(y0), int(x1 - x0), int(y1 - y0))


def _stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in px: area over half the perimeter (counted as 0/ink transitions).

    Counting transitions along rows and columns overestimates a curve's length by 4/π on average,
    hence the correction; straight and diagonal strokes land within about 30 % of the truth.
    """
    ink = mask > 0
    # inside transitions, plus ink on the border (a transition from the paper outside; np.pad cost 40 µs)
    transitions = (np.count_nonzero(ink[:, 1:] != ink[:, :-1]) + np.count_nonzero(ink[1:, :] != ink[:-1, :])
                   + np.count_nonzero(ink[:, 0]) + np.count_nonzero(ink[:, -1])
                   + np.count_nonzero(ink[0]) + np.count_nonzero(ink[-1]))
    return 2.0 * np.count_nonzero(ink) / max(1, transitions) * (4.0 / math.pi)


def _normal_stroke(crop: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """The crop with its strokes brought near MNIST's pen when they are far off it: thin strokes
    thickened, thick ones thinned; strokes of MNIST's own range are left as they are."""
    width = _stroke_width(kept)
    width_in_box = width * DIGIT_BOX / max(crop.shape)
    if width_in_box < _THIN_STROKE:
        return _thickened(crop, width)
    if width_in_box > _THICK_STROKE:
        return _thinned(crop, width_in_box)
    return crop


def _thickened(crop: np.ndarray, width: float) -> np.ndarray:
    """A stroke thinner than ~1.5 px at the 20×20 scale vanishes in the downscale: widen it first.

    Widening happens at 4× the final scale (80 px): shrink with INTER_AREA (the thin line turns into a
    faint ~1 px line), restore its brightness, then dilate it to MNIST's pen width.
    """
    longest = max(crop.shape)
    scale = DIGIT_BOX / longest
    work_side = DIGIT_BOX * _THICKEN_SCALE
    if longest > work_side:
        crop = resize_longest(crop, work_side)
        crop = np.clip(crop * (2.0 / max(float(crop.max()), 1e-6)), 0.0, 1.0)
        width = max(1.0, width * work_side / longest)
        scale = DIGIT_BOX / work_side
    kernel_size = max(2, round(_TARGET_STROKE / scale - width))
    pad = kernel_size // 2 + 1
    crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0.0)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (kernel_size | 1, kernel_size | 1))
    crop = cv2.dilate(crop, kernel)
    x, y, w, h = cv2.boundingRect((crop > 0).astype(np.uint8))
    return crop[y:y + h, x:x + w]


def _thinned(crop: np.ndarray, width_in_box: float) -> np.ndarray:
    """A stroke much thicker than MNIST's pen (a marker, an enlarged low-resolution scan) eroded to
    about _THINNED_STROKE at the 20×20 scale, at 4× the final scale (80 px); never when the erosion
    would break a stroke apart or erase one (a stroke thinner than the rest), then the crop is kept."""
    work = resize_longest(crop, DIGIT_BOX * _THICKEN_SCALE)
    excess = (width_in_box - _THINNED_STROKE) * _THICKEN_SCALE
    eroded = cv2.erode(work, _disc(excess + 1))
    if _pieces(eroded) != _pieces(work):
        return crop
    x, y, w, h = cv2.boundingRect((eroded > 0).astype(np.uint8))
    return eroded[y:y + h, x:x + w]


def _pieces(ink: np.ndarray) -> int:
    count, _ = cv2.connectedComponents((ink > 0.5).astype(np.uint8))
    return count - 1


def _disc(diameter: float) -> np.ndarray:
    """An elliptic structuring element about `diameter` px across (odd, at least 1)."""
    size = max(1, int(round(diameter))) | 1
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
