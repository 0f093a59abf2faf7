"""A frame → every digit on it read: detect → to_mnist each crop → ONE batched classify → results + drawing.

The same code serves the Images & video tab and `python main.py detect`.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from core.detect import Box, detect, in_reading_order
from core.images import to_bgr8
from core.preprocess import to_mnist_batch
from core.touching import several_digits

_CONFIDENT = (60, 200, 40)          # BGR: box and label of a confident digit
_UNSURE = (150, 150, 150)           # below the threshold (drawn thin, no label)
_NUMBER = (0, 140, 255)             # a number's frame and text
_FONT = cv2.FONT_HERSHEY_SIMPLEX
_ROW_HEIGHT_RATIO = 0.6             # digits of one number: the shorter at least this share of the taller...
_ROW_ALIGNMENT = 0.5                # ...vertical overlap at least this share of the shorter...
_ROW_GAP = 0.8                      # ...and a horizontal gap of at most this share of the taller


@dataclass
class Detection:
    box: Box                        # x, y, w, h in frame pixels
    label: int
    confidence: float
    probabilities: np.ndarray       # (10,) float32
    image: np.ndarray | None = field(default=None, repr=False)   # the (28, 28) input the classifier read


@dataclass
class NumberGroup:
    text: str                       # the digits read left to right, e.g. "2026"
    box: Box
    members: list[int]              # indices into FrameResult.detections, left to right


@dataclass
class FrameResult:
    detections: list[Detection]     # confident digits, reading order
    hidden: list[Detection]         # found but below the confidence threshold
    numbers: list[NumberGroup]      # two or more confident digits in a row
    annotated: np.ndarray | None    # BGR uint8 drawing (None with annotate=False)
    binary: np.ndarray              # uint8 ink mask (debug view; at detection scale, see `downscaled`)
    timings: dict[str, float] = field(default_factory=dict)   # ms: detect, preprocess, classify, draw, total
    downscaled: bool = False        # the frame was shrunk for detection (huge)
    dark_ink: bool = True

    def reading(self) -> str:
        """What the frame says: numbers and lone digits in reading order, e.g. "2026 7"."""
        grouped = {index for number in self.numbers for index in number.members}
        items = [(number.box, number.text) for number in self.numbers]
        items += [(d.box, str(d.label)) for i, d in enumerate(self.detections) if i not in grouped]
        return " ".join(text for _, text in in_reading_order(items))


class Pipeline:
    def __init__(self, classifier, confidence_threshold: float = 0.5):
        self.classifier = classifier
        self.confidence_threshold = confidence_threshold

    def process(self, frame: np.ndarray, annotate: bool = True) -> FrameResult:
        """`frame`: BGR, BGRA or grey picture of any size."""
        _load_label_font()
        start = time.perf_counter()
        reader = _EvidenceReader(self.classifier)
        found = detect(frame, evidence=reader)
        detected = time.perf_counter()
        digits, probabilities = reader.digits(found.candidates)
        classified = time.perf_counter()
        detections, hidden = self._split_by_confidence(digits, probabilities)
        numbers = group_numbers(detections)
        annotated = draw(frame, detections, hidden, numbers) if annotate else None
        drawn = time.perf_counter()
        # detect now includes reading its evidence (preprocess and the one batched classify); those two
        # are reported on their own as measured inside it
        timings = {"detect": _ms(start, detected) - reader.preprocess_ms - reader.classify_ms,
                   "preprocess": reader.preprocess_ms, "classify": reader.classify_ms + _ms(detected, classified),
                   "draw": _ms(classified, drawn), "total": _ms(start, drawn)}
        return FrameResult(detections, hidden, numbers, annotated, found.binary, timings, found.downscaled,
                           found.dark_ink)

    def _split_by_confidence(self, digits: list[tuple[Box, np.ndarray]], probabilities: np.ndarray):
        detections, hidden = [], []
        for (box, image), row in zip(digits, probabilities):
            label = int(row.argmax())
            detection = Detection(box, label, float(row[label]), row, image)
            (detections if detection.confidence >= self.confidence_threshold else hidden).append(detection)
        return detections, hidden


class _EvidenceReader:
    """The classifier as the detector's evidence: a frame's crops → to_mnist → one batched predict;
    keeps the 28×28 inputs and the probabilities so the chosen candidates are not read again."""

    def __init__(self, classifier):
        self.classifier = classifier
        self.images = np.zeros((0, 28, 28), np.float32)
        self.probabilities = np.zeros((0, 10), np.float32)
        self.preprocess_ms = self.classify_ms = 0.0
        self._ahead = np.zeros((0, 28, 28), np.float32)     # inputs of the next call's first crops, made early

    def __call__(self, crops: list[np.ndarray]) -> np.ndarray:
        start = time.perf_counter()
        ahead, self._ahead = self._ahead[:len(crops)], self._ahead[:0]
        images = np.concatenate([ahead, to_mnist_batch(crops[len(ahead):])])
        inked = images.reshape(len(crops), -1).any(axis=1)
        prepared = time.perf_counter()
        probabilities = np.zeros((len(crops), 10), np.float32)      # a blank crop reads as nothing at all
        if inked.any():
            probabilities[inked] = self.classifier.predict(images[inked])
        self.preprocess_ms += _ms(start, prepared)
        self.classify_ms += _ms(prepared, time.perf_counter())
        self.images = np.concatenate([self.images, images])
        self.probabilities = np.concatenate([self.probabilities, probabilities])
        return probabilities

    def several(self, crops: list[np.ndarray], rows: list[int]) -> np.ndarray:
        """How likely the crops at `rows` each hold several digits (core.touching); their 28×28 inputs
        are kept for the next call, whose first crops these are."""
        start = time.perf_counter()
        self._ahead = to_mnist_batch(crops)
        prepared = time.perf_counter()
        chances = several_digits(self._ahead[rows])
        self.preprocess_ms += _ms(start, prepared)
        self.classify_ms += _ms(prepared, time.perf_counter())
        return chances

    def digits(self, candidates) -> tuple[list[tuple[Box, np.ndarray]], np.ndarray]:
        """(box, 28×28 input) of each non-blank candidate and its probabilities; candidates the
        evidence did not cover (rare: a partial merge of three or more pieces) are read here."""
        unread = [c for c in candidates if c.evidence is None]
        first_unread = len(self.images)
        if unread:
            self([c.crop for c in unread])
        digits, rows = [], []
        for candidate in candidates:
            row = candidate.evidence if candidate.evidence is not None else first_unread + unread.index(candidate)
            if self.images[row].any():
                digits.append((candidate.box, self.images[row]))
                rows.append(self.probabilities[row])
        return digits, np.asarray(rows, np.float32).reshape(len(rows), 10)


def group_numbers(detections: list[Detection]) -> list[NumberGroup]:
    """Digits standing in a row (similar height, aligned, small gaps) → numbers read left to right."""
    order = sorted(range(len(detections)), key=lambda i: detections[i].box[0])
    next_in_row: dict[int, int] = {}
    has_previous: set[int] = set()
    for position, i in enumerate(order):
        for j in order[position + 1:]:
            if _continues_row(detections[i].box, detections[j].box):
                if j not in has_previous:
                    next_in_row[i] = j
                    has_previous.add(j)
                break
    numbers = []
    for i in order:
        if i in has_previous or i not in next_in_row:
            continue
        members = [i]
        while members[-1] in next_in_row:
            members.append(next_in_row[members[-1]])
        boxes = [detections[m].box for m in members]
        numbers.append(NumberGroup("".join(str(detections[m].label) for m in members), _union(boxes), members))
    return [number for _, number in in_reading_order([(number.box, number) for number in numbers])]


def _continues_row(left: Box, right: Box) -> bool:
    """`right` is the next digit of the number that `left` is in (it starts to its right)."""
    lx, ly, lw, lh = left
    rx, ry, rw, rh = right
    taller, shorter = max(lh, rh), min(lh, rh)
    gap = rx - (lx + lw)
    overlap = min(ly + lh, ry + rh) - max(ly, ry)
    return (shorter >= _ROW_HEIGHT_RATIO * taller and overlap >= _ROW_ALIGNMENT * shorter
            and -0.25 * shorter <= gap <= _ROW_GAP * taller)


def _union(boxes: list[Box]) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def draw(frame: np.ndarray, detections: list[Detection], hidden: list[Detection],
         numbers: list[NumberGroup]) -> np.ndarray:
    """The frame (as BGR) with boxes, labels with confidence, and each number's text."""
    canvas = _bgr_copy(frame)
    scale = max(canvas.shape[:2]) / 640.0
    thickness = max(1, round(1.5 * scale))
    font_scale = 0.45 * max(1.0, scale)
    pad = 3 * thickness
    for number in numbers:              # first: its digits' tags are drawn over its frame, not crossed by it
        x, y, w, h = number.box
        cv2.rectangle(canvas, (x - pad, y - pad), (x + w + pad, y + h + pad), _NUMBER, thickness)
    for detection in hidden:
        x, y, w, h = detection.box
        cv2.rectangle(canvas, (x, y), (x + w, y + h), _UNSURE, 1)
    texts = tag_texts(detections, font_scale, thickness)
    for detection, text in zip(detections, texts):
        x, y, w, h = detection.box
        cv2.rectangle(canvas, (x, y), (x + w, y + h), _CONFIDENT, thickness)
        _label(canvas, text, (x, y), _CONFIDENT, font_scale, thickness)
    tags = [_tag_span(d.box, text, font_scale, thickness) for d, text in zip(detections, texts)]
    taken = np.array([_corners(d.box) for d in detections] + tags).reshape(-1, 4)
    for number in numbers:
        corner = number_label_corner(number.box, number.text, taken, font_scale * 1.4, thickness, pad,
                                     canvas.shape[1])
        _label(canvas, number.text, corner, _NUMBER, font_scale * 1.4, thickness, below=True)
    return canvas


