"""The Draw tab: draw a digit (or several) and watch the network read it as you draw.

Canvas → numpy → core.preprocess.to_mnist → the hub's classifier → bars, answer and the 28×28 preview.
Several digits side by side go through core.pipeline.Pipeline (the detector of the Images & video tab)
and are read as a number, each with its own box and readout.

Readings run on a worker thread, one at a time, always on the newest drawing: a small network reads
a digit in about a millisecond, but a VGG16 on a busy CPU takes tens, and the pen must never lag.
While the pen moves, readings are throttled to LIVE_INTERVAL_MS; a finished stroke is read at once.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QFrame, QGroupBox, QHBoxLayout, QLabel, QScrollArea,
                               QSizePolicy, QSlider, QSplitter, QToolButton, QVBoxLayout, QWidget)

from core.fileio import UserError
from core.paths import MNIST_SAMPLE
from core.pipeline import Pipeline, group_numbers
from core.preprocess import is_blank, to_mnist
from gui.settings import app_settings
from gui.draw.canvas import (CANVAS_SIZE, DEFAULT_BRUSH_WIDTH, MAX_BRUSH_WIDTH, MIN_BRUSH_WIDTH, DrawingCanvas,
                        OverlayBox, read_picture)
from gui.common.model_hub import BackgroundRunner, plain_message
from gui.common.widgets import DigitReadout, PixelPreview, ProbabilityBars, percent

CONFIDENCE_THRESHOLD = 0.6      # below this the tab says it is not sure and shows the two best guesses
LIVE_INTERVAL_MS = 40           # at most 25 readings a second while the pen moves
ANALYSIS_SIZE = CANVAS_SIZE // 2  # the canvas is halved before reading: same 28×28 input, 4× less work
_SCALE_TO_CANVAS = CANVAS_SIZE / ANALYSIS_SIZE
NUMBER_BRUSH_HINT = 36          # above this brush width a number's digits tend to touch: say so
DOT_SIZE = 1.6                  # ink less than 1.6 brush widths across is a dot, not a digit yet
FRAGMENT_SHARE = 0.4            # a blob less than 40% as tall as the tallest digit is a speck, not a digit

SEES_TEXT = ("The network never sees your drawing, only this: the ink cropped, shrunk to fit 20×20 "
             "pixels and centred by its centre of mass in a 28×28 grid, white on black like MNIST.")


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

    def describe(self) -> str:
        if self.sure:
            return f"{percent(self.confidence)} sure"
        return (f"Not sure: {self.label} ({percent(self.confidence)}) "
                f"or {self.runner_up} ({percent(self.runner_up_confidence)})")


def best_two(probabilities: np.ndarray) -> Answer:
    order = np.argsort(probabilities)[::-1]
    first, second = int(order[0]), int(order[1])
    return Answer(first, float(probabilities[first]), second, float(probabilities[second]))


@dataclass
class DigitReading:
    box: tuple[int, int, int, int]   # canvas pixels
    probabilities: np.ndarray
    image28: np.ndarray

    @property
    def answer(self) -> Answer:
        return best_two(self.probabilities)


@dataclass
class Reading:
    """What one look at the canvas found: nothing, one digit, or a number of several digits."""
    image28: np.ndarray | None = None          # the single digit's network input
    probabilities: np.ndarray | None = None    # the single digit's answer
    digits: list[DigitReading] = field(default_factory=list)  # several digits, in reading order
    number: str = ""
    only_a_dot: bool = False   # the ink is no bigger than one dab of the brush: not read yet

    @property
    def is_number(self) -> bool:
        return len(self.digits) >= 2


def read_drawing(drawing: np.ndarray, classifier, pipeline, brush_width: float = 0.0) -> Reading:
    """The canvas (uint8, white on black) read by the classifier; runs on the reader thread.

    One digit alone is read as the pipeline read it (one inference). When the detector also found
    specks or loose strokes, or nothing at all, the whole drawing is read as one digit instead: a
    loose stroke is most likely part of it (the bar of a 5, the dot of a sloppy 9). Ink no bigger
    than a dab of the brush is not read at all: blown up to 20×20 any dot looks like a 0.
    """
    small = cv2.resize(drawing, (ANALYSIS_SIZE, ANALYSIS_SIZE), interpolation=cv2.INTER_AREA)
    if is_blank(small):
        return Reading()
    if _ink_extent(small) < DOT_SIZE * brush_width / _SCALE_TO_CANVAS:
        return Reading(image28=to_mnist(small), only_a_dot=True)
    if classifier is None or pipeline is None:
        return Reading(image28=to_mnist(small))
    result = pipeline.process(small, annotate=False)
    digits = digit_sized(result.detections)
    if len(digits) >= 2:
        return _number_reading(result, digits)
    if len(result.detections) == 1:
        only = result.detections[0]
        return Reading(image28=only.image, probabilities=np.asarray(only.probabilities, dtype=np.float32))
    image28 = to_mnist(small)
    return Reading(image28=image28, probabilities=classifier.predict_one(image28))


def _ink_extent(small: np.ndarray) -> int:
    """The longer side of the ink's bounding box, in pixels."""
    _, _, width, height = cv2.boundingRect((small > 32).astype(np.uint8))
    return max(width, height)


