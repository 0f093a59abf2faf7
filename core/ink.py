"""A frame's ink measured against its paper (core.detect's steps 3 to 5): which side of the paper the
ink is on, the ink as contrast against the local paper, and the masks a threshold makes of it.

- Polarity: the side of a coarse median of the picture with clearly more strong contrast holds the ink;
  light ink is confirmed against a wider median (a marker-thick dark digit filling the frame).
- The paper's brightness at a coarse scale: a grey closing fills in every stroke narrower than its disc
  and keeps shadows with their edges; the disc widens with the strokes (one digit filling the frame).
- Contrast: the ink's darkening of that paper as a share of its brightness, so shadows and hot spots
  cancel out.
- Masks: Otsu's threshold on the contrast (never below a few times the paper's noise, so a blank page
  stays blank), grown into fainter ink that touches it.

The contrast for dark ink is worked out on a helper thread while the polarity is judged: both are
chains of OpenCV calls (~0.35 ms each on a 640×480 page) that free the GIL.
"""
from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, TypeVar

import cv2
import numpy as np

T = TypeVar("T")

_COARSE_SIDE = 96               # the paper's brightness is estimated on a picture this big...
PAPER_DISC = 7                  # ...with a closing this wide (coarse px, 47 px on a 640×480 page: a shadow band
                                # or hot spot wider than that is paper, not ink), or wider when the ink covers
_DISC_PER_STROKE = 2.5          # much of the frame (one digit filling it): this many of its stroke widths
_HOLLOW_REACH = 19              # coarse px: a hollow stroke up to this wide (a fifth of the frame) is filled in
                                # to measure its width, where its inside is dark (at most this share of the
_HOLLOW_DARKNESS = 0.25         # way from the ink's level to the paper's) and as dark as the darkest tenth of
_HOLLOW_TOLERANCE = 10          # the ink, give or take this many grey levels; only where such dark, uninked
_HOLLOW_MIN_SHARE = 0.005       # paper covers at least this share of the coarse picture
_POLARITY_MEDIAN = 9            # polarity is judged against a coarse median this wide, and light ink
_WIDE_POLARITY_MEDIAN = 21      # confirmed against one this wide on a picture half as big (thick strokes)
_MIN_CONTRAST = 45              # 0..255: weaker ink contrast than this is never ink...
_NOISE_FACTOR = 4.5             # ...nor is any weaker than this many times the paper's noise
_DARKEST_PAPER = 64             # contrast is relative to the paper, but never to paper darker than this
_POLARITY_LEVEL = 40            # grey levels off the paper that count as evidence of ink...
_POLARITY_EVIDENCE = 0.001      # ...once this share of the frame shows it...
_POLARITY_MARGIN = 2.0          # ...and this many times more on one side than on the other
_POLARITY_PAPER = 200           # (the level is for paper this bright; on darker paper it shrinks with it)
_FAINT_SHARE = 0.6              # ink down to this share of the threshold counts when it touches strong ink...
_FAINT_STEPS = 3                # ...within this many px
_CROSS = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))


@dataclass
class InkContrast:
    """A frame's ink measured against its paper (`ink_contrast`)."""
    contrast: np.ndarray        # uint8: the ink's darkening of the local paper, 0 = paper
    dark_ink: bool
    coarse: np.ndarray          # the picture shrunk to _COARSE_SIDE, its ink dark (the paper was estimated on it)
    otsu: tuple[float, np.ndarray]   # Otsu's level on `contrast`, and the mask above it


def ink_contrast(grey: np.ndarray, disc: int = PAPER_DISC) -> InkContrast:
    """Ink as contrast against the local paper, and which side of the paper the ink is on.

    Light falls on paper and ink alike, so the ratio ink/paper survives gradients and shadows. Light
    ink is measured on the negative, so it is always a darkening of a light background; the divisor
    has a floor so the noise of very dark paper is not blown up into ink.
    """
    coarse = _coarse(grey)
    # ink is usually dark: its contrast and Otsu's split of it are worked out on the helper thread
    # while the polarity is judged here
    if_dark_ink = _beside(_contrast, grey, coarse, disc)
    paper = _to_size(_median_paper(coarse, _POLARITY_MEDIAN), grey.shape)
    if _ink_is_dark(grey, paper) or _thick_ink_is_dark(coarse):
        contrast, otsu = if_dark_ink()
        return InkContrast(contrast, True, coarse, otsu)
    coarse = cv2.bitwise_not(coarse)
    contrast, otsu = _contrast(cv2.bitwise_not(grey), coarse, disc)
    return InkContrast(contrast, False, coarse, otsu)


def _contrast(grey: np.ndarray, coarse: np.ndarray, disc: int) -> tuple[np.ndarray, tuple[float, np.ndarray]]:
    """The darkening of the paper by the ink, as a share of the paper's brightness (0..255), and
    Otsu's split of it."""
    paper = _to_size(_paper_brightness(coarse, disc), grey.shape)
    darkening = cv2.subtract(paper, grey)
    contrast = cv2.divide(darkening, cv2.max(paper, _DARKEST_PAPER), scale=255)
    return contrast, cv2.threshold(contrast, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)


