"""A frame → the handwritten digits on it, as boxes and crops ready for `preprocess.to_mnist`.

Works on paper, whiteboards, blackboards and screens, either polarity, under uneven light:
  1. grey, shrunk when huge;
  2. polarity from which side of the paper (a coarse median) holds the strong contrast;
  3. the paper's own brightness at a coarse scale (a grey closing: it fills in strokes and keeps
     shadows), and the ink measured as contrast relative to it (a ratio, so shadows cancel out);
  4. Otsu's threshold on that contrast (with a floor, so a blank page stays blank), grown into
     fainter ink that touches it;
  5. ink components; broken strokes of one digit merged (strong overlap in x, small vertical gap);
  6. dots, noise, ruled lines, long strokes and page edges rejected by size and shape.
Each candidate's crop is cut from the contrast image with every other component wiped, so a
neighbour's stroke never leaks into it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from core.images import to_grey_uint8

Box = tuple[int, int, int, int]   # x, y, w, h in the frame's own pixels

MAX_SIDE = 1280                 # bigger frames are detected at this size (boxes mapped back)
MIN_DIGIT_HEIGHT = 12           # px at detection scale
_COARSE_SIDE = 96               # the paper's brightness is estimated on a picture this big...
_PAPER_DISC = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (13, 13))   # ...with a closing this wide
_POLARITY_MEDIAN = 9            # polarity is judged against a coarse median this wide
_MIN_CONTRAST = 45              # 0..255: weaker ink contrast than this is never ink...
_NOISE_FACTOR = 4.5             # ...nor is any weaker than this many times the paper's noise
_DARKEST_PAPER = 64             # contrast is relative to the paper, but never to paper darker than this
_POLARITY_LEVEL = 40            # grey levels off the paper that count as evidence of ink...
_POLARITY_EVIDENCE = 0.001      # ...once this share of the frame shows it...
_POLARITY_MARGIN = 2.0          # ...and this many times more on one side than on the other
_FAINT_SHARE = 0.6              # ink down to this share of the threshold counts when it touches strong ink...
_FAINT_STEPS = 3                # ...within this many px
_CROSS = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
_MIN_SPECK_AREA = 4             # components smaller than this (px) are noise, not even stroke pieces
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
_CROP_MARGIN = 3                # px of clean paper around each crop (to_mnist reads paper from the border)


@dataclass
class Candidate:
    box: Box                        # in the frame's pixels
    crop: np.ndarray                # uint8, ink bright on black, only this candidate's ink


@dataclass
class Detected:
    candidates: list[Candidate]
    binary: np.ndarray              # uint8 0/255 ink mask at detection scale (debug view)
    dark_ink: bool                  # True: dark ink on light paper
    scale: float = 1.0              # detection scale / frame scale (< 1 when the frame was shrunk)
    contrast: np.ndarray | None = field(default=None, repr=False)   # the ink-contrast image

    @property
    def downscaled(self) -> bool:
        return self.scale < 1.0


def find_digits(frame: np.ndarray) -> list[Candidate]:
    """Digit candidates in a BGR/BGRA/grey frame, in reading order (top to bottom, left to right)."""
    return detect(frame).candidates


def detect(frame: np.ndarray, min_height: int = MIN_DIGIT_HEIGHT) -> Detected:
    grey, scale = _working_grey(frame)
    contrast, dark_ink = ink_contrast(grey)
    binary = _threshold(contrast)
    components = _components(binary)
    digits = [group for group in _merge_broken_strokes(components) if _looks_like_digit(group, binary, min_height)]
    digits = [group for _, group in in_reading_order([(group.box, group) for group in digits])]
    candidates = [Candidate(_to_frame_box(group.box, scale, frame.shape), _crop(group, contrast)) for group in digits]
    return Detected(candidates, binary, dark_ink, scale, contrast)


def in_reading_order(items: list[tuple[Box, object]]) -> list[tuple[Box, object]]:
    """(box, item) pairs by rows top to bottom, left to right within a row. A row takes every box
    whose middle lies within half a height of the middle of the row's first box."""
    by_middle = sorted(items, key=lambda item: item[0][1] + item[0][3] / 2)
    rows: list[list[tuple[Box, object]]] = []
    row_middle = row_reach = None
    for item in by_middle:
        x, y, w, h = item[0]
        middle = y + h / 2
        if rows and middle <= row_middle + row_reach:
            rows[-1].append(item)
        else:
            rows.append([item])
            row_middle, row_reach = middle, h / 2
    return [item for row in rows for item in sorted(row, key=lambda item: item[0][0])]


