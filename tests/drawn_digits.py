"""MNIST test digits as canvas drawings: each digit's centre lines as strokes, the way a hand draws it.

A digit is enlarged, thinned to one-pixel centre lines (Zhang-Suen thinning; OpenCV's ximgproc is not
part of the opencv wheel) and the centre lines are traced into polylines between ends and junctions.
`drawn(index, rng)` places the strokes off-centre on the 560-px canvas at 30-90% of its height and
inks them with a random brush, thin to thick, as the Draw tab's canvas would.
"""
from __future__ import annotations

import cv2
import numpy as np

from core.data.augment import thinned
from core.reading import Stroke
from tests.pages import mnist_digits

CANVAS = 560
_WORK = 112                                       # the 28-px digit is thinned at 4× its size
JOIN_LEVELS = (96, 64)                           # tried when the ink breaks apart at 127
_SMALLEST_LOOP = 40                               # px at 112: ~2.5 px at MNIST's 28
_NEIGHBOURS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


def traced(skeleton: np.ndarray) -> list[np.ndarray]:
    """One-pixel lines → polylines ((N, 2) x, y) between ends and junctions; loops become closed ones."""
    pixels = set(zip(*np.nonzero(skeleton)))
    def neighbours(p):
        """8-neighbours, but not a diagonal one that an orthogonal neighbour already links to."""
        found = []
        for dy, dx in _NEIGHBOURS:
            if (p[0] + dy, p[1] + dx) not in pixels:
                continue
            if dy and dx and ((p[0] + dy, p[1]) in pixels or (p[0], p[1] + dx) in pixels):
                continue
            found.append((p[0] + dy, p[1] + dx))
        return found
    used: set[frozenset] = set()
    lines = []
    starts = sorted(pixels, key=lambda p: len(neighbours(p)) == 2)    # ends and junctions first
    for start in starts:
        for first in neighbours(start):
            if frozenset((start, first)) in used:
                continue
            line = [start, first]
            used.add(frozenset((start, first)))
            while len(neighbours(line[-1])) == 2:
                ahead = [n for n in neighbours(line[-1]) if frozenset((line[-1], n)) not in used]
                if not ahead:
                    break
                used.add(frozenset((line[-1], ahead[0])))
                line.append(ahead[0])
            lines.append(np.array([(x, y) for y, x in line], np.float32))
    lone = [p for p in pixels if not neighbours(p)]
    lines += [np.array([(x, y)], np.float32) for y, x in lone]
    return lines


def ink_mask(digit: np.ndarray) -> np.ndarray:
    """The digit's ink as the hand drew it: a thick pen fills small loops in (a 6 or 9 with a blob for a
    loop), so the level that shows the most loops without breaking the ink apart is taken; a faint pen
    breaks a stroke apart at half brightness, so a lower level that joins the pieces comes first.
    Pin-holes in a blot are not loops: they are filled (thinning would draw a tiny ring around each)."""
    def loops_and_pieces(mask):
        count, _ = cv2.connectedComponents(mask.astype(np.uint8))
        return _loop_count(mask), count - 1
    best = digit > 127
    loops, pieces = loops_and_pieces(best)
    for level in JOIN_LEVELS:
        mask = digit > level
        more_loops, fewer_pieces = loops_and_pieces(mask)
        if fewer_pieces < pieces and more_loops >= loops:
            best, loops, pieces = mask, more_loops, fewer_pieces
    for level in (160, 190, 220, 240):
        mask = digit > level
        more_loops, more_pieces = loops_and_pieces(mask)
        if more_loops > loops and more_pieces <= pieces:
            best, loops = mask, more_loops
    return _without_pinholes(best)


def _loop_count(mask: np.ndarray) -> int:
    """How many pieces of paper the ink encloses (4-connected), at least _SMALLEST_LOOP px large."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((~mask).astype(np.uint8), connectivity=4)
    return sum(1 for i in range(1, count)               # label 0 is the ink
               if i != labels[0, 0] and stats[i, cv2.CC_STAT_AREA] >= _SMALLEST_LOOP)


def _without_pinholes(mask: np.ndarray) -> np.ndarray:
    """The mask with enclosed paper smaller than _SMALLEST_LOOP px filled in."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((~mask).astype(np.uint8), connectivity=4)
    filled = mask.copy()
    for i in range(1, count):
        if i != labels[0, 0] and stats[i, cv2.CC_STAT_AREA] < _SMALLEST_LOOP:
            filled[labels == i] = True
    return filled


def digit_strokes(digit: np.ndarray) -> list[np.ndarray]:
    """A 28×28 MNIST digit → its centre lines as polylines in 0..1 of its 28-px frame."""
    big = cv2.resize(digit, (_WORK, _WORK), interpolation=cv2.INTER_LINEAR)
    lines = traced(thinned(ink_mask(big)))
    return [line / _WORK for line in lines]


def drawn(index: int, rng: np.random.Generator) -> tuple[np.ndarray, list[Stroke], float, int]:
    """MNIST test digit `index` drawn on the canvas: (drawing, strokes, brush width, label)."""
    images, labels = mnist_digits()
    lines = digit_strokes(images[index])
    points = np.concatenate(lines)
    low, high = points.min(axis=0), points.max(axis=0)
    height = float(rng.uniform(0.3, 0.9)) * CANVAS
    scale = height / max(high[1] - low[1], 1e-3)
    brush = float(rng.uniform(8, 120))
    span = (high - low) * scale
    room = np.maximum(CANVAS - span - brush, 1.0)
    corner = np.array([rng.uniform(0, room[0]), rng.uniform(0, room[1])]) + brush / 2
    strokes = [Stroke.of((line - low) * scale + corner, brush) for line in lines]
    drawing = np.zeros((CANVAS, CANVAS), np.uint8)
    for stroke in strokes:
        pixels = np.round(stroke.points * 16).astype(np.int32)
        cv2.polylines(drawing, [pixels], False, 255, int(round(brush)), cv2.LINE_AA, 4)
    return drawing, strokes, brush, int(labels[index])


def pictured(index: int, rng: np.random.Generator, images: np.ndarray | None = None) -> np.ndarray:
    """MNIST test digit `index` as a pasted drawing: the digit's own pixels enlarged onto the 560-px
    canvas at 30-90% of its height, off-centre, its strokes thinned or thickened by morphology (about
    half to two and a half times MNIST's pen), dark on light or light on dark."""
    digit = (mnist_digits()[0] if images is None else images)[index]
    rows = np.flatnonzero(digit.max(axis=1) > 0)
    ink_height = max(1, rows[-1] - rows[0] + 1) if len(rows) else 20
    scale = float(rng.uniform(0.3, 0.9)) * CANVAS / ink_height
    side = int(round(28 * scale))
    big = cv2.resize(digit, (side, side), interpolation=cv2.INTER_CUBIC)
    change = int(round(float(rng.uniform(-1.2, 4.0)) * scale))      # in px: MNIST's pen is ~2.5 px at 28
    if change:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (abs(change) | 1,) * 2)
        big = (cv2.dilate if change > 0 else cv2.erode)(big, kernel)
    canvas = np.zeros((max(CANVAS, side), max(CANVAS, side)), np.uint8)
    ys, xs = np.nonzero(big > 0)
    if len(ys):
        big = big[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    top = int(rng.integers(0, canvas.shape[0] - big.shape[0] + 1))
    left = int(rng.integers(0, canvas.shape[1] - big.shape[1] + 1))
    canvas[top:top + big.shape[0], left:left + big.shape[1]] = big
    return canvas if rng.random() < 0.5 else 255 - canvas
