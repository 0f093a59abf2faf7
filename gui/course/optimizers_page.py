"""The Optimizers page: the five optimizers raced on iris (loss and test-accuracy curves overlaid, a
table of final loss, accuracy and time) or on a 2-D surface (every path animated on the contour plot).

A surface race takes milliseconds in core, so its steps arrive in one batch; the page keeps them and
plays them back at ~60 frames a second (a QTimer on the GUI thread), one step per frame. A typed formula
is checked as it is typed: a message under the field, and the last good formula stays in use.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from core.events import EPOCH, FINISHED, SNAPSHOT, STEP
from core.fileio import UserError
from core.labs.optimizers import OPTIMIZERS
from core.labs.surfaces import SURFACES, surface_for
from gui import i18n
from gui.common.widgets import cache_axes
from gui.course.page import LabPage, make_plot, name_plot
from gui.course.texts import significant

COLOURS = {"sgd": (55, 65, 81), "momentum": (217, 119, 6), "adagrad": (147, 51, 234), "rmsprop": (37, 99, 235),
           "adam": (22, 163, 74)}
FRAME_MS = 16            # ~60 frames a second for the paths
CONTOUR_LEVELS = 14
FORMULA = "formula"
DEFAULT_FORMULA = "sin(x) * cos(y) + 0.1 * (x**2 + y**2)"


class ProblemBox(i18n.Retranslatable, QWidget):
    """Iris, a named surface, or a typed formula; value() is always a problem the lab accepts."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice = QComboBox()
        self.choice.addItems(["iris", *SURFACES])
        self.choice.addItem("", FORMULA)                 # named in retranslate()
        self._formula_error = ""                         # core's sentence about the typed formula
        self.formula = QLineEdit(DEFAULT_FORMULA)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c;")
        self._good_formula = DEFAULT_FORMULA
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.choice, self.formula, self.message):
            layout.addWidget(widget)
        self.choice.currentIndexChanged.connect(self._on_choice)
        self.formula.textChanged.connect(self._on_formula)
        self._on_choice()
        self.retranslate()

    def retranslate(self) -> None:
        self.choice.setItemText(self.choice.findData(FORMULA), self.tr("a formula in x and y"))
        self._show_error()

    def _show_error(self) -> None:
        if self._formula_error:
            self.message.setText(self.tr("{0} The last good formula stays: {1}").format(
                self._formula_error, self._good_formula))
        else:
            self.message.clear()

    def value(self) -> str:
        if self.choice.currentData() == FORMULA:
            return self._good_formula
        return self.choice.currentText()

    def set_value(self, value: str) -> None:
        index = self.choice.findText(value)
        if index >= 0:
            self.choice.setCurrentIndex(index)
            return
        self.formula.setText(value)
        self.choice.setCurrentIndex(self.choice.findData(FORMULA))

    def _on_choice(self) -> None:
        typed = self.choice.currentData() == FORMULA
        self.formula.setVisible(typed)
        self.message.setVisible(typed and bool(self.message.text()))
        self.changed.emit()

    def _on_formula(self, text: str) -> None:
        try:
            surface_for(text)
        except UserError as error:
            self._formula_error = str(error)
            self._show_error()
            self.message.setVisible(True)
            return
        self._good_formula = text.strip()
        self._formula_error = ""
        self._show_error()
        self.message.setVisible(False)
        self.changed.emit()