def _working_grey(frame: np.ndarray) -> tuple[np.ndarray, float]:
    grey = to_grey_uint8(frame)
    longest = max(grey.shape)
    if longest <= MAX_SIDE:
        return grey, 1.0
    scale = MAX_SIDE / longest
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA), scale


def ink_contrast(grey: np.ndarray) -> tuple[np.ndarray, bool]:
    """Ink as contrast against the local paper (uint8, 0 = paper), and whether the ink is dark.

    Light falls on paper and ink alike, so the ratio ink/paper survives gradients and shadows. Light
    ink is measured on the negative, so it is always a darkening of a light background; the divisor
    has a floor so the noise of very dark paper is not blown up into ink.
    """
    coarse = _coarse(grey)
    median = cv2.blur(cv2.medianBlur(coarse, _POLARITY_MEDIAN), (3, 3))
    dark_ink = _ink_is_dark(grey, _to_size(median, grey.shape))
    if not dark_ink:
        grey, coarse = cv2.bitwise_not(grey), cv2.bitwise_not(coarse)
    paper = _to_size(_paper_brightness(coarse), grey.shape)
    darkening = cv2.subtract(paper, grey)
    return cv2.divide(darkening, cv2.max(paper, _DARKEST_PAPER), scale=255), dark_ink


def _coarse(grey: np.ndarray) -> np.ndarray:
    h, w = grey.shape
    factor = _COARSE_SIDE / max(h, w)
    return cv2.resize(grey, (max(3, round(w * factor)), max(3, round(h * factor))), interpolation=cv2.INTER_AREA)


