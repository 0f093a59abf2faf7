"""The Draw tab: draw a digit (or several) and watch the network read it as you draw.

Canvas → its strokes and pixels → core.reading.read_drawing (strokes grouped into digits, each drawn
again at MNIST's stroke width, then preprocess and the hub's classifier; a placed picture goes through
core.pipeline) → the readout panel and boxes on the canvas.

Readings run on a worker thread, one at a time, always on the newest drawing: a small network reads
a digit in about a millisecond, but a VGG16 on a busy CPU takes tens, and the pen must never lag.
While the pen moves, readings are throttled to LIVE_INTERVAL_MS; a finished stroke is read at once.

A language switch (gui.i18n) re-names the actions and labels and re-renders the reading on screen from
the reading kept; it reads nothing again and leaves the drawing, its history and the brush alone.
"""
from __future__ import annotations

import random
import time
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QSlider, QSplitter, QToolButton, QVBoxLayout, QWidget

from core.fileio import UserError
from core.paths import MNIST_SAMPLE
from core.pipeline import Pipeline
from core.reading import Reading, read_drawing
from gui import i18n
from gui.common.widgets import percent
from gui.common.workers import BackgroundRunner, plain_message
from gui.draw.canvas import (DEFAULT_BRUSH_WIDTH, MAX_BRUSH_WIDTH, MIN_BRUSH_WIDTH, DrawingCanvas, OverlayBox,
                             read_picture)
from gui.draw.inside_panel import DigitOnCanvas, InsidePanel
from gui.draw.personal_panel import PersonalPanel
from gui.draw.readout import ReadoutPanel
from gui.settings import app_settings
from gui.tab import Tab

LIVE_INTERVAL_MS = 40           # at most 25 readings a second while the pen moves


