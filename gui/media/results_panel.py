"""What the Images & video tab found: the number read, every digit in a table, the confidence threshold
and the binary view ("Digits found"), and how fast each stage ran ("Speed").

The results panel owns the row selection and the note about the model; it tells the tab when the user
changes the threshold, the view or the highlighted digit. Their words and figures are rendered from
what they show, so a language switch (gui.i18n) re-renders them.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSlider, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core.pipeline import FrameResult
from gui import i18n

STAGES = ("capture", "detect", "preprocess", "classify", "draw")


def listed(result: FrameResult | None) -> list[tuple]:
    """The table's rows and the view's boxes, in one order: (detection, confident), confident ones first."""
    if result is None:
        return []
    return [(d, True) for d in result.detections] + [(d, False) for d in result.hidden]


class ResultsPanel(i18n.Retranslatable, QGroupBox):
    threshold_changed = Signal(float)
    binary_toggled = Signal(bool)
    highlight_changed = Signal(object)     # the selected row, or None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._reading_model = None         # the model digits are read with (the old one while a new one loads)
        self._result: FrameResult | None = None
        self._model_note: Callable[[], str] = str    # renders the note about the model ("" when none)
        self._keep_note: Callable[[], str] = str     # renders what became of "Save this digit as"
        self.number_label = QLabel("—")
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setWordWrap(True)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model_note = QLabel()
        self.model_note.setWordWrap(True)
        self.model_note.setStyleSheet("color: palette(placeholder-text);")
        self.results_table = self._build_table()
        self.binary_check = QCheckBox()
        self.binary_check.toggled.connect(self.binary_toggled)
        self.threshold_caption = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(self.number_label)
        layout.addWidget(self.model_note)
        layout.addWidget(self.results_table, 1)
        layout.addLayout(self._build_keep_row())
        layout.addWidget(self.threshold_caption)
        layout.addLayout(self._build_threshold_row())
        layout.addWidget(self.binary_check)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Digits found"))
        self.number_label.setToolTip(self.tr("Digits standing in a row are read left to right as one number"))
        self.binary_check.setText(self.tr("Show what the detector sees (binary view)"))
        self.binary_check.setToolTip(self.tr("The thresholded picture the detector finds digits in"))
        self.threshold_caption.setText(self.tr("Confidence threshold"))
        self.results_table.setHorizontalHeaderLabels(["#", self.tr("Digit"), self.tr("Confidence"),
                                                      self.tr("Box (x, y, w, h)")])
        self.results_table.setToolTip(self.tr("Every digit found; click one to highlight its box "
                                              "(greyed rows are below the confidence threshold)"))
        self.keep_label.setToolTip(self.tr("What the selected digit really is"))
        self.keep_button.setText(self.tr("Save this digit as"))
        self.keep_button.setToolTip(self.tr("Keep the selected digit in your personal dataset with the label on "
                                            "the right (fine-tune to it in the Draw tab)"))
        self.threshold_slider.setToolTip(self.tr("Digits read with less confidence than this are hidden"))
        self.threshold_label.setText(i18n.percent(self.threshold()))
        self.keep_note.setText(self._keep_note())
        self._show_model_note(self._model_note)
        if self._result is not None:
            self.show_result(self._result)

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.itemSelectionChanged.connect(lambda: self.highlight_changed.emit(self.selected_row()))
        return table

    def _build_keep_row(self) -> QHBoxLayout:
        """Save the selected digit to the personal dataset with the label the user gives (core.personal)."""
        self._rows: list[tuple] = []
        self.keep_label = QSpinBox()
        self.keep_label.setRange(0, 9)
        self.keep_button = QPushButton()
        self.keep_button.clicked.connect(lambda: self.keep_selected(self.keep_label.value()))
        self.keep_note = QLabel()
        self.results_table.itemSelectionChanged.connect(self._suggest_label)
        row = QHBoxLayout()
        row.addWidget(self.keep_button)
        row.addWidget(self.keep_label)
        row.addWidget(self.keep_note, 1)
        return row

    def _suggest_label(self) -> None:
        row = self.selected_row()
        if row is not None and row < len(self._rows):
            self.keep_label.setValue(int(self._rows[row][0].label))   # the reading; the user corrects it
        self._say_kept(str)

    def keep_selected(self, label: int) -> bool:
        from core import personal
        from core.fileio import UserError

        row = self.selected_row()
        image = self._rows[row][0].image if row is not None and row < len(self._rows) else None
        if image is None:
            self._say_kept(lambda: self.tr("Select a digit first."))
            return False
        try:
            personal.add_digit(image, label)
        except UserError as error:
            message = str(error)   # core's own words
            self._say_kept(lambda: message)
            return False
        self._say_kept(lambda: self.tr("Kept as a {0}.").format(label))
        return True

    def _say_kept(self, message: Callable[[], str]) -> None:
        self._keep_note = message
        self.keep_note.setText(message())

    def _build_threshold_row(self) -> QHBoxLayout:
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal)
        self.threshold_slider.setRange(0, 100)
        self.threshold_slider.setValue(50)
        self.threshold_label = QLabel()
        self.threshold_slider.valueChanged.connect(self._threshold_moved)
        self._threshold_moved(self.threshold_slider.value())
        row = QHBoxLayout()
        row.addWidget(self.threshold_slider, 1)
        row.addWidget(self.threshold_label)
        return row

    def _threshold_moved(self, value: int) -> None:
        self.threshold_label.setText(i18n.percent(self.threshold()))
        self.threshold_changed.emit(self.threshold())

    def threshold(self) -> float:
        return self.threshold_slider.value() / 100.0

    def binary_view(self) -> bool:
        return self.binary_check.isChecked()

    # --- the digits ----------------------------------------------------------------------------------

    def show_result(self, result: FrameResult | None) -> None:
        self._result = result
        self.number_label.setText((result.reading() if result is not None else "") or "—")
        rows = listed(result)
        self._rows = rows
        selected = self.selected_row()
        table = self.results_table
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for row, (detection, confident) in enumerate(rows):
            cells = [str(row + 1), str(detection.label), i18n.percent(detection.confidence, 1),
                     ", ".join(str(int(v)) for v in detection.box)]
            for column, text in enumerate(cells):
                table.setItem(row, column, self._cell(text, column, confident))
        if selected is not None and selected < len(rows):
            table.selectRow(selected)
        else:
            table.clearSelection()
        table.blockSignals(False)

    def _cell(self, text: str, column: int, confident: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if column < 3:
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if not confident:
            item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            item.setToolTip(self.tr("Below the confidence threshold: not drawn on the frame"))
        return item

    def clear(self) -> None:
        self._result = None
        self.results_table.setRowCount(0)
        self.number_label.setText("—")

    def selected_row(self) -> int | None:
        rows = self.results_table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        if row < self.results_table.rowCount():
            self.results_table.selectRow(row)

    # --- the model -----------------------------------------------------------------------------------

    def model_ready(self, classifier) -> None:
        self._reading_model = classifier
        self._show_model_note(str if classifier is not None else self._no_model_note)

    def model_loading(self, name: str) -> None:
        reading = self._reading_model
        if reading is not None:
            self._show_model_note(lambda: self.tr("Switching to {0}… {1} reads until it is ready.").format(
                name, reading.info.name))
        else:
            self._show_model_note(lambda: self.tr("Loading {0}… digits are read once it is ready.").format(
                name or self.tr("the model")))

    def model_failed(self, message: str = "") -> None:
        # The window says why; this panel says what it means here.
        self._show_model_note(str if self._reading_model is not None else self._no_model_note)

    def _no_model_note(self) -> str:
        return self.tr("No model is loaded: pictures are shown, but no digit is read.")

    def _show_model_note(self, note: Callable[[], str]) -> None:
        self._model_note = note
        text = note()
        self.model_note.setText(text)
        self.model_note.setVisible(bool(text))


class SpeedPanel(i18n.Retranslatable, QGroupBox):
    """Frames read per second and the milliseconds each stage took on the frame shown."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._figures: tuple[float, dict[str, float]] = (0.0, {})
        self.fps_label = QLabel("—")
        self.stage_labels = {stage: QLabel("—") for stage in STAGES}
        self.fps_caption = QLabel()
        self.stage_captions = {stage: QLabel() for stage in STAGES}
        self.runtime_caption, self.runtime_label = QLabel(), QLabel("—")     # what the digits are read with
        form = QFormLayout(self)
        form.addRow(self.fps_caption, self.fps_label)
        for stage, label in self.stage_labels.items():
            form.addRow(self.stage_captions[stage], label)
        form.addRow(self.runtime_caption, self.runtime_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Speed"))
        self.setToolTip(self.tr("Frames read per second and the milliseconds each stage takes per frame"))
        self.fps_caption.setText(self.tr("Frames per second"))
        names = {"capture": self.tr("Capture (ms)"), "detect": self.tr("Detect (ms)"),
                 "preprocess": self.tr("Preprocess (ms)"), "classify": self.tr("Classify (ms)"),
                 "draw": self.tr("Draw (ms)")}
        for stage, caption in self.stage_captions.items():
            caption.setText(names[stage])
        self.runtime_caption.setText(self.tr("Runtime"))
        self.show_figures(*self._figures)

    def show_reader(self, classifier) -> None:
        """The runtime live frames are read with (Classifier.for_live_frames), e.g. ONNX Runtime int8."""
        self.runtime_label.setText("—" if classifier is None else classifier.backend_name)
        self.runtime_label.setToolTip("" if classifier is None else classifier.backend_note)

    def show_figures(self, fps: float, timings: dict[str, float]) -> None:
        self._figures = (fps, dict(timings))
        self.fps_label.setText(i18n.number(fps, 1) if fps else "—")
        for stage, label in self.stage_labels.items():
            value = timings.get(stage)
            label.setText("—" if value is None else i18n.number(value, 1))

    def clear(self) -> None:
        self._figures = (0.0, {})
        for label in [self.fps_label, *self.stage_labels.values()]:
            label.setText("—")
