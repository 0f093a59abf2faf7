"""What every settings panel shares: a titled group of form rows, each field with its own error line
underneath, and small helpers for reading and showing numbers.

Language (gui.i18n): a panel is Retranslatable. It builds its rows bare (add_field(widget)) and names
them in retranslate() (setTitle, name_field(widget, label, tip)), so the start and a language switch run
the same code; retranslate() never touches what the user typed or chose."""
from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui import i18n


class FormPanel(i18n.Retranslatable, QGroupBox):
    """A group of form rows. `changed` fires on any edit; `errors()` says what is wrong with the panel's
    own fields, and `show_errors` shows the messages whose fields live here. A subclass names its title
    and rows in retranslate() and calls it at the end of its __init__."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self._error_labels: dict[str, QLabel] = {}
        self._row_labels: dict[QWidget, QLabel] = {}

    def add_field(self, widget: QWidget, key: str | None = None) -> QWidget:
        """A form row (named later by name_field) whose field carries its own error line underneath (when
        it has an error key); returns the row's field part (for set_row_visible)."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        if key:
            column.addWidget(self._error_label(key))
        label = QLabel()
        self._row_labels[widget] = label
        self.form.addRow(label, holder)
        return holder

    def add_labelled_row(self, widget: QWidget) -> QWidget:
        """A form row without an error line whose label is named later by name_field."""
        label = QLabel()
        self._row_labels[widget] = label
        self.form.addRow(label, widget)
        return widget

    def name_field(self, widget: QWidget, label: str, tip: str | None = None) -> None:
        """(Re)name a row added by add_field/add_labelled_row, and its field's tooltip when given."""
        self._row_labels[widget].setText(label)
        if tip is not None:
            widget.setToolTip(tip)

    def row_label(self, widget: QWidget) -> QLabel:
        return self._row_labels[widget]

    def _error_label(self, key: str) -> QLabel:
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setStyleSheet("color: #dc2626; font-size: 11px;")
        error.hide()
        self._error_labels[key] = error
        return error

    def error_label(self, key: str) -> QLabel | None:
        return self._error_labels.get(key)

    def errors(self) -> dict[str, str]:
        return {}

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self._error_labels.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    def set_row_visible(self, field: QWidget, visible: bool) -> None:
        self.form.setRowVisible(field, visible)

    def connect_changes(self, *widgets: QWidget) -> None:
        """Any edit of these widgets says `changed` (spin boxes, line edits, combo boxes)."""
        for widget in widgets:
            for name in ("valueChanged", "textChanged", "currentIndexChanged"):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(lambda *_: self.changed.emit())
                    break


def combo() -> QComboBox:
    """A combo box whose long item texts never widen the form beyond its panel."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    return box


def hbox(*widgets: QWidget, stretch_first: bool = True) -> QWidget:
    """Widgets side by side in one form row; the first one takes the spare width."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if index == 0 and stretch_first else 0)
    return row


def parse_number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    return f"{value:g}"


def sentence(text: str) -> str:
    """Messages from core start in lower case (they are also used mid-sentence)."""
    return text[:1].upper() + text[1:]
