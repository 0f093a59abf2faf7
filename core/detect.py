"""A frame → the handwritten digits on it, as boxes and crops ready for `preprocess.to_mnist`.

Works on paper, exercise books, whiteboards, blackboards and screens, either polarity, under uneven light:
  1. grey, shrunk when huge (a 12-megapixel photo is read at 1280 px: small digits stay readable);
  2. the page, then the digits: a sheet lying on a darker desk is found (core.page) and straightened,
     and everything below happens on the sheet only;
  3. polarity from which side of the paper (a coarse median) holds the strong contrast;
  4. the paper's own brightness at a coarse scale (a grey closing: it fills in strokes and keeps
     shadows; wider when the strokes are, as for one digit filling the frame), and the ink measured as
     contrast relative to it (a ratio, so shadows and hot spots cancel out);
  5. Otsu's threshold on that contrast (with a floor, so a blank page stays blank), grown into
     fainter ink that touches it (steps 3-5: core.ink);
  6. the paper's lines (ruled, squared, margin) taken out, strokes crossing them bridged (core.paper_lines);
  7. ink components; pieces that may be one digit (a stroke broken across, a detached bar) and blobs
     that may be several (touching digits, cut along seams) are read every way by the classifier, in
     the frame's ONE batched call (`evidence`), and the likeliest reading wins, with geometry as a prior
     (a gap, a width, a cut through ink). A small network (core.touching) says how likely each wide
     enough candidate holds several digits; a blob it doubts is also cut where no cut looks clean (a
     "1" touching a "9" reads as a confident "9"), and one digit or several is weighed by its answer.
     Each merge is judged on the original pieces' boxes, so merges never chain down a column. Without
     evidence, geometry alone decides;
  8. dots, noise, long strokes and page edges rejected by size and shape, and the hard edges of
     shadows and hot spots by the paper around them (as dark as the "ink" on one side);
  9. reading order by text lines (a line may run uphill or bend a little), rows top to bottom.
Each candidate's crop is cut from the contrast image with every other component wiped, so a
neighbour's stroke never leaks into it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Protocol

import cv2
import numpy as np

from core.images import to_grey_uint8
from core.ink import PAPER_DISC, disc_for_strokes, ink_contrast, ink_masks
from core.page import find_sheet, straighten
from core.paper_lines import remove_paper_lines

Box = tuple[int, int, int, int]   # x, y, w, h in the frame's own pixels

MAX_SIDE = 1280                 # bigger frames are detected at this size (boxes mapped back)
MIN_DIGIT_HEIGHT = 12           # px at detection scale
_INK_OVER_LINE = 2.5            # on a paper line, contrast this many times the line's own is a stroke along it
_CROSS = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
_MIN_SPECK_AREA = 4             # components smaller than this (px) are noise, not even stroke pieces
_OWN_PIXELS_AREA = 160 * 160    # a component's ink is counted in its box, or on its own outline when the box is bigger
_MERGE_OVERLAP = 0.5            # x-overlap (share of the narrower box) that makes two pieces one digit...
_MERGE_GAP = 0.12               # ...when their vertical gap is under this share of the joined height...
_PIECE_PIXELS = 0.05            # ...and the smaller has this share of the bigger one's ink (not a speck)
_TOUCH_GAP = 0.08               # pieces this close (share of the height) all but touch
_MAX_JOINED_WIDTH = 1.4         # touching pieces join only when no wider than a digit can be
_PART_HEIGHT = 0.85             # a side piece this much shorter than its neighbour...
_PART_REACH = 1.1               # ...and within its height is part of it (a "4" written in two strokes)
_MAX_WIDTH_RATIO = 1.8          # digits are not much wider than tall; rules and dashes are
_MAX_HEIGHT_RATIO = 20.0        # thinner than this is a line, even for a "1"
_MIN_DENSITY = 0.035            # ink px / (longer side)²: below this a big component is a thin line
_EDGE_ZONE = 0.08               # a stroke this close to the frame's edge (share of the frame)...
_EDGE_ELONGATION = 3.0          # ...this elongated along it...
_EDGE_RUN = 0.5                 # ...in line with ink along this share of the border is the paper's edge
_STACK_REACH = 0.35            # stacked pieces this close (share of the joined height) may be one digit: evidence decides
_FRAGMENT_LOG = float(np.log(0.3))   # a piece too small or wide to be a digit alone: this likely as "not a digit"
_SEAM_ASPECT = 1.2              # narrower blobs are cut only where a straight cut is already clean
_SPLIT_ASPECT = 0.8             # blobs at least this wide for their height may be touching digits...
_DIGIT_ASPECT = 0.7             # ...about this wide each...
_MAX_PARTS = 4                  # ...cut into at most this many
_CUT_LOG_PRIOR = float(np.log(0.8))  # each cut must pay for itself in confidence
_CUT_INK_FREE = 0.5            # a cut through at most this share of a typical column's ink costs nothing more...
_CUT_INK_PENALTY = 5.0          # ...beyond, this much (log) per typical column of ink cut through
_PART_MIN_HEIGHT = 0.7         # a cut part shorter than this share of the blob's height...
_PART_HEIGHT_PENALTY = 10.0     # ...is this much less likely a digit per unit of height missing (log)
_HOPELESS_CUT = float(np.log(0.3))  # a cut whose prior is below this is not even read (clean touching: log 0.8)
_NO_DIGITS_LOG = float(np.log(0.01))  # a blob too wide for one digit is digits only when its best cut reads this likely
_DOUBT_ASPECT = 0.62            # blobs at least this wide for their height are shown to the touching network;
_WORTH_CUTTING = 0.05           # wide blobs are cut only when it thinks them at least this likely several...
_DOUBTED = 0.5                  # ...and cut even where no cut looks clean when it is at least this sure they are several:
_DOUBTED_CUTS = (0.25, 0.5, 0.75)   # a single cut near any of these shares of its width
_SEVERAL_ODDS = 0.15            # it learned from as many touching digits as single ones; on pages they are rarer
_SURE_SEVERAL = (0.02, 0.7)     # its answers are trusted this far (a network is never certain)
# How wide each digit is for its height in MNIST's training set: the width/height beyond which 10%,
# 3%, 1%, 0.3% and 0.1% of its writings lie, wider (a "9" wider than 1.31× its height is 1 in 1000)
# and narrower (ties of the 20-px grid split by 0.01)
_TAIL_LOG_SHARES = np.log([0.1, 0.03, 0.01, 0.003, 0.001])
_WIDER_ASPECTS = np.array([
    [1.11, 1.25, 1.43, 1.54, 1.67], [0.70, 0.85, 1.00, 1.04, 1.18], [1.25, 1.43, 1.67, 1.82, 2.00],
    [1.00, 1.11, 1.25, 1.33, 1.43], [1.00, 1.11, 1.25, 1.33, 1.43], [1.25, 1.43, 1.67, 1.80, 2.00],
    [0.95, 1.05, 1.11, 1.33, 1.43], [1.00, 1.11, 1.25, 1.43, 1.67], [1.00, 1.11, 1.25, 1.33, 1.43],
    [0.90, 1.00, 1.05, 1.18, 1.31]])
_NARROWER_ASPECTS = np.array([
    [0.70, 0.60, 0.55, 0.50, 0.49], [0.20, 0.19, 0.15, 0.10, 0.09], [0.70, 0.60, 0.55, 0.50, 0.45],
    [0.60, 0.50, 0.45, 0.40, 0.36], [0.60, 0.50, 0.49, 0.40, 0.39], [0.70, 0.60, 0.50, 0.45, 0.40],
    [0.55, 0.50, 0.40, 0.39, 0.38], [0.60, 0.50, 0.49, 0.40, 0.39], [0.60, 0.50, 0.45, 0.40, 0.35],
    [0.50, 0.47, 0.40, 0.39, 0.30]])
_RAREST_SHAPE = -8.0            # (log) a shape beyond MNIST's range is this unlikely at most
_BROKEN_GAP = 0.04              # a gap this small (share of the joined height) is a broken stroke...
_GAP_PENALTY = 17.0             # ...and a wider one makes the join this much less likely per unit (log)
_LINE_HEIGHT_RATIO = 0.5        # a box continues a text line: the shorter at least this share of the taller...
_LINE_GAP = 2.0                 # ...at most this many heights right of the line's last box...
_LINE_SLOPE = 0.5               # ...near the line's course, which rises or falls at most this steeply
_RING_OUTER = 5                 # the paper around a candidate is looked at from 2 to 5 px off its ink...
_RING_INNER_KERNEL = np.ones((5, 5), np.uint8)
_RING_OUTER_KERNEL = np.ones((2 * _RING_OUTER + 1, 2 * _RING_OUTER + 1), np.uint8)
_SHADOW_RING = 0.3              # ...and a candidate whose paper reads this dark (share of its ink's contrast)...
_SHADOW_SHARE = 0.1             # ...or this share of it at least half as dark as the ink, is a shadow's edge
_SHADOW_INK = 1.6               # (only candidates whose ink is this faint, times the ink level, may be edges)
_CROP_PAD = 2                   # the crop keeps the antialiased rim 2 px around the ink...
_CROP_PAD_KERNEL = np.ones((2 * _CROP_PAD + 1, 2 * _CROP_PAD + 1), np.uint8)   # ...(the ink grown by this)
_CROP_MARGIN = 3                # px of clean paper around each crop (to_mnist reads paper from the border)


@dataclass
class Candidate:
    box: Box                        # in the frame's pixels
    crop: np.ndarray                # uint8, ink bright on black, only this candidate's ink
    evidence: int | None = None     # the row of this crop in the frame's one batch of evidence, when read


@dataclass
class Detected:
    candidates: list[Candidate]
    binary: np.ndarray              # uint8 0/255 ink mask at detection scale (debug view)
    dark_ink: bool                  # True: dark ink on light paper
    scale: float = 1.0              # detection scale / frame scale (< 1 when the frame was shrunk)
    contrast: np.ndarray | None = field(default=None, repr=False)   # the ink-contrast image
    sheet: np.ndarray | None = None  # (4, 2) corners of the sheet of paper read, in frame pixels

    @property
    def downscaled(self) -> bool:
        return self.scale < 1.0


class Evidence(Protocol):
    """The classifier as the detector's evidence."""

    def __call__(self, crops: list[np.ndarray]) -> np.ndarray:
        """N crops → (N, 10) probabilities, in ONE batched call."""

    def several(self, crops: list[np.ndarray], rows: list[int]) -> np.ndarray:
        """How likely the crops at `rows` each hold several digits. `crops` are the first crops of the
        next call (so it may prepare them once for both)."""


