"""Reading a drawing: the Draw tab's Qt-free half.

A square drawing (uint8, white ink on black) → nothing, a dot, one digit, or a number of several digits,
each with its probabilities and the 28×28 input the network saw. Plain functions on numpy arrays: the
Draw tab calls read_drawing() on its reader thread and only shows what comes back.

Today a drawing is read as pixels (halved, then core.pipeline finds the digits); reading strokes is for later.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from core.pipeline import group_numbers
from core.preprocess import is_blank, to_mnist

CONFIDENCE_THRESHOLD = 0.6   # below this an answer is not sure: the Draw tab then shows the two best guesses
ANALYSIS_SIZE = 280          # the 560-pixel canvas is halved before reading: same 28×28 input, 4× less work
DOT_SIZE = 1.6               # ink less than 1.6 brush widths across is a dot, not a digit yet
FRAGMENT_SHARE = 0.4         # a blob less than 40% as tall as the tallest digit is a speck, not a digit
INK_LEVEL = 32               # fainter pixels (antialiasing, eraser leftovers) are not ink

Box = tuple[int, int, int, int]


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


def read_drawing(drawing: np.ndarray, classifier, pipeline, brush_width: float = 0.0) -> Reading:
    """A square drawing (uint8, white on black) read by the classifier, through the pipeline's detector.

    One digit alone is read as the pipeline read it (one inference). When the detector also found
    specks or loose strokes, or nothing at all, the whole drawing is read as one digit instead: a
    loose stroke is most likely part of it (the bar of a 5, the dot of a sloppy 9). Ink no bigger
    than a dab of the brush (brush_width in the drawing's pixels) is not read at all: blown up to
    20×20 any dot looks like a 0. Without a classifier or pipeline only the network's input is made.
    """
    scale = drawing.shape[0] / ANALYSIS_SIZE
    small = cv2.resize(drawing, (ANALYSIS_SIZE, ANALYSIS_SIZE), interpolation=cv2.INTER_AREA)
    if is_blank(small):
        return Reading()
    if ink_extent(small) < DOT_SIZE * brush_width / scale:
        return Reading(image28=to_mnist(small), only_a_dot=True)
    if classifier is None or pipeline is None:
        return Reading(image28=to_mnist(small))
    result = pipeline.process(small, annotate=False)
    digits = digit_sized(result.detections)
    if len(digits) >= 2:
        return number_reading(result, digits, scale)
    if len(result.detections) == 1:
        only = result.detections[0]
        return Reading(image28=only.image, probabilities=np.asarray(only.probabilities, dtype=np.float32))
    image28 = to_mnist(small)
    return Reading(image28=image28, probabilities=classifier.predict_one(image28))


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
