"""The learning-rate page: a slider for the rate; w walking down the parabola (w + 1)² step by step,
w and the rate per step, the constant rate beside the course's exponential decay."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSlider, QVBoxLayout

from core.events import STEP
from core.labs.learning_rate import CRITICAL_RATE, regime
from gui import i18n
from gui.course.page import LabPage, make_plot, name_legend, name_plot
from gui.course.texts import lab_text, significant
from gui.settings import app_settings

CONSTANT_COLOUR, DECAY_COLOUR = (37, 99, 235), (217, 119, 6)
SLIDER_SCALE = 100          # the slider moves in steps of 0.01
SLIDER_MAX = 2.0
WATCHING_DELAY_S = 0.08     # the page's default pause per step: ~12 steps a second, easy to follow


class LearningRatePage(LabPage):
    LAB = "learning_rate"

    def __init__(self, parent=None):
        super().__init__(parent)
        if app_settings().value(self._key("step_delay")) is None:
            self.controls["step_delay"].setValue(WATCHING_DELAY_S)

    def retranslate(self) -> None:
        super().retranslate()
        self.slider.setToolTip(self.tr("Drag to change the rate; release to run again"))
        self._show_regime()
        name_plot(self.parabola, self.tr("loss = (w + 1)²"), "w", self.tr("loss"))
        name_legend(self.parabola, self.path, self.tr("constant rate"))
        name_legend(self.parabola, self.decay_path, self.tr("exponential decay"))
        name_plot(self.w_plot, self.tr("w per step (minimum at -1)"), self.tr("step"), "w")
        name_plot(self.lr_plot, self.tr("learning rate per step"), self.tr("step"), "lr")

    def _add_slider(self) -> None:
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(1, int(SLIDER_MAX * SLIDER_SCALE))
        self.regime_label = QLabel()
        self.regime_label.setWordWrap(True)
        rate = self.controls["lr"]
        self.slider.setValue(int(round(rate.value() * SLIDER_SCALE)))
        self.slider.valueChanged.connect(lambda value: rate.setValue(value / SLIDER_SCALE))
        self.slider.sliderReleased.connect(self.start)
        rate.valueChanged.connect(self._on_rate_changed)
        self.form.insertRow(1, "", self.slider)
        self.form.insertRow(2, "", self.regime_label)
    def _on_rate_changed(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(value * SLIDER_SCALE)))
        self.slider.blockSignals(False)
        self._show_regime()

    def _show_regime(self) -> None:
        value = self.controls["lr"].value()
        self.regime_label.setText(self.tr("A constant rate of {0} {1} (critical rate: {2}).").format(
            significant(value, 6), lab_text(regime(value)), significant(CRITICAL_RATE, 6)))

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.parabola = make_plot()
        self.parabola.plot(np.linspace(-8, 6, 200), (np.linspace(-8, 6, 200) + 1) ** 2, pen=pg.mkPen("#999"))
        self.parabola.addLegend(offset=(-10, 10))
        self.path = self.parabola.plot(pen=pg.mkPen(CONSTANT_COLOUR, width=1.5), symbol="o", symbolSize=6,
                                       symbolBrush=CONSTANT_COLOUR, name="constant")
        self.decay_path = self.parabola.plot(pen=pg.mkPen(DECAY_COLOUR, width=1.5), symbol="t", symbolSize=6,
                                             symbolBrush=DECAY_COLOUR, name="decay")
        self.w_plot = make_plot()
        self.w_curve = self.w_plot.plot(pen=pg.mkPen(CONSTANT_COLOUR, width=2))
        self.w_decay_curve = self.w_plot.plot(pen=pg.mkPen(DECAY_COLOUR, width=2))
        self.lr_plot = make_plot()
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen(CONSTANT_COLOUR, width=2))
        self.lr_decay_curve = self.lr_plot.plot(pen=pg.mkPen(DECAY_COLOUR, width=2))
        grid = QGridLayout()
        grid.addWidget(self.parabola, 0, 0, 1, 2)
        grid.addWidget(self.w_plot, 1, 0)
        grid.addWidget(self.lr_plot, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        layout.addLayout(grid)
        self._steps: dict[str, list[float]] = {}
        self.reset_plots()
        self._add_slider()   # the rate's control exists: the form is filled before the plots

    def handlers(self):
        return {STEP: self._on_step}

    def reset_plots(self) -> None:
        start = float(self.controls["w0"].value()) if "w0" in self.controls else 5.0
        self._steps = {"step": [0], "w": [start], "w_decay": [start], "lr": [], "lr_decay": []}

    def _on_step(self, item: dict) -> None:
        for key in ("w", "w_decay"):
            self._steps[key].append(item[key])
        self._steps["step"].append(item["step"])
        self._steps["lr"].append(item["lr"])
        self._steps["lr_decay"].append(item["lr_decay"])

    def redraw(self) -> None:
        w, w_decay = np.asarray(self._steps["w"]), np.asarray(self._steps["w_decay"])
        shown = np.abs(w) < 1e6     # a diverging run leaves the picture; its last sane points stay drawn
        self.path.setData(w[shown], (w[shown] + 1) ** 2)
        self.decay_path.setData(w_decay, (w_decay + 1) ** 2)
        steps = np.asarray(self._steps["step"])
        self.w_curve.setData(steps[shown], w[shown])
        self.w_decay_curve.setData(steps, w_decay)
        self.lr_curve.setData(steps[1:], self._steps["lr"])
        self.lr_decay_curve.setData(steps[1:], self._steps["lr_decay"])

    def describe_finished(self, item: dict) -> str:
        if item.get("diverged"):
            verdict = self.tr("the constant rate diverged")
        else:
            verdict = self.tr("constant rate: w = {0}").format(significant(item["w"]))
        return self.tr("{0} after {1} steps: {2}; with decay: w = {3}.").format(
            self.finished_word(item), i18n.number(item["steps_run"]), verdict, significant(item["w_decay"]))