def find_digits(frame: np.ndarray) -> list[Candidate]:
    """Digit candidates in a BGR/BGRA/grey frame, in reading order (top to bottom, left to right)."""
    return detect(frame).candidates


def detect(frame: np.ndarray, min_height: int = MIN_DIGIT_HEIGHT, evidence: Evidence | None = None) -> Detected:
    """The digits on a frame. With `evidence`, pieces that may be one digit or several, and wide blobs
    that may be touching digits, are read every way in one batched call and the likeliest reading wins;
    without it, geometry alone decides."""
    grey, scale = _working_grey(frame)
    sheet = find_sheet(grey)
    if sheet is not None:
        found = _detect_on_sheet(grey, sheet, min_height, evidence)
    else:
        found = _detect_grey(grey, min_height, evidence)
    found.candidates = [Candidate(_to_frame_box(c.box, scale, frame.shape), c.crop, c.evidence)
                        for c in found.candidates]
    found.scale = scale
    if found.sheet is not None:
        found.sheet = found.sheet / scale
    return found


def _detect_grey(grey: np.ndarray, min_height: int, evidence: Evidence | None) -> Detected:
    ink = ink_contrast(grey)
    binary, faint, level = ink_masks(ink)
    disc = disc_for_strokes(binary, ink.coarse)
    if disc > PAPER_DISC:
        ink = ink_contrast(grey, disc)
        binary, faint, level = ink_masks(ink)
    contrast = ink.contrast
    binary, lines = remove_paper_lines(binary, faint)
    if lines.any():
        binary = _with_ink_on_lines(binary, contrast, lines)
        contrast = _without_lines(contrast, binary, lines)
    groups = _grouped(binary, contrast, min_height, evidence, level)
    return Detected(groups, binary, ink.dark_ink, 1.0, contrast)


