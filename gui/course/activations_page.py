"""Activations and losses: each activation with its derivative and the course's advice; each loss's
shape; and the course's custom asymmetric loss trained on the yoghurt data, its two weights leaning
away from 1 the way cost and profit push them."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from core.events import EPOCH
from core.labs.activations import ACTIVATIONS, BEGINNER_ADVICE, LOSS_NOTES, activation_curves, loss_curves
from gui import i18n
from gui.course.page import LabPage, make_plot, name_plot
from gui.course.texts import lab_text

W1_COLOUR, W2_COLOUR, GREY = (37, 99, 235), (217, 119, 6), "#888"
LOSS_TITLES = {"mse": QT_TRANSLATE_NOOP("ActivationsPage", "MSE against the prediction"),
               "custom": QT_TRANSLATE_NOOP("ActivationsPage", "Custom loss against the prediction"),
               "cross_entropy": QT_TRANSLATE_NOOP("ActivationsPage", "Cross-entropy against p(right class)"),
               "softmax_cross_entropy": QT_TRANSLATE_NOOP("ActivationsPage",
                                                          "Softmax + cross-entropy against the right class's score")}
SECTIONS = ("activations", "losses")


class ActivationsPage(LabPage):
    LAB = "activations"

    def __init__(self, section: str = "activations", parent=None):
        super().__init__(parent)
        self.sections.setCurrentIndex(SECTIONS.index(section) if section in SECTIONS else 0)
        for name in ("cost", "profit"):
            self.controls[name].valueChanged.connect(self._draw_loss_shapes)
        self._draw_loss_shapes()

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.sections = QTabWidget()
        self.sections.addTab(self._build_activations(), "")
        self.sections.addTab(self._build_losses(), "")
        layout.addWidget(self.sections)
        self._history: dict[str, list[float]] = {"epoch": [], "loss": [], "w1": [], "w2": []}

    # ---- activations -------------------------------------------------------------------------
    def _build_activations(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.activation = QComboBox()
        for key, activation in ACTIVATIONS.items():
            self.activation.addItem(activation.name, key)     # named in retranslate()
        self.activation_plot = make_plot("", "x")
        self.activation_plot.addLegend(offset=(10, 10))
        self.function_curve = self.activation_plot.plot(pen=pg.mkPen(W1_COLOUR, width=2), name="f(x)")
        self.derivative_curve = self.activation_plot.plot(pen=pg.mkPen(W2_COLOUR, width=2, style=Qt.PenStyle.DashLine),
                                                          name="f'(x)")
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.general_advice = QLabel()
        self.general_advice.setWordWrap(True)
        layout.addWidget(self.activation)
        layout.addWidget(self.activation_plot, 1)
        layout.addWidget(self.advice)
        layout.addWidget(self.general_advice)
        self.activation.currentIndexChanged.connect(self._draw_activation)
        self._draw_activation()
        return page

    def _draw_activation(self) -> None:
        key = self.activation.currentData()
        x = np.linspace(-5, 5, 401)
        function, derivative = activation_curves(key, x)
        self.function_curve.setData(x, function)
        self.derivative_curve.setData(x, derivative)
        self.advice.setText(lab_text(ACTIVATIONS[key].advice))

    # ---- losses ------------------------------------------------------------------------------
    def _build_losses(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        self.loss_shapes, self.loss_plots = {}, {}
        for index, key in enumerate(LOSS_TITLES):
            plot = self.loss_plots[key] = make_plot()
            self.loss_shapes[key] = plot.plot(pen=pg.mkPen(W1_COLOUR, width=2))
            grid.addWidget(plot, index // 2, index % 2)
        self.weights_plot = make_plot()
        self.weights_plot.addLegend(offset=(-10, 10))
        self.weights_plot.addItem(pg.InfiniteLine(1.0, angle=0, pen=pg.mkPen(GREY, style=Qt.PenStyle.DashLine)))
        self.w1_curve = self.weights_plot.plot(pen=pg.mkPen(W1_COLOUR, width=2), name="w1")
        self.w2_curve = self.weights_plot.plot(pen=pg.mkPen(W2_COLOUR, width=2), name="w2")
        self.training_loss_plot = make_plot()
        self.training_loss_curve = self.training_loss_plot.plot(pen=pg.mkPen(GREY, width=2))
        grid.addWidget(self.weights_plot, 2, 0)
        grid.addWidget(self.training_loss_plot, 2, 1)
        self.custom_notes = QLabel()
        self.custom_notes.setWordWrap(True)
        grid.addWidget(self.custom_notes, 3, 0, 1, 2)
        return page

    def retranslate(self) -> None:
        super().retranslate()
        self.sections.setTabText(0, self.tr("Activations"))
        self.sections.setTabText(1, self.tr("Losses"))
        for index, activation in enumerate(ACTIVATIONS.values()):
            self.activation.setItemText(index, lab_text(activation.name))
        name_plot(self.activation_plot, self.tr("f(x) and its derivative"))
        self.general_advice.setText(lab_text(BEGINNER_ADVICE))
        self._draw_activation()
        for key, plot in self.loss_plots.items():
            name_plot(plot, QCoreApplication.translate("ActivationsPage", LOSS_TITLES[key]))
            plot.setToolTip(lab_text(LOSS_NOTES[key]))
        name_plot(self.weights_plot, self.tr("Yoghurt: learned weights (truth: 1)"), self.tr("step"))
        name_plot(self.training_loss_plot, self.tr("Yoghurt: loss"), self.tr("step"))
        self.custom_notes.setText(lab_text(LOSS_NOTES["custom"]))

    def _draw_loss_shapes(self) -> None:
        curves = loss_curves(self.controls["cost"].value(), self.controls["profit"].value())
        for key, (x, y) in curves.items():
            self.loss_shapes[key].setData(x, y)

    # ---- training ----------------------------------------------------------------------------
    def handlers(self):
        return {EPOCH: self._on_epoch}

    def reset_plots(self) -> None:
        for values in self._history.values():
            values.clear()
        self.sections.setCurrentIndex(1)

    def _on_epoch(self, item: dict) -> None:
        for key, values in self._history.items():
            values.append(item[key])

    def redraw(self) -> None:
        epochs = self._history["epoch"]
        self.w1_curve.setData(epochs, self._history["w1"])
        self.w2_curve.setData(epochs, self._history["w2"])
        self.training_loss_curve.setData(epochs, self._history["loss"])

    def describe_finished(self, item: dict) -> str:
        lean = item["lean"]
        return self.tr("{0}: w1 = {1}, w2 = {2}; predictions lean {3} yoghurts a day.").format(
            self.finished_word(item), i18n.number(item["w1"], 3), i18n.number(item["w2"], 3),
            ("+" if lean >= 0 else "") + i18n.number(lean, 3))
