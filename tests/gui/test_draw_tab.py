"""The Draw tab with real mouse and pen events on the real canvas, the real preprocessing, detection
and the shipped default classifier."""
from __future__ import annotations

import math
import time

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from core import paths
from core.reading import CONFIDENCE_THRESHOLD, best_two
from gui.common.images import to_qimage
from gui.draw.canvas import CANVAS_SIZE, DEFAULT_BRUSH_WIDTH, MAX_BRUSH_WIDTH, MIN_BRUSH_WIDTH, NOT_A_PICTURE
from gui.draw.readout import describe
from gui.draw.tab import DrawTab
from gui.common.model_hub import ModelHub

pytestmark = pytest.mark.gui

# Digits as strokes in canvas fractions (0..1 across the square), drawn the way people draw them.
ONE = [[(0.52, 0.12), (0.50, 0.88)]]
SEVEN = [[(0.25, 0.18), (0.75, 0.18), (0.60, 0.45), (0.45, 0.88)]]
ZERO = [[(0.5 + 0.24 * math.sin(t / 40 * 2 * math.pi), 0.5 - 0.36 * math.cos(t / 40 * 2 * math.pi))
         for t in range(41)]]
DIGIT_STROKES = {1: ONE, 7: SEVEN, 0: ZERO}


# --- drawing with real events -----------------------------------------------------------------------

def widget_point(canvas, fraction: tuple[float, float]) -> QPointF:
    rect = canvas.drawing_rect()
    return QPointF(rect.left() + fraction[0] * rect.width(), rect.top() + fraction[1] * rect.height())


def send_mouse(canvas, kind: QEvent.Type, point: QPointF, button=Qt.MouseButton.LeftButton,
               buttons=Qt.MouseButton.LeftButton) -> None:
    event = QMouseEvent(kind, point, canvas.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, event)


def interpolate(points: list[tuple[float, float]], step: float = 0.015) -> list[tuple[float, float]]:
    """The pointer samples a mouse would send along the polyline (about every 1.5% of the canvas)."""
    samples = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        count = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        samples += [(x0 + (x1 - x0) * i / count, y0 + (y1 - y0) * i / count) for i in range(1, count + 1)]
    return samples


def draw_stroke(canvas, points, release: bool = True) -> None:
    samples = interpolate(points)
    send_mouse(canvas, QEvent.Type.MouseButtonPress, widget_point(canvas, samples[0]))
    for sample in samples[1:]:
        send_mouse(canvas, QEvent.Type.MouseMove, widget_point(canvas, sample),
                   button=Qt.MouseButton.NoButton)
    if release:
        send_mouse(canvas, QEvent.Type.MouseButtonRelease, widget_point(canvas, samples[-1]),
                   buttons=Qt.MouseButton.NoButton)


def settle(tab, timeout_s: float = 10.0) -> None:
    """Wait until the newest drawing's reading is on screen."""
    deadline = time.monotonic() + timeout_s
    while tab.is_reading():
        assert time.monotonic() < deadline, "the reading never arrived"
        QTest.qWait(2)


def draw(tab, strokes, offset=(0.0, 0.0), scale=1.0) -> None:
    """Draw on the tab's canvas with the mouse and wait for the answer."""
    for stroke in strokes:
        draw_stroke(tab.canvas, [(offset[0] + x * scale, offset[1] + y * scale) for x, y in stroke])
    settle(tab)


def send_tablet(canvas, kind: QEvent.Type, point: QPointF, pressure: float) -> None:
    device = QPointingDevice.primaryPointingDevice()
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    event = QTabletEvent(kind, device, point, canvas.mapToGlobal(point), pressure, 0.0, 0.0, 0.0, 0.0, 0.0,
                         Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons)
    QApplication.sendEvent(canvas, event)


def ink_width_at_row(array: np.ndarray, row: int) -> int:
    return int(np.count_nonzero(array[row] > 127))


# --- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture
def tab(open_draw_tab):
    return open_draw_tab()


# --- single digits ----------------------------------------------------------------------------------

