"""LabPage: the shape every lab page shares — a controls column, a plots area and the code the lab runs
— and the wiring: Start/Stop, a LabRunner off the GUI thread, settings remembered per lab.

A page subclass names its lab (`LAB`, a key of core.labs.LABS), builds its plots in `build_plots`,
gives a table of event handlers in `handlers`, clears in `reset_plots` and draws in `redraw` (called
once per batch of events, ~30 times a second at most). The controls come from the lab's Settings
fields (core.labs.common.option: label, help, range, choices), so a new setting needs no GUI code; a
page may add its own widgets to `self.form`, override `make_control` for one field, or feed fields the
controls do not hold through `extra_settings`.

Language (gui.i18n): a page is Retranslatable. LabPage.retranslate() names the controls (labels and
tooltips from gui.course.texts), the buttons and the status line, which is kept as a function of the
run's state (describe_finished(item)), not as text, so a switch re-renders it; a subclass extends
retranslate() (super() first) for its plots, tables and labels. Plots are built bare (make_plot()) and
named in retranslate() with name_plot() and name_legend(). Nothing a user typed is touched.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpinBox, QSplitter,
                               QVBoxLayout, QWidget)

from core.events import FAILED, FINISHED, LOG, dispatch
from core.fileio import UserError
from core.labs import load_lab
from core.labs.common import label_of, make_settings, meta, setting_fields
from gui import i18n
from gui.course.code_view import CodeView
from gui.course.runner import LabRunner
from gui.course.texts import setting_text, significant
from gui.settings import app_settings

SETTINGS_GROUP = "course"
Message = str | Callable[[], str]    # a status line: fixed text (core's English) or rendered from state


def make_plot(title: str = "", x_label: str = "", y_label: str = "") -> pg.PlotWidget:
    """A plot in the Course tab's look: white, light grid, no context menu. Pages build it bare and
    name it in retranslate() (name_plot)."""
    plot = pg.PlotWidget()
    plot.setBackground("w")
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.showGrid(x=True, y=True, alpha=0.15)
    for side in ("bottom", "left"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen("#999"))
        axis.setTextPen(pg.mkPen("#444"))
    name_plot(plot, title, x_label, y_label)
    return plot


def name_plot(plot: pg.PlotWidget, title: str = "", x_label: str = "", y_label: str = "") -> None:
    """(Re)set a plot's title and axis labels (already translated); an empty one is left as it is."""
    if title:
        plot.setTitle(title, color="#333", size="10pt")
    for side, text in (("bottom", x_label), ("left", y_label)):
        if text:
            plot.getAxis(side).setLabel(text, color="#444")


def name_legend(plot, item, name: str) -> None:
    """Rename a curve (or scatter) in its plot's legend: legends do not get LanguageChange."""
    item.opts["name"] = name
    legend = plot.getPlotItem().legend if isinstance(plot, pg.PlotWidget) else plot.legend
    if legend is None:
        return
    for sample, label in legend.items:
        if sample.item is item:
            label.setText(name)
    legend.updateSize()