def number_label_corner(box: Box, text: str, taken: np.ndarray, font_scale: float, thickness: int,
                        pad: int, picture_width: int) -> tuple[int, int]:
    """Where a number's label goes (its top left): under the number's box, or beside its right or left end
    where under it would cover the digits and tags of the row below (rows written close together); where
    every place covers something, the one that covers least.
    `taken`: (N, 4) x0, y0, x1, y1 of the boxes and tags drawn (one array: a page may hold hundreds)."""
    x, y, w, h = box
    (tw, th), baseline = cv2.getTextSize(text, _FONT, font_scale, thickness)
    width, height = tw + 4, th + baseline + 4
    beside_top = y + h + pad - height
    beside = [(x + w + pad + 2, beside_top), (x - pad - 2 - width, beside_top)]
    places = [(x - pad, y + h + pad)] + [place for place in beside if 0 <= place[0] <= picture_width - width]
    covered = []
    for left, top in places:
        covers = ((left < taken[:, 2]) & (taken[:, 0] < left + width)
                  & (top < taken[:, 3]) & (taken[:, 1] < top + height))
        if not covers.any():
            return left, top
        covered.append(int(covers.sum()))
    return places[int(np.argmin(covered))]


def tag_texts(detections: list[Detection], font_scale: float, thickness: int) -> list[str]:
    """Each box's tag: "7 100%", or the digit alone where that tag would overlap a neighbour's (digits
    touching in a number have boxes side by side; the table has the confidence)."""
    texts = [f"{d.label} {d.confidence:.0%}" for d in detections]
    spans = [_tag_span(d.box, text, font_scale, thickness) for d, text in zip(detections, texts)]
    crowded: set[int] = set()
    by_left = sorted(range(len(spans)), key=lambda i: spans[i][0])
    for k, i in enumerate(by_left):             # a sweep from the left: a page may hold hundreds of digits
        for j in by_left[k + 1:]:
            if spans[j][0] >= spans[i][2]:
                break
            if _overlap(spans[i], spans[j]):
                crowded |= {i, j}
    return [str(d.label) if i in crowded else text for i, (d, text) in enumerate(zip(detections, texts))]