def _beside(job: Callable[..., T], *args) -> Callable[[], T]:
    """`job(*args)` started on the helper thread while the caller goes on; call what this returns to
    wait for its result. (Run by that call instead once the interpreter is shutting down and the
    helper takes no new work: a video worker may still be on its last frame.)"""
    try:
        return _helper_thread(os.getpid()).submit(job, *args).result
    except RuntimeError:
        return functools.partial(job, *args)


@functools.lru_cache(maxsize=None)
def _helper_thread(process_id: int) -> ThreadPoolExecutor:
    """One thread for work a frame will probably need, done side by side with the frame's own (per
    process: a forked child makes its own)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="inkling-ink")


def _coarse(grey: np.ndarray) -> np.ndarray:
    """`grey` shrunk to _COARSE_SIDE by area averaging, halved exactly (2×2 means) while that keeps it
    at least twice that size, then the rest of the way: nearly the same picture (≤ 7 levels apart,
    0.3 on average), 0.12 ms instead of 0.5 on a 640×480 page and 0.16 instead of 2.4 at 1280×960."""
    h, w = grey.shape
    small = grey
    while small.shape[0] % 2 == 0 and small.shape[1] % 2 == 0 and max(small.shape) >= 4 * _COARSE_SIDE:
        small = cv2.resize(small, (small.shape[1] // 2, small.shape[0] // 2), interpolation=cv2.INTER_AREA)
    factor = _COARSE_SIDE / max(h, w)
    return cv2.resize(small, (max(3, round(w * factor)), max(3, round(h * factor))), interpolation=cv2.INTER_AREA)


def _to_size(coarse: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    return cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


def _paper_brightness(coarse: np.ndarray, disc: int) -> np.ndarray:
    """The paper under dark ink: a grey closing at a coarse scale fills in every dark stroke narrower
    than its disc (strokes of digits as tall as the frame) and keeps big dark areas (shadows) with
    their edges; it follows gradients. (A median fails inside thick strokes and at curved shadows.)"""
    return cv2.blur(cv2.morphologyEx(coarse, cv2.MORPH_CLOSE, _disc(disc)), (3, 3))


@functools.lru_cache(maxsize=8)
def _disc(size: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))


def _ink_is_dark(grey: np.ndarray, paper: np.ndarray) -> bool:
    """The side of the paper with clearly more strong contrast holds the ink; when neither side
    clearly wins (a blank page, a shadow's edge), light paper means dark ink."""
    brightness = float(cv2.mean(paper)[0])
    # ink darkens paper by a share of its light: pencil on a page mostly in shadow (paper at 100)
    # darkened it by ~25 levels, too few for the level meant for lit paper
    level = max(_POLARITY_LEVEL / 2, _POLARITY_LEVEL * min(1.0, brightness / _POLARITY_PAPER))
    darker = _count_above(cv2.subtract(paper, grey), level)
    lighter = _count_above(cv2.subtract(grey, paper), level)
    if brightness >= 110:
        return lighter <= _POLARITY_MARGIN * darker or lighter < _POLARITY_EVIDENCE * grey.size
    return darker > _POLARITY_MARGIN * lighter and darker >= _POLARITY_EVIDENCE * grey.size


def _thick_ink_is_dark(coarse: np.ndarray) -> bool:
    """Dark strokes wider than half the polarity's median (a marker-thick digit filling the frame) pull
    the median along, and the paper in their loops looks like light ink: judged again, on the coarse
    picture halved (strokes that wide show on it), against a median wide enough for them."""
    small = cv2.resize(coarse, (coarse.shape[1] // 2, coarse.shape[0] // 2), interpolation=cv2.INTER_AREA)
    return _ink_is_dark(small, _median_paper(small, _WIDE_POLARITY_MEDIAN))


def _median_paper(picture: np.ndarray, width: int) -> np.ndarray:
    """The paper polarity is judged against: a median `width` px wide, smoothed (it follows ink strokes
    wider than about half of that)."""
    return cv2.blur(cv2.medianBlur(picture, width), (3, 3))


def _count_above(image: np.ndarray, level: int) -> int:
    return cv2.countNonZero(cv2.threshold(image, level, 255, cv2.THRESH_BINARY)[1])


def ink_masks(ink: InkContrast) -> tuple[np.ndarray, np.ndarray, float]:
    """Otsu's ink mask, grown into fainter ink connected to it (hysteresis: faint joins stay joined);
    all the faint ink (the paper's lines are followed on it); and the level of strong ink.

    The level never drops below a few times the paper's own noise, so a blank page stays blank."""
    contrast = ink.contrast
    otsu, strong = ink.otsu
    level = max(otsu, _MIN_CONTRAST, _NOISE_FACTOR * _noise_level(contrast))
    if level != otsu:
        _, strong = cv2.threshold(contrast, level, 255, cv2.THRESH_BINARY)
    _, faint = cv2.threshold(contrast, _FAINT_SHARE * level, 255, cv2.THRESH_BINARY)
    binary = strong
    for _ in range(_FAINT_STEPS):
        binary = cv2.bitwise_and(cv2.dilate(binary, _CROSS), faint)
    return cv2.bitwise_or(binary, strong), faint, float(level)


def _noise_level(contrast: np.ndarray) -> float:
    """The paper's pixel noise (a standard deviation) from differences of neighbouring pixels: ink
    edges are too few to move their median, smooth shading and big ink areas do not count at all."""
    rows = contrast[::4]
    if rows.shape[1] < 2:
        return 0.5                                  # (a frame one pixel wide: no neighbours to compare)
    differences = cv2.absdiff(rows[:, 1:], rows[:, :-1])
    total = differences.size
    lower = _level_of_rank(differences, (total - 1) // 2 + 1)
    upper = _level_of_rank(differences, total // 2 + 1, lower)
    return float(lower + upper) / 2 / 0.954 + 0.5


def _level_of_rank(values: np.ndarray, rank: int, start: int = 0) -> int:
    """The rank-th smallest (1 = the smallest) of uint8 `values`, known to be at least `start`: the
    least level with `rank` values at or below it, found by counting (a threshold and a count, 4 µs on
    a 640×480 page's noise sample) at levels galloping up from `start`, then halving the last step.
    For a small level (the paper's noise) that is 4-6 counts, a third of a histogram's time."""
    def at_most(level: int) -> int:
        return values.size - cv2.countNonZero(cv2.threshold(values, level, 255, cv2.THRESH_BINARY)[1])

    low, high, step = start, start, 1
    while at_most(high) < rank:
        low, high, step = high + 1, min(255, high + step), 2 * step
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if at_most(middle) >= rank else (middle + 1, high)
    return high


def disc_for_strokes(binary: np.ndarray, coarse: np.ndarray) -> int:
    """The paper's closing wide enough for the ink's strokes (px on the coarse picture). A closing
    narrower than a stroke leaves the paper dark inside it: the stroke comes out hollow, only its edges
    inked, and breaks into pieces (one big blurry digit filling the frame came apart into 2-6 "digits",
    and a 28×28 MNIST digit enlarged 4-16× was read right 82-86% of the time, not 99%). So the width is
    measured with hollow strokes filled in (on `coarse`, the picture shrunk, its ink dark)."""
    inked = cv2.countNonZero(binary)
    if inked < 0.02 * binary.size:
        return PAPER_DISC                  # pages: a few % of ink, strokes far thinner than the disc
    width = max(_mean_stroke_width(binary), _filled_stroke_width(binary, coarse))
    return max(PAPER_DISC, 2 * round(_DISC_PER_STROKE * width * _COARSE_SIDE / 2) + 1)


def _filled_stroke_width(binary: np.ndarray, small_grey: np.ndarray) -> float:
    """The strokes' mean width (share of the longer side) with what lies between their inked edges
    filled in where that is as dark as the darkest ink (`small_grey`: the coarse picture, ink dark): the
    inside of a stroke wider than the closing; not the paper inside a loop, nor a shadow between digits
    (lighter than the digits written in it). Measured on the coarse picture: 0.1-0.4 ms (on the picture
    itself, 100 for a 600×600 one)."""
    # sampled, not averaged (7 µs, not 90): a few edge pixels missed are dark and get filled in anyway
    ink = cv2.resize(binary, (small_grey.shape[1], small_grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    ink = cv2.threshold(ink, 127, 255, cv2.THRESH_BINARY)[1]
    if not ink.any():
        return 0.0
    ink_level, paper_level = cv2.mean(small_grey, ink)[0], float(np.median(small_grey))
    dark = cv2.threshold(small_grey, ink_level + _HOLLOW_DARKNESS * (paper_level - ink_level), 255,
                         cv2.THRESH_BINARY_INV)[1]
    uninked_dark = cv2.subtract(dark, ink)
    if cv2.countNonZero(uninked_dark) < _HOLLOW_MIN_SHARE * uninked_dark.size:
        return 0.0                              # (nearly) nothing dark lies outside the ink: no stroke is hollow
    between = cv2.bitwise_and(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, _disc(_HOLLOW_REACH)), uninked_dark)
    count, labels = cv2.connectedComponents(between)
    if count == 1:
        return 0.0
    darkest_ink = float(np.percentile(small_grey[ink > 0], 10))
    filled = ink.copy()
    for label in range(1, count):
        inside = labels == label
        if np.median(small_grey[inside]) <= darkest_ink + _HOLLOW_TOLERANCE:
            filled[inside] = 255
    return _mean_stroke_width(filled)


def _mean_stroke_width(ink: np.ndarray) -> float:
    """The mean width of the mask's strokes, a share of its longer side: area over half its outline."""
    inked = cv2.countNonZero(ink)
    edge = inked - cv2.countNonZero(cv2.erode(ink, _CROSS))
    return 2.0 * inked / max(1, edge) / max(ink.shape)