def _detect_on_sheet(grey: np.ndarray, corners: np.ndarray, min_height: int, evidence: Evidence | None) -> Detected:
    """Detect on the straightened sheet; boxes come back as the bounding boxes of their ink in `grey`."""
    flat, to_frame = straighten(grey, corners)
    found = _detect_grey(flat, min_height, evidence)
    found.candidates = [Candidate(_ink_box_through(c, to_frame, grey.shape), c.crop, c.evidence)
                        for c in found.candidates]
    found.candidates = [c for _, c in in_reading_order([(c.box, c) for c in found.candidates])]
    found.binary = cv2.warpPerspective(found.binary, to_frame, (grey.shape[1], grey.shape[0]),
                                       flags=cv2.INTER_NEAREST)
    found.sheet = corners.astype(np.float32)
    return found


def _ink_box_through(candidate: Candidate, matrix: np.ndarray, shape: tuple[int, int]) -> Box:
    """The box of the candidate's ink carried through `matrix` (its box's corners carried through would
    make a thin "1" on a sheet turned 15° about twice as wide as its ink)."""
    inked = cv2.erode((candidate.crop > 0).astype(np.uint8), _CROP_PAD_KERNEL)   # the crop's rim taken off
    outlines, _ = cv2.findContours(inked, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not outlines:
        return _box_through(candidate.box, matrix, shape)
    origin = np.float32(_crop_origin(candidate.box)) - _CROP_MARGIN
    points = np.concatenate(outlines).reshape(-1, 2).astype(np.float32) + origin
    # a pixel's four corners, so a one-pixel-wide stroke keeps its width
    corners = np.concatenate([points + offset for offset in np.float32([[0, 0], [1, 0], [1, 1], [0, 1]])])
    return _bounding_box(cv2.perspectiveTransform(corners.reshape(-1, 1, 2), matrix).reshape(-1, 2), shape)


def _box_through(box: Box, matrix: np.ndarray, shape: tuple[int, int]) -> Box:
    x, y, w, h = box
    corners = np.float32([[[x, y]], [[x + w, y]], [[x + w, y + h]], [[x, y + h]]])
    return _bounding_box(cv2.perspectiveTransform(corners, matrix).reshape(-1, 2), shape)


def _bounding_box(mapped: np.ndarray, shape: tuple[int, int]) -> Box:
    """The box around points (x, y) mapped into a picture of `shape`, kept inside it."""
    x0, y0 = np.floor(mapped.min(axis=0)).astype(int)
    x1, y1 = np.ceil(mapped.max(axis=0)).astype(int)
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    x1, y1 = min(shape[1], int(x1)), min(shape[0], int(y1))
    return x0, y0, max(1, x1 - x0), max(1, y1 - y0)


def _with_ink_on_lines(ink: np.ndarray, contrast: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The ink with back what lies on the paper's lines but is far darker than they are: a stroke
    written along a line (the flat top of a "5" on squared paper) is not the line."""
    line_level = _level_at(_cumulative_histogram(contrast, lines), 0.5)
    darker = cv2.threshold(contrast, min(254, _INK_OVER_LINE * line_level), 255, cv2.THRESH_BINARY)[1]
    return cv2.bitwise_or(ink, cv2.bitwise_and(darker, lines))


def _without_lines(contrast: np.ndarray, ink: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The contrast image with the paper's lines wiped, except where ink was bridged across them."""
    wiped = cv2.subtract(cv2.dilate(lines, _CROSS), ink)
    cleaned = contrast.copy()
    cleaned[wiped > 0] = 0
    return cleaned


def in_reading_order(items: list[tuple[Box, object]]) -> list[tuple[Box, object]]:
    """(box, item) pairs in the order they were written: boxes are first chained into text lines
    (left to right, each next box near the line's course, which may run uphill, downhill or bend a
    little), then lines are read as rows top to bottom (a row takes every line that starts within half
    a height of the middle of its first line's start), left to right within a row."""
    lines = _text_lines(items)
    starts = sorted(lines, key=lambda line: line[0][0][1] + line[0][0][3] / 2)
    rows: list[list[list[tuple[Box, object]]]] = []
    row_middle = row_reach = None
    for line in starts:
        x, y, w, h = line[0][0]
        middle = y + h / 2
        if rows and abs(middle - row_middle) <= row_reach:
            rows[-1].append(line)
        else:
            rows.append([line])
            row_middle, row_reach = middle, h / 2
    ordered = []
    for row in rows:
        for line in sorted(row, key=lambda line: line[0][0][0]):
            ordered += line
    return ordered


def _text_lines(items: list[tuple[Box, object]]) -> list[list[tuple[Box, object]]]:
    """Chains of boxes, left to right: a box continues the line whose course (the last two boxes'
    centres, extended) passes within half its height, close enough on the right, of similar size."""
    lines: list[list[tuple[Box, object]]] = []
    for item in sorted(items, key=lambda item: item[0][0]):
        best, best_offset = None, None
        for line in lines:
            offset = _line_offset(line, item[0])
            if offset is not None and (best_offset is None or offset < best_offset):
                best, best_offset = line, offset
        if best is None:
            lines.append([item])
        else:
            best.append(item)
    return lines


def _line_offset(line: list[tuple[Box, object]], box: Box) -> float | None:
    """How far (px) `box`'s centre is from where the line would be at its x; None when it cannot continue it."""
    lx, ly, lw, lh = line[-1][0]
    x, y, w, h = box
    taller, shorter = max(lh, h), min(lh, h)
    gap = x - (lx + lw)
    if shorter < _LINE_HEIGHT_RATIO * taller or gap > _LINE_GAP * taller or gap < -0.5 * min(lw, w):
        return None
    centre_y = y + h / 2
    expected = ly + lh / 2
    if len(line) >= 2:
        px, py, pw, ph = line[-2][0]
        run = (lx + lw / 2) - (px + pw / 2)
        if run > 0:
            slope = ((ly + lh / 2) - (py + ph / 2)) / run
            expected += max(-_LINE_SLOPE, min(_LINE_SLOPE, slope)) * ((x + w / 2) - (lx + lw / 2))
    offset = abs(centre_y - expected)
    return offset if offset <= 0.5 * taller else None


def _working_grey(frame: np.ndarray) -> tuple[np.ndarray, float]:
    grey = to_grey_uint8(frame)
    longest = max(grey.shape)
    if longest <= MAX_SIDE:
        return grey, 1.0
    scale = MAX_SIDE / longest
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA), scale


@dataclass
class _Group:
    """One or more ink components taken as one digit (or one part of a component, when cut)."""
    box: Box
    labels: tuple[int, ...]             # its components (their outlines' numbers in _Ink.outlines)
    pixels: int
    mask: np.ndarray | None = None      # a cut part's own ink (uint8 0/255, the box's size); None: its labels' ink


@dataclass
class _Ink:
    """The ink mask and its components' outer outlines: a component's own ink is its filled outline
    on the mask. (No label image: connectedComponents took 0.2 ms on a 640×480 page, more than all
    the outlines drawn for a frame's crops and cuts.)"""
    binary: np.ndarray
    outlines: list[np.ndarray]

    def own(self, labels: tuple[int, ...], x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
        """The ink of these components inside the window, uint8 0/1."""
        filled = np.zeros((y1 - y0, x1 - x0), np.uint8)
        for label in labels:
            cv2.drawContours(filled, self.outlines, label, 1, thickness=cv2.FILLED, offset=(-x0, -y0))
        return cv2.bitwise_and(filled, self.binary[y0:y1, x0:x1])


def _components(binary: np.ndarray) -> tuple[list[_Group], _Ink]:
    """Ink components: boxes from the outer outlines."""
    outlines, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    ink = _Ink(binary, list(outlines))
    groups = []
    for label, outline in enumerate(outlines):
        x, y, w, h = cv2.boundingRect(outline)
        if w * h < _MIN_SPECK_AREA:
            continue
        if w * h > _OWN_PIXELS_AREA:    # a long arc (a shadow's edge) holds other ink in its box: count its own
            pixels = int(ink.own((label,), x, y, x + w, y + h).sum())
        else:
            pixels = cv2.countNonZero(binary[y:y + h, x:x + w]) if w * h > 16 else w * h
        groups.append(_Group((x, y, w, h), (label,), pixels))
    return groups, ink


def _grouped(binary: np.ndarray, contrast: np.ndarray, min_height: int, evidence: Evidence | None,
             level: float = 0.0) -> list[Candidate]:
    """Ink components → digit candidates in reading order. Each merge decision looks at the original
    pieces' boxes (merges never chain into a taller box that then swallows the next digit)."""
    pieces, ink = _components(binary)
    pieces.sort(key=lambda g: g.box[0])
    pairs = _possible_pairs(pieces)
    wide = [i for i, piece in enumerate(pieces) if _may_be_several(piece, min_height)] if evidence else []
    if evidence is None:
        groups = _joined(pieces, [pair for pair in pairs if _should_merge(pieces[pair[0]], pieces[pair[1]])])
    else:
        groups = _by_evidence(pieces, pairs, wide, ink, contrast, binary, min_height, evidence)
    digits = [g for g in groups
              if _looks_like_digit(g, binary, min_height) and not _shadow_edge(g, binary, contrast, level)]
    candidates = [Candidate(g.box, g.crop if isinstance(g, _Read) else _crop(g, ink, contrast),
                            g.evidence if isinstance(g, _Read) else None) for g in digits]
    return [c for _, c in in_reading_order([(c.box, c) for c in candidates])]


@dataclass
class _Read(_Group):
    """A group whose crop was already read as evidence."""
    crop: np.ndarray | None = None
    evidence: int | None = None


def _possible_pairs(pieces: list[_Group]) -> list[tuple[int, int]]:
    """Pieces near enough (original boxes) that they may be one digit; `pieces` sorted by x."""
    pairs = []
    for i, a in enumerate(pieces):
        for j in range(i + 1, len(pieces)):
            b = pieces[j]
            if b.box[0] > a.box[0] + a.box[2] + _TOUCH_GAP * max(a.box[3], b.box[3]) + 1:
                break                       # sorted by x: no later box is near a in x
            if _may_be_one(a, b):
                pairs.append((i, j))
    return pairs


def _could_join(a: _Group, b: _Group) -> bool:
    """Neither piece rules a join out: no paper line, and no speck beside a digit (not part of it)."""
    if _is_thin_line(a) or _is_thin_line(b):
        return False
    return min(a.pixels, b.pixels) >= _PIECE_PIXELS * max(a.pixels, b.pixels)


def _may_be_one(a: _Group, b: _Group) -> bool:
    """Geometry allows reading a and b as one digit (stacked with a gap, or all but touching)."""
    return _could_join(a, b) and (_stacked(a, b, _STACK_REACH) or _should_merge(a, b))


def _pair_shape(a: _Group, b: _Group) -> tuple[int, int, int, int]:
    """(x overlap, y gap, joined width, joined height) of two pieces' boxes; the gap is negative where
    they overlap vertically, the overlap negative where they stand apart."""
    ax0, ay0, aw, ah = a.box
    bx0, by0, bw, bh = b.box
    return (min(ax0 + aw, bx0 + bw) - max(ax0, bx0), max(ay0, by0) - min(ay0 + ah, by0 + bh),
            max(ax0 + aw, bx0 + bw) - min(ax0, bx0), max(ay0 + ah, by0 + bh) - min(ay0, by0))


def _stacked(a: _Group, b: _Group, reach: float) -> bool:
    """One above the other, sharing a column, with a gap of at most `reach` of their joined height."""
    overlap_x, gap_y, _, joined_h = _pair_shape(a, b)
    return overlap_x >= _MERGE_OVERLAP * min(a.box[2], b.box[2]) and gap_y <= reach * joined_h


def _should_merge(a: _Group, b: _Group) -> bool:
    """Geometry's own guess: a stroke broken across (stacked pieces), or a detached bar or side stroke."""
    if not _could_join(a, b):
        return False
    if _stacked(a, b, _MERGE_GAP):
        return True                                       # stacked with a small gap
    overlap_x, gap_y, joined_w, joined_h = _pair_shape(a, b)
    ah, bh = a.box[3], b.box[3]
    gap_x = -overlap_x
    if joined_w > _MAX_JOINED_WIDTH * joined_h or max(gap_x, gap_y) > _TOUCH_GAP * joined_h + 1:
        return False
    side_by_side = -gap_y > 0.5 * min(ah, bh)
    if not side_by_side:
        return True                                       # stacked or diagonal, all but touching
    # Side by side only as a shorter piece within a taller one's height ("4" written in two strokes);
    # two digits of a number have similar heights.
    big_h, small_h = max(ah, bh), min(ah, bh)
    return (small_h <= _PART_HEIGHT * big_h and joined_h <= _PART_REACH * big_h
            and gap_x <= _TOUCH_GAP * small_h + 1)


def _union(a: Box, b: Box) -> Box:
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return x0, y0, x1 - x0, y1 - y0


def _joined(pieces: list[_Group], merges: list[tuple[int, int]]) -> list[_Group]:
    """Pieces joined along the accepted merges (each decided on the original pieces)."""
    parent = list(range(len(pieces)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in merges:
        parent[root(i)] = root(j)
    joined: dict[int, _Group] = {}
    for i, piece in enumerate(pieces):
        r = root(i)
        if r in joined:
            g = joined[r]
            joined[r] = _Group(_union(g.box, piece.box), g.labels + piece.labels, g.pixels + piece.pixels)
        else:
            joined[r] = piece
    return list(joined.values())


def _may_be_several(piece: _Group, min_height: int) -> bool:
    """A blob wide enough for touching digits."""
    x, y, w, h = piece.box
    return h >= min_height and w >= _SPLIT_ASPECT * h and not _is_thin_line(piece)


def _by_evidence(pieces, pairs, wide, ink, contrast, binary, min_height, evidence) -> list[_Group]:
    """Every way to read the doubtful pieces, and every plain digit, read in one batched call; the
    likeliest reading wins."""
    reads = _Reads(ink, contrast)
    paired = {i for pair in pairs for i in pair}
    for i, piece in enumerate(pieces):
        if i in paired or i in wide or _looks_like_digit(piece, binary, min_height):
            reads.slots[piece.labels] = reads.add(piece)
    for cluster in _clusters(pieces, pairs):
        reads.slots[cluster.labels] = reads.add(cluster)
    several = _several(pieces, reads, evidence, min_height)
    cuts = {i: reads.add_options(options) for i, options in _cuts_worth_reading(pieces, wide, several, ink, min_height)}
    reads.read(evidence)
    best = _reading_scores(reads.probabilities, reads.boxes)
    _weigh_by_several(best, several, reads.slots, pieces, cuts)
    alone = {i: _alone_score(piece, reads.slots, cuts.get(i, []), best, min_height)
             for i, piece in enumerate(pieces) if i in paired}
    together = {(i, j): float(best[reads.slots[pieces[i].labels + pieces[j].labels]]) + _join_prior(pieces[i], pieces[j])
                for i, j in pairs}
    elsewhere = _best_joins(alone, together)
    merges = [(i, j) for (i, j), score in together.items()
              if score > _otherwise(i, j, alone, elsewhere) + _otherwise(j, i, alone, elsewhere)]
    by_labels = {piece.labels: i for i, piece in enumerate(pieces)}
    result: list[_Group] = []
    for group in _joined(pieces, merges):
        slot = reads.slots.get(group.labels)
        if by_labels.get(group.labels) in cuts:
            result += _best_cut(group, slot, cuts[by_labels[group.labels]], best, reads.crops)
        elif slot is not None:
            result.append(_Read(group.box, group.labels, group.pixels, None, reads.crops[slot], slot))
        else:
            result.append(group)
    return result


def _cuts_worth_reading(pieces: list[_Group], wide: list[int], several: dict[tuple[int, ...], float], ink: _Ink,
                        min_height: int) -> Iterator[tuple[int, list[tuple[list[_Group], float]]]]:
    """(piece, its cut options) for the blobs that may be several digits: those the touching network
    doubts or that are too wide for one digit (cut every way), and wide ones it does not rule out."""
    for i, piece in enumerate(pieces):
        chance = several.get(piece.labels)
        too_wide = i in wide and piece.box[2] > _MAX_WIDTH_RATIO * piece.box[3]
        if too_wide or (chance is not None and chance > _DOUBTED):
            yield i, _cut_options(piece, ink, min_height, doubted=True)
        elif i in wide and (chance is None or chance >= _WORTH_CUTTING):
            yield i, _cut_options(piece, ink, min_height)


class _Reads:
    """The crops the classifier reads for one frame, in order (a slot is a crop's place), and what it said."""

    def __init__(self, ink: _Ink, contrast: np.ndarray):
        self.ink, self.contrast = ink, contrast
        self.crops: list[np.ndarray] = []
        self.boxes: list[Box] = []
        self.slots: dict[tuple[int, ...], int] = {}       # a piece's or a cluster's labels → its slot
        self.probabilities = np.zeros((0, 10), np.float32)

    def add(self, group: _Group) -> int:
        self.crops.append(_crop(group, self.ink, self.contrast))
        self.boxes.append(group.box)
        return len(self.crops) - 1

    def add_options(self, options: list[tuple[list[_Group], float]]) -> list[tuple[list[tuple[_Group, int]], float]]:
        return [([(part, self.add(part)) for part in option], prior) for option, prior in options]

    def read(self, evidence: Evidence) -> None:
        """Reads every crop in one batched call."""
        if self.crops:
            self.probabilities = np.asarray(evidence(self.crops), np.float32)


def _several(pieces: list[_Group], reads: _Reads, evidence: Evidence, min_height: int) -> dict[tuple[int, ...], float]:
    """Per piece that may hide touching digits (wide enough to), how likely it does."""
    doubtful = {piece.labels: reads.slots[piece.labels] for piece in pieces
                if piece.labels in reads.slots and _worth_asking(piece.box, min_height)}
    if not doubtful:
        return {}
    chances = np.asarray(evidence.several(reads.crops, list(doubtful.values())), np.float64)
    odds = chances / np.maximum(1.0 - chances, 1e-9) * _SEVERAL_ODDS
    return dict(zip(doubtful, np.clip(odds / (1.0 + odds), *_SURE_SEVERAL).tolist()))


def _worth_asking(box: Box, min_height: int) -> bool:
    """Wide enough to hide touching digits, narrow enough to be one digit: the touching network is asked."""
    x, y, w, h = box
    return h >= min_height and _DOUBT_ASPECT * h <= w <= _MAX_WIDTH_RATIO * h


def _weigh_by_several(best: np.ndarray, several: dict[tuple[int, ...], float], slots: dict,
                      pieces: list[_Group], cuts: dict[int, list]) -> None:
    """A doubted piece is one digit, or several cut apart, only as likely as the touching network
    says. (A piece no cut can part stays whole whatever it says: the whole blob is still the best
    box for what is there.)"""
    for i, piece in enumerate(pieces):
        chance = several.get(piece.labels)
        if chance is not None and cuts.get(i):
            best[slots[piece.labels]] += np.log1p(-chance)
            cuts[i] = [(option, prior + float(np.log(chance))) for option, prior in cuts[i]]


def _best_joins(alone: dict[int, float], together: dict[tuple[int, int], float]) -> dict[int, list[tuple[float, int]]]:
    """Per piece, its two likeliest joins: (what the join is worth beyond the partner alone, the partner)."""
    joins: dict[int, list[tuple[float, int]]] = {}
    for (a, b), joined in together.items():
        joins.setdefault(a, []).append((joined - alone[b], b))
        joins.setdefault(b, []).append((joined - alone[a], a))
    return {piece: sorted(options, reverse=True)[:2] for piece, options in joins.items()}


def _otherwise(i: int, j: int, alone: dict[int, float], elsewhere: dict[int, list[tuple[float, int]]]) -> float:
    """What piece i is worth if it does not join j: on its own, or joined with another partner. A
    stroke broken off one digit joins that digit, not the one above it, and joins never chain down a
    column through it."""
    return max([alone[i]] + [worth for worth, partner in elsewhere.get(i, []) if partner != j])


def _clusters(pieces: list[_Group], pairs: list[tuple[int, int]]) -> list[_Group]:
    """Every pair joined, and every larger bunch of pieces linked by pairs joined whole (what the
    merges may make; labels in the order `_joined` makes them)."""
    joined = [g for g in _joined(pieces, pairs) if len(g.labels) >= 3]
    for i, j in pairs:
        a, b = pieces[i], pieces[j]
        joined.append(_Group(_union(a.box, b.box), a.labels + b.labels, a.pixels + b.pixels))
    return joined


def _reading_scores(probabilities: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """Per crop, the log-likelihood that it is the digit it reads most like: the classifier's
    confidence times how often that digit is as wide for its height. (The classifier happily reads
    "80" squeezed into 20×20 as an "8" at 100 %, so the shape must speak too.)"""
    if not boxes:
        return np.zeros(0)
    aspects = np.array([w / h for _, _, w, h in boxes])
    return np.log(np.clip(probabilities.max(axis=1), 1e-6, 1.0)) + _shape_prior(aspects, probabilities.argmax(axis=1))


def _shape_prior(aspects: np.ndarray, digits: np.ndarray) -> np.ndarray:
    """log of how rare a `digit` this wide (or this narrow) for its height is, once rarer than 1 in
    ~30 (0 when commoner): a blob read as a "9" but wider than 999 "9"s in 1000 is likelier two
    digits touching, and one narrower than them two digits stacked."""
    prior = np.zeros(len(aspects))
    for i, (aspect, digit) in enumerate(zip(aspects, digits)):
        if aspect > _WIDER_ASPECTS[digit][1]:
            prior[i] = _rarity(aspect, _WIDER_ASPECTS[digit])
        elif aspect < _NARROWER_ASPECTS[digit][1]:
            prior[i] = _rarity(-aspect, -_NARROWER_ASPECTS[digit])
    return prior


def _rarity(value: float, tail: np.ndarray) -> float:
    """log(share beyond `value` / 3 %) along a tail given at its 10, 3, 1, 0.3 and 0.1 % points
    (increasing), extended past the last point along its last step."""
    if value <= tail[-1]:
        share = float(np.interp(value, tail, _TAIL_LOG_SHARES))
    else:
        slope = (_TAIL_LOG_SHARES[-1] - _TAIL_LOG_SHARES[-2]) / (tail[-1] - tail[-2])
        share = _TAIL_LOG_SHARES[-1] + slope * (value - tail[-1])
    return max(_RAREST_SHAPE, share - _TAIL_LOG_SHARES[1])


def _digit_score(group: _Group, slot: int, best: np.ndarray, min_height: int) -> float:
    """Log-likelihood that this piece is a digit on its own (its reading score), a fixed low share
    when it is only a fragment."""
    x, y, w, h = group.box
    if h < min_height or w > _MAX_WIDTH_RATIO * h:
        return _FRAGMENT_LOG
    return float(best[slot])


def _join_prior(a: _Group, b: _Group) -> float:
    """Broken strokes leave hair-thin gaps; digits written one under another keep a clear gap."""
    ay0, ah, by0, bh = a.box[1], a.box[3], b.box[1], b.box[3]
    gap_y = max(ay0, by0) - min(ay0 + ah, by0 + bh)
    joined_h = max(ay0 + ah, by0 + bh) - min(ay0, by0)
    return -_GAP_PENALTY * max(0.0, gap_y / joined_h - _BROKEN_GAP)


def _alone_score(piece: _Group, slots: dict, options: list, best: np.ndarray, min_height: int) -> float:
    """How likely the piece reads on its own: whole, or cut into touching digits, whichever is likelier."""
    score = _digit_score(piece, slots[piece.labels], best, min_height)
    for option, prior in options:
        score = max(score, sum(float(best[s]) for _, s in option) + prior)
    return score


def _cut_options(piece: _Group, ink: _Ink, min_height: int, doubted: bool = False) -> list[tuple[list[_Group], float]]:
    """The blob cut into 2 (and into as many digits as its width suggests, when more) along the
    seams through the least ink near where the cuts should fall (a seam may lean and bend with
    slanted writing), each with its prior (log). `doubted`: the touching network thinks the blob is
    several digits (or it is too wide for one), so seams are looked for even where the cut looks
    hopeless or unclean, and single cuts off the middle too (a "1" touching a "9" is a fifth of the blob)."""
    x, y, w, h = piece.box
    own = ink.own(piece.labels, x, y, x + w, y + h)
    profile = cv2.reduce(own, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()     # ink per column (own.sum: 4× slower)
    inked = profile[profile > 0]
    typical = _median(inked) if len(inked) else 1.0
    options = []
    for windows in _cut_windows(w, h, doubted):
        if not doubted and not _seams_worth_finding(own, profile, windows, typical):
            continue
        seams = [_seam(own, *window) for window in windows]
        bounds = [np.zeros(h, np.int32)] + [seam for seam, _ in seams] + [np.full(h, w, np.int32)]
        option = [_part(own, piece, left, right) for left, right in zip(bounds[:-1], bounds[1:])]
        if all(part is not None and part.box[3] >= min_height for part in option):
            prior = sum(_cut_prior(cost, typical) for _, cost in seams) + sum(_part_prior(part, h) for part in option)
            options.append((option, prior))
    return [option for option in options if option[1] >= _HOPELESS_CUT or doubted]


def _seams_worth_finding(own: np.ndarray, profile: np.ndarray, windows: list[tuple[int, int]], typical: float) -> bool:
    """Rows inked right across a window are ink no seam can avoid: when that alone makes the cut
    hopeless, the seams are not worth finding (the body of a wide "0" or "2"); nor are they for a blob
    narrow enough for one digit with no clean straight cut (0.3 ms each)."""
    h, w = own.shape
    least = sum(_cut_prior(_rows_across(own, *window), typical) for window in windows)
    if least < _HOPELESS_CUT and w <= _MAX_WIDTH_RATIO * h:
        return False
    return w >= _SEAM_ASPECT * h or _straight_cut_is_cheap(profile, windows, typical)


def _cut_prior(ink_crossed: float, typical: float) -> float:
    """(log) Digits touch at a stroke or less; a cut through as much ink as a typical column is a cut
    through one digit (the middle of a "0")."""
    return _CUT_LOG_PRIOR - _CUT_INK_PENALTY * max(0.0, ink_crossed / typical - _CUT_INK_FREE)


def _cut_windows(w: int, h: int, doubted: bool) -> list[list[tuple[int, int]]]:
    """Where a blob's cuts are looked for, per way of cutting it: (centre column, reach) of each cut.
    Evenly spaced; a doubted blob's single cut also off the middle."""
    counts = sorted({2, min(_MAX_PARTS, max(2, round(w / (_DIGIT_ASPECT * h))))})
    even = [[((k * w) // parts, w // (2 * parts)) for k in range(1, parts)] for parts in counts]
    if not doubted:
        return even
    return [[(round(share * w), w // 8)] for share in _DOUBTED_CUTS] + even


def _median(values: np.ndarray) -> float:
    """np.median of a short array, without its overhead (5 µs instead of 25)."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (float(ordered[middle - 1]) + float(ordered[middle])) / 2


def _part_prior(part: _Group, blob_height: int) -> float:
    """Digits touching in a number stand on one line at about one size: each part spans most of the
    blob's height (a cut off corner of one digit does not). (How wide a part may be for the digit it
    reads as is weighed with its reading, in _reading_scores.)"""
    short = max(0.0, _PART_MIN_HEIGHT - part.box[3] / blob_height)
    return -_PART_HEIGHT_PENALTY * short


def _straight_cut_is_cheap(profile: np.ndarray, windows: list[tuple[int, int]], typical: float) -> bool:
    """Some column near each cut holds little ink (digits standing upright side by side, touching)."""
    return all(profile[max(1, c - r):c + r + 1].min() <= _CUT_INK_FREE * typical for c, r in windows)


def _rows_across(own: np.ndarray, centre: int, reach: int) -> int:
    """Rows inked right across a seam's window: ink no seam in it can avoid (a lower bound of its cost)."""
    low, high = max(1, centre - reach), min(own.shape[1] - 1, centre + reach)
    return cv2.countNonZero(cv2.reduce(own[:, low:high + 1], 1, cv2.REDUCE_MIN))


def _seam(own: np.ndarray, centre: int, reach: int) -> tuple[np.ndarray, float]:
    """The top-to-bottom path through the least ink within `reach` columns of `centre`, moving at
    most one column per pair of rows (seam carving on rows taken two at a time, which halves the
    work): its column in every row, and the ink it crosses."""
    h, w = own.shape
    low, high = max(1, centre - reach), min(w - 1, centre + reach)
    band = own[:, low:high + 1]
    if h % 2:
        band = np.vstack([band, band[-1:]])
    pairs = (band[0::2] | band[1::2]).astype(np.float32)
    cost = pairs + 0.01 * np.abs(np.arange(low, high + 1, dtype=np.float32) - centre)
    totals = np.empty_like(cost)
    padded = np.full(cost.shape[1] + 2, np.inf, np.float32)
    totals[0] = cost[0]
    for row in range(1, len(cost)):
        padded[1:-1] = totals[row - 1]
        step = totals[row]
        np.minimum(padded[:-2], padded[2:], out=step)
        np.minimum(step, padded[1:-1], out=step)
        step += cost[row]
    # the way back in plain Python on a list (argmin on 3-element slices cost more than the walk)
    table = totals.tolist()
    last = table[-1]
    column = last.index(min(last))
    path = [column] * len(table)
    for row in range(len(table) - 1, 0, -1):
        above = table[row - 1]
        start = max(0, column - 1)
        window = above[start:column + 2]
        column = start + window.index(min(window))
        path[row - 1] = column
    columns = np.repeat(np.asarray(path, np.int32), 2)[:h] + low
    return columns, float(own[np.arange(h), columns].sum())


def _part(own: np.ndarray, piece: _Group, left: np.ndarray, right: np.ndarray) -> _Group | None:
    """The blob's ink between two seams (columns per row) as a group of its own."""
    columns = np.arange(own.shape[1])
    inside = (columns[None, :] >= left[:, None]) & (columns[None, :] < right[:, None])
    mask = (own.astype(bool) & inside).astype(np.uint8)
    pixels = int(mask.sum())
    if pixels < _MIN_SPECK_AREA:
        return None
    bx, by, bw, bh = cv2.boundingRect(mask)
    return _Group((piece.box[0] + bx, piece.box[1] + by, bw, bh), piece.labels, pixels,
                  mask[by:by + bh, bx:bx + bw] * 255)


def _best_cut(group: _Group, slot: int, options: list[tuple[list[tuple[_Group, int]], float]], best: np.ndarray,
              crops: list[np.ndarray]) -> list[_Group]:
    """The whole blob or one of its cuts, whichever reads likelier (a cut costs a little prior)."""
    x, y, w, h = group.box
    whole = float(best[slot]) if w <= _MAX_WIDTH_RATIO * h else _NO_DIGITS_LOG  # no digit is that wide
    choice = [(group, slot)]
    score = whole
    for option, prior in options:
        option_score = sum(float(best[s]) for _, s in option) + prior
        if option_score > score:
            choice, score = option, option_score
    return [_Read(part.box, part.labels, part.pixels, part.mask, crops[s], s) for part, s in choice]


def _looks_like_digit(group: _Group, binary: np.ndarray, min_height: int) -> bool:
    x, y, w, h = group.box
    frame_h, frame_w = binary.shape
    if h < min_height or w < 2:
        return False
    if w > _MAX_WIDTH_RATIO * h or h > _MAX_HEIGHT_RATIO * w:
        return False                            # rules, dashes, underlines, hair-thin strokes
    if h >= 0.95 * frame_h or w >= 0.95 * frame_w or _is_page_edge(group.box, binary):
        return False
    return not _is_thin_line(group)


def _shadow_edge(group: _Group, binary: np.ndarray, contrast: np.ndarray, level: float) -> bool:
    """"Ink" along the hard edge of a shadow or a hot spot: the paper's brightness, estimated at a coarse
    scale, runs on a little past the edge into the shadow, so the shaded paper just inside reads as
    ink; but the paper a few px beyond it, on its shadow side, reads almost as dark. A pen stroke
    stands on paper that reads as paper all round. (Measured on the page kinds, the ring's 75th
    percentile over the ink's median: strokes ≤ 0.27, shadow and hot-spot edges mostly ≥ 0.31.)"""
    x, y, w, h = group.box
    if cv2.mean(contrast[y:y + h, x:x + w], binary[y:y + h, x:x + w])[0] >= _SHADOW_INK * level:
        return False                    # ink this strong is a stroke (edges: ≤ 1.3× the level; strokes: 98% above)
    frame_h, frame_w = binary.shape
    x0, y0 = max(0, x - _RING_OUTER), max(0, y - _RING_OUTER)
    x1, y1 = min(frame_w, x + w + _RING_OUTER), min(frame_h, y + h + _RING_OUTER)
    inked = binary[y0:y1, x0:x1]                      # its ink, and any other ink as near
    ring = cv2.subtract(cv2.dilate(inked, _RING_OUTER_KERNEL), cv2.dilate(inked, _RING_INNER_KERNEL))
    region = contrast[y0:y1, x0:x1]
    # levels from masked histograms (5 µs each; boolean indexing and partitioning cost ~15 µs more)
    ink = _cumulative_histogram(region, inked)
    around = _cumulative_histogram(region, ring)
    if ink[-1] == 0 or around[-1] == 0:
        return False
    ink_level = max(1, _level_at(ink, 0.5))
    ring_level = _level_at(around, 0.75)
    darker_share = 1.0 - around[int(0.5 * ink_level)] / around[-1]
    return ring_level > _SHADOW_RING * ink_level or darker_share > _SHADOW_SHARE


def _cumulative_histogram(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """How many of the masked pixels lie at or below each level 0..255."""
    return cv2.calcHist([image], [0], mask, [256], [0, 256]).ravel().cumsum()


def _level_at(cumulative: np.ndarray, share: float) -> int:
    """The level below which `share` of the pixels of a cumulative histogram lie (0.5: the median)."""
    return int(np.searchsorted(cumulative, share * cumulative[-1]))


def _is_page_edge(box: Box, binary: np.ndarray) -> bool:
    """A piece of the paper's edge: near a frame border, elongated along it, and in line with ink
    that runs along most of that border (the edge, broken up by light and noise)."""
    x, y, w, h = box
    frame_h, frame_w = binary.shape
    if h >= _EDGE_ELONGATION * w and (x <= _EDGE_ZONE * frame_w or x + w >= (1 - _EDGE_ZONE) * frame_w):
        rows_with_ink = cv2.reduce(binary[:, x:x + w], 1, cv2.REDUCE_MAX)
        return cv2.countNonZero(rows_with_ink) >= _EDGE_RUN * frame_h
    if w >= _EDGE_ELONGATION * h and (y <= _EDGE_ZONE * frame_h or y + h >= (1 - _EDGE_ZONE) * frame_h):
        columns_with_ink = cv2.reduce(binary[y:y + h, :], 0, cv2.REDUCE_MAX)
        return cv2.countNonZero(columns_with_ink) >= _EDGE_RUN * frame_w
    return False


def _is_thin_line(group: _Group) -> bool:
    """Long and thin at any angle: too little ink for the size of its box."""
    longer = max(group.box[2], group.box[3])
    return group.pixels < _MIN_DENSITY * longer * longer


def _to_frame_box(box: Box, scale: float, frame_shape: tuple[int, ...]) -> Box:
    if scale == 1.0:
        return box
    x, y, w, h = box
    x0, y0 = int(x / scale), int(y / scale)
    x1 = min(frame_shape[1], int(np.ceil((x + w) / scale)))
    y1 = min(frame_shape[0], int(np.ceil((y + h) / scale)))
    return x0, y0, x1 - x0, y1 - y0


def _crop_origin(box: Box) -> tuple[int, int]:
    """Where a candidate's crop starts in the picture it was cut from (before its margin is added)."""
    return max(0, box[0] - _CROP_PAD), max(0, box[1] - _CROP_PAD)


def _crop(group: _Group, ink: _Ink, contrast: np.ndarray) -> np.ndarray:
    """The candidate's ink from the contrast image, other ink wiped, with a clean margin."""
    x, y, w, h = group.box
    frame_h, frame_w = contrast.shape
    x0, y0 = _crop_origin(group.box)
    x1, y1 = min(frame_w, x + w + _CROP_PAD), min(frame_h, y + h + _CROP_PAD)
    if group.mask is not None:
        own = np.zeros((y1 - y0, x1 - x0), np.uint8)
        own[y - y0:y - y0 + h, x - x0:x - x0 + w] = group.mask
    else:
        own = ink.own(group.labels, x0, y0, x1, y1)
    own = cv2.threshold(cv2.dilate(own, _CROP_PAD_KERNEL), 0, 255, cv2.THRESH_BINARY)[1]
    crop = cv2.bitwise_and(contrast[y0:y1, x0:x1], own)
    return cv2.copyMakeBorder(crop, _CROP_MARGIN, _CROP_MARGIN, _CROP_MARGIN, _CROP_MARGIN,
                              cv2.BORDER_CONSTANT, value=0)