@pytest.mark.parametrize("digit", [1, 0, 7])
def test_a_drawn_digit_is_read_with_ten_bars_and_the_networks_view(tab, digit):
    draw(tab, DIGIT_STROKES[digit])

    probabilities = tab.readout.bars.probabilities()
    assert tab.answer_text() == str(digit), tab.detail_text()
    assert tab.readout.bars.highlighted() == digit
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-3)
    assert probabilities[digit] >= CONFIDENCE_THRESHOLD
    assert tab.detail_text().endswith("sure") and "Not sure" not in tab.detail_text()
    seen = tab.readout.preview.pixels()
    assert seen.shape == (28, 28) and seen.max() == pytest.approx(1.0)
    assert tab.canvas.overlay() == []          # one digit: no boxes, the big answer
    assert tab.readout.digits_area.isHidden()


def test_the_answer_updates_while_the_pen_is_still_down(qtbot, tab):
    settle(tab)
    draw_stroke(tab.canvas, ONE[0], release=False)
    qtbot.waitUntil(lambda: tab.answer_text() == "1", timeout=5000)
    send_mouse(tab.canvas, QEvent.Type.MouseButtonRelease, widget_point(tab.canvas, ONE[0][-1]),
               buttons=Qt.MouseButton.NoButton)
    settle(tab)
    assert tab.answer_text() == "1"


