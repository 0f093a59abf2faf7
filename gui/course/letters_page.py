"""The next-letter page: loss and accuracy while the network trains; then type letters and see the
next letter's probabilities as bars, and the cell's memory at each typed letter as heat maps (the
hidden state; an LSTM's cell state and gates; a GRU's gates), computed in core from the trained
weights (core.labs.letters.trace), so both engines show the same thing."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from core.events import EPOCH, FINISHED
from core.fileio import UserError
from core.labs.letters import ALPHABET, LetterModel, next_letter_probabilities, trace
from gui import i18n
from gui.common.widgets import cache_axes
from gui.course.page import LabPage, make_plot, name_plot
from gui.course.texts import lab_text

BLUE, GREEN, ORANGE = (37, 99, 235), (22, 163, 74), (217, 119, 6)
STATE_COLOURS = pg.colormap.get("CET-D1")      # blue (−1) · white (0) · red (+1)
GATE_COLOURS = pg.colormap.get("CET-L4")       # dark (closed, 0) to bright (open, 1)


class LettersPage(LabPage):
    LAB = "letters"

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.loss_plot = make_plot()
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen(BLUE, width=2))
        self.accuracy_plot = make_plot()
        self.accuracy_plot.setYRange(0, 1.05)
        self.accuracy_curve = self.accuracy_plot.plot(pen=pg.mkPen(GREEN, width=2))
        for plot in (self.loss_plot, self.accuracy_plot):
            cache_axes(plot)
        self.typed = QLineEdit("abcd")
        self.typed.textChanged.connect(self._show_typed)
        self.typed_message = QLabel()
        self.typed_message.setWordWrap(True)
        self.bars_plot = make_plot()
        self.bars_plot.setYRange(0, 1.05)
        self.bars_plot.setMouseEnabled(x=False, y=False)
        self.bars_plot.getAxis("bottom").setTicks([[(i, letter) for i, letter in enumerate(ALPHABET)]])
        self.bars = pg.BarGraphItem(x=np.arange(len(ALPHABET)), height=np.zeros(len(ALPHABET)), width=0.6,
                                    brush=pg.mkBrush(ORANGE))
        self.bars_plot.addItem(self.bars)
        self.states_view = pg.GraphicsLayoutWidget()
        self.states_view.setBackground("w")
        grid = QGridLayout()
        grid.addWidget(self.loss_plot, 0, 0)
        grid.addWidget(self.accuracy_plot, 0, 1)
        typed_row = QHBoxLayout()
        self.letters_label = QLabel()
        typed_row.addWidget(self.letters_label)
        typed_row.addWidget(self.typed, 1)
        layout.addLayout(grid, 2)
        layout.addLayout(typed_row)
        layout.addWidget(self.typed_message)
        lower = QHBoxLayout()
        lower.addWidget(self.bars_plot, 1)
        lower.addWidget(self.states_view, 2)
        layout.addLayout(lower, 3)
        self._history: dict[str, list[float]] = {"epoch": [], "loss": [], "accuracy": []}
        self.model: LetterModel | None = None

    def retranslate(self) -> None:
        super().retranslate()
        name_plot(self.loss_plot, self.tr("Loss (cross-entropy)"), self.tr("epoch"))
        name_plot(self.accuracy_plot, self.tr("Accuracy on the five contexts"), self.tr("epoch"))
        self.typed.setPlaceholderText(self.tr("type letters from {0}").format(ALPHABET))
        self.typed.setToolTip(self.tr("The trained network reads these letters one by one and predicts the next"))
        self.letters_label.setText(self.tr("Letters:"))
        name_plot(self.bars_plot, self.tr("Next letter"), "", self.tr("probability"))
        self._show_typed()

    def handlers(self):
        return {EPOCH: self._on_epoch, FINISHED: self._on_trained}

    def reset_plots(self) -> None:
        for values in self._history.values():
            values.clear()

    def _on_epoch(self, item: dict) -> None:
        for key, values in self._history.items():
            values.append(item[key])

    def _on_trained(self, item: dict) -> None:
        self.model = LetterModel.from_dict(item["model"])
        self._show_typed()

    def redraw(self) -> None:
        self.loss_curve.setData(self._history["epoch"], self._history["loss"])
        self.accuracy_curve.setData(self._history["epoch"], self._history["accuracy"])

    def describe_finished(self, item: dict) -> str:
        guesses = ", ".join(f"{context}→{letter}" for context, letter in item["predictions"].items())
        return self.tr("{0} after {1} epochs: {2} right ({3}); {4} parameters").format(
            self.finished_word(item), i18n.number(item["epochs_run"]), i18n.percent(item["accuracy"]), guesses,
            i18n.number(item["parameters"]))

    # ---- typed letters ---------------------------------------------------------------------------
    def _show_typed(self) -> None:
        """The next-letter bars and the states for the typed letters (also on a language switch)."""
        if self.model is None:
            self.typed_message.setText(self.tr("Train the network, then type letters."))
            return
        try:
            states = trace(self.model, self.typed.text())
            probabilities = next_letter_probabilities(self.model, self.typed.text())
        except UserError as error:
            self.typed_message.setText(str(error))
            self.typed_message.setStyleSheet("color: #b91c1c;")
            return
        text = self.typed.text().strip().lower()
        best = ALPHABET[int(np.argmax(probabilities))]
        self.typed_message.setStyleSheet("")
        self.typed_message.setText(self.tr("After '{0}' the network expects '{1}' ({2}).").format(
            text, best, i18n.percent(float(probabilities.max()))))
        self.bars.setOpts(height=probabilities)
        self._draw_states(states, text)

    def _draw_states(self, states: dict[str, np.ndarray], text: str) -> None:
        """One heat map per state or gate: columns are the typed letters, rows the cell's units."""
        self.states_view.clear()
        for index, (name, values) in enumerate(states.items()):
            plot = self.states_view.addPlot(row=index // 3, col=index % 3, title=lab_text(name))
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            image = pg.ImageItem(values)                      # axis 0 (steps) across, axis 1 (units) up
            gate = "gate" in name
            image.setColorMap(GATE_COLOURS if gate else STATE_COLOURS)
            limit = 1.0 if gate else max(1.0, float(np.abs(values).max()))
            image.setLevels((0.0, 1.0) if gate else (-limit, limit))
            image.setRect(QRectF(0, 0, values.shape[0], values.shape[1]))
            plot.addItem(image)
            plot.getAxis("bottom").setTicks([[(i + 0.5, letter) for i, letter in enumerate(text)]])
            plot.getAxis("left").setTicks([[(j + 0.5, str(j + 1)) for j in range(values.shape[1])]])
            plot.getViewBox().invertY(True)