def digit_sized(detections: list) -> list:
    """The detections at least FRAGMENT_SHARE as tall as the tallest: specks and loose bits of a stroke
    are not digits of a number."""
    if not detections:
        return []
    tallest = max(detection.box[3] for detection in detections)
    return [detection for detection in detections if detection.box[3] >= FRAGMENT_SHARE * tallest]


def _number_reading(result, digits: list) -> Reading:
    """Several digits, in the pipeline's reading order (rows top to bottom, each left to right)."""
    if len(digits) < len(result.detections):
        result = replace(result, detections=digits, hidden=[], numbers=group_numbers(digits))
    return Reading(digits=[DigitReading(box=tuple(round(v * _SCALE_TO_CANVAS) for v in d.box),
                                        probabilities=np.asarray(d.probabilities, dtype=np.float32),
                                        image28=d.image) for d in result.detections],
                   number=result.reading())


class DrawTab(QWidget):
    """See the module docstring."""

    reading_shown = Signal()   # the answer on screen was updated (tests and benchmarks wait on it)

    def __init__(self, hub, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self._pipeline = None
        self._reading = Reading()
        self._selected_digit = 0
        self._mnist: tuple[np.ndarray, np.ndarray] | None = None
        self._sample: tuple[int, int] | None = None   # (canvas version, true label) of a drawn MNIST digit
        self.last_read_ms = 0.0   # stroke to answer on screen, the last reading
        self._reader = BackgroundRunner(max_threads=1, parent=self)
        self._pending: tuple | None = None   # (drawing, canvas version, time asked): not yet sent to read
        self._reading_version = -1
        self._in_flight = False
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self.request_reading)
        self._build()
        self._restore_settings()
        hub.model_changed.connect(self._on_model_changed)
        hub.loading_started.connect(lambda _name: self.request_reading())
        hub.load_failed.connect(lambda _message: self.request_reading())
        if hub.classifier is not None:
            self._on_model_changed(hub.classifier)
        else:
            self.request_reading()

    # ----- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.canvas = DrawingCanvas()
        self.canvas.stroke_moved.connect(self._on_stroke_moved)
        self.canvas.content_changed.connect(self.request_reading)
        self.canvas.history_changed.connect(self._update_history_actions)
        self.canvas.message.connect(self._show_message)
        self._build_actions()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.canvas, 1)
        left_layout.addLayout(self._build_tool_row())
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #d97706;")
        self.message_label.hide()
        left_layout.addWidget(self.message_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_answer_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

    def _build_actions(self) -> None:
        def action(text: str, shortcuts: list, tip: str, slot) -> QAction:
            made = QAction(text, self)
            made.setShortcuts([QKeySequence(shortcut) for shortcut in shortcuts])
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in made.shortcuts())
            made.setToolTip(f"{tip} ({keys})" if keys else tip)
            made.triggered.connect(slot)
            self.addAction(made)   # window-wide shortcuts, active only while this tab is shown
            return made

        self.undo_action = action("Undo", [QKeySequence.StandardKey.Undo], "Undo the last stroke", self.canvas.undo)
        self.redo_action = action("Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo what was undone", self.canvas.redo)
        self.clear_action = action("Clear", [Qt.Key.Key_Delete], "Clear the canvas (also: right-click on it)",
                                   self.canvas.clear)
        self.paste_action = action("Paste", [QKeySequence.StandardKey.Paste], "Paste a picture onto the canvas",
                                   self.paste)
        self.eraser_action = action("Eraser", ["E"], "Erase instead of drawing", self.canvas.set_eraser)
        self.eraser_action.setCheckable(True)
        self.random_action = action("Random MNIST digit", ["R"],
                                    "Draw a random digit from the MNIST test set and show its true label",
                                    self.draw_random_digit)
        self.save_action = action("Save…", [], "Save the drawing as a PNG picture", lambda: self.save_drawing())
        if not MNIST_SAMPLE.is_file():
            self.random_action.setEnabled(False)
            self.random_action.setToolTip(f"The MNIST sample is missing ({MNIST_SAMPLE}).")
        self._update_history_actions()

    def _build_tool_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        brush_label = QLabel("Brush")
        self.brush_slider = QSlider(Qt.Orientation.Horizontal)
        self.brush_slider.setRange(MIN_BRUSH_WIDTH, MAX_BRUSH_WIDTH)
        self.brush_slider.setValue(DEFAULT_BRUSH_WIDTH)
        self.brush_slider.setMinimumWidth(90)
        self.brush_slider.setToolTip(f"Stroke width. The default ({DEFAULT_BRUSH_WIDTH}) draws strokes as thick "
                                     "as MNIST's pen when a digit fills the canvas.")
        self.brush_slider.valueChanged.connect(self._on_brush_changed)
        self.brush_value = QLabel()
        self.brush_value.setMinimumWidth(28)
        row.addWidget(brush_label)
        row.addWidget(self.brush_slider, 1)
        row.addWidget(self.brush_value)
        for action in (self.eraser_action, self.undo_action, self.redo_action, self.clear_action):
            row.addWidget(_tool_button(action))
        row.addSpacing(8)
        row.addWidget(_tool_button(self.random_action))
        row.addWidget(_tool_button(self.save_action))
        return row

    def _build_answer_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(260)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)

        self.answer_label = QLabel("–")
        answer_font = QFont(self.font())
        answer_font.setPointSizeF(answer_font.pointSizeF() * 4.5)
        answer_font.setBold(True)
        self.answer_label.setFont(answer_font)
        self.answer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answer_label.setToolTip("The network's answer")
        self.detail_label = QLabel()
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label.setWordWrap(True)
        self.truth_label = QLabel()
        self.truth_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.truth_label.setToolTip("The label MNIST gives this test digit")
        self.truth_label.setFixedHeight(self.truth_label.fontMetrics().height() + 4)   # no jump when it fills
        layout.addWidget(self.answer_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.truth_label)

        self.digits_area = QScrollArea()
        self.digits_area.setWidgetResizable(True)
        self.digits_area.setFrameShape(QFrame.Shape.NoFrame)
        self.digits_area.setFixedHeight(110)
        self.digits_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.digits_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.digits_area.setToolTip("Each digit of the number, left to right; click one to inspect it")
        self.digits_area.hide()
        self._readouts: list[DigitReadout] = []
        layout.addWidget(self.digits_area)

        self.bars = ProbabilityBars()
        layout.addWidget(self.bars, 1)

        sees = QGroupBox("What the network sees")
        sees_layout = QHBoxLayout(sees)
        self.preview = PixelPreview()
        self.preview.setToolTip("The 28×28 input given to the network, one square per pixel")
        explanation = QLabel(SEES_TEXT)
        explanation.setWordWrap(True)
        explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        explanation.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        sees_layout.addWidget(self.preview, 3)
        sees_layout.addWidget(explanation, 2)
        layout.addWidget(sees)
        return panel

    # ----- reading ---------------------------------------------------------------------------------

    def _on_stroke_moved(self) -> None:
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _on_model_changed(self, classifier) -> None:
        # Threshold 0: every blob on the canvas was drawn on purpose; unsure digits are flagged, not hidden.
        self._pipeline = Pipeline(classifier, confidence_threshold=0.0)
        self.request_reading()

    def request_reading(self) -> None:
        """Read the canvas as it is now (canvas → numpy → preprocess → classify → bars, preview, answer)."""
        self._live_timer.stop()
        self._pending = (self.canvas.to_array(), self.canvas.version, time.perf_counter())
        if not self._in_flight:
            self._start_reading()

    def is_reading(self) -> bool:
        """True until the newest drawing's reading is on screen."""
        return self._in_flight or self._pending is not None

    def _start_reading(self) -> None:
        drawing, version, requested = self._pending
        self._pending = None
        self._in_flight = True
        classifier = self._hub.classifier
        pipeline = self._pipeline if classifier is not None else None
        self._reader.run(partial(read_drawing, drawing, classifier, pipeline, self.canvas.brush_width()),
                         partial(self._on_read, version, requested), self._on_read_failed)

    def _on_read(self, version: int, requested: float, reading: Reading) -> None:
        self._in_flight = False
        if self._pending is not None:
            self._start_reading()   # the drawing changed meanwhile: read the newest, show this one now
        self._reading = reading
        self._reading_version = version
        self._show(reading)
        self.last_read_ms = (time.perf_counter() - requested) * 1000.0
        self.reading_shown.emit()

    def _on_read_failed(self, error: BaseException) -> None:
        self._in_flight = False
        self._show_message(plain_message(error, "read the drawing"))
        if self._pending is not None:
            self._start_reading()

    def shutdown(self) -> None:
        """Stop reading (the window is closing)."""
        self._live_timer.stop()
        self._pending = None
        self._reader.wait(5000)

    # ----- showing ---------------------------------------------------------------------------------

    def _show(self, reading: Reading) -> None:
        if reading.is_number:
            self._show_number(reading)
        else:
            self._show_single(reading)
        self._show_truth()

    def _show_single(self, reading: Reading) -> None:
        self.digits_area.hide()
        self.canvas.set_overlay([])
        self.preview.set_pixels(reading.image28)
        self.bars.set_probabilities(reading.probabilities)
        if reading.probabilities is not None:
            answer = best_two(reading.probabilities)
            self._set_answer(str(answer.label) if answer.sure else "?", answer.describe(), answer.sure)
        elif reading.image28 is None:
            self._set_answer("–", "Draw a digit on the black square.", True)
        elif reading.only_a_dot:
            self._set_answer("…", "Keep drawing: a dot is not a digit yet.", True)
        else:
            self._set_answer("…", self._no_model_text(), True)

    def _show_number(self, reading: Reading) -> None:
        unsure = [i for i, digit in enumerate(reading.digits) if not digit.answer.sure]
        detail = f"{len(reading.digits)} digits, read left to right"
        if self.canvas.brush_width() > NUMBER_BRUSH_HINT:
            detail += ". A thinner brush keeps small digits apart"
        if unsure:
            first = reading.digits[unsure[0]].answer
            detail += (f". Not sure about digit {unsure[0] + 1}: "
                       f"{first.label} ({percent(first.confidence)}) or {first.runner_up} "
                       f"({percent(first.runner_up_confidence)})")
        self._set_answer(reading.number, detail, not unsure)
        self.canvas.set_overlay([OverlayBox(d.box, f"{d.answer.label} {percent(d.answer.confidence)}",
                                            d.answer.sure) for d in reading.digits])
        self._fill_readouts(reading.digits)
        self._select_digit(min(self._selected_digit, len(reading.digits) - 1))
        self.digits_area.show()

    def _fill_readouts(self, digits: list[DigitReading]) -> None:
        while len(self._readouts) < len(digits):
            readout = DigitReadout(len(self._readouts))
            readout.clicked.connect(self._select_digit)
            self._readouts.append(readout)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        for readout, digit in zip(self._readouts, digits):
            readout.set_probabilities(digit.probabilities)
            row_layout.addWidget(readout)
        row_layout.addStretch(1)
        old = self.digits_area.takeWidget()
        self.digits_area.setWidget(row)
        if old is not None:
            for readout in self._readouts:
                if readout.parent() is old:
                    readout.setParent(None)
            old.deleteLater()

    def _select_digit(self, index: int) -> None:
        digits = self._reading.digits
        if not digits:
            return
        self._selected_digit = index
        for readout in self._readouts:
            readout.set_selected(readout.index == index)
        self.preview.set_pixels(digits[index].image28)
        self.bars.set_probabilities(digits[index].probabilities)

    def _set_answer(self, answer: str, detail: str, sure: bool) -> None:
        font = self.answer_label.font()
        base = self.font().pointSizeF()
        font.setPointSizeF(base * (4.5 if len(answer) <= 3 else max(2.0, 4.5 * 3 / len(answer))))
        self.answer_label.setFont(font)
        self.answer_label.setText(answer)
        colour = "palette(mid)" if answer in ("–", "…") else ("" if sure else "#d97706")
        self.answer_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.detail_label.setText(detail)

    def _no_model_text(self) -> str:
        if self._hub.is_loading():
            return "Loading model…"
        return f"No model: {self._hub.last_error() or 'none is loaded.'}"

    def _show_truth(self) -> None:
        if self._sample is None or self._sample[0] != self.canvas.version:
            self._sample = None
            self.truth_label.clear()
            return
        if self._reading_version != self.canvas.version:
            return   # the reading of the MNIST digit is still on its way
        truth = self._sample[1]
        probabilities = self._reading.probabilities
        if probabilities is None:
            self.truth_label.setText(f"MNIST label: {truth}")
            self.truth_label.setStyleSheet("")
        else:
            right = int(np.argmax(probabilities)) == truth
            self.truth_label.setText(f"MNIST label: {truth}  {'✓ right' if right else '✗ wrong'}")
            self.truth_label.setStyleSheet(f"color: {'#16a34a' if right else '#dc2626'}; font-weight: bold;")

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()
        QTimer.singleShot(6000, self.message_label.hide)

    def answer_text(self) -> str:
        return self.answer_label.text()

    def detail_text(self) -> str:
        return self.detail_label.text()

    def reading(self) -> Reading:
        return self._reading

    # ----- tools -----------------------------------------------------------------------------------

    def _update_history_actions(self) -> None:
        self.undo_action.setEnabled(self.canvas.can_undo())
        self.redo_action.setEnabled(self.canvas.can_redo())

    def _on_brush_changed(self, width: int) -> None:
        self.canvas.set_brush_width(width)
        self.brush_value.setText(str(width))
        app_settings().setValue("draw/brush_width", width)

    def draw_random_digit(self) -> int:
        """Put a random MNIST test digit on the canvas; returns its true label."""
        if self._mnist is None:
            with np.load(MNIST_SAMPLE) as sample:
                self._mnist = (sample["x_test"], sample["y_test"])
        images, labels = self._mnist
        index = random.randrange(len(images))
        self.canvas.place_array(images[index])
        self._sample = (self.canvas.version, int(labels[index]))   # shown beside the answer when it comes
        return int(labels[index])

    def paste(self) -> None:
        self.canvas.place_from_mime(QGuiApplication.clipboard().mimeData())

    def load_picture_file(self, path: str | Path) -> bool:
        try:
            self.canvas.place_picture(read_picture(path))
        except UserError as error:
            self._show_message(str(error))
            return False
        return True

    def save_drawing(self, path: str | Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save drawing", str(Path.home() / "digit.png"),
                                                    "PNG pictures (*.png)")
            if not chosen:
                return None
            path = chosen if chosen.lower().endswith(".png") else chosen + ".png"
        try:
            self.canvas.save_png(path)
        except UserError as error:
            self._show_message(str(error))
            return None
        return Path(path)

    # ----- settings --------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        width = int(settings.value("draw/brush_width", DEFAULT_BRUSH_WIDTH))
        self.brush_slider.setValue(width)
        self._on_brush_changed(self.brush_slider.value())
        state = settings.value("draw/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def save_settings(self) -> None:
        app_settings().setValue("draw/splitter", self.splitter.saveState())


def _tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