def test_the_canvas_array_is_white_ink_on_black_and_a_copy(tab):
    draw(tab, ONE)
    array = tab.canvas.to_array()
    assert array.shape == (CANVAS_SIZE, CANVAS_SIZE) and array.dtype == np.uint8
    assert array[CANVAS_SIZE // 2, int(0.51 * CANVAS_SIZE)] == 255
    assert array[CANVAS_SIZE // 2, int(0.2 * CANVAS_SIZE)] == 0
    array[:] = 0
    assert tab.canvas.to_array().max() == 255


def test_the_default_brush_draws_mnist_like_strokes(tab):
    """A digit filling most of the canvas gets strokes 1/10..1/8 of its height, as in MNIST."""
    draw(tab, [[(0.5, 0.1), (0.5, 0.9)]])
    array = tab.canvas.to_array()
    rows = np.flatnonzero((array > 127).any(axis=1))
    height = rows[-1] - rows[0] + 1
    width = ink_width_at_row(array, CANVAS_SIZE // 2)
    assert tab.brush_slider.value() == DEFAULT_BRUSH_WIDTH
    assert height / 10 <= width <= height / 8 * 1.05


def test_the_brush_slider_sets_the_stroke_width(tab):
    tab.brush_slider.setValue(20)
    draw(tab, [[(0.3, 0.2), (0.3, 0.8)]])
    tab.brush_slider.setValue(90)
    draw(tab, [[(0.7, 0.2), (0.7, 0.8)]])
    array = tab.canvas.to_array()
    thin = np.count_nonzero(array[CANVAS_SIZE // 2, :CANVAS_SIZE // 2] > 127)
    thick = np.count_nonzero(array[CANVAS_SIZE // 2, CANVAS_SIZE // 2:] > 127)
    assert 16 <= thin <= 24 and 84 <= thick <= 96


def test_pen_pressure_changes_the_stroke_width(tab):
    canvas = tab.canvas
    for x, pressure in ((0.3, 0.15), (0.7, 1.0)):
        points = [widget_point(canvas, (x, 0.2 + i * 0.02)) for i in range(31)]
        send_tablet(canvas, QEvent.Type.TabletPress, points[0], pressure)
        for point in points[1:]:
            send_tablet(canvas, QEvent.Type.TabletMove, point, pressure)
        send_tablet(canvas, QEvent.Type.TabletRelease, points[-1], pressure)
    array = canvas.to_array()
    light = np.count_nonzero(array[CANVAS_SIZE // 2, :CANVAS_SIZE // 2] > 127)
    firm = np.count_nonzero(array[CANVAS_SIZE // 2, CANVAS_SIZE // 2:] > 127)
    assert 0 < light < firm / 2
    assert canvas.can_undo()


# --- editing ----------------------------------------------------------------------------------------

def test_undo_redo_and_clear_with_the_keyboard_and_the_mouse(qtbot, tab):
    tab.activateWindow()
    canvas = tab.canvas
    draw(tab, ONE)
    only_one = canvas.to_array()
    draw(tab, [[(0.2, 0.5), (0.8, 0.5)]])
    with_cross = canvas.to_array()
    assert not np.array_equal(only_one, with_cross)

    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.to_array(), only_one)
    settle(tab)
    assert tab.answer_text() == "1"
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert np.array_equal(canvas.to_array(), with_cross)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.to_array(), with_cross)

    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.is_empty() and canvas.to_array().max() == 0
    settle(tab)
    assert tab.answer_text() == "–" and tab.readout.bars.highlighted() is None
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.to_array(), with_cross)

    send_mouse(canvas, QEvent.Type.MouseButtonPress, widget_point(canvas, (0.5, 0.5)),
               button=Qt.MouseButton.RightButton, buttons=Qt.MouseButton.RightButton)
    assert canvas.is_empty()
    tab.clear_action.trigger()   # the Clear button's action on an empty canvas changes nothing
    assert canvas.can_undo()


def test_the_eraser_removes_ink(tab):
    draw(tab, [[(0.2, 0.5), (0.8, 0.5)]])
    tab.eraser_action.trigger()
    assert tab.canvas.eraser()
    tab.brush_slider.setValue(100)
    draw(tab, [[(0.5, 0.3), (0.5, 0.7)]])
    row = tab.canvas.to_array()[CANVAS_SIZE // 2]
    assert row[int(0.3 * CANVAS_SIZE)] == 255 and row[CANVAS_SIZE // 2] == 0
    tab.eraser_action.trigger()
    assert not tab.canvas.eraser()


# --- pictures in and out ----------------------------------------------------------------------------

def drop(canvas, mime: QMimeData) -> None:
    """A drag entering the canvas, moving over it and dropping there."""
    point = QPoint(canvas.width() // 2, canvas.height() // 2)
    keys = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(point, *keys)
    QApplication.sendEvent(canvas, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(canvas, QDragMoveEvent(point, *keys))
    QApplication.sendEvent(canvas, QDropEvent(QPointF(point), *keys))


def mnist_digit(label: int) -> np.ndarray:
    with np.load(paths.MNIST_SAMPLE) as sample:
        return sample["x_test"][np.flatnonzero(sample["y_test"] == label)[0]]


def test_a_dropped_non_image_gives_a_message_and_changes_nothing(tab, tmp_path):
    draw(tab, ONE)
    before, version = tab.canvas.to_array(), tab.canvas.version
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    drop(tab.canvas, mime)
    assert "notes.txt is not a picture" in tab.message_label.text()
    assert tab.message_label.isVisible()
    text_only = QMimeData()
    text_only.setText("7")
    drop(tab.canvas, text_only)
    assert tab.message_label.text() == NOT_A_PICTURE
    assert np.array_equal(tab.canvas.to_array(), before) and tab.canvas.version == version
    assert not tab.is_reading()
    assert tab.answer_text() == "1"


def test_a_dropped_photo_of_dark_ink_on_paper_is_read(tab, tmp_path):
    digit = mnist_digit(3)
    paper = 255 - cv2.resize(digit, (140, 140), interpolation=cv2.INTER_CUBIC)
    path = tmp_path / "three.png"
    cv2.imwrite(str(path), cv2.cvtColor(paper, cv2.COLOR_GRAY2BGR))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(tab.canvas, mime)
    settle(tab)
    array = tab.canvas.to_array()
    assert array[0, 0] == 0 and array.max() > 200      # shown white on black like MNIST
    assert tab.answer_text() == "3"


def test_paste_puts_the_clipboard_picture_on_the_canvas(tab):
    QGuiApplication.clipboard().setImage(to_qimage(cv2.resize(mnist_digit(4), (112, 112))))
    tab.paste_action.trigger()
    settle(tab)
    assert tab.answer_text() == "4"
    assert tab.canvas.can_undo()


def test_save_the_drawing_as_png(tab, tmp_path):
    draw(tab, SEVEN)
    saved = tab.save_drawing(tmp_path / "seven.png")
    picture = cv2.imread(str(saved), cv2.IMREAD_UNCHANGED)
    assert picture.shape == (CANVAS_SIZE, CANVAS_SIZE)
    assert np.array_equal(picture, tab.canvas.to_array())
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_random_mnist_digit_is_drawn_with_its_true_label(tab):
    truth = tab.draw_random_digit()
    settle(tab)
    assert tab.readout.truth_label.text().startswith(f"MNIST label: {truth}")
    assert tab.canvas.to_array().max() > 200
    assert tab.readout.bars.highlighted() is not None
    draw(tab, [[(0.05, 0.05), (0.1, 0.1)]])
    assert tab.readout.truth_label.text() == ""


# --- several digits ---------------------------------------------------------------------------------

def test_digits_side_by_side_are_read_as_a_number_with_a_box_each(qtbot, tab):
    draw(tab, ONE, offset=(-0.08, 0.27), scale=0.45)
    draw(tab, SEVEN, offset=(0.22, 0.27), scale=0.45)
    draw(tab, ZERO, offset=(0.58, 0.27), scale=0.45)

    assert tab.answer_text() == "170", tab.detail_text()
    assert tab.detail_text().startswith("3 digits")
    boxes = tab.canvas.overlay()
    assert [box.label.split()[0] for box in boxes] == ["1", "7", "0"]
    lefts = [box.box[0] for box in boxes]
    assert lefts == sorted(lefts)
    assert not tab.readout.digits_area.isHidden()
    readouts = [r for r in tab.readout.readouts() if r.isVisibleTo(tab)]
    assert [r.label() for r in readouts] == [1, 7, 0]

    readouts[1].clicked.emit(1)
    assert tab.readout.bars.highlighted() == 7
    assert np.allclose(tab.readout.bars.probabilities(), readouts[1].probabilities())

    qtbot.keyClick(tab.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(tab)
    assert tab.answer_text() == "17"
    qtbot.keyClick(tab.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(tab)
    assert tab.answer_text() == "1" and tab.canvas.overlay() == []


# --- answers ----------------------------------------------------------------------------------------

def test_below_the_threshold_the_tab_is_not_sure_and_gives_two_guesses():
    unsure = np.array([0.04, 0.0, 0.0, 0.0, 0.48, 0.0, 0.0, 0.08, 0.0, 0.40], np.float32)
    answer = best_two(unsure)
    assert not answer.sure
    assert describe(answer) == "Not sure: 4 (48%) or 9 (40%)"
    sure = best_two(np.eye(10, dtype=np.float32)[3] * 0.9 + 0.01)
    assert sure.sure and describe(sure) == "91% sure"


def test_without_a_model_drawing_works_and_the_tab_says_so(qtbot):
    hub = ModelHub()    # nothing selected: no model
    tab = DrawTab(hub)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    draw(tab, ONE)
    assert tab.answer_text() == "…"
    assert tab.detail_text().startswith("No model")
    assert tab.readout.preview.pixels().max() == pytest.approx(1.0)   # what the network would see, still shown
    assert tab.readout.bars.highlighted() is None


def test_the_brush_width_is_remembered(qtbot, loaded_hub):
    first = DrawTab(loaded_hub)
    qtbot.addWidget(first)
    first.brush_slider.setValue(66)
    second = DrawTab(loaded_hub)
    qtbot.addWidget(second)
    assert second.brush_slider.value() == 66 and second.canvas.brush_width() == 66


def test_a_single_dot_is_not_read_as_a_digit(tab):
    draw(tab, [[(0.5, 0.5)]])
    assert not tab.canvas.is_empty()
    assert tab.answer_text() == "…" and tab.detail_text().startswith("Keep drawing")
    assert tab.readout.bars.highlighted() is None
    draw(tab, ONE)
    assert tab.answer_text() == "1"


# --- read from the strokes --------------------------------------------------------------------------

# "2026" as a hand writes it across the canvas: each digit about 0.17 wide and 0.36 tall, 0.22 apart.
def _digit_two(left: float) -> list[list[tuple[float, float]]]:
    top = [(left + 0.085 + 0.085 * math.cos(a), 0.38 - 0.07 * math.sin(a))
           for a in np.linspace(math.pi * 1.05, -0.35, 10)]
    return [top + [(left + 0.01, 0.66), (left + 0.18, 0.66)]]


def _digit_zero(left: float) -> list[list[tuple[float, float]]]:
    return [[(left + 0.085 + 0.08 * math.sin(a), 0.48 - 0.18 * math.cos(a)) for a in np.linspace(0, 2 * math.pi, 25)]]


def _digit_six(left: float) -> list[list[tuple[float, float]]]:
    stem = [(left + 0.15, 0.31), (left + 0.08, 0.38), (left + 0.03, 0.50)]
    loop = [(left + 0.09 + 0.065 * math.cos(a), 0.57 + 0.085 * math.sin(a))
            for a in np.linspace(math.pi, 3 * math.pi, 20)]
    return [stem + loop]


TWENTY_TWENTY_SIX = (_digit_two(0.05) + _digit_zero(0.29) + _digit_two(0.53) + _digit_six(0.77))


def draw_with_qtbot(qtbot, canvas, strokes) -> None:
    """qtbot's mouse presses, moves and releases along each stroke, as a user's mouse sends them."""
    for stroke in strokes:
        samples = [widget_point(canvas, point).toPoint() for point in interpolate(stroke)]
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=samples[0])
        for sample in samples[1:]:
            qtbot.mouseMove(canvas, sample)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=samples[-1])


def test_2026_drawn_with_the_default_brush_reads_2026(qtbot, tab):
    assert tab.canvas.brush_width() == DEFAULT_BRUSH_WIDTH
    draw_with_qtbot(qtbot, tab.canvas, TWENTY_TWENTY_SIX)
    settle(tab)
    assert len(tab.canvas.strokes()) == 4
    assert tab.answer_text() == "2026", tab.detail_text()
    assert [box.label.split()[0] for box in tab.canvas.overlay()] == ["2", "0", "2", "6"]


def test_the_reading_does_not_depend_on_the_brush(qtbot, tab):
    for width in (MIN_BRUSH_WIDTH, 30, MAX_BRUSH_WIDTH):
        tab.canvas.clear()
        tab.brush_slider.setValue(width)
        draw(tab, TWENTY_TWENTY_SIX)
        assert tab.answer_text() == "2026", (width, tab.detail_text())


def enclosed_dark(preview: np.ndarray) -> int:
    """How many dark regions the ink of a 28×28 picture encloses (its loops, and any holes)."""
    ink = (preview > 0.3).astype(np.uint8)
    count, _ = cv2.connectedComponents(1 - ink, connectivity=4)
    return count - 2 if ink.any() else 0   # label 0 (the ink) and the paper around the digit


def test_the_networks_view_of_a_thick_drawing_is_solid(qtbot, tab):
    tab.brush_slider.setValue(MAX_BRUSH_WIDTH)
    eight = [[(0.5 + 0.14 * math.sin(a), 0.33 - 0.15 * math.cos(a)) for a in np.linspace(math.pi, -math.pi, 24)]
             + [(0.5 + 0.18 * math.sin(a), 0.66 + 0.18 * math.cos(a)) for a in np.linspace(math.pi, 3 * math.pi, 28)]]
    draw(tab, eight)
    assert tab.answer_text() == "8", tab.detail_text()
    assert enclosed_dark(tab.readout.preview.pixels()) == 2           # the two loops of the 8, no more
    tab.canvas.clear()
    draw(tab, [[(0.25, 0.3), (0.75, 0.7)], [(0.75, 0.3), (0.25, 0.7)], [(0.5, 0.15), (0.5, 0.85)]])
    assert enclosed_dark(tab.readout.preview.pixels()) == 0           # crossings leave no dark dots


def test_undo_and_redo_keep_the_strokes_with_the_pixels(qtbot, tab):
    draw(tab, ONE)
    draw(tab, [[(0.2, 0.5), (0.8, 0.5)]])
    assert len(tab.canvas.strokes()) == 2
    tab.undo_action.trigger()
    assert len(tab.canvas.strokes()) == 1
    tab.redo_action.trigger()
    assert len(tab.canvas.strokes()) == 2
    tab.canvas.place_array(mnist_digit(4))
    assert tab.canvas.strokes() is None                # a picture is read as pixels
    tab.undo_action.trigger()
    assert len(tab.canvas.strokes()) == 2


def test_an_erased_stroke_is_not_read(tab):
    draw(tab, ONE)
    draw(tab, [[(0.2, 0.5), (0.8, 0.5)]])
    tab.eraser_action.trigger()
    tab.brush_slider.setValue(MAX_BRUSH_WIDTH)
    for x in (0.25, 0.38, 0.65, 0.78):
        draw(tab, [[(x, 0.4), (x, 0.6)]])
    tab.eraser_action.trigger()
    assert tab.answer_text() == "1", tab.detail_text()