def _to_size(coarse: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    return cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


def _paper_brightness(coarse: np.ndarray) -> np.ndarray:
    """The paper under dark ink: a grey closing at a coarse scale fills in every dark stroke narrower
    than its disc (strokes of digits as tall as the frame) and keeps big dark areas (shadows) with
    their edges; it follows gradients. (A median fails inside thick strokes and at curved shadows.)"""
    return cv2.blur(cv2.morphologyEx(coarse, cv2.MORPH_CLOSE, _PAPER_DISC), (3, 3))


def _ink_is_dark(grey: np.ndarray, paper: np.ndarray) -> bool:
    """The side of the paper with clearly more strong contrast holds the ink; when neither side
    clearly wins (a blank page, a shadow's edge), light paper means dark ink."""
    darker = _count_above(cv2.subtract(paper, grey), _POLARITY_LEVEL)
    lighter = _count_above(cv2.subtract(grey, paper), _POLARITY_LEVEL)
    if float(cv2.mean(paper)[0]) >= 110:
        return lighter <= _POLARITY_MARGIN * darker or lighter < _POLARITY_EVIDENCE * grey.size
    return darker > _POLARITY_MARGIN * lighter and darker >= _POLARITY_EVIDENCE * grey.size


def _count_above(image: np.ndarray, level: int) -> int:
    return cv2.countNonZero(cv2.threshold(image, level, 255, cv2.THRESH_BINARY)[1])


def _threshold(contrast: np.ndarray) -> np.ndarray:
    """Otsu's ink mask, grown into fainter ink connected to it (hysteresis: faint joins stay joined).

    The level never drops below a few times the paper's own noise, so a blank page stays blank."""
    otsu, strong = cv2.threshold(contrast, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    level = max(otsu, _MIN_CONTRAST, _NOISE_FACTOR * _noise_level(contrast))
    if level != otsu:
        _, strong = cv2.threshold(contrast, level, 255, cv2.THRESH_BINARY)
    _, faint = cv2.threshold(contrast, _FAINT_SHARE * level, 255, cv2.THRESH_BINARY)
    binary = strong
    for _ in range(_FAINT_STEPS):
        binary = cv2.bitwise_and(cv2.dilate(binary, _CROSS), faint)
    return cv2.bitwise_or(binary, strong)


def _noise_level(contrast: np.ndarray) -> float:
    """The paper's pixel noise (a standard deviation) from differences of neighbouring pixels: ink
    edges are too few to move their median, smooth shading and big ink areas do not count at all."""
    rows = contrast[::4].astype(np.int16)
    differences = np.abs(rows[:, 1:] - rows[:, :-1])
    return float(np.median(differences)) / 0.954 + 0.5


@dataclass
class _Group:
    """One or more ink components taken as one digit."""
    box: Box
    contours: list[np.ndarray]
    pixels: int


def _components(binary: np.ndarray) -> list[_Group]:
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    groups = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w * h < _MIN_SPECK_AREA:
            continue
        pixels = cv2.countNonZero(binary[y:y + h, x:x + w]) if w * h > 16 else w * h
        groups.append(_Group((x, y, w, h), [contour], pixels))
    return groups


def _should_merge(a: _Group, b: _Group) -> bool:
    """Pieces of one digit: a stroke broken across (stacked pieces), or a detached bar or side stroke."""
    if _is_thin_line(a) or _is_thin_line(b):
        return False
    if min(a.pixels, b.pixels) < _PIECE_PIXELS * max(a.pixels, b.pixels):
        return False                                      # a speck beside a digit is not part of it
    ax0, ay0, aw, ah = a.box
    bx0, by0, bw, bh = b.box
    overlap_x = min(ax0 + aw, bx0 + bw) - max(ax0, bx0)
    gap_y = max(ay0, by0) - min(ay0 + ah, by0 + bh)      # negative when they overlap vertically
    joined_w = max(ax0 + aw, bx0 + bw) - min(ax0, bx0)
    joined_h = max(ay0 + ah, by0 + bh) - min(ay0, by0)
    if overlap_x >= _MERGE_OVERLAP * min(aw, bw) and gap_y <= _MERGE_GAP * joined_h:
        return True                                       # stacked with a small gap
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


def _merge_broken_strokes(groups: list[_Group]) -> list[_Group]:
    """Join pieces of one digit (strokes broken by a gap, a detached bar) until nothing changes."""
    groups = sorted(groups, key=lambda g: g.box[0])
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = groups[i], groups[j]
                if b.box[0] > a.box[0] + a.box[2] + _TOUCH_GAP * max(a.box[3], b.box[3]) + 1:
                    break                       # sorted by x: no later box is near a in x
                if _should_merge(a, b):
                    groups[i] = _Group(_union(a.box, b.box), a.contours + b.contours, a.pixels + b.pixels)
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return groups


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


def _crop(group: _Group, contrast: np.ndarray) -> np.ndarray:
    """The candidate's ink from the contrast image, other ink wiped, with a clean margin."""
    x, y, w, h = group.box
    frame_h, frame_w = contrast.shape
    pad = 2                                     # keep the antialiased rim around the mask
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(frame_w, x + w + pad), min(frame_h, y + h + pad)
    own = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.drawContours(own, group.contours, -1, 255, thickness=cv2.FILLED, offset=(-x0, -y0))
    own = cv2.dilate(own, np.ones((2 * pad + 1, 2 * pad + 1), np.uint8))
    crop = cv2.bitwise_and(contrast[y0:y1, x0:x1], own)
    return cv2.copyMakeBorder(crop, _CROP_MARGIN, _CROP_MARGIN, _CROP_MARGIN, _CROP_MARGIN,
                              cv2.BORDER_CONSTANT, value=0)