class OptimizersPage(LabPage):
    LAB = "optimizers"

    def make_control(self, settings_field):
        if settings_field.name == "problem":
            return ProblemBox()
        return super().make_control(settings_field)

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.surface_plot = make_plot("", "x", "y")
        self.surface_plot.setAspectLocked(True)
        self.surface_image = pg.ImageItem()
        self.surface_image.setColorMap(pg.colormap.get("CET-L17"))   # light at the bottom of the valley
        self.surface_plot.addItem(self.surface_image)
        self.contours: list[pg.IsocurveItem] = []
        self.surface_plot.addLegend(offset=(-10, 10))
        self.paths = {name: self.surface_plot.plot(pen=pg.mkPen(COLOURS[name], width=2.5), name=name)
                      for name in OPTIMIZERS}
        self.heads = pg.ScatterPlotItem(size=11, pen=pg.mkPen("w", width=1.5))
        self.surface_plot.addItem(self.heads)
        self.loss_plot = make_plot()
        self.loss_curves = {name: self.loss_plot.plot(pen=pg.mkPen(COLOURS[name], width=2), name=name)
                            for name in OPTIMIZERS}
        self.loss_plot.addLegend(offset=(-10, 10))
        for name, curve in self.loss_curves.items():
            self.loss_plot.getPlotItem().legend.addItem(curve, name)
        self.accuracy_plot = make_plot()
        self.accuracy_plot.setYRange(0, 1.02)
        self.accuracy_curves = {name: self.accuracy_plot.plot(pen=pg.mkPen(COLOURS[name], width=2))
                                for name in OPTIMIZERS}
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().setVisible(False)
        grid = QGridLayout()
        grid.addWidget(self.surface_plot, 0, 0, 1, 2)
        grid.addWidget(self.accuracy_plot, 0, 0, 1, 2)
        grid.addWidget(self.loss_plot, 1, 0)
        grid.addWidget(self.table, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        for plot in (self.surface_plot, self.loss_plot, self.accuracy_plot):
            cache_axes(plot)
        self.frame_timer = QTimer(self)
        self.frame_timer.setInterval(FRAME_MS)
        self.frame_timer.timeout.connect(self.next_frame)
        self._clear()

    def retranslate(self) -> None:
        super().retranslate()
        name_plot(self.surface_plot, self.tr("The surface and each optimizer's path"))
        name_plot(self.accuracy_plot, self.tr("Test accuracy (iris)"), self.tr("epoch"))
        name_plot(self.loss_plot, self.tr("Loss"), self.tr("epoch") if self._iris else self.tr("step"))
        self.table.setHorizontalHeaderLabels([self.tr("optimizer"), self.tr("lr"),
                                              self.tr("final loss"), self.tr("accuracy"), self.tr("seconds")])
        if self._finished is not None:
            self._fill_table(self._finished["results"])

    def _clear(self) -> None:
        self._steps: list[dict] = []            # surface steps received, played back by next_frame
        self._tracks: dict[str, tuple[list, list, list]] = {}   # optimizer → xs, ys (from the start), losses
        self._frame = 0
        self._history: dict[str, dict[str, list]] = {}
        self._finished: dict | None = None
        self._iris = self.controls["problem"].value() == "iris"
        self.surface_plot.setVisible(not self._iris)
        self.accuracy_plot.setVisible(self._iris)
        name_plot(self.loss_plot, "", self.tr("epoch") if self._iris else self.tr("step"))
        length = self.controls["epochs" if self._iris else "steps"].value()
        self.loss_plot.setXRange(0, length, padding=0.02)   # fixed: no axis redraw at every frame
        for item in [*self.paths.values(), *self.loss_curves.values(), *self.accuracy_curves.values()]:
            item.setData([], [])
        self.heads.setData([])
        self.table.setRowCount(0)

    # ---- events -----------------------------------------------------------------------------------
    def handlers(self):
        return {SNAPSHOT: self._on_surface, STEP: self._on_step, EPOCH: self._on_epoch, FINISHED: self._on_results}

    def reset_plots(self) -> None:
        self.frame_timer.stop()
        self._clear()

    def _on_surface(self, item: dict) -> None:
        values = np.asarray(item["values"], dtype=np.float64)
        shown = np.log1p(values - values.min())   # log: a valley's floor and its walls both visible
        x0, x1, y0, y1 = item["area"]
        self.surface_image.setImage(shown.T, autoLevels=True)
        self.surface_image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        for contour in self.contours:
            contour.setParentItem(None)
            self.surface_plot.removeItem(contour)
        levels = np.linspace(shown.min(), shown.max(), CONTOUR_LEVELS + 2)[1:-1]
        self.contours = [pg.IsocurveItem(data=shown.T, level=float(level), pen=pg.mkPen((255, 255, 255, 150)))
                         for level in levels]
        for contour in self.contours:
            contour.setParentItem(self.surface_image)
        self.surface_plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self._start = item["start"]

    def _on_step(self, item: dict) -> None:
        self._steps.append(item)
        for name, (x, y) in item["points"].items():
            track = self._tracks.setdefault(name, ([self._start[0]], [self._start[1]], []))
            track[0].append(x)
            track[1].append(y)
            track[2].append(item["losses"][name])
        if not self.frame_timer.isActive():
            self.frame_timer.start()

    def _on_epoch(self, item: dict) -> None:
        history = self._history.setdefault(item["optimizer"], {"epoch": [], "loss": [], "test_accuracy": []})
        for key, values in history.items():
            values.append(item[key])

    def _on_results(self, item: dict) -> None:
        self._finished = item
        self._fill_table(item["results"])

    def redraw(self) -> None:
        if not self._iris:
            return
        for name, history in self._history.items():
            self.loss_curves[name].setData(history["epoch"], history["loss"])
            self.accuracy_curves[name].setData(history["epoch"], history["test_accuracy"])

    # ---- the animation ----------------------------------------------------------------------------
    def next_frame(self) -> None:
        """Show one more step of the surface race (called ~60 times a second while steps remain)."""
        if self._frame >= len(self._steps):
            self.frame_timer.stop()
            return
        self._frame += 1
        self.show_frame(self._frame)

    def show_frame(self, count: int) -> None:
        """Every optimizer's path up to its count-th step, its head, and the losses so far."""
        heads = []
        numbers = np.arange(1, count + 1)
        for name, (xs, ys, losses) in self._tracks.items():
            self.paths[name].setData(xs[:count + 1], ys[:count + 1])
            heads.append({"pos": (xs[count], ys[count]), "brush": pg.mkBrush(COLOURS[name])})
            self.loss_curves[name].setData(numbers, losses[:count])
        self.heads.setData(heads)

    def _fill_table(self, results: list[dict]) -> None:
        self.table.setRowCount(len(results))
        for row, result in enumerate(results):
            cells = [result["optimizer"], significant(result["lr"], 6), significant(result["final_loss"]),
                     _percent(result.get("test_accuracy")), significant(result["seconds"], 3)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def describe_finished(self, item: dict) -> str:
        if not item["results"]:
            return self.tr("Stopped.") if item.get("stopped") else self.tr("Finished.")
        best = min(item["results"], key=lambda r: r["final_loss"] if math.isfinite(r["final_loss"]) else math.inf)
        text = self.tr("{0}: lowest final loss {1} ({2})").format(self.finished_word(item), best["optimizer"],
                                                                  significant(best["final_loss"]))
        if item.get("tuned"):
            chosen = ", ".join(f"{r['optimizer']} {significant(r['lr'], 6)}" for r in item["results"])
            text += self.tr(". Tuned learning rates: {0}").format(chosen)
        return text

    def shutdown(self) -> None:
        self.frame_timer.stop()
        super().shutdown()


def _percent(value) -> str:
    return "—" if value is None else i18n.percent(value)