class ChoicesBox(QWidget):
    """A row of check boxes: a setting that is a list picked from fixed choices."""

    changed = Signal()

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QGridLayout(self)   # three a row: five optimizers in one row did not fit the column
        layout.setContentsMargins(0, 0, 0, 0)
        self._boxes = {choice: QCheckBox(choice) for choice in choices}
        for index, box in enumerate(self._boxes.values()):
            layout.addWidget(box, index // 3, index % 3)
            box.toggled.connect(self.changed)

    def value(self) -> tuple[str, ...]:
        return tuple(choice for choice, box in self._boxes.items() if box.isChecked())

    def set_value(self, value: tuple[str, ...]) -> None:
        for choice, box in self._boxes.items():
            box.setChecked(choice in value)


class LabPage(i18n.Retranslatable, QWidget):
    LAB = ""   # the lab's name in core.labs.LABS

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = load_lab(self.LAB)
        self.runner = LabRunner(self)
        self.runner.events.connect(self._on_events)
        self.runner.ended.connect(self._on_ended)
        self.controls: dict[str, QWidget] = {}
        self._field_labels: dict[str, tuple[QLabel, dataclasses.Field]] = {}
        self.form = QFormLayout()
        self.start_button = QPushButton()
        self.stop_button = QPushButton()
        self.message = QLabel()
        self._message: Message = ""
        self.code_view = CodeView()
        self.plots = QWidget()
        self._build()
        self._handlers = self._all_handlers()
        self.restore_settings()
        self._connect_controls()
        self.retranslate()

    def retranslate(self) -> None:
        """The controls' labels and tooltips, the buttons and the status line in the current language
        (a subclass adds its own texts after calling this)."""
        for name, (label, settings_field) in self._field_labels.items():
            label.setText(setting_text(label_of(settings_field)))
            self.controls[name].setToolTip(setting_text(meta(settings_field)["help"]))
        self._update_buttons()
        self._show_current_message()

    # ---- what a page subclass provides -------------------------------------------------------
    def build_plots(self, layout: QVBoxLayout) -> None:
        """Put the page's plots into the plots area."""

    def handlers(self) -> dict[str, Callable[[dict], None]]:
        """Event kind → handler; FINISHED/FAILED/LOG handlers run after the page's own status line."""
        return {}

    def reset_plots(self) -> None:
        """Clear the plots (a run is starting)."""

    def redraw(self) -> None:
        """Draw what the handled events changed (called once per batch of events)."""

    def extra_settings(self) -> dict[str, Any]:
        """Settings fields the controls do not hold (gui=False fields a page fills itself)."""
        return {}

    def describe_finished(self, item: dict) -> str:
        """The status line when a run ends."""
        numbers = [f"{key.replace('_', ' ')} {significant(value)}" for key, value in item.items()
                   if isinstance(value, (int, float)) and not isinstance(value, bool)]
        if not numbers:
            return self.tr("Stopped.") if item.get("stopped") else self.tr("Finished.")
        return self.tr("{0}: {1}").format(self.finished_word(item), ", ".join(numbers[:4]))

    def finished_word(self, item: dict) -> str:
        """"Stopped" or "Finished", as the run ended (the start of most status lines)."""
        return self.tr("Stopped") if item.get("stopped") else self.tr("Finished")

    def make_control(self, settings_field: dataclasses.Field) -> QWidget:
        """The widget for one Settings field, chosen by its default's type."""
        return control_for(settings_field)

    # ---- actions ----------------------------------------------------------------------------
    def settings(self):
        """The lab's Settings from the controls (UserError when a value is out of range)."""
        values = {name: control_value(widget) for name, widget in self.controls.items()}
        return make_settings(self.lab.Settings, {**values, **self.extra_settings()})

    def start(self) -> None:
        try:
            settings = self.settings()
        except UserError as error:
            self.show_message(str(error), error=True)
            return
        self.save_settings()
        self.reset_plots()
        self.show_message(lambda: self.tr("Running…"))
        run = self.lab.run
        self.runner.start(lambda should_stop: run(settings, should_stop))
        self._update_buttons()

    def stop(self) -> None:
        self.runner.stop()
        self.show_message(lambda: self.tr("Stopping…"))

    def is_running(self) -> bool:
        return self.runner.is_running()

    def show_message(self, text: Message, error: bool = False) -> None:
        """The status line: a text (core's messages, English) or a function rendering it from the
        run's state in the current language (called again on a language switch)."""
        self._message = text
        self.message.setStyleSheet("color: #b91c1c;" if error else "")
        self._show_current_message()

    def _show_current_message(self) -> None:
        self.message.setText(self._message() if callable(self._message) else self._message)

    def save_settings(self) -> None:
        store = app_settings()
        for name, widget in self.controls.items():
            value = control_value(widget)
            store.setValue(self._key(name), ",".join(value) if isinstance(value, tuple) else value)

    def restore_settings(self) -> None:
        store = app_settings()
        fields = {f.name: f for f in setting_fields(self.lab.Settings)}
        for name, widget in self.controls.items():
            stored = store.value(self._key(name))
            if stored is not None:
                set_control_value(widget, _converted(stored, fields[name].default))

    def confirm_close(self) -> bool:
        return True

    def shutdown(self) -> None:
        self.save_settings()
        self.runner.shutdown()

    # ---- wiring -------------------------------------------------------------------------------
    def _key(self, name: str) -> str:
        return f"{SETTINGS_GROUP}/{self.LAB}/{name}"

    def _build(self) -> None:
        for settings_field in setting_fields(self.lab.Settings):
            if not meta(settings_field)["gui"]:
                continue
            widget = self.make_control(settings_field)
            self.controls[settings_field.name] = widget
            label = QLabel()
            self._field_labels[settings_field.name] = (label, settings_field)
            if isinstance(widget, ChoicesBox):   # a row of check boxes needs the column's whole width
                self.form.addRow(label)
                self.form.addRow(widget)
            else:
                self.form.addRow(label, widget)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        self.message.setWordWrap(True)
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.addLayout(self.form)
        column_layout.addLayout(buttons)
        column_layout.addWidget(self.message)
        column_layout.addStretch(1)
        column.setMinimumWidth(220)
        column.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        plots_layout = QVBoxLayout(self.plots)
        plots_layout.setContentsMargins(0, 0, 0, 0)
        self.build_plots(plots_layout)
        self.code_view.show_code(self.lab.CODE, self.lab.KEY_LINES)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((column, 0), (self.plots, 3), (self.code_view, 2)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setSizes([240, 640, 460])   # the code needs room to be read, not just glimpsed
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def _connect_controls(self) -> None:
        for widget in self.controls.values():
            signal = _change_signal(widget)
            if signal is not None:
                signal.connect(self.save_settings)

    def _all_handlers(self) -> dict[str, Callable[[dict], None]]:
        own = self.handlers()
        base = {FINISHED: self._on_finished, FAILED: self._on_failed, LOG: self._on_log}
        merged = dict(own)
        for kind, handler in base.items():
            extra = own.get(kind)
            merged[kind] = handler if extra is None else _both(handler, extra)
        return merged

    def _on_events(self, items: list) -> None:
        for item in items:
            dispatch(self._handlers, item)
        self.redraw()

    def _on_ended(self) -> None:
        self._update_buttons()

    def _on_finished(self, item: dict) -> None:
        self.show_message(lambda: self.describe_finished(item))

    def _on_failed(self, item: dict) -> None:
        if "message" in item:
            self.show_message(str(item["message"]), error=True)   # core's sentence, English like the CLI's
        else:
            self.show_message(lambda: self.tr("The lab failed."), error=True)

    def _on_log(self, item: dict) -> None:
        self.show_message(str(item.get("message", "")))

    def _update_buttons(self) -> None:
        running = self.is_running()
        self.start_button.setText(self.tr("Restart") if running else self.tr("Start"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setEnabled(running)


def _both(first: Callable[[dict], None], second: Callable[[dict], None]) -> Callable[[dict], None]:
    def call(item: dict) -> None:
        first(item)
        second(item)
    return call


def control_for(settings_field: dataclasses.Field) -> QWidget:
    facts, default = meta(settings_field), settings_field.default
    if isinstance(default, bool):
        widget = QCheckBox()
    elif isinstance(default, tuple) and facts["choices"]:
        widget = ChoicesBox(facts["choices"])
    elif isinstance(default, str) and facts["choices"]:
        widget = QComboBox()
        widget.addItems(list(facts["choices"]))
    elif isinstance(default, int):
        widget = QSpinBox()
        widget.setRange(int(_bound(facts["low"], -10**9)), int(_bound(facts["high"], 10**9)))
    elif isinstance(default, float):
        widget = QDoubleSpinBox()
        widget.setDecimals(_decimals(default))
        widget.setRange(_bound(facts["low"], -1e9), _bound(facts["high"], 1e9))
        widget.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
    else:
        widget = QLineEdit()
    set_control_value(widget, default)
    return widget


def _bound(value: float | None, fallback: float) -> float:
    return fallback if value is None else value


def _decimals(default: float) -> int:
    """Three significant places below the default's first digit (0.1 → 4 decimals), 2 to 6."""
    if not default:
        return 4
    return max(2, min(6, 3 - math.floor(math.log10(abs(default)))))


def control_value(widget: QWidget) -> Any:
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, ChoicesBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return widget.value()   # a page's own control: it offers value()/set_value()


def set_control_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, ChoicesBox):
        widget.set_value(tuple(value))
    elif isinstance(widget, QComboBox):
        index = widget.findText(str(value))
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        widget.setValue(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value))
    else:
        widget.set_value(value)


def _change_signal(widget: QWidget):
    for name in ("changed", "toggled", "currentIndexChanged", "valueChanged", "editingFinished"):
        signal = getattr(widget, name, None)
        if signal is not None and hasattr(signal, "connect"):
            return signal
    return None


def _converted(stored: Any, default: Any) -> Any:
    """A value read back from QSettings (an INI file gives text) in the type of the field's default;
    the default when it cannot be read."""
    try:
        if isinstance(default, bool):
            return stored if isinstance(stored, bool) else str(stored).lower() in ("true", "1")
        if isinstance(default, tuple):
            text = ",".join(stored) if isinstance(stored, (list, tuple)) else str(stored)
            return tuple(item for item in text.split(",") if item)
        return type(default)(stored)
    except (TypeError, ValueError):
        return default
