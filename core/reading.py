"""Reading a drawing: the Draw tab's Qt-free half.

A square drawing (uint8, white ink on black) → nothing, a dot, one digit, or a number of several digits,
each with its probabilities and the 28×28 input the network saw. Plain functions on numpy arrays: the
Draw tab calls read_drawing() on its reader thread and only shows what comes back.

A drawing made of strokes is read from its strokes: they are grouped into digits by their geometry
(centre lines, not the inked pixels, so a thick brush does not glue neighbours together) and each digit
is drawn again at the stroke width MNIST's pen has for a digit of its size, whatever the brush was. The
network then sees the same digit whether it was drawn with a 10 or a 120 pixel brush, with solid
strokes: one mask, round caps and joins, no holes where strokes cross. A pasted or dropped picture has
no strokes and is read as pixels (halved, then core.pipeline finds the digits).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from core.detect import in_reading_order
from core.pipeline import Detection, FrameResult, group_numbers
from core.preprocess import is_blank, to_mnist

CONFIDENCE_THRESHOLD = 0.6   # below this an answer is not sure: the Draw tab then shows the two best guesses
ANALYSIS_SIZE = 280          # the 560-pixel canvas is halved before reading: same 28×28 input, 4× less work
DOT_SIZE = 1.6               # ink less than 1.6 brush widths across is a dot, not a digit yet
FRAGMENT_SHARE = 0.4         # a blob less than 40% as tall as the tallest digit is a speck, not a digit
INK_LEVEL = 32               # fainter pixels (antialiasing, eraser leftovers) are not ink
# MNIST's pen: strokes about 2-2.5 px on the 20-px box, i.e. ~11% of the digit's longer side
# (measured on the sample's test digits: median 12%, quartiles 10-14%).
STROKE_SHARE = 0.11
COLUMN_SHARE = 0.3           # strokes sharing 30% of the narrower one's width (horizontally) are one digit
TOUCH_SHARE = 0.04           # centre lines closer than 4% of the larger stroke's size touch
WIDE_FROM, WIDE_PENALTY = 1.2, 3.0   # a blob wider than 1.2× its height is this much less likely one digit
                                     # per unit of extra width (log; as core.detect's prior)
_RENDER_SIDE = 112           # a digit is drawn again 4× larger than the network's 28 px, then shrunk
_SAMPLE_STEP = 2.0           # canvas px between the points a stroke is checked at (eraser, touching)

Box = tuple[int, int, int, int]


@dataclass(frozen=True, eq=False)
class Stroke:
    """One stroke as it was drawn: the pointer samples (N×2, x and y in the drawing's pixels), the pen's
    width at each sample (pressure changes it) and whether it was the eraser."""
    points: np.ndarray
    widths: np.ndarray
    erases: bool = False

    @staticmethod
    def of(points, widths, erases: bool = False) -> Stroke:
        points = np.asarray(points, np.float32).reshape(-1, 2)
        widths = np.broadcast_to(np.asarray(widths, np.float32), (len(points),)).copy()
        return Stroke(points, widths, erases)


@dataclass
class Answer:
    """The best and second-best guess in a probability vector."""
    label: int
    confidence: float
    runner_up: int
    runner_up_confidence: float

    @property
    def sure(self) -> bool:
        return self.confidence >= CONFIDENCE_THRESHOLD


def best_two(probabilities: np.ndarray) -> Answer:
    order = np.argsort(probabilities)[::-1]
    first, second = int(order[0]), int(order[1])
    return Answer(first, float(probabilities[first]), second, float(probabilities[second]))


@dataclass
class DigitReading:
    """One digit of a number: its box in the drawing's pixels, the network's answer and its input."""
    box: Box
    probabilities: np.ndarray
    image28: np.ndarray

    @property
    def answer(self) -> Answer:
        return best_two(self.probabilities)


@dataclass
class Reading:
    """What one look at the drawing found: nothing, one digit, or a number of several digits."""
    image28: np.ndarray | None = None          # the single digit's network input
    probabilities: np.ndarray | None = None    # the single digit's answer
    digits: list[DigitReading] = field(default_factory=list)  # several digits, in reading order
    number: str = ""
    only_a_dot: bool = False   # the ink is no bigger than one dab of the brush: not read yet

    @property
    def is_number(self) -> bool:
        return len(self.digits) >= 2


def read_drawing(drawing: np.ndarray, classifier, pipeline, brush_width: float = 0.0,
                 strokes: list[Stroke] | None = None) -> Reading:
    """A square drawing (uint8, white on black) read by the classifier.

    With its strokes, the drawing is read from them (read_strokes). Without (a picture), through the
    pipeline's detector: one digit alone is read as the pipeline read it (one inference); when the
    detector also found specks or loose strokes, or nothing at all, the whole drawing is read as one
    digit instead: a loose stroke is most likely part of it (the bar of a 5, the dot of a sloppy 9).
    Ink no bigger than a dab of the brush (brush_width in the drawing's pixels) is not read at all:
    blown up to 20×20 any dot looks like a 0. Without a classifier only the network's input is made.
    """
    scale = drawing.shape[0] / ANALYSIS_SIZE
    small = cv2.resize(drawing, (ANALYSIS_SIZE, ANALYSIS_SIZE), interpolation=cv2.INTER_AREA)
    if is_blank(small):
        return Reading()
    if ink_extent(small) < DOT_SIZE * brush_width / scale:
        return Reading(image28=to_mnist(small), only_a_dot=True)
    if strokes is not None:
        inked = visible_strokes(strokes, drawing)
        if inked:
            return read_strokes(inked, classifier, drawing.shape)
    if classifier is None or pipeline is None:
        return Reading(image28=to_mnist(small))
    result = pipeline.process(small, annotate=False)
    digits = digit_sized(result.detections)
    if len(digits) >= 2:
        whole = whole_if_likelier(small, digits, classifier)
        return whole if whole is not None else number_reading(result, digits, scale)
    if len(result.detections) == 1:
        only = result.detections[0]
        return Reading(image28=only.image, probabilities=np.asarray(only.probabilities, dtype=np.float32))
    image28 = to_mnist(small)
    return Reading(image28=image28, probabilities=classifier.predict_one(image28))


def whole_if_likelier(drawing: np.ndarray, digits: list, classifier) -> Reading | None:
    """The whole drawing read as one digit, when that is likelier than the digits found, read together.
    The detector can break one big blurry digit filling the picture into pieces that each pass for a
    digit (a pasted MNIST digit came apart in 1 of 10 pictures); a number written side by side reads
    far better as its digits, and its whole, squeezed into one box and much wider than tall, pays for
    its width (the detector's own prior)."""
    image28 = to_mnist(drawing)
    probabilities = classifier.predict_one(image28)
    _, _, width, height = cv2.boundingRect((drawing > INK_LEVEL).astype(np.uint8))
    whole = math.log(max(1e-6, float(np.max(probabilities)))) - WIDE_PENALTY * max(0.0, width / max(1, height) - WIDE_FROM)
    apart = sum(math.log(max(1e-6, float(d.confidence))) for d in digits)
    return Reading(image28=image28, probabilities=probabilities) if whole > apart else None


def ink_extent(drawing: np.ndarray) -> int:
    """The longer side of the ink's bounding box, in pixels (0 for no ink)."""
    _, _, width, height = cv2.boundingRect((drawing > INK_LEVEL).astype(np.uint8))
    return max(width, height)


def digit_sized(detections: list) -> list:
    """The detections at least FRAGMENT_SHARE as tall as the tallest: specks and loose bits of a stroke
    are not digits of a number."""
    if not detections:
        return []
    tallest = max(detection.box[3] for detection in detections)
    return [detection for detection in detections if detection.box[3] >= FRAGMENT_SHARE * tallest]


def number_reading(result, digits: list, scale: float = 1.0) -> Reading:
    """Several digits of a pipeline result, in its reading order (rows top to bottom, each left to
    right), with boxes scaled back to the drawing's pixels."""
    if len(digits) < len(result.detections):
        result = replace(result, detections=digits, hidden=[], numbers=group_numbers(digits))
    return Reading(digits=[DigitReading(box=_scaled(d.box, scale),
                                        probabilities=np.asarray(d.probabilities, dtype=np.float32),
                                        image28=d.image) for d in result.detections],
                   number=result.reading())


def _scaled(box: Box, scale: float) -> Box:
    return tuple(round(value * scale) for value in box)


# ----- strokes ---------------------------------------------------------------------------------------

def read_strokes(strokes: list[Stroke], classifier, shape: tuple[int, int]) -> Reading:
    """Ink strokes (no eraser) → one digit or a number: grouped into digits, each drawn again at MNIST's
    stroke width, all read in one batch. `shape` is the drawing's, for the boxes shown on it."""
    groups = group_strokes(strokes)
    if classifier is None:
        return Reading(image28=digit_input(strokes))
    images = np.stack([digit_input(group) for group in groups])
    probabilities = classifier.predict(images)
    if len(groups) == 1:
        return Reading(image28=images[0], probabilities=probabilities[0])
    detections = [Detection(_normalised_box(group), int(row.argmax()), float(row.max()), row, image)
                  for group, row, image in zip(groups, probabilities, images)]
    ink_boxes = {id(detection): _ink_box(group, shape) for detection, group in zip(detections, groups)}
    result = FrameResult(detections=detections, hidden=[], numbers=group_numbers(detections), annotated=None,
                         binary=np.zeros((1, 1), np.uint8))
    ordered = [detection for _, detection in in_reading_order([(d.box, d) for d in detections])]
    return Reading(digits=[DigitReading(ink_boxes[id(d)], d.probabilities, d.image) for d in ordered],
                   number=result.reading())


def visible_strokes(strokes: list[Stroke], drawing: np.ndarray) -> list[Stroke]:
    """The ink strokes as they still show: where the eraser went over a stroke's centre line (the
    drawing has no ink there any more), the stroke is cut. Without eraser strokes, the ink strokes."""
    ink = [stroke for stroke in strokes if not stroke.erases and len(stroke.points)]
    if len(ink) == len(strokes):
        return ink
    pieces = []
    for stroke in ink:
        points, widths = _densified(stroke)
        xs = np.clip(np.round(points[:, 0]).astype(int), 0, drawing.shape[1] - 1)
        ys = np.clip(np.round(points[:, 1]).astype(int), 0, drawing.shape[0] - 1)
        shows = drawing[ys, xs] > INK_LEVEL
        pieces += [Stroke(points[run], widths[run]) for run in _runs(shows)]
    return pieces


def _runs(flags: np.ndarray) -> list[slice]:
    """The slices where flags is True, each at least one long."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return [slice(start, end) for start, end in zip(edges[::2], edges[1::2])]


def _densified(stroke: Stroke, step: float = _SAMPLE_STEP) -> tuple[np.ndarray, np.ndarray]:
    """The stroke's points and widths with extra points so neighbours are at most `step` apart."""
    points, widths = stroke.points, stroke.widths
    if len(points) < 2:
        return points, widths
    lengths = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate(([0.0], np.cumsum(lengths)))
    where = np.linspace(0.0, along[-1], max(2, int(math.ceil(along[-1] / step)) + 1))
    dense = np.stack([np.interp(where, along, points[:, 0]), np.interp(where, along, points[:, 1])], axis=1)
    return dense.astype(np.float32), np.interp(where, along, widths).astype(np.float32)


def group_strokes(strokes: list[Stroke]) -> list[list[Stroke]]:
    """Strokes → digits, left to right. Strokes are one digit when they cross or touch, or when they
    share a column (their centre lines overlap horizontally by COLUMN_SHARE of the narrower one's width: the bar
    of a 4, a 7's cross, the top of a 5); a group much smaller than the tallest digit (a speck, a loose
    bit, a loose bar) joins the nearest one. Decided on the centre lines only, so the brush width does not matter."""
    groups = _touching_groups(strokes)
    while len(groups) > 1 and _merge_one_pair(groups):
        pass
    return sorted(groups, key=lambda group: _centre_box(group)[0])


def _touching_groups(strokes: list[Stroke]) -> list[list[Stroke]]:
    """The strokes in groups that cross or touch (through each other: a chain of touching strokes)."""
    boxes = [_centre_box([stroke]) for stroke in strokes]
    dense = [_densified(stroke)[0] for stroke in strokes]
    owner = list(range(len(strokes)))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    for i in range(len(strokes)):
        for j in range(i + 1, len(strokes)):
            if root(i) != root(j) and _touching(dense[i], dense[j], boxes[i], boxes[j]):
                owner[root(j)] = root(i)
    groups: dict[int, list[Stroke]] = {}
    for i, stroke in enumerate(strokes):
        groups.setdefault(root(i), []).append(stroke)
    return list(groups.values())


def _merge_one_pair(groups: list[list[Stroke]]) -> bool:
    """Merge the first two groups that share a column, or else a fragment into its nearest neighbour."""
    boxes = [_centre_box(group) for group in groups]
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            if _same_column(boxes[i], boxes[j]):
                groups[i] += groups.pop(j)
                return True
    tallest = max(box[3] - box[1] for box in boxes)
    for i, box in enumerate(boxes):
        if box[3] - box[1] < FRAGMENT_SHARE * tallest:
            nearest = min((j for j in range(len(groups)) if j != i), key=lambda j: _box_gap(box, boxes[j]))
            groups[nearest] += groups[i]
            del groups[i]
            return True
    return False


def _centre_box(strokes: list[Stroke]) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of the strokes' centre lines."""
    points = np.concatenate([stroke.points for stroke in strokes])
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _same_column(a, b) -> bool:
    overlap = min(a[2], b[2]) - max(a[0], b[0])
    return overlap >= 0 and overlap >= COLUMN_SHARE * min(a[2] - a[0], b[2] - b[0])


def _touching(points_a: np.ndarray, points_b: np.ndarray, box_a, box_b) -> bool:
    """Two centre lines (densified points) cross or come within TOUCH_SHARE of the larger one's size."""
    size = max(box_a[2] - box_a[0], box_a[3] - box_a[1], box_b[2] - box_b[0], box_b[3] - box_b[1])
    reach = max(TOUCH_SHARE * size, _SAMPLE_STEP)
    if _box_gap(box_a, box_b) > reach:
        return False
    near = ((points_b[:, 0] >= box_a[0] - reach) & (points_b[:, 0] <= box_a[2] + reach)
            & (points_b[:, 1] >= box_a[1] - reach) & (points_b[:, 1] <= box_a[3] + reach))
    points_b = points_b[near]
    if not len(points_b):
        return False
    gaps = np.hypot(points_a[:, None, 0] - points_b[None, :, 0], points_a[:, None, 1] - points_b[None, :, 1])
    return float(gaps.min()) <= reach


def _box_gap(a, b) -> float:
    """How far apart two boxes are (0 when they overlap)."""
    dx = max(a[0] - b[2], b[0] - a[2], 0.0)
    dy = max(a[1] - b[3], b[1] - a[3], 0.0)
    return math.hypot(dx, dy)


def normal_stroke_width(extent: float) -> float:
    """MNIST's stroke width for a digit whose centre lines span `extent` (longer side): the inked box
    is extent + width, and the width is STROKE_SHARE of that."""
    return max(extent, 1.0) * STROKE_SHARE / (1.0 - STROKE_SHARE)


def render_digit(strokes: list[Stroke]) -> np.ndarray:
    """The strokes drawn again, white on black (uint8), at MNIST's stroke width for their size, as one
    mask with round caps and joins (so crossings and thick curves stay solid). A pen's pressure still
    varies the width around that."""
    x0, y0, x1, y1 = _centre_box(strokes)
    width = normal_stroke_width(max(x1 - x0, y1 - y0))
    scale = _RENDER_SIDE / (max(x1 - x0, y1 - y0) + width)
    margin = 2 + width * scale / 2
    mask = np.zeros((int(math.ceil((y1 - y0) * scale + 2 * margin)) + 1,
                     int(math.ceil((x1 - x0) * scale + 2 * margin)) + 1), np.uint8)
    usual = float(np.median(np.concatenate([stroke.widths for stroke in strokes])))
    for stroke in strokes:
        points = ((stroke.points - (x0, y0)) * scale + margin) * 16   # 4 bits of sub-pixel precision
        thickness = width * scale * stroke.widths / max(usual, 1e-6)
        _draw_polyline(mask, np.round(points).astype(np.int32), thickness)
    return mask


def _draw_polyline(mask: np.ndarray, points: np.ndarray, thickness: np.ndarray) -> None:
    if len(points) == 1 or np.ptp(thickness) < 0.5:
        size = max(1, int(round(float(np.mean(thickness)))))
        if len(points) == 1:
            cv2.circle(mask, tuple(int(v) for v in points[0]), size * 8, 255, -1, cv2.LINE_8, 4)
        else:
            cv2.polylines(mask, [points], False, 255, size, cv2.LINE_8, 4)
        return
    for start, end, size in zip(points, points[1:], (thickness[:-1] + thickness[1:]) / 2):
        cv2.line(mask, tuple(int(v) for v in start), tuple(int(v) for v in end), 255,
                 max(1, int(round(float(size)))), cv2.LINE_8, 4)


def digit_input(strokes: list[Stroke]) -> np.ndarray:
    """The 28×28 network input of one digit drawn as strokes."""
    return to_mnist(render_digit(strokes))


def _normalised_box(strokes: list[Stroke]) -> Box:
    """The digit's box as if drawn with MNIST's pen: what number grouping and reading order look at,
    the same whatever the brush."""
    x0, y0, x1, y1 = _centre_box(strokes)
    half = normal_stroke_width(max(x1 - x0, y1 - y0)) / 2
    return (round(x0 - half), round(y0 - half), round(x1 - x0 + 2 * half), round(y1 - y0 + 2 * half))


def _ink_box(strokes: list[Stroke], shape: tuple[int, int]) -> Box:
    """The digit's box as drawn, with the brush's width, inside the drawing."""
    x0, y0, x1, y1 = _centre_box(strokes)
    half = max(float(stroke.widths.max()) for stroke in strokes) / 2
    left, top = max(0, math.floor(x0 - half)), max(0, math.floor(y0 - half))
    right, bottom = min(shape[1], math.ceil(x1 + half)), min(shape[0], math.ceil(y1 + half))
    return left, top, right - left, bottom - top