class DrawTab(i18n.Retranslatable, Tab):
    """See the module docstring."""

    reading_shown = Signal()   # the answer on screen was updated (tests and benchmarks wait on it)

    def __init__(self, hub, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self._pipeline = None
        self._reading = Reading()
        self._mnist: tuple[np.ndarray, np.ndarray] | None = None
        self._sample: tuple[int, int] | None = None   # (canvas version, true label) of a drawn MNIST digit
        self.last_read_ms = 0.0   # stroke to answer on screen, the last reading
        self._reader = BackgroundRunner(max_threads=1, parent=self)
        self._pending: tuple | None = None   # (drawing, strokes, canvas version, time asked): not yet read
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
        self.retranslate()

    def retranslate(self) -> None:
        self._name_actions()
        self.brush_label.setText(self.tr("Brush"))
        self.brush_slider.setToolTip(self.tr("Stroke width. The default ({0}) draws strokes as thick as MNIST's "
                                             "pen when a digit fills the canvas.").format(DEFAULT_BRUSH_WIDTH))
        self.brush_value.setText(i18n.number(self.brush_slider.value()))
        self.message_label.hide()   # a passing message in the other language
        if self._reading_version == self.canvas.version:   # (a newer drawing's boxes are on their way)
            self.canvas.set_overlay(self._boxes(self._reading))   # the readout re-renders its own words

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
        self.personal = PersonalPanel(self._hub, self.current_digit28)   # your digits: hidden until asked for
        self.personal.hide()
        self.addActions(self.personal.correction_actions + [self.personal.show_action])
        left_layout.addWidget(self.personal.correction_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.readout = ReadoutPanel()
        self.splitter.addWidget(self.readout)
        self.inside = InsidePanel()   # inside the network: hidden until asked for
        self.inside.attach_canvas(self.canvas)
        self.inside.hide()
        self.splitter.addWidget(self.inside)
        self.splitter.addWidget(self.personal)
        self.inside_action.toggled.connect(self._toggle_inside)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

    def _build_actions(self) -> None:
        def action(shortcuts: list, slot) -> QAction:
            made = QAction(self)
            made.setShortcuts([QKeySequence(shortcut) for shortcut in shortcuts])
            made.triggered.connect(slot)
            self.addAction(made)   # window-wide shortcuts, active only while this tab is shown
            return made

        self.undo_action = action([QKeySequence.StandardKey.Undo], self.canvas.undo)
        self.redo_action = action(["Ctrl+Shift+Z", "Ctrl+Y"], self.canvas.redo)
        self.clear_action = action([Qt.Key.Key_Delete], self.canvas.clear)
        self.paste_action = action([QKeySequence.StandardKey.Paste], self.paste)
        self.eraser_action = action(["E"], self.canvas.set_eraser)
        self.eraser_action.setCheckable(True)
        self.random_action = action(["R"], self.draw_random_digit)
        self.save_action = action([], lambda: self.save_drawing())
        self.inside_action = action(["I"], lambda: None)
        self.inside_action.setCheckable(True)
        self.random_action.setEnabled(MNIST_SAMPLE.is_file())
        self._update_history_actions()

    def _name_actions(self) -> None:
        """The actions' names and tooltips (with their keys) in the current language."""
        _name(self.undo_action, self.tr("Undo"), self.tr("Undo the last stroke"))
        _name(self.redo_action, self.tr("Redo"), self.tr("Redo what was undone"))
        _name(self.clear_action, self.tr("Clear"), self.tr("Clear the canvas (also: right-click on it)"))
        _name(self.paste_action, self.tr("Paste"), self.tr("Paste a picture onto the canvas"))
        _name(self.eraser_action, self.tr("Eraser"), self.tr("Erase instead of drawing"))
        _name(self.random_action, self.tr("Random MNIST digit"),
              self.tr("Draw a random digit from the MNIST test set and show its true label"))
        _name(self.save_action, self.tr("Save…"), self.tr("Save the drawing as a PNG picture"))
        _name(self.inside_action, self.tr("Inside the network"), self.tr("Show every layer of the model and where "
                                                                         "it looked"))
        self.inside_action.setIconText(self.tr("Inside"))   # the tool row is full at 1280 px
        if not MNIST_SAMPLE.is_file():
            self.random_action.setToolTip(self.tr("The MNIST sample is missing ({0}).").format(MNIST_SAMPLE))

    def _build_tool_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.brush_label = brush_label = QLabel()
        self.brush_slider = QSlider(Qt.Orientation.Horizontal)
        self.brush_slider.setRange(MIN_BRUSH_WIDTH, MAX_BRUSH_WIDTH)
        self.brush_slider.setValue(DEFAULT_BRUSH_WIDTH)
        self.brush_slider.setMinimumWidth(90)
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
        row.addWidget(_tool_button(self.inside_action))
        return row

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
        self._pending = (self.canvas.to_array(), self.canvas.strokes(), self.canvas.version, time.perf_counter())
        if not self._in_flight:
            self._start_reading()

    def is_reading(self) -> bool:
        """True until the newest drawing's reading is on screen."""
        return self._in_flight or self._pending is not None

    def _start_reading(self) -> None:
        drawing, strokes, version, requested = self._pending
        self._pending = None
        self._in_flight = True
        classifier = self._hub.classifier
        pipeline = self._pipeline if classifier is not None else None
        self._reader.run(partial(read_drawing, drawing, classifier, pipeline, self.canvas.brush_width(), strokes),
                         partial(self._on_read, version, requested), self._on_read_failed)

    def _on_read(self, version: int, requested: float, reading: Reading) -> None:
        self._in_flight = False
        if self._pending is not None:
            self._start_reading()   # the drawing changed meanwhile: read the newest, show this one now
        self._reading = reading
        self._reading_version = version
        self._show(reading)
        self._show_inside(reading)
        self.last_read_ms = (time.perf_counter() - requested) * 1000.0
        self.reading_shown.emit()

    def _on_read_failed(self, error: BaseException) -> None:
        self._in_flight = False
        self._show_message(plain_message(error, self.tr("read the drawing")))
        if self._pending is not None:
            self._start_reading()

    def shutdown(self) -> None:
        """Stop reading (the window is closing)."""
        self._live_timer.stop()
        self._pending = None
        self._reader.wait(5000)
        self.inside.shutdown()
        self.personal.shutdown()

    # ----- showing ---------------------------------------------------------------------------------

    def _show(self, reading: Reading) -> None:
        self.canvas.set_overlay(self._boxes(reading))
        if reading.is_number:
            self.readout.show_number(reading)
        else:
            self.readout.show_single(reading, self._no_model_text)
        self._show_truth()

    @staticmethod
    def _boxes(reading: Reading) -> list[OverlayBox]:
        """A box on the canvas around each digit of a number, labelled with its answer and confidence."""
        if not reading.is_number:
            return []
        return [OverlayBox(d.box, f"{d.answer.label} {percent(d.answer.confidence)}", d.answer.sure)
                for d in reading.digits]

    def _no_model_text(self) -> str:
        if self._hub.is_loading():
            return self.tr("Loading model…")
        return self.tr("No model: {0}").format(self._hub.last_error() or self.tr("none is loaded."))

    def _show_truth(self) -> None:
        if self._sample is None or self._sample[0] != self.canvas.version:
            self._sample = None
            self.readout.show_truth(None, None)
        elif self._reading_version == self.canvas.version:   # else the MNIST digit's reading is on its way
            self.readout.show_truth(self._sample[1], self._reading.probabilities)

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()
        QTimer.singleShot(6000, self.message_label.hide)

    def answer_text(self) -> str:
        return self.readout.answer_text()

    def detail_text(self) -> str:
        return self.readout.detail_text()

    def reading(self) -> Reading:
        return self._reading

    def current_digit28(self) -> np.ndarray | None:
        """The network input of the digit shown (the selected one of a number), or None when none is read."""
        reading = self._reading
        if reading.is_number:
            return reading.digits[min(self.readout.selected_digit(), len(reading.digits) - 1)].image28
        return reading.image28 if reading.probabilities is not None else None

    # ----- inside the network ----------------------------------------------------------------------

    def _toggle_inside(self, on: bool) -> None:
        self.inside.setVisible(on)
        if on:
            self._show_inside(self._reading)

    def _show_inside(self, reading: Reading) -> None:
        """Hand the panel the digit just read (the selected one of a number), with where its ink is."""
        if not self.inside.isVisible():
            return
        drawing = self.canvas.to_array()
        if reading.is_number:
            digit = reading.digits[min(self.readout.selected_digit(), len(reading.digits) - 1)]
            shown = DigitOnCanvas(digit.image28, digit.box, drawing.shape[0])
        elif reading.image28 is not None and reading.probabilities is not None:
            from core.insight import ink_box
            from core.reading import INK_LEVEL
            shown = DigitOnCanvas(reading.image28, ink_box(drawing, INK_LEVEL), drawing.shape[0])
        else:
            shown = None
        self.inside.show_digit(self._hub.classifier, shown)

    # ----- tools -----------------------------------------------------------------------------------

    def _update_history_actions(self) -> None:
        self.undo_action.setEnabled(self.canvas.can_undo())
        self.redo_action.setEnabled(self.canvas.can_redo())

    def _on_brush_changed(self, width: int) -> None:
        self.canvas.set_brush_width(width)
        self.brush_value.setText(i18n.number(width))
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
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save drawing"), str(Path.home() / "digit.png"),
                                                    self.tr("PNG pictures (*.png)"))
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
        self.inside_action.setChecked(settings.value("draw/inside", False, type=bool))

    def save_settings(self) -> None:
        app_settings().setValue("draw/splitter", self.splitter.saveState())
        app_settings().setValue("draw/inside", self.inside_action.isChecked())


def _name(action: QAction, text: str, tip: str) -> None:
    """Name an action and give it a tooltip that ends with its keys, e.g. "Undo the last stroke (Ctrl+Z)"."""
    action.setText(text)
    keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
    action.setToolTip(f"{tip} ({keys})" if keys else tip)


def _tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
