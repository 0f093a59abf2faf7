"""core.reading: a drawing → nothing, a dot, one digit or a number. The rules are tested on plain arrays;
reading with a network uses the shipped default model and MNIST test digits placed on a 560-pixel canvas."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.pipeline import Detection, Pipeline
from core.reading import (CONFIDENCE_THRESHOLD, Stroke, best_two, digit_input, digit_sized, group_strokes,
                          ink_extent, read_drawing, render_digit, visible_strokes)
from tests.pages import mnist_digits

CANVAS = 560
BRUSH = 56


def blank() -> np.ndarray:
    return np.zeros((CANVAS, CANVAS), np.uint8)


def stroke(points, canvas: np.ndarray | None = None) -> np.ndarray:
    canvas = blank() if canvas is None else canvas
    pixels = np.array([(x * CANVAS, y * CANVAS) for x, y in points], np.int32)
    cv2.polylines(canvas, [pixels], False, 255, BRUSH, cv2.LINE_AA)
    return canvas


def mnist_number(labels: list[int]) -> np.ndarray:
    """The first MNIST test digit of each label, side by side across the middle of the canvas."""
    images, truth = mnist_digits()
    canvas = blank()
    side = CANVAS // len(labels)
    for position, label in enumerate(labels):
        digit = images[int(np.flatnonzero(truth == label)[0])]
        canvas[CANVAS // 2 - side // 2:CANVAS // 2 - side // 2 + side,
               position * side:(position + 1) * side] = cv2.resize(digit, (side, side))
    return canvas


def detection(height: int, x: int = 0) -> Detection:
    return Detection(box=(x, 10, 20, height), label=1, confidence=0.9, probabilities=np.eye(10, dtype=np.float32)[1])


def test_an_empty_drawing_reads_as_nothing():
    reading = read_drawing(blank(), None, None, BRUSH)
    assert reading.image28 is None and reading.probabilities is None and not reading.only_a_dot
    assert not reading.is_number and reading.number == ""


def test_a_dab_of_the_brush_is_a_dot_not_a_digit():
    dot = cv2.circle(blank(), (CANVAS // 2, CANVAS // 2), BRUSH // 2, 255, -1)
    reading = read_drawing(dot, None, None, BRUSH)
    assert reading.only_a_dot and reading.probabilities is None
    assert reading.image28.shape == (28, 28)
    assert not read_drawing(dot, None, None, brush_width=BRUSH / 4).only_a_dot


def test_without_a_model_only_the_network_input_is_made():
    reading = read_drawing(stroke([(0.5, 0.1), (0.5, 0.9)]), None, None, BRUSH)
    assert not reading.only_a_dot and reading.probabilities is None
    assert reading.image28.shape == (28, 28) and reading.image28.max() == pytest.approx(1.0)


def test_ink_extent_is_the_longer_side_of_the_ink():
    assert ink_extent(np.zeros((50, 50), np.uint8)) == 0
    drawing = np.zeros((50, 50), np.uint8)
    drawing[10:40, 20:25] = 255
    drawing[0, 0] = 20   # faint antialiasing is not ink
    assert ink_extent(drawing) == 30


def test_specks_are_not_digits_of_a_number():
    tall, short, speck = detection(100), detection(45, x=40), detection(39, x=80)
    assert digit_sized([tall, short, speck]) == [tall, short]
    assert digit_sized([]) == []


def test_the_two_best_guesses_and_whether_the_answer_is_sure():
    unsure = best_two(np.array([0.04, 0, 0, 0, 0.48, 0, 0, 0.08, 0, 0.40], np.float32))
    assert (unsure.label, unsure.runner_up) == (4, 9) and not unsure.sure
    assert best_two(np.eye(10, dtype=np.float32)[3] * CONFIDENCE_THRESHOLD).sure


def test_one_drawn_digit_is_read(classifier):
    pipeline = Pipeline(classifier, confidence_threshold=0.0)
    reading = read_drawing(stroke([(0.52, 0.12), (0.50, 0.88)]), classifier, pipeline, BRUSH)
    assert not reading.is_number
    assert int(np.argmax(reading.probabilities)) == 1
    assert reading.image28.shape == (28, 28)


def test_digits_side_by_side_are_read_as_a_number_with_boxes_on_the_canvas(classifier):
    pipeline = Pipeline(classifier, confidence_threshold=0.0)
    reading = read_drawing(mnist_number([3, 5, 8]), classifier, pipeline, BRUSH)
    assert reading.is_number and reading.number == "358"
    assert [digit.answer.label for digit in reading.digits] == [3, 5, 8]
    lefts = [digit.box[0] for digit in reading.digits]
    assert lefts == sorted(lefts) and max(lefts) > CANVAS / 2   # canvas pixels, not the halved analysis size
    assert all(digit.image28.shape == (28, 28) for digit in reading.digits)


def test_pictures_of_one_big_mnist_digit_stay_one_digit(classifier):
    """MNIST test digits blown up to fill the canvas (the "Random MNIST digit" button, a pasted digit):
    thick blurry strokes the detector may break into pieces, or take for a sheet of paper, are still
    read as one digit (before: 2-6 "digits" in 1 picture of 10). Of the sample's 1000, 99.6% are read
    right and none taken for a number (97.5% and 2 before the detector measured hollow strokes filled in)."""
    images, truth = mnist_digits()
    pipeline = Pipeline(classifier)
    right = 0
    for index in range(len(images)):
        picture = cv2.resize(images[index], (CANVAS, CANVAS), interpolation=cv2.INTER_LINEAR)
        reading = read_drawing(picture, classifier, pipeline)
        right += not reading.is_number and int(np.argmax(reading.probabilities)) == truth[index]
    assert right >= 0.99 * len(images)


# ----- strokes ----------------------------------------------------------------------------------------

def line(*points, width: float = BRUSH, erases: bool = False) -> Stroke:
    return Stroke.of([(x * CANVAS, y * CANVAS) for x, y in points], width, erases)


def inked(strokes: list[Stroke]) -> np.ndarray:
    """The drawing the canvas would hold for these strokes (eraser strokes paint paper)."""
    canvas = blank()
    for one in strokes:
        pixels = np.round(one.points * 16).astype(np.int32)
        cv2.polylines(canvas, [pixels], False, 0 if one.erases else 255, int(one.widths[0]), cv2.LINE_AA, 4)
    return canvas


def four_ones(width: float) -> list[Stroke]:
    """Four upright strokes 0.2 of the canvas apart: with a 56-px brush their ink nearly touches."""
    return [line((x, 0.3), (x - 0.02, 0.7), width=width) for x in (0.2, 0.4, 0.6, 0.8)]


def test_strokes_side_by_side_are_separate_digits_whatever_the_brush():
    for width in (8, BRUSH, 120):
        assert len(group_strokes(four_ones(width))) == 4


def test_strokes_in_one_column_or_touching_are_one_digit():
    four = [line((0.45, 0.2), (0.3, 0.55), (0.62, 0.55)), line((0.55, 0.35), (0.55, 0.85))]
    seven = [line((0.3, 0.2), (0.7, 0.2), (0.45, 0.8)), line((0.45, 0.5), (0.65, 0.5))]
    five = [line((0.4, 0.2), (0.38, 0.45), (0.6, 0.55), (0.4, 0.8)), line((0.42, 0.2), (0.75, 0.2))]
    for digit in (four, seven, five):
        assert len(group_strokes(digit)) == 1
    apart = group_strokes([line((0.2, 0.3), (0.2, 0.7)), line((0.5, 0.3), (0.5, 0.7))])
    assert [len(group) for group in apart] == [1, 1] and apart[0][0].points[0, 0] < apart[1][0].points[0, 0]


def test_a_digit_is_seen_at_mnists_stroke_width_whatever_the_brush():
    seven = [(0.3, 0.2), (0.7, 0.2), (0.45, 0.8)]
    thin, thick = digit_input([line(*seven, width=8)]), digit_input([line(*seven, width=120)])
    assert np.array_equal(thin, thick)
    mask = render_digit([line(*seven)]) > 127
    rows = np.flatnonzero(mask.any(axis=1))
    height = rows[-1] - rows[0] + 1
    across = np.count_nonzero(mask[rows[0] + height // 2])   # the slanted stroke, a bit wider than upright
    assert 0.09 * height <= across <= 0.16 * height


def test_crossing_strokes_are_drawn_solid():
    star = [line((0.2, 0.2), (0.8, 0.8)), line((0.8, 0.2), (0.2, 0.8)), line((0.5, 0.1), (0.5, 0.9)),
            line((0.1, 0.5), (0.9, 0.5))]
    seen = digit_input(star) > 0.3
    count, _ = cv2.connectedComponents((~seen).astype(np.uint8), connectivity=4)
    assert count == 2   # the ink and the paper around it: no enclosed dark pixel


def test_the_eraser_cuts_strokes_where_it_went_over_them():
    strokes = [line((0.2, 0.5), (0.8, 0.5)), line((0.5, 0.3), (0.5, 0.7), width=100, erases=True)]
    pieces = visible_strokes(strokes, inked(strokes))
    assert len(pieces) == 2
    assert pieces[0].points[:, 0].max() < 0.5 * CANVAS - 40 < 0.5 * CANVAS + 40 < pieces[1].points[:, 0].min()
    kept = [line((0.2, 0.5), (0.8, 0.5))]
    assert visible_strokes(kept, inked(kept)) == kept


def test_without_a_model_strokes_still_make_the_network_input():
    strokes = four_ones(BRUSH)
    reading = read_drawing(inked(strokes), None, None, BRUSH, strokes)
    assert reading.probabilities is None and reading.image28.max() == pytest.approx(1.0)


def test_four_digits_drawn_with_the_default_brush_are_read_as_four(classifier):
    from tests.drawn_digits import digit_strokes
    images, truth = mnist_digits()
    strokes = []
    for position, label in enumerate((2, 0, 2, 6)):
        lines = digit_strokes(images[int(np.flatnonzero(truth == label)[0])])
        strokes += [Stroke.of(one * 150 + (position * 125 + 5, 200), BRUSH) for one in lines]
    reading = read_drawing(inked(strokes), classifier, None, BRUSH, strokes)
    assert reading.number == "2026"
    lefts = [digit.box[0] for digit in reading.digits]
    assert lefts == sorted(lefts) and len(lefts) == 4


@pytest.mark.slow
def test_mnist_test_digits_redrawn_as_strokes_are_read(classifier):
    """MNIST test digits as drawings: centre lines traced, placed off-centre at 30-90% of the canvas,
    any brush from 8 to 120 px, read from the strokes. Measured on all 1000: 98.6% (the model reads
    the pixels themselves at 99.6%; most misses are blots a thick pen made, lost by the tracing)."""
    from tests.drawn_digits import drawn
    rng = np.random.default_rng(0)
    right = 0
    for index in range(300):
        drawing, strokes, brush, label = drawn(index, rng)
        reading = read_drawing(drawing, classifier, None, brush, strokes)
        right += not reading.is_number and int(np.argmax(reading.probabilities)) == label
    assert right / 300 >= 0.975