def _tag_span(box: Box, text: str, font_scale: float, thickness: int) -> tuple[int, int, int, int]:
    """x0, y0, x1, y1 of the tag `_label` draws above the box (before keeping it inside the picture)."""
    (tw, th), baseline = cv2.getTextSize(text, _FONT, font_scale, thickness)
    x, y = box[0], box[1]
    return x, y - th - baseline - 4, x + tw + 4, y


def _corners(box: Box) -> tuple[int, int, int, int]:
    x, y, w, h = box
    return x, y, x + w, y + h


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label(canvas: np.ndarray, text: str, corner: tuple[int, int], colour, font_scale: float, thickness: int,
           below: bool = False) -> None:
    """Text on a filled tag just above (or below) a box corner, kept inside the picture."""
    (tw, th), baseline = cv2.getTextSize(text, _FONT, font_scale, thickness)
    x, y = corner
    top = y if below else y - th - baseline - 4
    top = min(max(0, top), canvas.shape[0] - th - baseline - 4)
    x = min(max(0, x), max(0, canvas.shape[1] - tw - 4))
    cv2.rectangle(canvas, (x, top), (x + tw + 4, top + th + baseline + 4), colour, cv2.FILLED)
    cv2.putText(canvas, text, (x + 2, top + th + 2), _FONT, font_scale, (255, 255, 255), thickness, cv2.LINE_AA)


_THREAD = threading.local()


def _load_label_font() -> None:
    """OpenCV builds its font on a thread's first use (22-30 ms): done before the first frame's clock
    starts, so its drawing time is what drawing costs."""
    if not getattr(_THREAD, "font_loaded", False):
        cv2.getTextSize("0", _FONT, 1.0, 1)
        _THREAD.font_loaded = True


def _bgr_copy(frame: np.ndarray) -> np.ndarray:
    if frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3:
        return frame.copy()
    return to_bgr8(frame)        # grey, alpha, 16-bit, float: a new array already


def _ms(start: float, end: float) -> float:
    return (end - start) * 1000.0


def scale_boxes(boxes: list[Box], scale: float) -> list[Box]:
    """Boxes in frame pixels → where they fall on a picture `scale` times the frame's size (e.g. `binary`)."""
    return [tuple(round(v * scale) for v in box) for box in boxes]
